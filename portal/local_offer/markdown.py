"""Markdown to safe GOV.UK-styled HTML, and to plain passages for search and the assistant."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

from portal.filters import link_phone_numbers

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "blockquote", "code",
    "table", "thead", "tbody", "tr", "th", "td", "br", "hr", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "class", "title"},
    "img": {"src", "alt", "class"},
    "h2": {"id", "class"},
    "h3": {"id", "class"},
    "h4": {"class"},
    "p": {"class"},
    "ul": {"class"},
    "ol": {"class"},
    "table": {"class"},
    "th": {"class", "scope"},
    "td": {"class"},
    "tr": {"class"},
    "thead": {"class"},
    "tbody": {"class"},
    "blockquote": {"class"},
}

_CLASSES = {
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "blockquote": "govuk-inset-text",
}


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace {{name}} with the council's configured value; unknown names are left visible for editors."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def slugify(text: str) -> str:
    slug = re.sub(r"[^\w\s-]", "", text.lower(), flags=re.UNICODE)
    return re.sub(r"[\s_-]+", "-", slug).strip("-")[:60] or "section"


def _add_classes(html: str) -> str:
    def tag(match: re.Match[str]) -> str:
        name, rest = match.group(1), match.group(2) or ""
        cls = _CLASSES.get(name)
        if not cls or "class=" in rest:
            return match.group(0)
        return f'<{name} class="{cls}"{rest}>'

    return re.sub(r"<(h2|h3|h4|p|ul|ol|a|table|thead|tbody|tr|th|td|blockquote)(\s[^>]*)?>", tag, html)


def _unique_id(inner_html: str, seen: set[str]) -> str:
    base = slugify(re.sub(r"<[^>]+>", "", inner_html))
    ident, n = base, 2
    while ident in seen:
        ident, n = f"{base}-{n}", n + 1
    seen.add(ident)
    return ident


def _add_heading_ids(html: str) -> str:
    seen: set[str] = set()

    def heading(match: re.Match[str]) -> str:
        level, inner = match.group(1), match.group(2)
        return f'<h{level} id="{_unique_id(inner, seen)}">{inner}</h{level}>'

    return re.sub(r"<h([23])>(.*?)</h\1>", heading, html)


def heading_ids(headings: list[str]) -> list[str]:
    """The ids the rendered page gives its ## and ### headings (Markdown text, in page order), for #links."""
    seen: set[str] = set()
    return [_unique_id(_md.renderInline(text.strip()), seen) for text in headings]


def _link_policy(html: str) -> str:
    # External links say so; nh3 already removed javascript: and other unsafe schemes.
    return re.sub(
        r'<a class="govuk-link" href="(https?://[^"]+)"([^>]*)>',
        r'<a class="govuk-link" href="\1" rel="noreferrer noopener"\2>',
        html,
    )


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> str:
    """Render Markdown to sanitised HTML with GOV.UK classes. Safe even if an editor account is compromised."""
    raw = _md.render(text)
    raw = _add_heading_ids(raw)
    clean = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
    )
    return link_phone_numbers(_link_policy(_add_classes(clean)))


@dataclass(frozen=True)
class Passage:
    heading: str
    anchor: str
    text: str


_STRIP_MD = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"[*_`>#|]+"), " "),
    (re.compile(r"^\s*[-+]\s+", re.M), ""),
    (re.compile(r"^\s*\d+\.\s+", re.M), ""),
]


def _table_rows_to_sentences(text: str) -> str:
    """'| Step | Time limit |' rows become 'Step: time limit.' so tables read as sentences."""
    out = []
    header_seen = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue
            if not header_seen:
                header_seen = True
                continue
            first, rest = cells[0], [c for c in cells[1:] if c]
            out.append(f"{first}: {'; '.join(rest)}." if rest else f"{first}.")
        else:
            header_seen = False if not stripped else header_seen
            out.append(line)
    return "\n".join(out)


def plain_text(text: str) -> str:
    text = _table_rows_to_sentences(text)
    for pattern, repl in _STRIP_MD:
        text = pattern.sub(repl, text)
    text = re.sub(r"[ \t]+", " ", text)
    # Lines inside a paragraph join up; paragraph and list breaks stay.
    return re.sub(r"(?<![.!?:])\n(?!\n)", " ", text).strip()


def passages(markdown_text: str) -> list[Passage]:
    """Split a page into its ## sections as plain text: the units the assistant quotes from."""
    result: list[Passage] = []
    heading, anchor, buf = "", "", []
    seen: set[str] = set()
    for line in markdown_text.splitlines():
        m = re.match(r"^##\s+(.+)$", line)
        if m:
            if buf:
                result.append(Passage(heading, anchor, plain_text("\n".join(buf))))
            heading = m.group(1).strip()
            base = slugify(heading)
            anchor, n = base, 2
            while anchor in seen:
                anchor, n = f"{base}-{n}", n + 1
            seen.add(anchor)
            buf = []
        else:
            buf.append(line)
    if buf:
        result.append(Passage(heading, anchor, plain_text("\n".join(buf))))
    return [p for p in result if p.text]


def headings(markdown_text: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"^#{2,3}\s+(.+)$", markdown_text, re.M)]
