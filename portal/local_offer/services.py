"""Local Offer pages and directory: loading and reading (the content version is in events.py)."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import selectinload

from portal.db import db
from portal.geography import services as geography
from portal.local_offer import content as content_files

# The content version moved to events.py; this name stays for callers and the cluster check.
from portal.local_offer.events import bump_content_version, content_version  # noqa: F401
from portal.local_offer.markdown import fill_placeholders, render_markdown
from portal.local_offer.models import (
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Page,
    PageVariant,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from portal.local_offer.publishing import page_hash, record_import

# Stable ids for demo data: the same fictional service keeps its id on every machine.
DEMO_NAMESPACE = uuid.UUID("6f1d3c1e-7c1a-4d0e-9a55-0b9b2f7d6a10")


class PageNotFound(LookupError):
    """No published page has that slug."""


class ServiceNotFound(LookupError):
    """No published service has that id."""


def stable_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{key}"))


# Pages -------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)  # "slug (locale, variant)" changed in the portal


def import_pages(content_dir: str | Path, *, force: bool = False) -> ImportReport:
    """Load content/ files into the live pages table (create or update by slug, locale and variant).

    A page changed in the portal since it was last imported or exported is a conflict: it is left as it
    is and reported, unless `force` says the files win.
    """
    report = ImportReport()
    existing = {(p.slug, p.locale, p.variant): p for p in db.session.scalars(select(Page))}
    for page_file in content_files.read_content(content_dir):
        values = page_file.fields()
        key = (values["slug"], values["locale"], values["variant"])
        page = existing.get(key)
        if page is None:
            page = Page(**values, published=True)
            db.session.add(page)
            page.source_hash = page_hash(page)
            report.created += 1
            continue
        differs = any(getattr(page, name) != value for name, value in values.items())
        if not differs:
            page.source_hash = page_hash(page)
            report.unchanged += 1
            continue
        if not force and page.source_hash is not None and page.source_hash != page_hash(page):
            report.conflicts.append(f"{page.slug} ({page.locale}, {page.variant})")
            continue
        for name, value in values.items():
            setattr(page, name, value)
        page.source_hash = page_hash(page)
        record_import(page)
        report.updated += 1
    db.session.flush()
    if report.created or report.updated:
        bump_content_version()
    return report


def published_pages(*, locale: str = "en", variant: str = PageVariant.STANDARD.value) -> list[Page]:
    """Every published page in one language and variant, by title."""
    stmt = select(Page).where(Page.published.is_(True), Page.locale == locale, Page.variant == variant)
    return list(db.session.scalars(stmt.order_by(Page.title)))


def all_published_pages() -> list[Page]:
    return list(db.session.scalars(select(Page).where(Page.published.is_(True))))


@dataclass
class PageView:
    """What a page template needs: the page in the best language we have, and what we could not give."""

    page: Page
    english: Page
    requested_locale: str
    translated: bool
    easy_read: Page | None
    translations: list[str]

    @property
    def fallback(self) -> bool:
        return self.requested_locale != "en" and not self.translated


def get_page(slug: str, *, locale: str, variant: str = PageVariant.STANDARD.value) -> PageView:
    """A page in the requested language, falling back to English and saying so.

    Raises:
        PageNotFound: there is no published English page with this slug.
    """
    rows = list(db.session.scalars(select(Page).where(Page.slug == slug, Page.published.is_(True))))
    by_key = {(p.locale, p.variant): p for p in rows}
    english = by_key.get(("en", PageVariant.STANDARD.value))
    if english is None:
        raise PageNotFound(slug)
    chosen = by_key.get((locale, variant)) or by_key.get(("en", variant)) or by_key.get((locale, "standard")) or english
    translations = sorted({p.locale for p in rows if p.variant == PageVariant.STANDARD.value})
    return PageView(
        page=chosen,
        english=english,
        requested_locale=locale,
        translated=chosen.locale == locale,
        easy_read=by_key.get((locale, PageVariant.EASY_READ.value)) or by_key.get(("en", PageVariant.EASY_READ.value)),
        translations=translations,
    )


def page_html(page: Page, placeholders: dict[str, str]) -> str:
    """The page body as safe HTML, with the council's details filled in."""
    return render_markdown(fill_placeholders(page.body_md, placeholders))


def in_language(english: list[Page], locale: str) -> list[Page]:
    """Each English page swapped for its translation where one is published, in the same order.

    English pages decide what is listed (their ages, needs and section are the ones officers keep), so a
    Welsh visitor gets the same list as an English one, in Welsh wherever we have it.
    """
    if locale == "en":
        return english
    translated = {p.slug: p for p in published_pages(locale=locale)}
    return [translated.get(page.slug, page) for page in english]


def pages_by_section(locale: str) -> dict[str, list[Page]]:
    """Pages grouped for the home page, in the visitor's language where translated."""
    english = published_pages(locale="en")
    groups: dict[str, list[Page]] = {key: [] for key in content_files.SECTIONS}
    for page, shown in zip(english, in_language(english, locale), strict=True):
        groups.setdefault(page.section, []).append(shown)
    return groups


def related_pages(page: Page, locale: str) -> list[Page]:
    if not page.related:
        return []
    rows = db.session.scalars(
        select(Page).where(Page.slug.in_(page.related), Page.variant == "standard", Page.published.is_(True))
    )
    best: dict[str, Page] = {}
    for row in rows:
        if row.locale == locale or (row.locale == "en" and row.slug not in best):
            best[row.slug] = row
    return [best[s] for s in page.related if s in best]


def pages_for_age(band: str, locale: str) -> list[Page]:
    """Pages for one age band, in the visitor's language where translated."""
    for key, _label, youngest, oldest in content_files.AGE_BANDS:
        if key == band:
            english = [p for p in published_pages(locale="en") if p.age_min <= oldest and p.age_max >= youngest]
            return in_language(english, locale)
    return []


def pages_for_need(need: str, locale: str) -> list[Page]:
    """Pages for one broad area of need, in the visitor's language where translated."""
    return in_language([p for p in published_pages(locale="en") if need in (p.needs or [])], locale)


# Directory ---------------------------------------------------------------------------------


def replace_directory(taxonomy: list[dict[str, Any]], services: Iterable[dict[str, Any]]) -> int:
    """Replace the directory with these taxonomy terms and services (Open Referral UK shaped dicts, as the demo
    data set in portal_demo/directory.py makes them). Returns how many services."""
    for model in (Attribute, Phone, Contact, Schedule, CostOption, ServiceArea, Language, ServiceAtLocation):
        db.session.execute(delete(model))
    db.session.execute(delete(Service))
    db.session.execute(delete(Location))
    db.session.execute(delete(Organization))
    db.session.execute(update(TaxonomyTerm).values(parent_id=None))
    db.session.execute(delete(TaxonomyTerm))
    db.session.execute(delete(Taxonomy))
    db.session.flush()

    taxonomies: dict[str, Taxonomy] = {}
    terms: dict[str, TaxonomyTerm] = {}
    for item in taxonomy:
        vocab = item.get("vocabulary", "wessex-send-categories")
        if vocab not in taxonomies:
            taxonomies[vocab] = Taxonomy(
                id=stable_id("taxonomy", vocab),
                name=vocab,
                description=_VOCAB_DESCRIPTIONS.get(vocab, vocab),
                version="1",
            )
            db.session.add(taxonomies[vocab])
        terms[item["id"]] = TaxonomyTerm(
            id=stable_id("term", item["id"]),
            code=item["id"],
            name=item["name"],
            description=item.get("description") or item["name"],
            taxonomy_id=taxonomies[vocab].id,
        )
    db.session.add_all(terms.values())
    db.session.flush()
    for item in taxonomy:
        if item.get("parent_id"):
            terms[item["id"]].parent_id = terms[item["parent_id"]].id

    organisations: dict[str, Organization] = {}
    count = 0
    for raw in services:
        org_raw = raw["organization"]
        org = organisations.get(org_raw["id"])
        if org is None:
            org = Organization(
                id=stable_id("org", org_raw["id"]),
                name=org_raw["name"],
                description=org_raw.get("description") or org_raw["name"],
                email=org_raw.get("email"),
                website=org_raw.get("website"),
            )
            organisations[org_raw["id"]] = org
            db.session.add(org)
        _add_service(raw, org, terms)
        count += 1
    db.session.flush()
    bump_content_version()
    return count


_VOCAB_DESCRIPTIONS = {
    "wessex-send-categories": "Kinds of service in the Local Offer directory",
    "wessex-send-needs": "The four broad areas of need in the SEND Code of Practice (2015)",
}


def _add_service(raw: dict[str, Any], org: Organization, terms: dict[str, TaxonomyTerm]) -> Service:
    service = Service(
        id=stable_id("service", raw["id"]),
        source_key=raw["id"],
        organization=org,
        name=raw["name"],
        description=raw["description"],
        url=raw.get("url"),
        email=raw.get("email"),
        status=raw.get("status", "active"),
        alert=raw.get("alert"),
        fees_description="; ".join(c["amount_description"] for c in raw.get("cost_options") or []) or None,
        minimum_age=raw["min_age"],
        maximum_age=raw["max_age"],
        assured_date=_as_date(raw.get("assured_date")),
        review_due=_as_date(raw.get("review_due")),
        category=raw["category"],
        subcategory=raw.get("subcategory"),
        provider_type=raw.get("provider_type"),
        in_area=raw.get("in_area", True),
        need_types=list(raw.get("need_types") or []),
        audience=list(raw.get("audience") or []),
        cost=raw.get("cost", "free"),
        attending_type=raw.get("attending_type", "in_person"),
        eligibility_description=raw.get("eligibility") or "",
        application_process=raw.get("application_process") or "",
        referral_route=raw.get("referral_route") or "any",
        sch2_para5=raw.get("sch2_para5"),
        sen_information_report_url=raw.get("sen_information_report_url"),
        owner=raw.get("owner") or "",
    )
    db.session.add(service)
    for loc in raw.get("locations") or []:
        location = Location(
            id=stable_id("location", loc["id"] + raw["id"]),
            name=loc.get("name", ""),
            address_1=loc.get("address_1", ""),
            city=loc.get("city", ""),
            state_province=loc.get("state_province", ""),
            postal_code=loc.get("postal_code", ""),
            country=loc.get("country", "GB"),
            latitude=loc.get("latitude"),
            longitude=loc.get("longitude"),
            accessibility=loc.get("accessibility", ""),
        )
        service.service_at_locations.append(
            ServiceAtLocation(id=stable_id("sal", loc["id"] + raw["id"]), location=location)
        )
    for i, phone in enumerate(raw.get("phones") or []):
        service.phones.append(
            Phone(
                id=stable_id("phone", f"{raw['id']}:{i}"),
                number=phone["number"],
                description=phone.get("description", ""),
            )
        )
    for i, contact in enumerate(raw.get("contacts") or []):
        c = Contact(
            id=stable_id("contact", f"{raw['id']}:{i}"),
            name=contact.get("name", ""),
            title=contact.get("title", ""),
            email=contact.get("email"),
        )
        for j, phone in enumerate(contact.get("phones") or []):
            c.phones.append(
                Phone(
                    id=stable_id("cphone", f"{raw['id']}:{i}:{j}"),
                    number=phone["number"],
                    description=phone.get("description", ""),
                )
            )
        service.contacts.append(c)
    for i, sched in enumerate(raw.get("schedules") or []):
        service.schedules.append(
            Schedule(
                id=stable_id("schedule", f"{raw['id']}:{i}"),
                byday=sched.get("byday", ""),
                opens_at=sched.get("opens_at"),
                closes_at=sched.get("closes_at"),
                description=sched.get("description", ""),
            )
        )
    for i, cost in enumerate(raw.get("cost_options") or []):
        service.cost_options.append(
            CostOption(
                id=stable_id("cost", f"{raw['id']}:{i}"),
                option=cost.get("option", ""),
                amount=cost.get("amount"),
                amount_description=cost.get("amount_description", ""),
                currency=cost.get("currency", "GBP"),
            )
        )
    for i, area in enumerate(raw.get("service_areas") or []):
        service.service_areas.append(ServiceArea(id=stable_id("area", f"{raw['id']}:{i}"), name=area))
    for i, lang in enumerate(raw.get("languages") or []):
        service.languages.append(Language(id=stable_id("lang", f"{raw['id']}:{i}"), name=lang))
    for code in raw.get("taxonomy_terms") or []:
        term = terms.get(code)
        if term is not None:
            db.session.add(
                Attribute(
                    id=stable_id("attr", f"{raw['id']}:{code}"),
                    link_id=service.id,
                    link_type="service",
                    link_entity="service",
                    taxonomy_term_id=term.id,
                )
            )
    return service


def _as_date(value: Any) -> dt.date | None:
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


_SERVICE_LOAD = (
    selectinload(Service.organization),
    selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location),
    selectinload(Service.contacts).selectinload(Contact.phones),
    selectinload(Service.phones),
    selectinload(Service.schedules),
    selectinload(Service.cost_options),
    selectinload(Service.service_areas),
    selectinload(Service.languages),
)


def get_service(service_id: str) -> Service:
    """One published service with everything its page shows.

    Raises:
        ServiceNotFound: no service has that id.
    """
    try:
        uuid.UUID(service_id)
    except ValueError as exc:
        raise ServiceNotFound(service_id) from exc
    service = db.session.scalar(select(Service).where(Service.id == service_id).options(*_SERVICE_LOAD))
    if service is None or service.status == "defunct":
        raise ServiceNotFound(service_id)
    return service


def all_services() -> list[Service]:
    return list(db.session.scalars(select(Service).where(Service.status != "defunct").options(*_SERVICE_LOAD)))


def is_stale(checked: dt.date | None, today: dt.date | None = None) -> bool:
    """Listings not checked for over a year are flagged to the public as possibly out of date."""
    if checked is None:
        return True
    return ((today or dt.date.today()) - checked).days > 365


def distance_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 3958.8 * 2 * math.asin(math.sqrt(h))


def postcode_location(postcode: str) -> tuple[float, float] | None:
    """Where a postcode is, from the postcode directory the council loaded (`portal postcodes import`), or None."""
    return geography.locate(postcode)


def services_count() -> int:
    from sqlalchemy import func

    return db.session.scalar(select(func.count()).select_from(Service)) or 0


def export_pages(content_dir: str | Path) -> int:
    """Write every live (published) page back to content/ in the seed format. Returns how many files."""

    root = Path(content_dir)
    count = 0
    stmt = select(Page).where(Page.published.is_(True)).order_by(Page.variant, Page.locale, Page.slug)
    for page in db.session.scalars(stmt):
        folder = "easy-read" if page.variant == PageVariant.EASY_READ.value else "pages"
        meta: dict[str, Any] = {
            "slug": page.slug,
            "title": page.title,
            "summary": page.summary,
            "audience": page.audience,
            "age_min": page.age_min,
            "age_max": page.age_max,
            "section": page.section,
            "needs": page.needs,
            "tags": page.tags,
            "questions": page.questions,
            "owner_team": page.owner_team,
            **({"owner_email": page.owner_email} if page.owner_email else {}),
            "last_reviewed": page.last_reviewed,
            "next_review_due": page.next_review_due,
            "related": page.related,
        }
        if page.locale != "en" or page.variant != PageVariant.STANDARD.value:
            meta["translation_of"] = page.slug
            meta["translated_on"] = page.translated_on
        if page.variant == PageVariant.EASY_READ.value:
            meta["easy_read"] = True
        content_files.write_file(root / folder / page.locale / f"{page.slug}.md", meta, page.body_md)
        page.source_hash = page_hash(page)
        count += 1
    db.session.flush()
    return count
