"""Date normaliser: machine values, then strict known formats, then dateparser, into ISO 8601 at its precision."""
from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .date_formats import (DATEPARSER_GATE_RE, DAY_RES, MAX_LEN, MOJIBAKE_RE, MONTH_RES, MONTHS, NUMBER_WORDS,
                           OFFSET_IN_TEXT_RE, PREFIX_RE, RELATIVE_DAY_OFFSETS, RELATIVE_DAY_RE, RELATIVE_GLUE_RE,
                           RELATIVE_RES, SPACE_RE, TIME_RE, TITLE_YEAR_RE, UNIT_OF_WORD, UTC, WEEKDAY_RE, YEAR_ONLY_RE,
                           Found, fmt_offset, gmt_offset, make_datetime, parse_iso, parse_machine, parse_rfc822,
                           with_zone_token)

log = logging.getLogger(__name__)

EARLIEST = date(1994, 1, 1)
UNKNOWN_SITE_LANGUAGES = ("en", "de", "fr", "cy")


@dataclass(frozen=True)
class ParsedDate:
    """A normalised date: ISO value at its precision, the precision, and the input string as given."""

    value: str
    precision: str
    raw: str


def _zone_offset(zone: str, local: datetime) -> str | None:
    try:
        delta = local.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError, OverflowError):
        return None
    return fmt_offset(int(delta.total_seconds() // 60)) if delta is not None else None


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
    """A four-digit year as is; 'yy' in this century unless that is after next year."""
    return int(y) if len(y) == 4 else int(y) + (2000 if int(y) <= fetched.year % 100 + 1 else 1900)


def _numeric_date(m: re.Match, fetched: datetime, order: str, title: bool) -> datetime | None:
    a, b, y = int(m.group("a")), int(m.group("b")), m.group("y")
    if title and len(y) == 2:
        return None
    day, month = (b, a) if m.group("sep") != "." and order == "MDY" else (a, b)
    if month > 12:
        day, month = month, day
    return make_datetime(_year(y, fetched), month, day)


def _match_date(name: str, m: re.Match, fetched: datetime, order: str, title: bool) -> datetime | None:
    if name == "numeric":
        return _numeric_date(m, fetched, order, title)
    g = m.groupdict()
    month = MONTHS[g["mon"]] if g.get("mon") else int(g["m"])
    return make_datetime(int(g["y"]), month, int(g.get("d") or 1))


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


def _add_time(found: Found, text: str, span: tuple[int, int] | None) -> Found:
    if span:
        text = text[:span[0]] + " " * (span[1] - span[0]) + text[span[1]:]
    hms = _time_of(text)
    if hms is None:
        return found
    hour, minute, second, zone = hms
    dt = found.dt.replace(hour=hour, minute=minute, second=second or 0)
    timed = Found(dt, "minute" if second is None else "second")
    if zone and zone[:3].upper() in ("UTC", "GMT") and len(zone) > 3:
        zone = zone[3:]
    return with_zone_token(timed, zone) if zone else timed


def _base_day(fetched: datetime, tz: ZoneInfo | None) -> datetime:
    local = fetched.astimezone(tz) if tz else fetched
    return local.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)


def _relative(lower: str, fetched: datetime, tz: ZoneInfo | None) -> Found | None:
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
    return Found(_base_day(fetched, tz) - timedelta(days=RELATIVE_DAY_OFFSETS[m.group()]), "day")


def _shift(unit: str, count: int, fetched: datetime, tz: ZoneInfo | None) -> Found | None:
    try:
        if unit in ("second", "minute", "hour"):
            instant = fetched - timedelta(**{unit + "s": count})
            if tz:
                local = instant.astimezone(tz)
                return Found(local.replace(tzinfo=None, second=0, microsecond=0), "minute",
                              fmt_offset(int(local.utcoffset().total_seconds() // 60)))
            # the instant is exact in UTC because fetched_at is UTC by contract: 'Z' is not invented here
            return Found(instant.replace(tzinfo=None, second=0, microsecond=0), "minute", "Z")
        day = _base_day(fetched, tz)
        if unit in ("day", "week"):
            return Found(day - timedelta(days=count * (7 if unit == "week" else 1)), "day")
        months = day.year * 12 + day.month - 1 - (count if unit == "month" else 12 * count)
        return Found(datetime(months // 12, months % 12 + 1, 1), unit)
    except (OverflowError, ValueError):
        return None


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


def _from_dateparser(data, text: str) -> Found | None:
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
        offset = "Z" if says_utc else fmt_offset(minutes)
    dt = dt.replace(tzinfo=None, microsecond=0)
    if precision in ("day", "month", "year"):
        dt = dt.replace(hour=0, minute=0, second=0)
    return Found(dt, precision, offset)


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
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):  # OSError: 'Europe' is a folder, name too long
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
            return self._finish(Found(hit[0], hit[1]), text)
        m = TITLE_YEAR_RE.search(cleaned)
        if m:
            return self._finish(Found(datetime(int(m.group(1) or m.group(2)), 1, 1), "year"), text)
        return None


    def _now(self) -> datetime:
        return self.fetched_at or datetime.now(UTC)

    def _machine(self, machine: str, gmt: str | None) -> Found | None:
        found = parse_machine(machine)
        return gmt_offset(found, gmt) if found else None

    def _strict(self, text: str) -> Found | None:
        cleaned = _clean(text)
        whole = parse_iso(cleaned) or parse_rfc822(cleaned)
        if whole:
            return whole
        lower = WEEKDAY_RE.sub(lambda m: " " * len(m.group()), cleaned.lower())
        hit = _find_date(lower, self._now(), self.date_order)
        if hit:
            dt, precision, span = hit
            found = Found(dt, precision)
            aligned = len(lower) == len(cleaned)
            return _add_time(found, cleaned, span if aligned else None) if precision == "day" else found
        year = YEAR_ONLY_RE.match(PREFIX_RE.sub("", cleaned))
        if year:
            return Found(datetime(int(year.group(1)), 1, 1), "year")
        found = _relative(lower, self._now(), self._tz)
        return _add_time(found, cleaned, None) if found and found.precision == "day" else found

    def _dateparser(self, text: str) -> Found | None:
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


    def _finish(self, found: Found | None, shown: str) -> ParsedDate | None:
        if found is None or not self._plausible(found):
            return None
        offset = None
        if found.precision in ("minute", "second"):
            offset = found.offset
            zone = found.zone or (None if found.zone_unknown else self.timezone)
            if offset is None and zone:
                offset = _zone_offset(zone, found.dt)
        return ParsedDate(_format(found.dt, found.precision, offset), found.precision, shown)

    def _plausible(self, found: Found) -> bool:
        upper = (self._now().astimezone(UTC) + timedelta(days=1)).date()
        return EARLIEST <= found.dt.date() <= upper

