"""HTML body fragments: boilerplate removal, safe sanitising (lxml + nh3) and plain-text rendering."""
from __future__ import annotations

import re
import threading
import unicodedata
from contextlib import contextmanager
from urllib.parse import urljoin, urlsplit

import lxml.html
import nh3
from lxml import etree

from . import boilerplate, repair
from .text import squash

# --- Declared policy ---------------------------------------------------------------------------
# Removed together with everything inside them, before anything else (never visible as text, or
# active content). <base> is dropped too: a fragment's own <base href> is not honoured, because the
# caller's base_url (the page URL) is authoritative and a stray <base> could re-point every link.
DROP_WITH_CONTENT: tuple[str, ...] = (
    "script", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "math", "canvas", "head", "title", "meta", "link", "base", "button", "input", "select",
    "textarea", "option", "optgroup", "datalist", "output", "param", "map", "area",
)
# <noscript> holds what a reader without JavaScript sees (Google's Blogger template puts the whole
# post there): it is unwrapped when it holds text, and dropped when it holds only images (lazy-load
# duplicates of the img before it, or tracking pixels).
NOSCRIPT_TAG = "noscript"
RENAME_TAGS: dict[str, str] = {"image": "img", "center": "div", "tt": "code", "strike": "s", "listing": "pre", "xmp": "pre",
                               "plaintext": "pre", "main": "div", "nav": "div"}
ALLOWED_TAGS: tuple[str, ...] = (
    "p", "br", "hr", "a", "img", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "q", "cite",
    "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup",
    "small", "mark", "abbr", "dfn", "code", "pre", "kbd", "samp", "var", "table", "thead", "tbody",
    "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "figure", "figcaption", "div", "span",
    "section", "article", "aside", "header", "footer", "details", "summary", "address", "time", "bdi",
    "bdo", "wbr", "ruby", "rt", "rp", "audio", "video", "source",
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"},
    "col": {"span"}, "colgroup": {"span"}, "ol": {"start", "reversed", "type"}, "li": {"value"},
    "time": {"datetime"}, "bdo": {"dir"},
    "audio": {"src", "controls"}, "video": {"src", "controls", "poster", "width", "height"},
    "source": {"src", "type"},
}
URL_ATTRIBUTES: tuple[str, ...] = ("href", "src", "cite", "poster")
SAFE_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "ftp", "tel"})
LINK_REL = "noopener noreferrer"
# Inline images are kept only as base64 raster data (no SVG: it can carry script).
DATA_IMAGE_RE = re.compile(r"data:image/(?:png|gif|jpe?g|webp|avif|bmp);base64,[A-Za-z0-9+/=\s]*", re.I)
# Lazy-loading plugins keep the real image URL here and a placeholder (or nothing) in src.
LAZY_SRC_ATTRIBUTES: tuple[str, ...] = ("data-lazy-src", "data-src", "data-original", "data-orig-file", "data-url")

BLOCK_TAGS: frozenset[str] = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
CELL_TAGS: frozenset[str] = frozenset({"td", "th"})
# Inline elements also checked by the whole-text boilerplate patterns, but only when they stand alone
# (between blocks or line breaks), never in the middle of a sentence.
INLINE_BOILERPLATE_TAGS: frozenset[str] = frozenset({"a", "span", "strong", "b", "em", "i", "small", "font", "label"})

_BAD_CHARS_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_URL_STRIP_RE = re.compile(r"[\t\n\r]")
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


# --- Parsing and shared tree edits -------------------------------------------------------------
def _parse(fragment: str | None) -> lxml.html.HtmlElement | None:
    """The fragment inside a fresh attribute-less <div>, or None when there is nothing to parse."""
    if not fragment or not fragment.strip():
        return None
    text = _BAD_CHARS_RE.sub("", fragment.replace("\x0c", " "))
    try:
        return lxml.html.fragment_fromstring(text, create_parent="div", parser=_PARSER)
    except etree.ParserError:  # libxml2 found no document at all: treat as empty
        return None


# Raw (unsquashed) text longer than this cannot squash down to boilerplate.MAX_BOILERPLATE_TEXT: whitespace
# runs rarely exceed 4x the words in real markup, so the cut-off is generous.
MAX_RAW_BOILERPLATE_TEXT = 4 * boilerplate.MAX_BOILERPLATE_TEXT


def _elements(root) -> list:
    """All real elements under root (comments/PIs/entities excluded), in document order."""
    elements = list(root.iter(etree.Element))  # filters comments/PIs/entities in C
    return elements[1:] if elements and elements[0] is root else elements


def _resolve_noscript(el) -> None:
    if squash(el.text_content()):
        el.drop_tag()
    else:
        el.drop_tree()


def _drop_invisible(root) -> None:
    repair.repair(_elements(root))
    for el in reversed(_elements(root)):  # innermost first, so nested noscripts resolve cleanly
        if el.tag.lower() == NOSCRIPT_TAG:
            _resolve_noscript(el)
    for el in _elements(root):
        if el.tag.lower() in DROP_WITH_CONTENT:
            el.drop_tree()


def _tokens(el) -> list[str]:
    return (el.get("class") or "").split() + [el.get("id") or ""]


def _is_break(node) -> bool:
    return node is None or (isinstance(node.tag, str) and (node.tag in BLOCK_TAGS or node.tag == "br"))


def _stands_alone(el) -> bool:
    """True when an inline element has only blocks/line breaks (no text) on both sides."""
    prev = el.getprevious()
    before = (prev.tail if prev is not None else el.getparent().text) or ""
    return not before.strip() and not (el.tail or "").strip() and _is_break(prev) and _is_break(el.getnext())


def _text_sizes(elements: list) -> dict:
    """Raw text length inside each element, computed bottom-up in one pass (no text_content() per element)."""
    sizes: dict = {}
    for el in reversed(elements):  # children come after their parent in document order
        sizes[el] = len(el.text or "") + sum(sizes.get(c, 0) + len(c.tail or "") for c in el)
    return sizes


def _is_boilerplate_element(el, text_size: int) -> bool:
    if any(boilerplate.is_boilerplate_token(tok) for tok in _tokens(el)):
        return True
    if el.tag == "a" and boilerplate.is_share_href(el.get("href")):
        return True
    if text_size > MAX_RAW_BOILERPLATE_TEXT:  # long prose is never whole-text boilerplate: skip the costly check
        return False
    if el.tag in BLOCK_TAGS or (el.tag in INLINE_BOILERPLATE_TAGS and _stands_alone(el)):
        return _whole_text_boilerplate(el.text_content())
    return False


_VERDICTS = threading.local()


@contextmanager
def remembered_verdicts():
    """Within the block, an element text's whole-text boilerplate verdict is computed once: a post's sanitising
    and its plain text (and its comments') test the same texts again. Nothing outlives the block."""
    outer = getattr(_VERDICTS, "memo", None)
    _VERDICTS.memo = {}
    try:
        yield
    finally:
        _VERDICTS.memo = outer


def _whole_text_boilerplate(raw_text: str) -> bool:
    """boilerplate.is_boilerplate_text of an element's squashed text (remembered inside remembered_verdicts)."""
    memo = getattr(_VERDICTS, "memo", None)
    verdict = memo.get(raw_text) if memo is not None else None
    if verdict is None:
        verdict = boilerplate.is_boilerplate_text(squash(raw_text))
        if memo is not None:
            memo[raw_text] = verdict
    return verdict


def _strip_boilerplate(root) -> None:
    """Remove share widgets, related posts, post footers and whole-text boilerplate blocks (tails kept)."""
    elements = _elements(root)
    sizes = _text_sizes(elements)
    for el in [el for el in elements if _is_boilerplate_element(el, sizes[el])]:
        el.drop_tree()


# --- sanitise ----------------------------------------------------------------------------------
def _absolute(value: str | None, base_url: str, allow_data_image: bool = False) -> str | None:
    """value resolved against base_url when its scheme is safe, else None."""
    value = _URL_STRIP_RE.sub("", value or "").strip()
    if not value:
        return None
    if allow_data_image and DATA_IMAGE_RE.fullmatch(value):
        return value
    try:
        url = urljoin(base_url, value)
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # malformed netloc such as 'http://[::1'
        return None
    return url if scheme in SAFE_SCHEMES or (not scheme and not urlsplit(base_url).scheme) else None


def _promote_lazy_src(img) -> None:
    src = (img.get("src") or "").strip()
    if src and not src.lower().startswith("data:"):
        return
    lazy = next((img.get(a) for a in LAZY_SRC_ATTRIBUTES if (img.get(a) or "").strip()), None)
    if lazy:
        img.set("src", lazy)


def _fix_urls(root, base_url: str) -> None:
    for el in _elements(root):
        if el.tag == "img":
            _promote_lazy_src(el)
        for attr in URL_ATTRIBUTES:
            if attr in el.attrib:
                url = _absolute(el.get(attr), base_url, allow_data_image=(el.tag == "img" and attr == "src"))
                if url is None:
                    del el.attrib[attr]
                else:
                    el.set(attr, url)
        if el.tag == "img" and not el.get("src"):
            el.drop_tree()


def _rename_tags(root) -> None:
    for el in _elements(root):
        new_tag = RENAME_TAGS.get(el.tag.lower())
        if new_tag:
            el.tag = new_tag


def _inner_html(root) -> str:
    html = lxml.html.tostring(root, encoding="unicode", method="html")
    return html[len("<div>"):-len("</div>")] if html.startswith("<div>") else html


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    """Last line of defence inside nh3: data: URLs only as raster images in img@src."""
    if attr in URL_ATTRIBUTES and value.strip().lower().startswith("data:"):
        return value if tag == "img" and attr == "src" and DATA_IMAGE_RE.fullmatch(value.strip()) else None
    return value


def sanitise(fragment: str | None, base_url: str) -> str:
    """Safe HTML of a body fragment: boilerplate removed, whitelisted tags/attributes, absolute URLs."""
    root = _parse(fragment)
    if root is None:
        return ""
    _drop_invisible(root)
    _strip_boilerplate(root)
    _rename_tags(root)
    _fix_urls(root, base_url or "")
    return _cleaner().clean(_inner_html(root)).strip()


_CLEANER: list = []


def _cleaner() -> nh3.Cleaner:
    """The nh3 sanitiser of the declared policy, built once (building it per fragment cost more than cleaning)."""
    if not _CLEANER:
        _CLEANER.append(nh3.Cleaner(
            tags=set(ALLOWED_TAGS),
            clean_content_tags=set(DROP_WITH_CONTENT),
            attributes=ALLOWED_ATTRIBUTES,
            attribute_filter=_attribute_filter,
            url_schemes=set(SAFE_SCHEMES) | {"data"},
            strip_comments=True,
            link_rel=LINK_REL,
        ))
    return _CLEANER[0]


# --- to_text -----------------------------------------------------------------------------------
class _TextBuilder:
    """Collects text into paragraphs (lists of lines) while walking a tree."""

    def __init__(self) -> None:
        self.paragraphs: list[list[str]] = []
        self.lines: list[str] = []
        self.pieces: list[str] = []

    def add(self, text: str | None, pre: bool) -> None:
        if not text:
            return
        if not pre:
            self.pieces.append(text)
            return
        first, *rest = text.split("\n")
        self.pieces.append(first)
        for line in rest:
            self.new_line()
            self.pieces.append(line)

    def new_line(self) -> None:
        self.lines.append(squash("".join(self.pieces)))
        self.pieces = []

    def new_paragraph(self) -> None:
        self.new_line()
        if any(self.lines):
            self.paragraphs.append(self.lines)
        self.lines = []


def _walk(root) -> list[list[str]]:
    builder, pre_depth = _TextBuilder(), 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            pre_depth += tag == "pre"
            if tag in BLOCK_TAGS:
                builder.new_paragraph()
            elif tag == "br":
                builder.new_line()
            elif tag in CELL_TAGS:
                builder.add(" ", pre=False)
            builder.add(el.text, pre_depth > 0)
        else:
            pre_depth -= tag == "pre"
            if tag in BLOCK_TAGS:
                builder.new_paragraph()
            if el is not root:
                builder.add(el.tail, pre_depth > 0)
    builder.new_paragraph()
    return builder.paragraphs


def _split_on_blank_lines(lines: list[str]) -> list[list[str]]:
    """A run of <br><br> (an empty line) separates paragraphs, as it does visually."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _clean_paragraph(lines: list[str]) -> str:
    if boilerplate.is_boilerplate_text(" ".join(lines)):
        return ""
    return "\n".join(line for line in lines if not boilerplate.is_boilerplate_text(line))


def to_text(fragment: str | None) -> str:
    """Plain text: one blank line between paragraphs, '\\n' for <br>, whitespace collapsed, boilerplate dropped."""
    root = _parse(fragment)
    if root is None:
        return ""
    _drop_invisible(root)
    _strip_boilerplate(root)
    groups = [g for para in _walk(root) for g in _split_on_blank_lines(para)]
    paragraphs = [p for p in (_clean_paragraph(g) for g in groups) if p]
    return unicodedata.normalize("NFC", "\n\n".join(paragraphs)).strip()


def is_empty(fragment: str | None) -> bool:
    """True when the fragment shows no text and no image."""
    root = _parse(fragment)
    if root is None:
        return True
    _drop_invisible(root)
    return not squash(root.text_content()) and not root.xpath(".//img")
