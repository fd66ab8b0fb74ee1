"""normalise.html.remembered_verdicts: the same sanitised HTML and text with the verdicts remembered, nothing kept after."""
from __future__ import annotations

from normalise import html

FRAGMENT = ("<div><p>Share this:</p><p>Real prose about the housing figures, long enough to be a body.</p>"
            "<div class='x'><p>Posted in Campaigns | Leave a comment</p></div><p>Share this:</p></div>")


def test_remembered_verdicts_give_the_same_output():
    plain = (html.sanitise(FRAGMENT, "https://example.org/"), html.to_text(FRAGMENT))
    with html.remembered_verdicts():
        remembered = (html.sanitise(FRAGMENT, "https://example.org/"), html.to_text(FRAGMENT))
        memo = html._VERDICTS.memo
    assert remembered == plain
    assert "Share this" not in plain[1] and "housing figures" in plain[1] and "Leave a comment" not in plain[1]
    assert memo["Share this:"] is True and memo["Real prose about the housing figures, long enough to be a body."] is False


def test_verdicts_do_not_outlive_the_block_and_nest():
    with html.remembered_verdicts():
        html.to_text("<p>Share this:</p>")
        outer = html._VERDICTS.memo
        with html.remembered_verdicts():
            assert html._VERDICTS.memo == {}
        assert html._VERDICTS.memo is outer and outer
    assert html._VERDICTS.memo is None
