"""WordPress's wpautop in Python: turn stored post/comment text into the paragraphs the site rendered."""
from __future__ import annotations

import re

# Block-level element names, as WordPress's wpautop() lists them (wp-includes/formatting.php).
ALLBLOCKS = (r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
             r"blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|"
             r"nav|figure|figcaption|details|menu|summary)")
BR_BEFORE_BLOCKS = r"(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)"
NEWLINE_MARK = " <!-- wpnl --> "
PRESERVE_MARK = "<WPPreserveNewline />"
# Block-editor (Gutenberg) content carries these comments; WordPress skips wpautop for it.
BLOCK_MARKER = "<!-- wp:"

# (pattern, replacement, flags) applied in order after paragraphs are built.
_PARAGRAPH_FIXES = (
    (r"<p>\s*</p>", "", 0),
    (r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", 0),
    (r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", 0),
    (r"<p>(<li.+?)</p>", r"\1", 0),
    (r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", re.I),
    (r"</blockquote></p>", "</p></blockquote>", 0),
    (r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)", r"\1", 0),
    (r"(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", 0),
)
_HTML_SPLIT = re.compile(r"(<!--.*?-->|<[^>]*>?)", re.S)


def has_blocks(text: str) -> bool:
    """True for block-editor content, which WordPress renders without wpautop."""
    return BLOCK_MARKER in text


def _stash_pre(text: str) -> tuple[str, dict[str, str]]:
    """Replace each <pre>…</pre> with a placeholder so its newlines are left alone."""
    if "<pre" not in text:
        return text, {}
    parts = text.split("</pre>")
    last = parts.pop()
    out, stash = [], {}
    for i, part in enumerate(parts):
        start = part.find("<pre")
        if start < 0:
            out.append(part)
            continue
        name = f"<pre wp-pre-tag-{i}></pre>"
        stash[name] = part[start:] + "</pre>"
        out.append(part[:start] + name)
    return "".join(out) + last, stash


def _mark_newlines_in_tags(text: str) -> str:
    """Newlines inside tags and comments become placeholders (wp_replace_in_html_tags)."""
    pieces = _HTML_SPLIT.split(text)
    return "".join(p.replace("\n", NEWLINE_MARK) if i % 2 else p for i, p in enumerate(pieces))


def _collapse_special(text: str) -> str:
    """Keep option/object/media/figcaption markup from being split into paragraphs."""
    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text)
        text = re.sub(r"\s*</object>", "</object>", text)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    return text


def _line_breaks(text: str) -> str:
    """Single newlines become <br />, except inside script/style/svg/math."""
    text = re.sub(r"<(script|style|svg|math).*?</\1>", lambda m: m.group(0).replace("\n", PRESERVE_MARK), text,
                  flags=re.S)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    return text.replace(PRESERVE_MARK, "\n")


def autop(text: str | None, br: bool = True) -> str:
    """Wrap double-newline-separated text in <p>, single newlines as <br />, as WordPress's wpautop() does."""
    if text is None or not text.strip():
        return ""
    text, pre_tags = _stash_pre(text + "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(r"(<" + ALLBLOCKS + r"[\s/>])", r"\n\n\1", text)
    text = re.sub(r"(</" + ALLBLOCKS + r">)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _collapse_special(_mark_newlines_in_tags(text))
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join("<p>" + p.strip("\n") + "</p>\n" for p in paragraphs)
    for pattern, repl, flags in _PARAGRAPH_FIXES:
        text = re.sub(pattern, repl, text, flags=flags)
    if br:
        text = _line_breaks(text)
    text = re.sub(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?" + BR_BEFORE_BLOCKS + r"[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    return text.replace(NEWLINE_MARK, "\n").replace("<!-- wpnl -->", "\n")


def render_wordpress(text: str | None) -> str:
    """Post or comment body as WordPress shows it: wpautop for classic content, block content unchanged."""
    if text is None:
        return ""
    return text if has_blocks(text) else autop(text)
