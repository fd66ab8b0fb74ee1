"""Date formats for normalise.dates: word and pattern tables, compiled once, and the machine-format readers."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone

# Month names as (language, month number, names). Lowercase; a trailing '.' after any name is allowed
# by the patterns ('janv.', 'Okt.'). The same name may appear in several languages ('mai' is German,
# French and Welsh May) but must always mean the same month: a test checks this.
MONTH_NAMES: list[tuple[str, int, tuple[str, ...]]] = [
    ("en", 1, ("january", "jan")),
    ("en", 2, ("february", "feb")),
    ("en", 3, ("march", "mar")),
    ("en", 4, ("april", "apr")),
    ("en", 5, ("may",)),
    ("en", 6, ("june", "jun")),
    ("en", 7, ("july", "jul")),
    ("en", 8, ("august", "aug")),
    ("en", 9, ("september", "sept", "sep")),
    ("en", 10, ("october", "oct")),
    ("en", 11, ("november", "nov")),
    ("en", 12, ("december", "dec")),
    ("de", 1, ("januar", "jänner", "jaenner", "jän")),
    ("de", 2, ("februar", "feber")),
    ("de", 3, ("märz", "maerz", "marz", "mär", "mrz")),
    ("de", 5, ("mai",)),
    ("de", 6, ("juni",)),
    ("de", 7, ("juli",)),
    ("de", 10, ("oktober", "okt")),
    ("de", 12, ("dezember", "dez")),
    ("fr", 1, ("janvier", "janv")),
    ("fr", 2, ("février", "fevrier", "févr", "fevr", "fév", "fev")),
    ("fr", 3, ("mars",)),
    ("fr", 4, ("avril", "avr")),
    ("fr", 5, ("mai",)),
    ("fr", 6, ("juin",)),
    ("fr", 7, ("juillet", "juil")),
    ("fr", 8, ("août", "aout", "aoû")),
    ("fr", 9, ("septembre",)),
    ("fr", 10, ("octobre",)),
    ("fr", 11, ("novembre",)),
    ("fr", 12, ("décembre", "decembre", "déc")),
    ("cy", 1, ("ionawr", "ion")),
    ("cy", 2, ("chwefror", "chwef")),
    ("cy", 3, ("mawrth", "maw")),
    ("cy", 4, ("ebrill", "ebr")),
    ("cy", 5, ("mai",)),
    ("cy", 6, ("mehefin", "meh")),
    ("cy", 7, ("gorffennaf", "gorff", "gorf")),
    ("cy", 8, ("awst",)),
    ("cy", 9, ("medi",)),
    ("cy", 10, ("hydref", "hyd")),
    ("cy", 11, ("tachwedd", "tach")),
    ("cy", 12, ("rhagfyr", "rhag")),
]

# Weekday names removed before matching. Full names anywhere; Welsh days only with 'dydd' (bare
# 'Mawrth' is March). Short forms ('Sa', 'mar.', 'Thu') only at the start of the string.
WEEKDAYS_FULL: list[str] = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "dydd llun", "dydd mawrth", "dydd mercher", "dydd iau", "dydd gwener", "dydd sadwrn", "dydd sul",
]
WEEKDAYS_SHORT: list[str] = [
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "mo", "di", "mi", "do", "fr", "sa", "so",
    "lun", "mar", "mer", "jeu", "ven", "sam", "dim",
]

# Leading labels removed before the year-only check and before dateparser (regex, case-insensitive).
PREFIXES: list[str] = [
    r"(?:last\s+|page\s+)?(?:updated|modified)(?:\s+on)?\s*:?",
    r"(?:posted|published|publication|written|created|date)(?:\s+on)?\s*[:|]?",
    r"(?:blog\s+entry\s+)?by\s+[^|]{1,60}\|",
    r"(?:zuletzt\s+)?(?:veröffentlicht|aktualisiert|geändert|erstellt)(?:\s+am)?\s*:?",
    r"(?:publié|mis\s+à\s+jour|modifié)(?:\s+le)?\s*:?",
    r"(?:cyhoeddwyd|diweddarwyd)(?:\s+ar)?\s*:?",
]

# Ordinal suffixes after a day number: English, French ('1er', '2e'), Welsh ('1af', '2il', '5ed').
ORDINAL_SUFFIXES: list[str] = ["st", "nd", "rd", "th", "er", "re", "ème", "eme", "e",
                               "af", "il", "ydd", "fed", "ed", "eg"]

# Zone abbreviations after a time: a fixed offset in minutes, or an IANA zone for 'ET'-style names
# whose offset depends on the date. 'Z' marks names that state UTC itself.
ZONE_ABBREVIATIONS: list[tuple[str, int | str]] = [
    ("UTC", "Z"), ("GMT", "Z"), ("UT", "Z"), ("Z", "Z"),
    ("BST", 60), ("IST", 60), ("CET", 60), ("MEZ", 60), ("CEST", 120), ("MESZ", 120),
    ("EET", 120), ("EEST", 180), ("WET", 0), ("WEST", 60),
    ("EST", -300), ("EDT", -240), ("CST", -360), ("CDT", -300),
    ("MST", -420), ("MDT", -360), ("PST", -480), ("PDT", -420),
    ("ET", "America/New_York"), ("CT", "America/Chicago"), ("MT", "America/Denver"),
    ("PT", "America/Los_Angeles"),
]

# Relative dates: units and their words, then the phrase shapes ({n} number, {u} unit word).
RELATIVE_UNITS: list[tuple[str, tuple[str, ...]]] = [
    ("second", ("second", "sec", "sekunde", "seconde", "eiliad")),
    ("minute", ("minute", "min", "munud")),
    ("hour", ("hour", "hr", "stunde", "heure", "awr")),
    ("day", ("day", "tag", "jour", "diwrnod")),
    ("week", ("week", "woche", "semaine", "wythnos")),
    ("month", ("month", "monat", "mois", "mis")),
    ("year", ("year", "jahr", "année", "annee", "an", "blwyddyn", "blynedd")),
]
RELATIVE_PHRASES: list[str] = [
    r"{n}\s+{u}s?\s+ago",
    r"vor\s+{n}\s+{u}(?:en|n|e|s)?",
    r"il\s+y\s+a\s+{n}\s+{u}s?",
    r"{n}\s+{u}\s+yn\s+[oô]l",
]
RELATIVE_NUMBER_WORDS: list[tuple[str, int]] = [
    ("a", 1), ("an", 1), ("one", 1), ("einem", 1), ("einer", 1), ("einen", 1), ("un", 1), ("une", 1),
    ("two", 2), ("zwei", 2), ("deux", 2), ("three", 3), ("drei", 3), ("trois", 3),
]
# Words that may stand beside 'yesterday'-style words ('posted yesterday at 5:30 pm'); any other word
# means the text is not a date ('hier klicken').
RELATIVE_GLUE: list[str] = ["at", "um", "am", "à", "a", "ar", "uhr", "am", "pm", "on", "posted", "published",
                            "updated", "gepostet", "veröffentlicht", "publié", "le"]
RELATIVE_DAYS: list[tuple[str, int]] = [
    ("today", 0), ("heute", 0), ("aujourd'hui", 0), ("aujourd’hui", 0), ("heddiw", 0),
    ("yesterday", 1), ("gestern", 1), ("hier", 1), ("ddoe", 1),
    ("vorgestern", 2), ("avant-hier", 2), ("echdoe", 2),
]

# Strings holding these were UTF-8 decoded as cp1252/latin-1 ('MÃ¤rz'): they are re-decoded.
MOJIBAKE_MARKERS: list[str] = ["Ã", "Â", "â€", "Å"]

# Date patterns, tried on lowercased text; named groups d/m/y (m may be a month name: group 'mon').
# {MON} month-name alternation, {DAY} day with optional ordinal, {Y4} four-digit year.
# Order matters only for matches starting at the same position.
DAY_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    ("ymd", r"(?<![\d.])(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?![\d])"),
    ("dmy-name", r"\b{DAY}\s*(?:of\s+|de\s+|o\s+)?[\s\-/]*{MON}[\s,\-/]*{Y4}"),
    ("mdy-name", r"\b{MON}[\s,\-]*{DAY}[\s,]+{Y4}"),
    ("ymd-name", r"\b{Y4}[\s,\-]+{MON}[\s,\-]+(?P<d>[0-3]?\d)\b"),
    ("numeric", r"(?<![\d.:/-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
                r"(?![\d:]|[./-]\d)"),
]
MONTH_PATTERNS: list[tuple[str, str]] = [
    ("month-name", r"\b{MON}[\s,\-]*{Y4}"),
    ("iso-month", r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"),
]
TIME_PATTERN = (
    r"(?<![\d:])(?P<H>[0-2]?\d)(?::(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d)(?:[.,]\d+)?)?|\s?h\s?(?P<Mh>[0-5]\d)\b)"
    r"(?:\s*(?P<ampm>(?i:a\.?\s?m\.?|p\.?\s?m\.?)))?"
    r"(?:\s*(?i:uhr))?"
    r"(?:\s*\(?(?:(?P<zone>[A-Z]{1,5})(?P<zoff>[+-]\d{1,2}(?::?\d{2})?)?|(?P<off>[+-]\d{2}:?\d{2}))\b)?"
)


# ---------------------------------------------------------------- the tables above, compiled once

MAX_LEN = 200
WP_UNKNOWN_GMT = "0000-00-00"
UTC = timezone.utc
MONTHS: dict[str, int] = {name: num for _lang, num, names in MONTH_NAMES for name in names}
EN_MONTHS: dict[str, int] = {name: num for lang, num, names in MONTH_NAMES if lang == "en" for name in names}
ZONES: dict[str, int | str] = dict(ZONE_ABBREVIATIONS)
UNIT_OF_WORD = {word: unit for unit, words in RELATIVE_UNITS for word in words}
NUMBER_WORDS = dict(RELATIVE_NUMBER_WORDS)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_MON = r"(?P<mon>" + _alternation(MONTHS) + r")\b\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:" + _alternation(ORDINAL_SUFFIXES) + r")?\b\.?"
_Y4 = r"(?P<y>(?:19|20)\d{2})\b"


def _compile(patterns: list[tuple[str, str]]) -> list[tuple[str, re.Pattern]]:
    return [(name, re.compile(p.replace("{MON}", _MON).replace("{DAY}", _DAY).replace("{Y4}", _Y4)))
            for name, p in patterns]


DAY_RES = _compile(DAY_PATTERNS)
MONTH_RES = _compile(MONTH_PATTERNS)
TIME_RE = re.compile(TIME_PATTERN)
WEEKDAY_RE = re.compile(r"\b(?:" + _alternation(WEEKDAYS_FULL) + r")\b\.?,?|^\s*(?:"
                        + _alternation(WEEKDAYS_SHORT) + r")\b\.?,?(?=\s*\d)")
PREFIX_RE = re.compile(r"^\W*(?:" + "|".join(PREFIXES) + r")\s*", re.I)
YEAR_ONLY_RE = re.compile(r"^\W*((?:19|20)\d{2})\W*$")
TITLE_YEAR_RE = re.compile(r"[(\[]\s*((?:19|20)\d{2})\s*[)\]]"                       # '(2012)'
                           r"|(?:^|\s[-–—:|]\s)((?:19|20)\d{2})(?:\s[-–—:|]\s|\W*$)")  # 'Report – 2012'
_NUM = r"(?P<n>\d+|" + _alternation(NUMBER_WORDS) + r")"
_UNIT = r"(?P<u>" + _alternation(UNIT_OF_WORD) + r")"
RELATIVE_RES = [re.compile(r"\b" + p.format(n=_NUM, u=_UNIT) + r"\b") for p in RELATIVE_PHRASES]
RELATIVE_DAY_RE = re.compile(r"(?<![\w-])(?:" + _alternation(dict(RELATIVE_DAYS)) + r")(?![\w-])")
RELATIVE_DAY_OFFSETS = dict(RELATIVE_DAYS)
RELATIVE_GLUE_RE = re.compile(r"[\W\d]|\b(?:" + _alternation(RELATIVE_GLUE) + r")\b")
DATEPARSER_GATE_RE = re.compile(r"\d|\b(?:" + _alternation(list(MONTHS) + list(UNIT_OF_WORD)
                                                         + list(RELATIVE_DAY_OFFSETS)) + r")\b")
MOJIBAKE_RE = re.compile("|".join(re.escape(m) for m in MOJIBAKE_MARKERS))
SPACE_RE = re.compile(r"\s+")
ISO_RE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})"
                    r"(?::(?P<S>\d{2})(?:[.,]\d+)?)?)?)?)?\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$", re.I)
RFC822_RE = re.compile(r"^(?:[a-z]{3},?\s*)?(?P<d>\d{1,2})\s+(?P<mon>[a-z]{3})[a-z]*\.?\s+(?P<y>\d{2,4})\s+"
                       r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<tz>[+-]\d{4}|[a-z]{1,4})?$", re.I)
EPOCH_RE = re.compile(r"^\d{9,13}$")
OFFSET_IN_TEXT_RE = re.compile(r"[+-]\d{2}:?\d{2}\b|\b(?:" + _alternation(ZONES) + r")\b")


# ---------------------------------------------------------------- readers of the fixed machine formats

@dataclass(frozen=True)
class Found:
    """An intermediate result: naive local datetime, precision, and what the source says of its zone."""

    dt: datetime
    precision: str
    offset: str | None = None      # '+01:00', 'Z', or None
    zone: str | None = None        # IANA zone named by the source ('ET'), applied when offset is None
    zone_unknown: bool = False     # an unrecognised abbreviation: leave the time without offset


def fmt_offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def offset_token(tok: str) -> str | None:
    """'Z'/'UTC'/'GMT' -> 'Z'; '+0100', '+01', '+01:00' -> '+01:00'; '-0000' (zone unknown) -> None."""
    if tok.upper() in ("Z", "UTC", "GMT", "UT"):
        return "Z"
    digits = tok[1:].replace(":", "")
    if tok == "-0000" or not digits.isdigit():
        return None
    hours, mins = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or mins > 59:
        return None
    return fmt_offset((hours * 60 + mins) * (-1 if tok[0] == "-" else 1))


def make_datetime(y: int, m: int, d: int = 1, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime | None:
    try:
        return datetime(y, m, d, hh, mm, ss)
    except (ValueError, OverflowError):
        return None


def parse_iso(s: str) -> Found | None:
    m = ISO_RE.match(s)
    if not m:
        return None
    g = m.groupdict()
    dt = make_datetime(int(g["y"]), int(g["m"] or 1), int(g["d"] or 1), int(g["H"] or 0), int(g["M"] or 0),
                       int(g["S"] or 0))
    if dt is None:
        return None
    precision = ("second" if g["S"] else "minute" if g["H"] else "day" if g["d"]
                 else "month" if g["m"] else "year")
    return Found(dt, precision, offset_token(g["tz"]) if g["tz"] and g["H"] else None)


def parse_rfc822(s: str) -> Found | None:
    m = RFC822_RE.match(s)
    month = EN_MONTHS.get(m.group("mon").lower()) if m else None
    if not month:
        return None
    year = int(m.group("y"))
    year += 0 if year >= 100 else 1900 if year > 50 else 2000
    dt = make_datetime(year, month, int(m.group("d")), int(m.group("H")), int(m.group("M")), int(m.group("S") or 0))
    if dt is None:
        return None
    tz = m.group("tz") or ""
    found = Found(dt, "second" if m.group("S") else "minute")
    return with_zone_token(found, tz) if tz else found


def parse_epoch(s: str) -> Found | None:
    if not EPOCH_RE.match(s):
        return None
    seconds = int(s) // 1000 if len(s) >= 12 else int(s)
    try:
        dt = datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
    except (ValueError, OverflowError, OSError):
        return None
    return Found(dt, "second", "Z")


def parse_machine(s: str) -> Found | None:
    s = s.strip()[:MAX_LEN]
    return parse_epoch(s) or parse_iso(s) or parse_rfc822(s)


def gmt_offset(found: Found, gmt: str | None) -> Found:
    """Offset from a WordPress date/date_gmt pair: local minus UTC, to the quarter hour."""
    if found.offset or found.precision not in ("minute", "second") or not gmt or gmt.strip().startswith(WP_UNKNOWN_GMT):
        return found
    utc = parse_iso(gmt.strip()[:MAX_LEN])
    if utc is None or utc.precision not in ("minute", "second"):
        return found
    minutes = round((found.dt - utc.dt).total_seconds() / 900) * 15
    return Found(found.dt, found.precision, fmt_offset(minutes)) if abs(minutes) <= 14 * 60 else found


def with_zone_token(found: Found, tok: str) -> Found:
    """Attach what a zone token ('BST', 'ET', '+0100', 'XYZ') says about the time's offset."""
    if tok[0] in "+-":
        return replace(found, offset=offset_token(tok), zone_unknown=tok == "-0000")
    rule = ZONES.get(tok.upper())
    if rule is None or isinstance(rule, str) and "/" in rule:
        return replace(found, zone=rule, zone_unknown=rule is None)
    return replace(found, offset="Z" if rule == "Z" else fmt_offset(rule))
