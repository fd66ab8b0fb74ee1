"""Inline string cleaning: titles, author names, announced comment counts, comment status, comparison keys."""
from __future__ import annotations

import html
import re
import unicodedata

# --- Characters --------------------------------------------------------------------------------
# Invisible characters dropped from inline text. ZWJ/ZWNJ (U+200D/U+200C) are kept: they change
# how emoji sequences and Persian/Indic words render, so they carry meaning.
INVISIBLE_CHARS = "\u200b\u2060\ufeff\u00ad\u180e\u200e\u200f"
# C0 control characters other than whitespace, and DEL: never text (a NUL breaks databases' text columns).
CONTROL_CHARS = "\x00-\x08\x0e-\x1b\x7f"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE_CHARS}{CONTROL_CHARS}]")
_WS_RE = re.compile(r"\s+")  # Unicode-aware: covers nbsp, narrow nbsp, ideographic space, etc.

# --- Author names ------------------------------------------------------------------------------
AUTHOR_PREFIXES: list[tuple[str, str]] = [
    ("en-posted-by", r"posted\s+by"),
    ("en-written-by", r"written\s+by"),
    ("en-by", r"by"),
    ("de-eingestellt-von", r"eingestellt\s+von"),
    ("de-geschrieben-von", r"geschrieben\s+von"),
    # Bare 'von'/'par'/'gan' are name particles too ('von der Leyen', 'Gan Li'): strip them only in
    # lower case and before a capitalised word, as bylines write them ('von Anna Schmidt').
    ("de-von", r"(?-i:von(?=\s+[A-ZÀ-ÖØ-Þ]))"),
    ("fr-publie-par", r"publié\s+par|posté\s+par"),
    ("fr-par", r"(?-i:par(?=\s+[A-ZÀ-ÖØ-Þ]))"),
    ("cy-postiwyd-gan", r"postiwyd\s+gan"),
    ("cy-gan", r"(?-i:gan(?=\s+[A-ZÀ-ÖØ-Þ]))"),
    ("label-author", r"(?:author|autor|auteur|awdur)\s*:"),
]
AUTHOR_SUFFIXES: list[tuple[str, str]] = [
    ("en-said", r"said\s*(?:\.\.\.|…|:)?"),
    ("en-says", r"says\s*:?"),
    ("en-wrote", r"wrote\s*:?"),
    ("de-sagte", r"sagte\s*(?:\.\.\.|…|:)?"),
    ("de-schreibt", r"schreibt\s*:"),
    ("de-meint", r"meint\s*:"),
    ("fr-a-dit", r"a\s+dit\s*(?:\.\.\.|…|:)?"),
    ("cy-meddai", r"(?:meddai|dywedodd)\s*(?:\.\.\.|…|:)?"),
    # 'at 10:15 AM', 'um 18:12', 'à 14:05', 'on 12 March 2009 at 14:05': a time/date tail needs a digit.
    ("time-tail", r"(?:at|um|à|on|am|le|ar)\s+[^\d]{0,30}\d.{0,40}"),
]
_PREFIX_RE = re.compile(r"^(?:" + "|".join(f"(?:{rx})" for _, rx in AUTHOR_PREFIXES) + r")(?:\s+|(?<=:))", re.I)
_SUFFIX_RE = re.compile(r"\s+(?:" + "|".join(f"(?:{rx})" for _, rx in AUTHOR_SUFFIXES) + r")$", re.I | re.S)
# Separator punctuation left at a name's edges ('Robin | ', 'Robin -'); not when it belongs to a symbol run of the
# name itself: an emoticon nickname such as 'omg -_-' keeps its dashes (the character beside the run is not a letter).
_EDGE_PUNCT_RE = re.compile(r"^[\s|,:;\-–—·•]+(?=[\w(\[\"'‘“]|$)(?!_)|(?<=[^\W_]|[.!?)\]\"'’”\s])[\s|,:;\-–—·•]+$")

# --- Announced comment counts ------------------------------------------------------------------
COUNT_NOUNS = (r"comments?|kommentare?|kommentar|commentaires?|sylw(?:adau)?|responses?|replies|reply|thoughts?|"
               r"antworten|antwort|réponses?|reacties|comentarios?|commenti|trackbacks?|pingbacks?|meinungen|"
               r"gedanken|reactions?")
NUMBER_WORDS: dict[str, int] = {
    "no": 0, "zero": 0, "keine": 0, "kein": 0, "aucun": 0, "aucune": 0, "pas de": 0, "dim": 0, "null": 0,
    "one": 1, "a single": 1, "ein": 1, "eine": 1, "einen": 1, "un": 1, "une": 1, "un sylw": 1,
    "two": 2, "zwei": 2, "deux": 2, "dau": 2, "three": 3, "drei": 3, "trois": 3, "tri": 3,
    "four": 4, "vier": 4, "quatre": 4, "pedwar": 4, "five": 5, "fünf": 5, "cinq": 5, "pump": 5,
    "six": 6, "sechs": 6, "seven": 7, "sieben": 7, "sept": 7, "eight": 8, "acht": 8, "huit": 8,
    "nine": 9, "neun": 9, "neuf": 9, "ten": 10, "zehn": 10, "dix": 10,
}
_WORDS_ALT = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_NUM = r"(\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})+|\d+)"
COUNT_PATTERNS: list[tuple[str, str]] = [
    ("bare-number", rf"^[(\[]?\s*{_NUM}\s*[)\]]?\s*:?$"),
    ("number-noun", rf"(?<![\w.,]){_NUM}\s*(?:{COUNT_NOUNS})\b"),
    ("noun-paren-number", rf"\b(?:{COUNT_NOUNS})\s*[(\[]\s*{_NUM}\s*[)\]]"),
    ("noun-colon-number", rf"\b(?:{COUNT_NOUNS})\s*:\s*{_NUM}\s*$"),
    ("word-noun", rf"(?<!\w)({_WORDS_ALT})\s+(?:{COUNT_NOUNS})\b"),
]
_COUNT_RES = [(name, re.compile(rx, re.I)) for name, rx in COUNT_PATTERNS]
MAX_DECLARED_COUNT = 1_000_000

# --- Comment status ----------------------------------------------------------------------------
CLOSED_PATTERNS: list[tuple[str, str]] = [
    ("en-closed", r"comments\s+(?:are\s+|have\s+been\s+)?(?:now\s+)?closed|commenting\s+is\s+(?:now\s+)?closed|"
                  r"comments\s+(?:are\s+)?(?:disabled|off)\b|closed\s+for\s+comments"),
    ("de-closed", r"kommentare\s+sind\s+(?:geschlossen|deaktiviert)|kommentarfunktion\s+(?:ist\s+)?"
                  r"(?:geschlossen|deaktiviert)|kommentare\s+geschlossen"),
    ("fr-closed", r"les\s+commentaires\s+sont\s+(?:fermés|désactivés)|commentaires\s+fermés"),
    ("cy-closed", r"sylwadau\s+(?:ar\s+gau|wedi\s+cau)"),
]
_CLOSED_RE = re.compile("|".join(f"(?:{rx})" for _, rx in CLOSED_PATTERNS), re.I)


def squash(s: str | None) -> str:
    """NFC, invisible characters dropped, every whitespace run (nbsp included) one space, stripped. No unescaping."""
    if not s:
        return ""
    s = _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", s))
    return _WS_RE.sub(" ", s).strip()


def clean_inline(s: str | None) -> str:
    """Inline text as published: entities decoded, NFC, invisible chars dropped, whitespace collapsed."""
    return squash(html.unescape(s)) if s else ""


def clean_author(s: str | None) -> str:
    """Author name without 'By '/'Posted by ' prefixes or ' said...'/' at 10:15' tails."""
    name = clean_inline(s)
    for _ in range(3):
        before = name
        name = _EDGE_PUNCT_RE.sub("", _SUFFIX_RE.sub("", _PREFIX_RE.sub("", name)))
        if name == before:
            break
    return name


def _to_int(digits: str) -> int:
    return int(re.sub(r"\D", "", digits))


def declared_count(raw: int | str | None) -> int | None:
    """The comment count a page or API announces ('4 comments:' -> 4, 'No comments:' -> 0), else None."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int):
        return raw if 0 <= raw <= MAX_DECLARED_COUNT else None
    if not isinstance(raw, str):
        return None
    text = clean_inline(raw).casefold()
    for name, rx in _COUNT_RES:
        match = rx.search(text)
        if match:
            value = NUMBER_WORDS[match.group(1)] if name == "word-noun" else _to_int(match.group(1))
            return value if value <= MAX_DECLARED_COUNT else None
    return None


def comments_status(raw: str | None, page_text: str | None = None) -> str:
    """'closed' when the source or page text says so, 'open' when the source says open, else 'unknown'."""
    flag = clean_inline(raw).casefold()
    if flag == "closed":
        return "closed"
    if any(_CLOSED_RE.search(clean_inline(t)) for t in (raw, page_text) if t):
        return "closed"
    return "open" if flag == "open" else "unknown"


def normalise_text_key(s: str | None) -> str:
    """Comparison key: NFKC, casefolded, punctuation and invisible characters dropped, whitespace single-spaced."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s).casefold()
    kept = "".join(ch for ch in s if not unicodedata.category(ch).startswith(("P", "Cf")))
    return _WS_RE.sub(" ", kept).strip()
