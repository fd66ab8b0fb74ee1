"""Date normaliser: machine values, then strict known formats, then dateparser, into ISO 8601 at its precision."""
from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import date_formats as F

log = logging.getLogger(__name__)

MAX_LEN = 200
EARLIEST = date(1994, 1, 1)
UNKNOWN_SITE_LANGUAGES = ("en", "de", "fr", "cy")
WP_UNKNOWN_GMT = "0000-00-00"
UTC = timezone.utc

MONTHS: dict[str, int] = {name: num for _lang, num, names in F.MONTH_NAMES for name in names}
EN_MONTHS: dict[str, int] = {name: num for lang, num, names in F.MONTH_NAMES if lang == "en" for name in names}
ZONES: dict[str, int | str] = dict(F.ZONE_ABBREVIATIONS)
UNIT_OF_WORD = {word: unit for unit, words in F.RELATIVE_UNITS for word in words}
NUMBER_WORDS = dict(F.RELATIVE_NUMBER_WORDS)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_MON = r"(?P<mon>" + _alternation(MONTHS) + r")\b\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:" + _alternation(F.ORDINAL_SUFFIXES) + r")?\b\.?"
_Y4 = r"(?P<y>(?:19|20)\d{2})\b"


def _compile(patterns: list[tuple[str, str]]) -> list[tuple[str, re.Pattern]]:
    return [(name, re.compile(p.replace("{MON}", _MON).replace("{DAY}", _DAY).replace("{Y4}", _Y4)))
            for name, p in patterns]


DAY_RES = _compile(F.DAY_PATTERNS)
MONTH_RES = _compile(F.MONTH_PATTERNS)
TIME_RE = re.compile(F.TIME_PATTERN)
WEEKDAY_RE = re.compile(r"\b(?:" + _alternation(F.WEEKDAYS_FULL) + r")\b\.?,?|^\s*(?:"
                        + _alternation(F.WEEKDAYS_SHORT) + r")\b\.?,?(?=\s*\d)")
PREFIX_RE = re.compile(r"^\W*(?:" + "|".join(F.PREFIXES) + r")\s*", re.I)
YEAR_ONLY_RE = re.compile(r"^\W*((?:19|20)\d{2})\W*$")
TITLE_YEAR_RE = re.compile(r"[(\[]\s*((?:19|20)\d{2})\s*[)\]]|(?:^|\s[-–—:|]\s)((?:19|20)\d{2})(?:\s[-–—:|]\s|\W*$)")
_NUM = r"(?P<n>\d+|" + _alternation(NUMBER_WORDS) + r")"
_UNIT = r"(?P<u>" + _alternation(UNIT_OF_WORD) + r")"
RELATIVE_RES = [re.compile(r"\b" + p.format(n=_NUM, u=_UNIT) + r"\b") for p in F.RELATIVE_PHRASES]
RELATIVE_DAY_RE = re.compile(r"(?<![\w-])(?:" + _alternation(dict(F.RELATIVE_DAYS)) + r")(?![\w-])")
RELATIVE_DAYS = dict(F.RELATIVE_DAYS)
RELATIVE_GLUE_RE = re.compile(r"[\W\d]|\b(?:" + _alternation(F.RELATIVE_GLUE) + r")\b")
DATEPARSER_GATE_RE = re.compile(r"\d|\b(?:" + _alternation(list(MONTHS) + list(UNIT_OF_WORD)
                                                         + list(RELATIVE_DAYS)) + r")\b")
MOJIBAKE_RE = re.compile("|".join(re.escape(m) for m in F.MOJIBAKE_MARKERS))
SPACE_RE = re.compile(r"\s+")
ISO_RE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})"
                    r"(?::(?P<S>\d{2})(?:[.,]\d+)?)?)?)?)?\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$", re.I)
RFC822_RE = re.compile(r"^(?:[a-z]{3},?\s*)?(?P<d>\d{1,2})\s+(?P<mon>[a-z]{3})[a-z]*\.?\s+(?P<y>\d{2,4})\s+"
                       r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<tz>[+-]\d{4}|[a-z]{1,4})?$", re.I)
EPOCH_RE = re.compile(r"^\d{9,13}$")
OFFSET_IN_TEXT_RE = re.compile(r"[+-]\d{2}:?\d{2}\b|\b(?:" + _alternation(ZONES) + r")\b")


@dataclass(frozen=True)
class ParsedDate:
    """A normalised date: ISO value at its precision, the precision, and the input string as given."""

    value: str
    precision: str
    raw: str


@dataclass(frozen=True)
class _Found:
    """An intermediate result: naive local datetime, precision, and what the source says of its zone."""

    dt: datetime
    precision: str
    offset: str | None = None      # '+01:00', 'Z', or None
    zone: str | None = None        # IANA zone named by the source ('ET'), applied when offset is None
    zone_unknown: bool = False     # an unrecognised abbreviation: leave the time without offset


# ---------------------------------------------------------------- small helpers

def _fmt_offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _offset_token(tok: str) -> str | None:
    """'Z'/'UTC'/'GMT' -> 'Z'; '+0100', '+01', '+01:00' -> '+01:00'; '-0000' (zone unknown) -> None."""
    if tok.upper() in ("Z", "UTC", "GMT", "UT"):
        return "Z"
    digits = tok[1:].replace(":", "")
    if tok == "-0000" or not digits.isdigit():
        return None
    hours, mins = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or mins > 59:
        return None
    return _fmt_offset((hours * 60 + mins) * (-1 if tok[0] == "-" else 1))


def _zone_offset(zone: str, local: datetime) -> str | None:
    try:
        delta = local.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError, OverflowError):
        return None
    return _fmt_offset(int(delta.total_seconds() // 60)) if delta is not None else None


def _repair(text: str) -> str:
    """Undo double-encoded UTF-8 ('MÃ¤rz' -> 'März') when typical mojibake sequences are present."""
    if not MOJIBAKE_RE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def _clean(text: str) -> str:
    text = text[:MAX_LEN]
    if "&" in text:
        text = html.unescape(text)
    return SPACE_RE.sub(" ", _repair(text)).strip()


def _year(y: str, fetched: datetime) -> int:
    if len(y) == 4:
        return int(y)
    yy = int(y)
    return 2000 + yy if yy <= fetched.year % 100 + 1 else 1900 + yy


def _make(y: int, m: int, d: int = 1, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime | None:
    try:
        return datetime(y, m, d, hh, mm, ss)
    except (ValueError, OverflowError):
        return None


# ---------------------------------------------------------------- (1) machine values

def _parse_iso(s: str) -> _Found | None:
    m = ISO_RE.match(s)
    if not m:
        return None
    g = m.groupdict()
    dt = _make(int(g["y"]), int(g["m"] or 1), int(g["d"] or 1), int(g["H"] or 0), int(g["M"] or 0),
               int(g["S"] or 0))
    if dt is None:
        return None
    precision = ("second" if g["S"] else "minute" if g["H"] else "day" if g["d"]
                 else "month" if g["m"] else "year")
    return _Found(dt, precision, _offset_token(g["tz"]) if g["tz"] and g["H"] else None)


def _parse_rfc822(s: str) -> _Found | None:
    m = RFC822_RE.match(s)
    month = EN_MONTHS.get(m.group("mon").lower()) if m else None
    if not month:
        return None
    year = int(m.group("y"))
    year += 0 if year >= 100 else 1900 if year > 50 else 2000
    dt = _make(year, month, int(m.group("d")), int(m.group("H")), int(m.group("M")), int(m.group("S") or 0))
    if dt is None:
        return None
    tz = m.group("tz") or ""
    found = _Found(dt, "second" if m.group("S") else "minute")
    return _with_zone_token(found, tz) if tz else found


def _parse_epoch(s: str) -> _Found | None:
    if not EPOCH_RE.match(s):
        return None
    seconds = int(s) // 1000 if len(s) >= 12 else int(s)
    try:
        dt = datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
    except (ValueError, OverflowError, OSError):
        return None
    return _Found(dt, "second", "Z")


def _parse_machine(s: str) -> _Found | None:
    s = s.strip()[:MAX_LEN]
    return _parse_epoch(s) or _parse_iso(s) or _parse_rfc822(s)


def _gmt_offset(found: _Found, gmt: str | None) -> _Found:
    """Offset from a WordPress date/date_gmt pair: local minus UTC, to the quarter hour."""
    if found.offset or found.precision not in ("minute", "second") or not gmt:
        return found
    if gmt.strip().startswith(WP_UNKNOWN_GMT):
        return found
    utc = _parse_iso(gmt.strip()[:MAX_LEN])
    if utc is None or utc.precision not in ("minute", "second"):
        return found
    minutes = round((found.dt - utc.dt).total_seconds() / 900) * 15
    if abs(minutes) > 14 * 60:
        return found
    return _Found(found.dt, found.precision, _fmt_offset(minutes))


def _with_zone_token(found: _Found, tok: str) -> _Found:
    """Attach what a zone token ('BST', 'ET', '+0100', 'XYZ') says about the time's offset."""
    if tok[0] in "+-":
        return _Found(found.dt, found.precision, _offset_token(tok), zone_unknown=tok == "-0000")
    rule = ZONES.get(tok.upper())
    if rule is None:
        return _Found(found.dt, found.precision, zone_unknown=True)
    if isinstance(rule, int):
        return _Found(found.dt, found.precision, _fmt_offset(rule))
    if rule == "Z":
        return _Found(found.dt, found.precision, "Z")
    return _Found(found.dt, found.precision, zone=rule)


# ---------------------------------------------------------------- (2) strict known formats in text

def _numeric_date(m: re.Match, fetched: datetime, order: str, title: bool) -> datetime | None:
    a, b, y = int(m.group("a")), int(m.group("b")), m.group("y")
    if title and len(y) == 2:
        return None
    day, month = (b, a) if m.group("sep") != "." and order == "MDY" else (a, b)
    if month > 12:
        day, month = month, day
    return _make(_year(y, fetched), month, day)


def _match_date(name: str, m: re.Match, fetched: datetime, order: str, title: bool) -> datetime | None:
    if name == "numeric":
        return _numeric_date(m, fetched, order, title)
    g = m.groupdict()
    month = MONTHS[g["mon"]] if g.get("mon") else int(g["m"])
    return _make(int(g["y"]), month, int(g.get("d") or 1))


def _find_date(lower: str, fetched: datetime, order: str, title: bool = False):
    """Earliest day-precision date in the text, else the earliest month; (datetime, precision, span)."""
    for precision, table in (("day", DAY_RES), ("month", MONTH_RES)):
        best = None
        for rank, (name, rx) in enumerate(table):
            for m in rx.finditer(lower):
                dt = _match_date(name, m, fetched, order, title)
                if dt is not None:
                    if best is None or (m.start(), rank) < best[0]:
                        best = ((m.start(), rank), dt, m.span())
                    break
        if best:
            return best[1], precision, best[2]
    return None


def _time_of(text: str) -> tuple[int, int, int | None, str | None] | None:
    """(hour, minute, second or None, zone token or None) of the first valid time in the text."""
    for m in TIME_RE.finditer(text):
        hour, ampm = int(m.group("H")), (m.group("ampm") or "").lower()[:1]
        if ampm and not 1 <= hour <= 12 or hour > 23:
            continue
        hour = hour % 12 + (12 if ampm == "p" else 0) if ampm else hour
        minute = int(m.group("M") or m.group("Mh"))
        second = int(m.group("S")) if m.group("S") else None
        zone = m.group("off") or (m.group("zone") or "") + (m.group("zoff") or "") or None
        return hour, minute, second, zone
    return None


def _add_time(found: _Found, text: str, span: tuple[int, int] | None) -> _Found:
    if span:
        text = text[:span[0]] + " " * (span[1] - span[0]) + text[span[1]:]
    hms = _time_of(text)
    if hms is None:
        return found
    hour, minute, second, zone = hms
    dt = found.dt.replace(hour=hour, minute=minute, second=second or 0)
    timed = _Found(dt, "minute" if second is None else "second")
    if zone and zone[:3].upper() in ("UTC", "GMT") and len(zone) > 3:
        zone = zone[3:]
    return _with_zone_token(timed, zone) if zone else timed


def _base_day(fetched: datetime, tz: ZoneInfo | None) -> datetime:
    local = fetched.astimezone(tz) if tz else fetched
    return local.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)


def _relative(lower: str, fetched: datetime, tz: ZoneInfo | None) -> _Found | None:
    """'3 weeks ago', 'vor 2 Tagen', 'il y a 3 jours', 'yesterday' against the fetch time."""
    for rx in RELATIVE_RES:
        m = rx.search(lower)
        if m:
            n = m.group("n")
            count = min(int(n) if n.isdigit() else NUMBER_WORDS[n], 100_000)
            return _shift(UNIT_OF_WORD[m.group("u")], count, fetched, tz)
    m = RELATIVE_DAY_RE.search(lower)
    if m is None or RELATIVE_GLUE_RE.sub("", TIME_RE.sub(" ", lower.replace(m.group(), ""))):
        return None
    return _Found(_base_day(fetched, tz) - timedelta(days=RELATIVE_DAYS[m.group()]), "day")


def _shift(unit: str, count: int, fetched: datetime, tz: ZoneInfo | None) -> _Found | None:
    try:
        if unit in ("second", "minute", "hour"):
            instant = fetched - timedelta(**{unit + "s": count})
            if tz:
                local = instant.astimezone(tz)
                return _Found(local.replace(tzinfo=None, second=0, microsecond=0), "minute",
                              _fmt_offset(int(local.utcoffset().total_seconds() // 60)))
            return _Found(instant.replace(tzinfo=None, second=0, microsecond=0), "minute", "Z")
        day = _base_day(fetched, tz)
        if unit in ("day", "week"):
            return _Found(day - timedelta(days=count * (7 if unit == "week" else 1)), "day")
        months = day.year * 12 + day.month - 1 - (count if unit == "month" else 12 * count)
        return _Found(datetime(months // 12, months % 12 + 1, 1), unit)
    except (OverflowError, ValueError):
        return None


# ---------------------------------------------------------------- (3) dateparser

def dateparser_languages(languages: Sequence[str]) -> tuple[str, ...]:
    """dateparser language codes for BCP 47 tags: the site's, then 'en' (de/fr/cy too when unknown)."""
    from dateparser.data.languages_info import language_order  # noqa: PLC0415  (heavy import, lazily)

    known = set(language_order)
    wanted = [t.replace("_", "-").split("-")[0].lower() for t in languages if isinstance(t, str)]
    wanted += ["en"] if languages else list(UNKNOWN_SITE_LANGUAGES)
    return tuple(dict.fromkeys(code for code in wanted if code in known))


def dateparser_settings(date_order: str, relative_base: datetime | None, aware: bool) -> dict:
    """The explicit dateparser settings the normaliser uses (the benchmark uses the same)."""
    settings = {"DATE_ORDER": date_order, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": aware,
                "PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": True}
    if relative_base is not None:
        settings["RELATIVE_BASE"] = relative_base
    return settings


@lru_cache(maxsize=64)
def _date_data_parser(languages: tuple[str, ...], date_order: str, aware: bool, relative_base: datetime | None):
    """One DateDataParser per configuration, built once (keyed also by tz-awareness and base)."""
    from dateparser.date import DateDataParser  # noqa: PLC0415

    return DateDataParser(languages=list(languages), try_previous_locales=False,
                          settings=dateparser_settings(date_order, relative_base, aware))


def _from_dateparser(data, text: str) -> _Found | None:
    dt = data.date_obj
    if dt is None or "year" not in (data.parts or ()):   # no year shown: dateparser would guess one
        return None
    period = data.period or "day"
    precision = ({"time": "second" if re.search(r"\d:\d\d:\d\d", text) else "minute"}.get(period)
                 or (period if period in ("month", "year") else "day"))
    offset = None
    if dt.tzinfo is not None and precision in ("minute", "second"):
        minutes = int(dt.utcoffset().total_seconds() // 60)
        says_utc = minutes == 0 and re.search(r"\b(?:UTC|GMT|Z)\b", text)
        offset = "Z" if says_utc else _fmt_offset(minutes)
    dt = dt.replace(tzinfo=None, microsecond=0)
    if precision in ("day", "month", "year"):
        dt = dt.replace(hour=0, minute=0, second=0)
    return _Found(dt, precision, offset)


# ---------------------------------------------------------------- the normaliser

def _as_text(value) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    text = value if isinstance(value, str) else str(value) if isinstance(value, int) else None
    return text if text and text.strip() else None


def _zoneinfo(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        log.warning("unknown time zone %r: local times stay without offset", name)
        return None


def _format(dt: datetime, precision: str, offset: str | None) -> str:
    value = {"year": f"{dt.year:04d}", "month": f"{dt.year:04d}-{dt.month:02d}"}.get(precision)
    if value:
        return value
    value = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
    if precision == "day":
        return value
    value += f"T{dt.hour:02d}:{dt.minute:02d}" + (f":{dt.second:02d}" if precision == "second" else "")
    return value + (offset or "")


class DateNormaliser:
    """Configured once per site; parse() is then called per string."""

    def __init__(self, *, languages: Sequence[str] = (), timezone: str | None = None,
                 date_order: str | None = None, fetched_at: datetime | None = None):
        self.languages = (languages,) if isinstance(languages, str) else tuple(languages or ())
        self._tz = _zoneinfo(timezone)
        self.timezone = timezone if self._tz else None
        first = self.languages[0].replace("_", "-").lower() if self.languages else ""
        if date_order not in (None, "DMY", "MDY"):
            log.warning("unknown date_order %r: derived from the language instead", date_order)
            date_order = None
        self.date_order = date_order or ("MDY" if first == "en-us" else "DMY")
        if fetched_at is not None and fetched_at.tzinfo is None:
            fetched_at = fetched_at.replace(tzinfo=UTC)
        self.fetched_at = fetched_at
        self._dp_languages: tuple[str, ...] | None = None

    # -- public API

    def parse(self, raw: str | None = None, *, machine: str | None = None,
              gmt: str | None = None) -> ParsedDate | None:
        """The date in a machine value (with its WordPress gmt twin) or shown text; None if none is plausible."""
        raw_s, machine_s, gmt_s = _as_text(raw), _as_text(machine), _as_text(gmt)
        shown = raw_s or machine_s
        if shown is None:
            return None
        texts = [t for t in (raw_s, machine_s) if t]
        stages = [lambda: self._machine(machine_s, gmt_s)] if machine_s else []
        stages += [lambda t=t: self._strict(t) for t in texts]
        stages += [lambda t=t: self._dateparser(t) for t in texts]
        for stage in stages:
            result = self._finish(stage(), shown)
            if result is not None:
                return result
        return None

    def from_title(self, title: str | None) -> ParsedDate | None:
        """A date stated in a title: a full date, 'December 2012', or a bracketed or set-off year."""
        text = _as_text(title)
        if text is None:
            return None
        cleaned = _clean(text)
        hit = _find_date(cleaned.lower(), self._now(), self.date_order, title=True)
        if hit:
            return self._finish(_Found(hit[0], hit[1]), text)
        m = TITLE_YEAR_RE.search(cleaned)
        if m:
            return self._finish(_Found(datetime(int(m.group(1) or m.group(2)), 1, 1), "year"), text)
        return None

    # -- stages

    def _now(self) -> datetime:
        return self.fetched_at or datetime.now(UTC)

    def _machine(self, machine: str, gmt: str | None) -> _Found | None:
        found = _parse_machine(machine)
        return _gmt_offset(found, gmt) if found else None

    def _strict(self, text: str) -> _Found | None:
        cleaned = _clean(text)
        whole = _parse_iso(cleaned) or _parse_rfc822(cleaned)
        if whole:
            return whole
        lower = WEEKDAY_RE.sub(lambda m: " " * len(m.group()), cleaned.lower())
        hit = _find_date(lower, self._now(), self.date_order)
        if hit:
            dt, precision, span = hit
            found = _Found(dt, precision)
            aligned = len(lower) == len(cleaned)
            return _add_time(found, cleaned, span if aligned else None) if precision == "day" else found
        year = YEAR_ONLY_RE.match(PREFIX_RE.sub("", cleaned))
        if year:
            return _Found(datetime(int(year.group(1)), 1, 1), "year")
        found = _relative(lower, self._now(), self._tz)
        return _add_time(found, cleaned, None) if found and found.precision == "day" else found

    def _dateparser(self, text: str) -> _Found | None:
        cleaned = PREFIX_RE.sub("", _clean(text))
        if self._dp_languages is None:
            self._dp_languages = dateparser_languages(self.languages)
        if not cleaned or not self._worth_dateparser(cleaned):
            return None
        aware = bool(OFFSET_IN_TEXT_RE.search(cleaned))
        base = self._now().astimezone(UTC).replace(tzinfo=None)
        parser = _date_data_parser(self._dp_languages, self.date_order, aware, base)
        try:
            data = parser.get_date_data(cleaned)
        except Exception as exc:  # noqa: BLE001  third-party parser: any failure means 'no date'
            log.debug("dateparser failed on %r: %s", cleaned, exc)
            return None
        return _from_dateparser(data, cleaned)

    def _worth_dateparser(self, cleaned: str) -> bool:
        """A digit or date word outside any time ('4:14 PM' alone names no day); letters-only text is
        tried only for site languages beyond the word tables."""
        core = TIME_RE.sub(" ", cleaned).lower()
        if DATEPARSER_GATE_RE.search(core):
            return True
        beyond_tables = set(self._dp_languages) - set(UNKNOWN_SITE_LANGUAGES)
        return bool(beyond_tables) and len(core) <= 40 and any(c.isalpha() for c in core)

    # -- plausibility and output

    def _finish(self, found: _Found | None, shown: str) -> ParsedDate | None:
        if found is None or not self._plausible(found):
            return None
        offset = None
        if found.precision in ("minute", "second"):
            offset = found.offset
            zone = found.zone or (None if found.zone_unknown else self.timezone)
            if offset is None and zone:
                offset = _zone_offset(zone, found.dt)
        return ParsedDate(_format(found.dt, found.precision, offset), found.precision, shown)

    def _plausible(self, found: _Found) -> bool:
        upper = (self._now().astimezone(UTC) + timedelta(days=1)).date()
        return EARLIEST <= found.dt.date() <= upper

