"""Reading content/ files (the seed and export format) and the Local Offer's groupings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from flask_babel import lazy_gettext as _l

# Home-page groups, in the order families see them.
SECTIONS: dict[str, Any] = {
    "start": _l("Start here: understanding SEND"),
    "plans": _l("EHC needs assessments and plans"),
    "school": _l("Support at nursery, school and college"),
    "health": _l("Health, therapies and wellbeing"),
    "care": _l("Social care, short breaks and money"),
    "adulthood": _l("Growing up: preparing for adulthood (14 to 25)"),
    "travel": _l("Getting to school or college"),
    "activities": _l("Things to do, childcare and leisure"),
    "help": _l("Advice, help and having your say"),
}

# Age bands for browsing: (key, label, youngest, oldest).
AGE_BANDS: list[tuple[str, Any, int, int]] = [
    ("0-5", _l("Early years (0 to 5)"), 0, 5),
    ("5-11", _l("Primary school (5 to 11)"), 5, 11),
    ("11-16", _l("Secondary school (11 to 16)"), 11, 16),
    ("16-25", _l("Young adults (16 to 25)"), 16, 25),
]

NEEDS: dict[str, Any] = {
    "communication-interaction": _l("Communication and interaction"),
    "cognition-learning": _l("Cognition and learning"),
    "semh": _l("Social, emotional and mental health"),
    "sensory-physical": _l("Sensory and physical needs"),
}

AUDIENCES: dict[str, Any] = {
    "parents": _l("Parents and carers"),
    "young-people": _l("Young people"),
    "professionals": _l("Professionals"),
}

CATEGORIES: dict[str, Any] = {
    "education": _l("Education"),
    "health": _l("Health"),
    "social-care": _l("Social care"),
    "short-breaks": _l("Short breaks"),
    "leisure": _l("Leisure and activities"),
    "childcare": _l("Childcare"),
    "support-groups": _l("Support groups"),
    "advice": _l("Advice and information"),
    "travel": _l("Travel"),
    "employment": _l("Work and training"),
}

COSTS: dict[str, Any] = {
    "free": _l("Free"),
    "some-free": _l("Some free, some paid"),
    "paid": _l("Paid for"),
}


class ContentError(ValueError):
    """A content file is not valid; the message says which and why."""


@dataclass
class PageFile:
    slug: str
    locale: str
    variant: str
    meta: dict[str, Any]
    body: str
    path: Path = field(repr=False)

    def fields(self) -> dict[str, Any]:
        """Columns for the Page model."""
        m = self.meta
        return {
            "slug": self.slug,
            "locale": self.locale,
            "variant": self.variant,
            "title": str(m["title"]).strip(),
            "summary": " ".join(str(m.get("summary", "")).split()),
            "body_md": self.body.strip() + "\n",
            "section": m.get("section", "start"),
            "audience": list(m.get("audience") or []),
            "age_min": int(m.get("age_min", 0)),
            "age_max": int(m.get("age_max", 25)),
            "needs": list(m.get("needs") or []),
            "tags": [str(t) for t in (m.get("tags") or [])],
            "questions": [str(q) for q in (m.get("questions") or [])],
            "related": list(m.get("related") or []),
            "owner_team": str(m.get("owner_team", "")),
            "owner_email": str(m["owner_email"]).strip() if m.get("owner_email") else None,
            "last_reviewed": _date(m.get("last_reviewed")),
            "next_review_due": _date(m.get("next_review_due")),
            "translated_on": _date(m.get("translated_on")),
        }


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def parse_file(path: Path, *, locale: str, variant: str) -> PageFile:
    """Split YAML front matter from the Markdown body and check the essentials."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        raise ContentError(f"{path}: no front matter")
    try:
        _, front, body = text.split("---", 2)
        meta = yaml.safe_load(front) or {}
    except (ValueError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: front matter is not valid YAML ({exc})") from exc
    slug = str(meta.get("slug") or meta.get("translation_of") or path.stem)
    if slug != path.stem:
        raise ContentError(f"{path}: slug {slug!r} does not match the file name")
    if not meta.get("title"):
        raise ContentError(f"{path}: title is missing")
    section = meta.get("section", "start")
    if section not in SECTIONS:
        raise ContentError(f"{path}: unknown section {section!r}")
    return PageFile(slug=slug, locale=locale, variant=variant, meta=meta, body=body, path=path)


def read_content(content_dir: str | Path) -> list[PageFile]:
    """Every page file under content/, English first so translations can fall back to it."""
    root = Path(content_dir)
    found: list[PageFile] = []
    for variant_dir, variant in (("pages", "standard"), ("easy-read", "easy-read")):
        base = root / variant_dir
        if not base.is_dir():
            continue
        for locale_dir in sorted(base.iterdir(), key=lambda p: (p.name != "en", p.name)):
            if not locale_dir.is_dir():
                continue
            for path in sorted(locale_dir.glob("*.md")):
                found.append(parse_file(path, locale=locale_dir.name, variant=variant))
    return found


def write_file(path: Path, meta: dict[str, Any], body: str) -> None:
    """Write a page back in the same format (used by `portal content export`)."""
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n\n{body.strip()}\n", encoding="utf-8")
