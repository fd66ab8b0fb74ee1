"""Tests for normalise.dates: every fixture date string, the seeds' forms, offsets, precision, rejection."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalise import dates
from normalise.date_formats import MONTH_NAMES
from normalise.dates import DateNormaliser, ParsedDate

from tests.conftest import manifest_rows

FETCHED = datetime(2026, 1, 31, 12, 0, tzinfo=timezone.utc)

# Every non-empty date_as_shown in MANIFEST.tsv, read by hand: (value, precision).
MANIFEST_EXPECTED: dict[str, tuple[str, str]] = {
    "Friday, December 23, 2016": ("2016-12-23", "day"),
    "Thursday, July 28, 2011": ("2011-07-28", "day"),
    "Thursday, May 30, 2019": ("2019-05-30", "day"),
    "Mai 03, 2017": ("2017-05-03", "day"),
    "Samstag, 5. Oktober 2013": ("2013-10-05", "day"),
    "Dienstag, 28. April 2020": ("2020-04-28", "day"),
    "September 15, 2020": ("2020-09-15", "day"),
    "May 19, 2020": ("2020-05-19", "day"),
    "mardi 5 juin 2018": ("2018-06-05", "day"),
    "Samstag, 9. September 2017": ("2017-09-09", "day"),
    "Wednesday, March 30, 2011": ("2011-03-30", "day"),
    "06 December 2016": ("2016-12-06", "day"),
    "Friday, December 19, 2025": ("2025-12-19", "day"),
    "August 2, 2019": ("2019-08-02", "day"),
    "June 19, 2019": ("2019-06-19", "day"),
    "January 20, 2020": ("2020-01-20", "day"),
    "14 Aug 2020 / 2:30 pm": ("2020-08-14T14:30", "minute"),
    "12/04/2020": ("2020-04-12", "day"),          # row says en-GB
    "December 4, 2006": ("2006-12-04", "day"),
    "March 9, 2017": ("2017-03-09", "day"),
    "December 18, 2020": ("2020-12-18", "day"),
    "January 8, 2015": ("2015-01-08", "day"),
    "November 8, 2025": ("2025-11-08", "day"),
    "Last Updated: March 11, 2019": ("2019-03-11", "day"),   # the update date, not the post's
    "December 30, 2024": ("2024-12-30", "day"),
    "12th February 2025": ("2025-02-12", "day"),             # the update date, not the post's
    "Mittwoch, MÃ¤rz 7, 2018": ("2018-03-07", "day"),
    "Sa 13 Jul 2019": ("2019-07-13", "day"),
    "2015-04-05": ("2015-04-05", "day"),
    "21. Juli 2019": ("2019-07-21", "day"),
    "31. October, 2023": ("2023-10-31", "day"),
    "Samstag, 19. Juli 2014": ("2014-07-19", "day"),
    "20. März 2014": ("2014-03-20", "day"),
    "16.12.2012": ("2012-12-16", "day"),
    "April 5, 2018": ("2018-04-05", "day"),
    "Blog entry by Annisa Rahmawati | 28 April, 2017": ("2017-04-28", "day"),
    "18. Okt 2023": ("2023-10-18", "day"),
    "Veröffentlicht am 06.10.2023": ("2023-10-06", "day"),
    "13.10.2021": ("2021-10-13", "day"),
    "10. November 2021": ("2021-11-10", "day"),
    "04.11.2021": ("2021-11-04", "day"),
    "19. November 2021": ("2021-11-19", "day"),
    "Page updated: 12 November 2025": ("2025-11-12", "day"),
    "January 17, 2017 at 6:08 PM ET": ("2017-01-17T18:08-05:00", "minute"),   # EST in January
    "December 23, 2016": ("2016-12-23", "day"),
    "2016-11-25T18:31:11": ("2016-11-25T18:31:11", "second"),   # no offset stated: none added
    "2017-01-13T16:10:43": ("2017-01-13T16:10:43", "second"),
}
# Rows whose expected_date_iso is the post's date while the string shows a later update.
UPDATED_DATES = {"Last Updated: March 11, 2019", "12th February 2025"}

MANIFEST_DATES = [r for r in manifest_rows() if r["date_as_shown"].strip()]


def _site(row: dict) -> DateNormaliser:
    return DateNormaliser(languages=[row["lang"]] if row["lang"] else [], fetched_at=FETCHED)


def _id(row: dict) -> str:
    return row["date_as_shown"][:40]


@pytest.mark.parametrize("row", MANIFEST_DATES, ids=_id)
def test_manifest_date_string(row):
    text = row["date_as_shown"]
    assert text in MANIFEST_EXPECTED, f"new fixture date string, add its expected value: {text!r}"
    got = _site(row).parse(text)
    assert got == ParsedDate(*MANIFEST_EXPECTED[text], raw=text)


@pytest.mark.parametrize("row", [r for r in MANIFEST_DATES if r["expected_date_iso"]
                                 and r["date_as_shown"] not in UPDATED_DATES], ids=_id)
def test_manifest_day_matches_source_projects_gold(row):
    assert _site(row).parse(row["date_as_shown"]).value[:10] == row["expected_date_iso"]


@pytest.mark.parametrize("row", MANIFEST_DATES, ids=_id)
def test_manifest_strings_need_no_dateparser(row, monkeypatch):
    def refuse(*args):
        raise AssertionError("dateparser reached on a fixture string")
    monkeypatch.setattr(dates, "_date_data_parser", refuse)
    assert _site(row).parse(row["date_as_shown"]) is not None


SHOWN_FORMS = [
    # seeds
    ("Saturday, September 27, 2008", {}, "2008-09-27", "day"),
    ("Tuesday, 23 June 2009", {}, "2009-06-23", "day"),
    ("Saturday, September 11, 2010", {}, "2010-09-11", "day"),
    ("Dydd Mawrth, 23 Mehefin 2009", {"languages": ["cy"]}, "2009-06-23", "day"),
    ("5 Ebrill 2011", {"languages": ["cy"]}, "2011-04-05", "day"),
    ("1 Mawrth 2011", {"languages": ["cy"]}, "2011-03-01", "day"),
    ("14 Chwef 2015", {}, "2015-02-14", "day"),
    ("3 Ion 2016", {}, "2016-01-03", "day"),
    ("9 Rhagfyr 2019", {}, "2019-12-09", "day"),
    ("Mai 12, 2010", {"languages": ["cy"]}, "2010-05-12", "day"),
    # German and French
    ("Mittwoch, Mai 10, 2017 4:14:00 PM", {"languages": ["de"]}, "2017-05-10T16:14:00", "second"),
    ("23.06.2016 um 16:14 Uhr", {"languages": ["de"]}, "2016-06-23T16:14", "minute"),
    ("26. Mai 2008 um 21:07", {"languages": ["de"]}, "2008-05-26T21:07", "minute"),
    ("02.12.19", {"languages": ["de"]}, "2019-12-02", "day"),
    ("[Samstag, 19. Juli 2014]", {}, "2014-07-19", "day"),
    ("3. Mär 2016", {}, "2016-03-03", "day"),
    ("1er janvier 2020", {"languages": ["fr"]}, "2020-01-01", "day"),
    ("12 janv. 2019", {"languages": ["fr"]}, "2019-01-12", "day"),
    ("le 14 août 2019 à 14h30", {"languages": ["fr"]}, "2019-08-14T14:30", "minute"),
    # English
    ("June 28th, 2018", {}, "2018-06-28", "day"),
    ("Posted on March 3, 2015", {}, "2015-03-03", "day"),
    ("Publication | 17 January, 2017 at 1:00", {}, "2017-01-17T01:00", "minute"),
    ("May 31, 2017 at 1:48 pm", {}, "2017-05-31T13:48", "minute"),
    ("23/04/2020 at 9:00 am", {"languages": ["en-GB"]}, "2020-04-23T09:00", "minute"),
    ("12:00 am, 5 March 2012", {}, "2012-03-05T00:00", "minute"),
    ("December 2012", {}, "2012-12", "month"),
    ("2012", {}, "2012", "year"),
    ("Tue, 10 Jun 2003 04:00:00 GMT", {}, "2003-06-10T04:00:00Z", "second"),
    ("10 June 2015 16:20 BST", {}, "2015-06-10T16:20+01:00", "minute"),
    ("10 June 2015 16:20 CEST", {}, "2015-06-10T16:20+02:00", "minute"),
    ("July 17, 2017 at 6:08 PM ET", {}, "2017-07-17T18:08-04:00", "minute"),
    ("July 17, 2017 at 6:08 PM PT", {}, "2017-07-17T18:08-07:00", "minute"),
    ("July 17, 2017 at 6:08 PM EST", {}, "2017-07-17T18:08-05:00", "minute"),
    ("July 17, 2017 at 6:08 PM XYZ", {"timezone": "Europe/London"}, "2017-07-17T18:08", "minute"),
    # dateparser fallback (a language outside the table)
    ("5 de junio de 2018", {"languages": ["es"]}, "2018-06-05", "day"),
]


@pytest.mark.parametrize("text,config,value,precision", SHOWN_FORMS, ids=[f[0] for f in SHOWN_FORMS])
def test_shown_forms(text, config, value, precision):
    got = DateNormaliser(fetched_at=FETCHED, **config).parse(text)
    assert (got.value, got.precision, got.raw) == (value, precision, text)


@pytest.mark.parametrize("languages,date_order,text,value", [
    (["en-GB"], None, "12/04/2020", "2020-04-12"),
    (["en-US"], None, "12/04/2020", "2020-12-04"),
    (["en"], None, "12/04/2020", "2020-04-12"),
    ([], None, "12/04/2020", "2020-04-12"),
    (["en-GB"], "MDY", "12/04/2020", "2020-12-04"),
    (["en-US"], "DMY", "12/04/2020", "2020-04-12"),
    (["en-GB"], None, "12/31/2020", "2020-12-31"),
    (["en-US"], None, "31/12/2020", "2020-12-31"),
    (["en-US"], None, "04.11.2021", "2021-11-04"),   # dotted dates are day first everywhere
])
def test_numeric_date_order(languages, date_order, text, value):
    assert DateNormaliser(languages=languages, date_order=date_order, fetched_at=FETCHED).parse(text).value == value


MACHINE_FORMS = [
    ("2016-11-25T18:31:11", "2016-11-25T18:31:11", "second"),
    ("2016-11-25 18:31:11", "2016-11-25T18:31:11", "second"),
    ("2016-11-25T18:31", "2016-11-25T18:31", "minute"),
    ("2016-11-25T18:31:11.123456", "2016-11-25T18:31:11", "second"),
    ("2016-11-25T18:31:11Z", "2016-11-25T18:31:11Z", "second"),
    ("2016-11-25T18:31:11.5Z", "2016-11-25T18:31:11Z", "second"),
    ("2016-11-25T18:31:11+0100", "2016-11-25T18:31:11+01:00", "second"),
    ("2016-11-25T18:31:11+01:00", "2016-11-25T18:31:11+01:00", "second"),
    ("2016-11-25T18:31:11-05:00", "2016-11-25T18:31:11-05:00", "second"),
    ("2016-11-25T18:31:11+00:00", "2016-11-25T18:31:11+00:00", "second"),
    ("2016-11-25", "2016-11-25", "day"),
    ("2016-11", "2016-11", "month"),
    ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z", "second"),
    ("Tue, 10 Jun 2003 04:00:00 +0000", "2003-06-10T04:00:00+00:00", "second"),
    ("Fri, 13 Jan 2017 16:10:43 +0200", "2017-01-13T16:10:43+02:00", "second"),
    ("10 Jun 2003 04:00 EDT", "2003-06-10T04:00-04:00", "minute"),
    ("1234567890123", "2009-02-13T23:31:30Z", "second"),      # Blogger ?showComment= epoch ms
    ("1234567890", "2009-02-13T23:31:30Z", "second"),         # epoch seconds
]


@pytest.mark.parametrize("machine,value,precision", MACHINE_FORMS, ids=[m[0] for m in MACHINE_FORMS])
def test_machine_values(machine, value, precision):
    got = DateNormaliser(fetched_at=FETCHED).parse(machine=machine)
    assert (got.value, got.precision, got.raw) == (value, precision, machine)


@pytest.mark.parametrize("machine,gmt,value", [
    ("2016-11-25T18:31:11", "2016-11-25T18:31:11", "2016-11-25T18:31:11+00:00"),
    ("2016-07-25T18:31:11", "2016-07-25T17:31:11", "2016-07-25T18:31:11+01:00"),   # BST
    ("2019-02-08T17:28:33", "2019-02-08T15:28:33", "2019-02-08T17:28:33+02:00"),
    ("2019-02-08T07:28:33", "2019-02-08T12:28:33", "2019-02-08T07:28:33-05:00"),
    ("2019-02-08 17:28:33", "2019-02-08 12:58:33", "2019-02-08T17:28:33+04:30"),
    ("2016-07-25 18:31:11", "0000-00-00 00:00:00", "2016-07-25T18:31:11"),        # WP 'unknown'
    ("2016-07-25T18:31:11", "rubbish", "2016-07-25T18:31:11"),
    ("2016-07-25T18:31:11+02:00", "2016-07-25T18:31:11", "2016-07-25T18:31:11+02:00"),  # stated wins
])
def test_wordpress_gmt_pairing(machine, gmt, value):
    assert DateNormaliser(fetched_at=FETCHED).parse(machine=machine, gmt=gmt).value == value


@pytest.mark.parametrize("kwargs,value", [
    ({"machine": "2016-07-25T18:31:11"}, "2016-07-25T18:31:11+01:00"),    # BST
    ({"machine": "2016-11-25T18:31:11"}, "2016-11-25T18:31:11+00:00"),    # GMT, not 'Z'
    ({"machine": "2016-03-27T00:30:00"}, "2016-03-27T00:30:00+00:00"),    # before the spring change
    ({"machine": "2016-03-27T02:30:00"}, "2016-03-27T02:30:00+01:00"),    # after it
    ({"raw": "14 Aug 2020 / 2:30 pm"}, "2020-08-14T14:30+01:00"),
    ({"raw": "14 Dec 2020 / 2:30 pm"}, "2020-12-14T14:30+00:00"),
    ({"machine": "2016-07-25T18:31:11Z"}, "2016-07-25T18:31:11Z"),        # stated offset kept
    ({"raw": "10 June 2015 16:20 CEST"}, "2015-06-10T16:20+02:00"),
    ({"raw": "14 Aug 2020"}, "2020-08-14"),                                # day precision: no offset
    ({"machine": "2016-07-25"}, "2016-07-25"),
    ({"raw": "December 2012"}, "2012-12"),
])
def test_site_timezone_london(kwargs, value):
    assert DateNormaliser(timezone="Europe/London", fetched_at=FETCHED).parse(**kwargs).value == value


@pytest.mark.parametrize("machine", ["2016-07-25T18:31:11", "2016-07-25 18:31", "Tue, 10 Jun 2003 04:00:00 -0000"])
def test_no_offset_invented_without_timezone(machine):
    value = DateNormaliser(fetched_at=FETCHED).parse(machine=machine).value
    assert not value.endswith("Z") and "+" not in value and value.count("-") == 2


def test_unknown_site_timezone_adds_no_offset():
    assert DateNormaliser(timezone="Mars/Olympus", fetched_at=FETCHED).parse(
        machine="2016-07-25T18:31:11").value == "2016-07-25T18:31:11"


@pytest.mark.parametrize("text,value,precision", [
    ("3 weeks ago", "2026-01-10", "day"),
    ("vor 2 Tagen", "2026-01-29", "day"),
    ("vor einer Woche", "2026-01-24", "day"),
    ("il y a 3 jours", "2026-01-28", "day"),
    ("yesterday", "2026-01-30", "day"),
    ("Gestern", "2026-01-30", "day"),
    ("today", "2026-01-31", "day"),
    ("2 months ago", "2025-11", "month"),
    ("3 hours ago", "2026-01-31T09:00Z", "minute"),   # an instant computed from the UTC fetch time
])
def test_relative_dates(text, value, precision):
    got = DateNormaliser(fetched_at=FETCHED).parse(text)
    assert (got.value, got.precision) == (value, precision)


def test_relative_day_follows_site_timezone():
    late = datetime(2026, 1, 31, 23, 30, tzinfo=timezone.utc)     # already 1 February in Berlin
    assert DateNormaliser(timezone="Europe/Berlin", fetched_at=late).parse("yesterday").value == "2026-01-31"


def test_relative_word_inside_text_is_not_a_date():
    assert DateNormaliser(languages=["de"], fetched_at=FETCHED).parse("hier klicken") is None


@pytest.mark.parametrize("kwargs", [
    {"raw": "December 31, 1993"}, {"raw": "1993"}, {"machine": "1993-12-31T23:59:59"},
    {"raw": "February 2, 2026"}, {"machine": "2026-02-02T00:00:00Z"}, {"raw": "2027"},
    {"raw": "March 2026"}, {"machine": "0000-00-00 00:00:00"}, {"raw": "40 years ago"},
])
def test_implausible_dates_rejected(kwargs):
    assert DateNormaliser(fetched_at=FETCHED).parse(**kwargs) is None


@pytest.mark.parametrize("kwargs,value", [
    ({"raw": "January 1, 1994"}, "1994-01-01"),
    ({"raw": "February 1, 2026"}, "2026-02-01"),     # the day after the fetch: zone slack
])
def test_plausibility_bounds_inclusive(kwargs, value):
    assert DateNormaliser(fetched_at=FETCHED).parse(**kwargs).value == value


@pytest.mark.parametrize("raw", [
    None, "", "   ", "hello world", "No comments:", "4 comments:", "31.02.2020", "99/99/9999",
    "Janet F said...", "x" * 100_000, "1" * 5000, "\x00\x01\ufffd", "Posted by Admin", "Version 2.0",
])
def test_garbage_returns_none(raw):
    assert DateNormaliser(fetched_at=FETCHED).parse(raw) is None


def test_long_input_is_capped_but_raw_kept():
    text = "May 19, 2020 " + "z" * 10_000
    got = DateNormaliser(fetched_at=FETCHED).parse(text)
    assert got.value == "2020-05-19" and got.raw == text


def test_raw_is_the_text_when_both_given_and_machine_wins():
    got = DateNormaliser(fetched_at=FETCHED).parse("Friday, December 23, 2016", machine="2016-12-23T09:15:00")
    assert got == ParsedDate("2016-12-23T09:15:00", "second", "Friday, December 23, 2016")


def test_unusable_machine_falls_back_to_text():
    got = DateNormaliser(fetched_at=FETCHED).parse("May 19, 2020", machine="not a date")
    assert (got.value, got.raw) == ("2020-05-19", "May 19, 2020")


def test_machine_text_form_is_read_when_no_raw():
    assert DateNormaliser(fetched_at=FETCHED).parse(machine="Friday, December 23, 2016").value == "2016-12-23"


@pytest.mark.parametrize("title,expected", [
    ("Roundtable with Cabinet Office Ministers (December 2012)", ("2012-12", "month")),
    ("Annual review (December 2012)", ("2012-12", "month")),
    ("Newsletter – 5 March 2011", ("2011-03-05", "day")),
    ("Annual report (2015)", ("2015", "year")),
    ("Conference 2014 – review", None),
    ("10 Science Fiction books to read in 2025", None),
    ("Python 3.10.12 released", None),
    ("SW082 – 82 Gründe zum weiter hören", None),
    ("Meeting the Mandarins", None),
    ("", None),
    (None, None),
])
def test_from_title(title, expected):
    got = DateNormaliser(fetched_at=FETCHED).from_title(title)
    assert (got.value, got.precision) == expected if expected else got is None


def test_month_names_are_unambiguous():
    seen: dict[str, int] = {}
    for _lang, number, names in MONTH_NAMES:
        for name in names:
            assert seen.setdefault(name, number) == number, name


def test_dateparser_instances_are_cached():
    a = DateNormaliser(languages=["es"], fetched_at=FETCHED)
    b = DateNormaliser(languages=["es-ES"], fetched_at=FETCHED)
    a.parse("5 de junio de 2018")
    before = dates._date_data_parser.cache_info().hits
    assert b.parse("6 de junio de 2018").value == "2018-06-06"
    assert dates._date_data_parser.cache_info().hits == before + 1


def test_no_dateparser_for_text_without_date_words(monkeypatch):
    def refuse(*args):
        raise AssertionError("dateparser reached")
    monkeypatch.setattr(dates, "_date_data_parser", refuse)
    assert DateNormaliser(fetched_at=FETCHED).parse("Comments are closed.") is None


@settings(max_examples=300, deadline=None)
@given(raw=st.one_of(st.none(), st.text(max_size=300)), machine=st.one_of(st.none(), st.text(max_size=60)),
       gmt=st.one_of(st.none(), st.text(max_size=40)))
def test_parse_never_raises(raw, machine, gmt):
    got = DateNormaliser(languages=["de"], timezone="Europe/Berlin", fetched_at=FETCHED).parse(
        raw, machine=machine, gmt=gmt)
    assert got is None or got.precision in ("year", "month", "day", "minute", "second")


@settings(max_examples=200, deadline=None)
@given(text=st.from_regex(r"[0-9 ./:,-]{1,30}|[A-Za-zäéô ]{0,10}[0-9]{1,4}[ .,/-][A-Za-z0-9 .:]{0,20}"))
def test_date_like_text_never_raises(text):
    for normaliser in (DateNormaliser(fetched_at=FETCHED), DateNormaliser(languages=["en-US"])):
        got = normaliser.parse(text)
        assert got is None or "1994" <= got.value[:4] <= str(datetime.now(timezone.utc).year)
        assert normaliser.from_title(text) is None or normaliser.from_title(text).raw == text


@pytest.mark.parametrize("text,value", [
    ("posted yesterday at 5:30 pm", "2026-01-30T17:30"),
    ("gestern um 16:14 Uhr", "2026-01-30T16:14"),
    ("hier à 14h05", "2026-01-30T14:05"),
])
def test_relative_day_with_time(text, value, monkeypatch):
    monkeypatch.setattr(dates, "_date_data_parser", None)   # the fast path alone must read these
    got = DateNormaliser(fetched_at=FETCHED).parse(text)
    assert (got.value, got.precision) == (value, "minute")


def test_relative_day_with_time_gets_site_offset():
    assert DateNormaliser(timezone="Europe/London", fetched_at=FETCHED).parse(
        "yesterday at 5:30 pm").value == "2026-01-30T17:30+00:00"


@pytest.mark.parametrize("text", ["4:14 PM", "16:14 Uhr", "at 10:20 am", "December", "5 May", "Mai 5 um 16:14"])
def test_no_year_shown_no_date_guessed(text):
    assert DateNormaliser(fetched_at=FETCHED).parse(text) is None


def test_letters_only_relative_word_in_other_site_language():
    assert DateNormaliser(languages=["es"], fetched_at=FETCHED).parse("ayer").value == "2026-01-30"
