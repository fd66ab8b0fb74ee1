"""Structural inertness check: parse HTML as lxml and as a browser (html5lib) would, and list what could run.

A fragment is inert when neither parse finds an element that executes, loads or restyles content, an
event-handler attribute, a URL whose scheme (after entity decoding, and the tab/newline/control
stripping browsers do) is anything but http(s), mailto, ftp, tel or relative (raster data: images in
img@src excepted), a style attribute carrying CSS that runs or loads, or a comment (old IE runs
conditional comments).
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import html5lib
import lxml.html
from lxml import etree

FORBIDDEN_ELEMENTS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
    "form", "input", "button", "textarea", "select", "keygen", "isindex", "svg", "math", "template", "noscript",
    "noembed", "noframes", "xmp", "plaintext", "portal", "param", "bgsound", "title", "head", "body", "html",
})
# Attributes whose value the browser resolves as a URL and may load or navigate to.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "data", "background", "poster", "cite", "longdesc", "lowsrc", "dynsrc",
    "srcset", "codebase", "classid", "ping", "manifest", "icon", "archive", "usemap", "profile", "xmlns",
})
# Attributes that carry a whole document or code, whatever the element.
CODE_ATTRIBUTES = frozenset({"srcdoc", "style", "to", "values", "from", "by", "attributename"})
INERT_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "tel"})
RASTER_DATA = re.compile(r"data:image/(?:png|gif|jpe?g|webp|avif|bmp);base64,[a-z0-9+/=]*", re.I)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_STRIPPED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")


def url_scheme(value: str) -> str | None:
    """The scheme a browser sees: entities decoded (twice, for double encoding), whitespace/control chars removed."""
    decoded = _STRIPPED_BY_BROWSERS.sub("", html.unescape(html.unescape(value)))
    match = _SCHEME.match(decoded)
    return match.group(1).lower() if match else None


def _local(name) -> str:
    return str(name).rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _attribute_problems(tag: str, name: str, value: str) -> list[str]:
    attr = _local(name)
    if attr.startswith("on"):
        return [f"<{tag} {attr}>: event handler"]
    if attr in CODE_ATTRIBUTES:
        return [f"<{tag} {attr}>: code-carrying attribute"]
    if attr in URL_ATTRIBUTES:
        scheme = url_scheme(value)
        if scheme is None or scheme in INERT_SCHEMES:
            return []
        if tag == "img" and attr == "src" and RASTER_DATA.fullmatch(_STRIPPED_BY_BROWSERS.sub("", value)):
            return []
        return [f"<{tag} {attr}={value!r:.60}>: scheme {scheme}"]
    return []


def _tree_problems(root, parser: str) -> list[str]:
    """Problems in one parsed tree (lxml or xml.etree: both expose iter(), tag and attrib; comments are tagged)."""
    problems: list[str] = []
    for node in root.iter():
        if node is root:
            continue
        if not isinstance(node.tag, str):
            if node.tag in (etree.Comment, ET.Comment):
                problems.append(f"{parser}: comment {node.text!r:.40}")
            continue
        tag = _local(node.tag)
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"{parser}: <{tag}> element")
        for name, value in node.attrib.items():
            problems.extend(f"{parser}: {p}" for p in _attribute_problems(tag, name, value))
    return problems


def problems(fragment: str) -> list[str]:
    """Everything in ``fragment`` that could run, load, navigate to script or restyle the page; [] when inert."""
    if not fragment.strip():
        return []
    keep_comments = lxml.html.HTMLParser(remove_comments=False)
    root = lxml.html.fragment_fromstring(fragment, create_parent="div", parser=keep_comments)
    browser = html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False)
    # Inside a whole page, a stray <body>/<html> tag in the fragment adds its attributes to the page's own.
    page = html5lib.parse(f"<!DOCTYPE html><html><head></head><body>{fragment}</body></html>", treebuilder="etree",
                          namespaceHTMLElements=False)
    merged = [f"page: {p}" for el in (page, page.find("body")) for name, value in el.attrib.items()
              for p in _attribute_problems(el.tag, name, value)]
    return _tree_problems(root, "lxml") + _tree_problems(browser, "html5") + merged


# Elements whose content a browser does not show as text (raw text, inert templates, form controls, foreign content the
# archive drops as a whole).
HIDDEN_ELEMENTS = frozenset({"script", "style", "template", "noembed", "noframes", "textarea", "title",
                             "iframe", "svg", "math", "select", "head", "button", "object"})


def browser_text(fragment: str) -> str:
    """The text a browser shows for ``fragment`` (HTML5 parse, hidden elements skipped), whitespace collapsed."""
    root = html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False)
    parts: list[str] = []

    def walk(node, hidden: bool) -> None:
        hidden = hidden or (isinstance(node.tag, str) and _local(node.tag) in HIDDEN_ELEMENTS)
        if not hidden and node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child, hidden)
            if not hidden and child.tail:
                parts.append(child.tail)

    walk(root, False)
    return " ".join(" ".join(parts).split())
