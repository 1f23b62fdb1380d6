"""The statutory coverage dashboard: the Local Offer checklist (LO-01 to LO-30) against what is published.

The checklist comes from the research note shared/reference/local-offer-requirements.md, parsed once into
coverage.tsv (committed; `portal content-admin build-coverage` regenerates it), so the app never needs
the note at run time. Each item maps to pages, directory categories and checks; an officer can override.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.auth.models import User
from portal.auth.services import audit
from portal.db import db
from portal.local_offer.models import Page, Service
from portal.local_offer.publishing_models import CoverageOverride

TSV = Path(__file__).with_name("coverage.tsv")
COLUMNS = ("code", "requirement", "source", "force", "verified", "pages", "categories", "checks")

STATUSES: dict[str, Any] = {
    "met": _l("Met"),
    "partly": _l("Partly met"),
    "gap": _l("Gap"),
    "check": _l("Needs checking by an officer"),
}

# How each checklist item is met: published pages (slugs), directory categories with at least one open
# listing, and named checks on the directory. Items with none of these need an officer's judgement.
RULES: dict[str, dict[str, list[str]]] = {
    "LO-01": {"pages": ["what-is-send", "sen-support-in-school"], "checks": ["in_area"]},
    "LO-02": {"pages": ["special-schools-and-resourced-provision"], "checks": ["out_of_area"]},
    "LO-03": {"categories": ["education", "health", "social-care"]},
    "LO-04": {"categories": ["leisure"]},
    "LO-05": {"pages": ["supported-internships-and-employment", "post-16-education-and-college"],
              "categories": ["employment"]},
    "LO-06": {"pages": ["home-to-school-transport", "post-16-travel"], "categories": ["travel"]},
    "LO-07": {"pages": ["preparation-for-adulthood", "transition-to-adult-social-care"]},
    "LO-08": {"checks": ["provider_types"]},
    "LO-09": {"pages": ["special-schools-and-resourced-provision", "sen-support-in-school"]},
    "LO-10": {"checks": ["sch2_para5"]},
    "LO-11": {"pages": ["ehc-needs-assessment-request", "ehc-assessment-process-timeline"]},
    "LO-12": {"pages": ["health-services-therapies", "camhs-mental-health"], "categories": ["health"]},
    "LO-13": {"pages": ["short-breaks-respite", "social-care-disabled-children-assessment"],
              "categories": ["social-care", "short-breaks"]},
    "LO-14": {"pages": ["sendiass-independent-advice", "parent-carer-forum"],
              "categories": ["support-groups", "advice"]},
    "LO-15": {"pages": ["childcare-and-holiday-support"], "categories": ["childcare"]},
    "LO-16": {"pages": ["leisure-activities-and-clubs"], "categories": ["leisure"]},
    "LO-17": {"pages": ["complaints"]},
    "LO-18": {"pages": ["disagreement-mediation", "tribunal-appeals"]},
    "LO-19": {"checks": ["eligibility"]},
    "LO-20": {"pages": ["personal-budgets"], "checks": ["sen_reports"]},
    "LO-23": {"pages": ["feedback-on-the-local-offer-you-said-we-did"]},
    "LO-24": {"pages": ["feedback-on-the-local-offer-you-said-we-did"]},
    "LO-27": {"checks": ["up_to_date"]},
}  # fmt: skip

CHECK_LABELS: dict[str, Any] = {
    "in_area": _l("Listings in the area"),
    "out_of_area": _l("Listings outside the area"),
    "provider_types": _l("Education listings say what kind of setting they are"),
    "sch2_para5": _l("Schools and colleges answer all ten Schedule 2 paragraph 5 questions"),
    "eligibility": _l("Listings say who can use them"),
    "sen_reports": _l("Schools link to their SEN information report"),
    "up_to_date": _l("Nothing is overdue for review"),
}


# Building the data file ----------------------------------------------------------------------------

_ROW = re.compile(r"^\|\s*(LO-\d\d)\s*\|(.*)\|\s*$")


def _plain(cell: str) -> str:
    return " ".join(cell.replace("**", "").split())


def build_tsv(markdown_text: str) -> str:
    """The checklist rows of the research note, with this portal's mapping, as TSV."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in markdown_text.splitlines():
        match = _ROW.match(line.strip())
        if not match:
            continue
        code = match.group(1)
        cells = [_plain(c) for c in match.group(2).split("|")]
        requirement, source, force, verified = (cells + ["", "", "", ""])[:4]
        rule = RULES.get(code, {})
        writer.writerow([code, requirement, source, force, verified, ",".join(rule.get("pages", [])),
                         ",".join(rule.get("categories", [])), ",".join(rule.get("checks", []))])  # fmt: skip
    return out.getvalue()


@dataclass(frozen=True)
class Item:
    code: str
    requirement: str
    source: str
    force: str
    verified: str
    pages: tuple[str, ...]
    categories: tuple[str, ...]
    checks: tuple[str, ...]


@lru_cache(maxsize=1)
def checklist() -> tuple[Item, ...]:
    """The 30 checklist items from the committed data file."""
    with TSV.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return tuple(
        Item(
            r["code"],
            r["requirement"],
            r["source"],
            r["force"],
            r["verified"],
            tuple(filter(None, r["pages"].split(","))),
            tuple(filter(None, r["categories"].split(","))),
            tuple(filter(None, r["checks"].split(","))),
        )  # fmt: skip
        for r in rows
    )


# Measuring -----------------------------------------------------------------------------------------


@dataclass
class Evidence:
    label: Any
    ok: bool
    href: str | None = None
    detail: str = ""


@dataclass
class Result:
    item: Item
    status: str
    automatic: str
    evidence: list[Evidence] = field(default_factory=list)
    override: CoverageOverride | None = None


def _checks(today: dt.date) -> dict[str, tuple[bool, str]]:
    live = Service.status != "defunct"
    count = lambda *conds: db.session.scalar(select(func.count()).select_from(Service).where(live, *conds)) or 0  # noqa: E731
    education = count(Service.category == "education")
    typed = count(Service.category == "education", Service.provider_type.is_not(None))
    schools = [s for s in db.session.scalars(select(Service).where(live, Service.category == "education"))
               if s.sch2_para5 is not None]  # fmt: skip
    complete = sum(1 for s in schools if all((s.sch2_para5 or {}).get(k) for k in "abcdefghij"))
    with_report = sum(1 for s in schools if s.sen_information_report_url)
    total = count()
    eligible = count(Service.eligibility_description != "")
    overdue = count(Service.review_due < today) + (
        db.session.scalar(
            select(func.count()).select_from(Page).where(Page.published.is_(True), Page.next_review_due < today)
        )
        or 0  # fmt: skip
    )
    return {
        "in_area": (count(Service.in_area.is_(True)) > 0, str(count(Service.in_area.is_(True)))),
        "out_of_area": (count(Service.in_area.is_(False)) > 0, str(count(Service.in_area.is_(False)))),
        "provider_types": (education > 0 and typed == education, f"{typed}/{education}"),
        "sch2_para5": (bool(schools) and complete == len(schools), f"{complete}/{len(schools)}"),
        "eligibility": (total > 0 and eligible == total, f"{eligible}/{total}"),
        "sen_reports": (bool(schools) and with_report == len(schools), f"{with_report}/{len(schools)}"),
        "up_to_date": (overdue == 0, str(overdue)),
    }


def dashboard(today: dt.date | None = None) -> list[Result]:
    """Every checklist item with its evidence and status (an officer's override wins)."""
    from portal.local_offer.content import CATEGORIES

    today = today or dt.date.today()
    titles = {p.slug: p.title for p in db.session.scalars(
        select(Page).where(Page.published.is_(True), Page.locale == "en", Page.variant == "standard"))}  # fmt: skip
    counts = dict(db.session.execute(
        select(Service.category, func.count()).where(Service.status != "defunct").group_by(Service.category)).all())  # fmt: skip
    checks = _checks(today)
    overrides = {o.code: o for o in db.session.scalars(select(CoverageOverride))}
    results = []
    for item in checklist():
        evidence = [Evidence(titles.get(slug, slug), slug in titles, f"/local-offer/{slug}") for slug in item.pages]
        evidence += [Evidence(CATEGORIES.get(c, c), counts.get(c, 0) > 0, f"/local-offer/services?category={c}",
                              str(counts.get(c, 0))) for c in item.categories]  # fmt: skip
        evidence += [Evidence(CHECK_LABELS.get(c, c), checks[c][0], None, checks[c][1]) for c in item.checks]
        if not evidence:
            automatic = "check"
        elif all(e.ok for e in evidence):
            automatic = "met"
        elif any(e.ok for e in evidence):
            automatic = "partly"
        else:
            automatic = "gap"
        override = overrides.get(item.code)
        results.append(Result(item, override.status if override else automatic, automatic, evidence, override))
    return results


def set_override(*, code: str, status: str, note: str, actor: User) -> CoverageOverride | None:
    """Record an officer's judgement on an item ("auto" removes it).

    Raises:
        ValueError: unknown item or status.
    """
    if code not in {i.code for i in checklist()} or (status not in STATUSES and status != "auto"):
        raise ValueError(code)
    existing = db.session.scalar(select(CoverageOverride).where(CoverageOverride.code == code))
    if status == "auto":
        if existing is not None:
            db.session.delete(existing)
        db.session.flush()
        audit(actor=actor, action="coverage.override_removed", object_type="coverage", object_id=code)
        return None
    if existing is None:
        existing = CoverageOverride(code=code, status=status, note=note, set_by_id=actor.id)
        db.session.add(existing)
    existing.status, existing.note, existing.set_by_id = status, note, actor.id
    db.session.flush()
    audit(actor=actor, action="coverage.override_set", object_type="coverage", object_id=code, status=status)
    return existing
