"""Data tables for normalise.dates: month, weekday and relative words, prefixes, zones and date formats."""
from __future__ import annotations

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
