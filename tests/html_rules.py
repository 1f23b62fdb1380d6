"""Offline HTML checks in the manner of the W3C Nu HTML Checker, for pages our tests fetch.

The Nu checker needs Java and a network service; these cover the faults it found on this portal and their
kind: parse errors (from html5lib, the same HTML5 parsing algorithm browsers use), elements where the
content model forbids them, and attributes that point at ids which are missing or, for descriptions, empty.
"""

from __future__ import annotations

import re
from collections import Counter

import html5lib
from bs4 import BeautifulSoup, Tag

# Elements whose content must be phrasing content, and flow-only elements that may not appear inside them.
PHRASING_ONLY = {"p", "span", "label", "button", "legend", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em",
                 "b", "i", "small", "abbr", "code", "q", "bdi", "time", "caption", "summary", "dt"}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
HEADING_ALLOWED_IN = {"legend", "summary"}  # phrasing "optionally intermixed with heading content"
FLOW_ONLY = {"div", "p", "ul", "ol", "dl", "table", "form", "fieldset", "section", "article", "aside", "nav",
             "header", "footer", "main", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "pre", "figure",
             "details"}  # fmt: skip
INTERACTIVE = {"a", "button", "select", "textarea", "details", "label", "iframe"}
LISTS = {"ul", "ol", "menu"}
SCRIPT_SUPPORTING = {"script", "template"}
LABELABLE = {"input", "select", "textarea", "button", "meter", "output", "progress"}
ID_LIST_ATTRIBUTES = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "aria-errormessage")
LANG_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def parse_errors(html: str) -> list[str]:
    """html5lib's parse errors (stray or misnested tags, duplicate attributes, bad nesting)."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    parser.parse(html)
    lines = html.splitlines()
    out = []
    for (line, column), code, data in parser.errors:
        source = lines[line - 1][max(column - 60, 0) : column + 20].strip() if 0 < line <= len(lines) else ""
        out.append(f"{code} {data or ''} at line {line}: {source}")
    return out


def _interactive(tag: Tag) -> bool:
    if tag.name == "a":
        return tag.has_attr("href")
    if tag.name == "input":
        return tag.get("type") != "hidden"
    return tag.name in INTERACTIVE


def _placement(tag: Tag) -> list[str]:
    """Content model: where this element may stand."""
    name, parent = tag.name, tag.parent
    out = []
    if name in FLOW_ONLY:
        ancestor = next((a for a in tag.parents if a.name in PHRASING_ONLY), None)
        if ancestor is not None and not (name in HEADINGS and ancestor.name in HEADING_ALLOWED_IN):
            out.append(f"<{name}> inside <{ancestor.name}>")
    if _interactive(tag) and any(a.name in ("a", "button") and _interactive(a) for a in tag.parents):
        out.append(f"interactive <{name}> inside a link or button")
    if name == "li" and parent is not None and parent.name not in LISTS:
        out.append(f"<li> inside <{parent.name}>")
    allowed = {"ul": {"li"}, "ol": {"li"}, "menu": {"li"}, "dl": {"dt", "dd", "div"}}.get(name)
    if allowed is not None:
        for child in tag.find_all(True, recursive=False):
            if child.name not in allowed | SCRIPT_SUPPORTING:
                out.append(f"<{child.name}> directly inside <{name}>")
    return out


def _attributes(tag: Tag) -> list[str]:
    """Attribute values HTML refuses."""
    name, out = tag.name, []
    if name == "img" and not tag.has_attr("alt"):
        out.append("<img> without alt")
    if tag.get("lang") and not LANG_TAG.match(tag["lang"]):
        out.append(f'bad lang "{tag["lang"]}" on <{name}>')
    if tag.has_attr("id") and not tag["id"].strip():
        out.append(f"empty id on <{name}>")
    return out


def _references(tag: Tag, soup: BeautifulSoup) -> list[str]:
    """ids named by aria attributes and labels must exist; a description must have words in it."""
    name, out = tag.name, []
    for attribute in ID_LIST_ATTRIBUTES:
        for ref in (tag.get(attribute) or "").split():
            target = soup.find(id=ref)
            if target is None:
                out.append(f'{attribute}="{ref}" on <{name}> points at no element')
            elif attribute == "aria-describedby" and not target.get_text(strip=True):
                out.append(f'{attribute}="{ref}" on <{name}> points at an empty element')
    if name == "label" and tag.get("for"):
        target = soup.find(id=tag["for"])
        if target is None or target.name not in LABELABLE or target.get("type") == "hidden":
            out.append(f'<label for="{tag["for"]}"> labels no form control')
    return out


def content_model_problems(soup: BeautifulSoup) -> list[str]:
    """Elements where HTML does not allow them, bad attributes, and references to ids that lead nowhere."""
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    problems = [f'duplicate id "{i}"' for i, n in ids.items() if n > 1]
    for tag in soup.find_all(True):
        problems += _placement(tag) + _attributes(tag) + _references(tag, soup)
    return problems
