"""Inline strings: titles, author names, announced counts, comment status, comparison keys."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from normalise.text import clean_author, clean_inline, comments_status, declared_count, normalise_text_key


@pytest.mark.parametrize("raw, expected", [
    (None, ""),
    ("", ""),
    ("  Winter   appeal\n update ", "Winter appeal update"),
    ("Fish &amp; Chips &#8211; a fundraiser", "Fish & Chips – a fundraiser"),
    ("Caf&eacute; evening", "Café evening"),
    ("Cafe\u0301 evening", "Café evening"),  # NFC
    ("Grant\u00a0funding\u202fnews", "Grant funding news"),  # nbsp, narrow nbsp
    ("Zero\u200bwidth\ufeff title\u00ad", "Zerowidth title"),
    ("\u200b\u00a0", ""),
    ("Tab\tand\r\nnewline", "Tab and newline"),
])
def test_clean_inline(raw, expected):
    assert clean_inline(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    (None, ""),
    ("By Jane Doe", "Jane Doe"),
    ("by  Jane&nbsp;Doe ", "Jane Doe"),
    ("Posted by Sam Carter", "Sam Carter"),
    ("Posted by Sam Carter at 10:15 AM", "Sam Carter"),
    ("Eingestellt von Greta um 18:12", "Greta"),
    ("von Anna Schmidt", "Anna Schmidt"),
    ("par Marie Dubois", "Marie Dubois"),
    ("Par Lindström", "Par Lindström"),  # a first name, not the French byline word
    ("von der Leyen", "von der Leyen"),  # a name particle, not the German byline word
    ("Gan Li", "Gan Li"),
    ("gan Siân Jones", "Siân Jones"),
    ("Alex P said...", "Alex P"),
    ("Alex P said…", "Alex P"),
    ("Alex P said:", "Alex P"),
    ("Lotte sagte...", "Lotte"),
    ("Lotte sagte…", "Lotte"),
    ("Hélène a dit…", "Hélène"),
    ("Robin says:", "Robin"),
    ("Klaus schreibt:", "Klaus"),
    ("Anonymous said...", "Anonymous"),
    ("Robin on 12 March 2009 at 14:05", "Robin"),
    ("Robin | ", "Robin"),
    ("Anonymous", "Anonymous"),
    ("Robin at Home-Start", "Robin at Home-Start"),  # no time after 'at': part of the name
    ("Robin -", "Robin"),
    ("| Robin", "Robin"),
    ("omg -_-", "omg -_-"),  # an emoticon nickname keeps its dashes: they are no separator
    ("-_-", "-_-"),
    ("__t0mmy__", "__t0mmy__"),
    ("Anna (Berlin) -", "Anna (Berlin)"),
])
def test_clean_author(raw, expected):
    assert clean_author(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    (4, 4),
    (0, 0),
    (-1, None),
    (True, None),
    (None, None),
    ("4", 4),
    ("4 comments:", 4),
    ("No comments:", 0),
    ("1 comment", 1),
    ("One comment", 1),
    ("12 Kommentare", 12),
    ("1 Kommentar:", 1),
    ("Keine Kommentare", 0),
    ("3 commentaires", 3),
    ("Aucun commentaire", 0),
    ("Un commentaire", 1),
    ("5 sylw", 5),
    ("Dim sylw", 0),
    ("(7)", 7),
    ("Comments (3)", 3),
    ("Comments: 9", 9),
    ("20 thoughts on “Winter appeal”", 20),
    ("13 Replies to “Volunteers week”", 13),
    ("{ 38 comments… read them below or add one }", 38),
    ("1,204 comments", 1204),
    ("1.204 Kommentare", 1204),
    ("Leave a comment", None),
    ("Add comment", None),
    ("Post a Comment", None),
    ("Comments", None),
    ("garbage", None),
    ("", None),
])
def test_declared_count(raw, expected):
    assert declared_count(raw) == expected


@pytest.mark.parametrize("raw, page_text, expected", [
    ("closed", None, "closed"),
    ("open", None, "open"),
    (None, None, "unknown"),
    ("", "", "unknown"),
    (None, "Thanks for reading. Comments are closed.", "closed"),
    (None, "Kommentare sind geschlossen.", "closed"),
    (None, "Die Kommentarfunktion ist deaktiviert.", "closed"),
    (None, "Les commentaires sont fermés.", "closed"),
    (None, "Mae sylwadau ar gau.", "closed"),
    ("open", "Comments are closed.", "closed"),
    ("open", "Leave a comment below.", "open"),
    (None, "Comments are welcome.", "unknown"),
])
def test_comments_status(raw, page_text, expected):
    assert comments_status(raw, page_text) == expected


@pytest.mark.parametrize("a, b", [
    ("Great post, thanks!", "great post thanks"),
    ("Great   post,\nthanks!!", "GREAT POST THANKS"),
    ("Ｆｕｌｌ width", "full width"),  # NFKC
    ("Straße", "STRASSE"),  # casefold
    ("Zero\u200bwidth", "Zerowidth"),
])
def test_normalise_text_key_equal(a, b):
    assert normalise_text_key(a) == normalise_text_key(b)


@pytest.mark.parametrize("a, b", [
    ("Great post", "Great posts"),
    ("I agree", "I disagree"),
])
def test_normalise_text_key_different(a, b):
    assert normalise_text_key(a) != normalise_text_key(b)


def test_normalise_text_key_shape():
    assert normalise_text_key("  Hello,   World!  ") == "hello world"


@given(st.one_of(st.none(), st.text()))
def test_inline_functions_never_raise(s):
    assert isinstance(clean_inline(s), str)
    assert isinstance(clean_author(s), str)
    assert comments_status(s, s) in ("open", "closed", "unknown")
    result = declared_count(s)
    assert result is None or result >= 0
    assert isinstance(normalise_text_key(s or ""), str)
