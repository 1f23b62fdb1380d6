"""The Open Referral UK feed (HSDS 3.0 UK profile): read-only queries over the directory, and their JSON shapes.

Only published data leaves the portal: services whose status is "defunct" are never listed or found. Optional
fields with no value are left out rather than sent as null or "", as the profile asks.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, literal, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from portal import page_cache
from portal.db import db
from portal.local_offer.models import (
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from portal.local_offer.services import distance_miles, postcode_location
from portal.oruk.params import Nearby, Paging, ServiceFilters, TermFilters

HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile"
METRES_PER_MILE = 1609.344
# HSDS gives addresses and accessibility notes ids of their own; here they are columns of a location, so their ids
# are derived from the location's, which keeps them stable from one request to the next.
_DERIVED_IDS = uuid.UUID("54d2b64e-7492-4ade-ba9f-103335f44f77")

Json = dict[str, Any]


class NotFound(LookupError):
    """Nothing published has that id."""


def api_info(openapi_url: str) -> Json:
    """What GET / answers: the HSDS version, the profile and where the OpenAPI document is."""
    return {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": openapi_url}


# Services ----------------------------------------------------------------------------------

_SERVICE_DETAIL_LOAD: tuple[LoaderOption, ...] = (
    selectinload(Service.organization),
    selectinload(Service.contacts).selectinload(Contact.phones),
    selectinload(Service.phones),
    selectinload(Service.schedules),
    selectinload(Service.cost_options),
    selectinload(Service.service_areas),
    selectinload(Service.languages),
)


def services_page(filters: ServiceFilters, paging: Paging) -> Json:
    """One page of published services (one-to-one fields and their organisation), by name."""
    stmt = select(Service.id).where(*_service_conditions(filters)).order_by(Service.name, Service.id)
    return _paged_ids(stmt, paging, "service", _load_service_summaries)


def _load_service_summaries(ids: list[str]) -> dict[str, Json]:
    stmt = select(Service).where(Service.id.in_(ids)).options(selectinload(Service.organization))
    return {service.id: _service_summary(service) for service in db.session.scalars(stmt)}


def service_detail(service_id: str) -> Json:
    """One published service, fully nested.

    Raises:
        NotFound: the id is not a UUID, or no published service has it.
    """
    key = _canonical_uuid(service_id)
    service = None
    if key is not None:
        stmt = select(Service).where(Service.id == key, Service.status != "defunct")
        load = selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location)
        service = db.session.scalar(stmt.options(*_SERVICE_DETAIL_LOAD, load))
    if service is None:
        raise NotFound(service_id)
    body = _service_full(service)
    body["service_at_locations"] = [
        {**_link_fields(sal), "location": _location_full(sal.location)}
        for sal in sorted(service.service_at_locations, key=lambda sal: (sal.location.name, sal.id))
    ]
    return body


# Services at locations ---------------------------------------------------------------------

_SAL_SUMMARY_LOAD = (
    selectinload(ServiceAtLocation.location),
    selectinload(ServiceAtLocation.service).selectinload(Service.organization),
)


def service_at_locations_page(filters: ServiceFilters, paging: Paging, nearby: Nearby | None = None) -> Json:
    """One page of places where published services are offered: by service name, or nearest first from a postcode.

    With a postcode only places with a known position are listed; with a proximity too, only those within that
    many metres. An unknown postcode gives an empty page.
    """
    conditions = _service_conditions(filters)
    if nearby is None:
        stmt = _sal_select(ServiceAtLocation.id, conditions).order_by(Service.name, Location.name, ServiceAtLocation.id)
        return _paged_ids(stmt, paging, "service_at_location", _load_sal_summaries)
    ids = _nearest(conditions, nearby)
    window = ids[paging.offset : paging.offset + paging.per_page]
    return _page(paging, len(ids), _summaries("service_at_location", window, _load_sal_summaries))


def _load_sal_summaries(ids: list[str]) -> dict[str, Json]:
    stmt = select(ServiceAtLocation).where(ServiceAtLocation.id.in_(ids)).options(*_SAL_SUMMARY_LOAD)
    return {sal.id: _sal_summary(sal) for sal in db.session.scalars(stmt)}


def service_at_location_detail(sal_id: str) -> Json:
    """One place where a published service is offered, with the location and the service fully nested.

    Raises:
        NotFound: the id is not a UUID, or it is not a place of a published service.
    """
    key = _canonical_uuid(sal_id)
    sal = None
    if key is not None:
        stmt = _sal_select(ServiceAtLocation, [ServiceAtLocation.id == key, Service.status != "defunct"])
        load = (
            selectinload(ServiceAtLocation.location),
            selectinload(ServiceAtLocation.service).options(*_SERVICE_DETAIL_LOAD),
        )
        sal = db.session.scalar(stmt.options(*load))
    if sal is None:
        raise NotFound(sal_id)
    return {**_link_fields(sal), "location": _location_full(sal.location), "service": _service_full(sal.service)}


def _sal_select(entity: Any, conditions: Sequence[ColumnElement[bool]], *more: Any) -> Select[Any]:
    return (
        select(entity, *more)
        .select_from(ServiceAtLocation)
        .join(ServiceAtLocation.service)
        .join(ServiceAtLocation.location)
        .where(*conditions)
    )


def _nearest(conditions: Sequence[ColumnElement[bool]], nearby: Nearby) -> list[str]:
    """Ids of matching places nearest first, within the proximity if one was given."""
    origin = postcode_location(nearby.postcode)
    if origin is None:
        return []
    stmt = _sal_select(ServiceAtLocation.id, conditions, Location.latitude, Location.longitude).where(
        Location.latitude.is_not(None), Location.longitude.is_not(None)
    )
    measured = []
    for key, latitude, longitude in db.session.execute(stmt):
        metres = distance_miles(origin, (latitude, longitude)) * METRES_PER_MILE
        if nearby.proximity_metres is None or metres <= nearby.proximity_metres:
            measured.append((metres, key))
    return [key for _metres, key in sorted(measured)]


# Taxonomies --------------------------------------------------------------------------------


def taxonomies_page(paging: Paging) -> Json:
    """One page of taxonomies, by name."""
    return _paged(select(Taxonomy).order_by(Taxonomy.name, Taxonomy.id), paging, _taxonomy)


def taxonomy_detail(taxonomy_id: str) -> Json:
    """One taxonomy with its terms.

    Raises:
        NotFound: the id is not a UUID, or no taxonomy has it.
    """
    key = _canonical_uuid(taxonomy_id)
    taxonomy = db.session.get(Taxonomy, key) if key is not None else None
    if taxonomy is None:
        raise NotFound(taxonomy_id)
    terms = db.session.scalars(
        select(TaxonomyTerm)
        .where(TaxonomyTerm.taxonomy_id == taxonomy.id)
        .order_by(TaxonomyTerm.name, TaxonomyTerm.id)
        .options(selectinload(TaxonomyTerm.taxonomy))
    )
    return {**_taxonomy(taxonomy), "taxonomy_terms": [_term(term) for term in terms]}


def taxonomy_terms_page(filters: TermFilters, paging: Paging) -> Json:
    """One page of taxonomy terms, by name, optionally of one taxonomy or under one parent term."""
    conditions: list[ColumnElement[bool]] = []
    for column, wanted in (
        (TaxonomyTerm.taxonomy_id, filters.taxonomy_id),
        (TaxonomyTerm.parent_id, filters.parent_id),
    ):
        if wanted is not None:
            conditions.append(_id_equals(column, wanted))
    stmt = select(TaxonomyTerm).where(*conditions).order_by(TaxonomyTerm.name, TaxonomyTerm.id)
    return _paged(stmt, paging, _term, selectinload(TaxonomyTerm.taxonomy))


def taxonomy_term_detail(term_id: str) -> Json:
    """One taxonomy term with its taxonomy nested.

    Raises:
        NotFound: the id is not a UUID, or no term has it.
    """
    key = _canonical_uuid(term_id)
    term = None
    if key is not None:
        stmt = select(TaxonomyTerm).where(TaxonomyTerm.id == key).options(selectinload(TaxonomyTerm.taxonomy))
        term = db.session.scalar(stmt)
    if term is None:
        raise NotFound(term_id)
    return _term(term, detail=True)


# Filters -----------------------------------------------------------------------------------


def _service_conditions(filters: ServiceFilters) -> list[ColumnElement[bool]]:
    """SQL conditions on Service for the profile's filters; always excludes defunct services."""
    conditions: list[ColumnElement[bool]] = [Service.status != "defunct"]
    if filters.search:
        conditions.append(_contains_text(filters.search, Service.name, Service.description))
    if filters.taxonomy_term_id:
        conditions.append(
            Service.id.in_(
                select(Attribute.link_id).where(
                    Attribute.link_entity == "service", _id_equals(Attribute.taxonomy_term_id, filters.taxonomy_term_id)
                )
            )
        )
    if filters.taxonomy_id:
        conditions.append(
            Service.id.in_(
                select(Attribute.link_id)
                .join(Attribute.taxonomy_term)
                .where(Attribute.link_entity == "service", _id_equals(TaxonomyTerm.taxonomy_id, filters.taxonomy_id))
            )
        )
    # The profile's wording: minimum_age "of at least", maximum_age "equal to or below" the value given.
    if filters.minimum_age is not None:
        conditions.append(Service.minimum_age >= filters.minimum_age)
    if filters.maximum_age is not None:
        conditions.append(Service.maximum_age <= filters.maximum_age)
    schedule = _schedule_conditions(filters)
    if schedule:
        conditions.append(Service.schedules.any(and_(*schedule)))
    return conditions


def _schedule_conditions(filters: ServiceFilters) -> list[ColumnElement[bool]]:
    """One schedule must satisfy the day and both times together, not one schedule each."""
    conditions: list[ColumnElement[bool]] = []
    if filters.day:
        days = literal(",") + func.replace(Schedule.byday, " ", "") + literal(",")
        conditions.append(days.contains(f",{filters.day},"))
    if filters.start_time:
        conditions.append(_as_hh_mm_ss(Schedule.opens_at) >= filters.start_time)
    if filters.end_time:
        conditions.append(_as_hh_mm_ss(Schedule.closes_at) <= filters.end_time)
    return conditions


def _as_hh_mm_ss(column: Any) -> ColumnElement[str]:
    # Times are stored as "HH:MM" (or "HH:MM:SS"); one fixed width makes text order the same as time order.
    return case((func.length(column) == 5, column + ":00"), else_=column)


def _contains_text(text: str, *columns: Any) -> ColumnElement[bool]:
    if "\x00" in text:
        # No stored text holds a NUL, and PostgreSQL refuses one even as a parameter.
        return false()
    needle = text.lower()
    return or_(*(func.lower(column).contains(needle, autoescape=True) for column in columns))


def _id_equals(column: Any, wanted: str) -> ColumnElement[bool]:
    key = _canonical_uuid(wanted)
    return column == key if key is not None else false()


def _canonical_uuid(value: str) -> str | None:
    """The id as stored (lower-case, hyphenated), or None when it is not a UUID at all."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


# Pages -------------------------------------------------------------------------------------


def _paged(stmt: Select[Any], paging: Paging, serialise: Callable[[Any], Json], *load: LoaderOption) -> Json:
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows: list[Any] = []
    # Past the end there is nothing to fetch, and a huge page number would overflow the database's OFFSET.
    if paging.offset < total:
        rows = list(db.session.scalars(stmt.options(*load).limit(paging.per_page).offset(paging.offset)))
    return _page(paging, total, [serialise(row) for row in rows])


def _paged_ids(stmt: Select[Any], paging: Paging, kind: str, load: Callable[[list[str]], dict[str, Json]]) -> Json:
    """A page from a query of ids: only the ids come from the database each time; each row's JSON is built once
    per content version (see _summaries)."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    ids: list[str] = []
    if paging.offset < total:
        ids = list(db.session.scalars(stmt.limit(paging.per_page).offset(paging.offset)))
    return _page(paging, total, _summaries(kind, ids, load))


def _summaries(kind: str, ids: list[str], load: Callable[[list[str]], dict[str, Json]]) -> list[Json]:
    """The list shape of each of these rows, in this order: from memory where it was built since the content
    version last moved (every change to the directory moves it, as for the whole-response cache), the rest
    loaded together in one query. The JSON is the same for everyone: only published data is in the feed."""
    if not page_cache.enabled():
        found = load(ids) if ids else {}
        return [found[key] for key in ids]
    version = page_cache.content_version()
    found = {}
    for key in ids:
        hit = page_cache.feed_rows.get((kind, key, version))
        if hit is not None:
            found[key] = hit
    missing = [key for key in ids if key not in found]
    if missing:
        for key, body in load(missing).items():
            page_cache.feed_rows.put((kind, key, version), body)
            found[key] = body
    return [found[key] for key in ids]


def _page(paging: Paging, total: int, contents: list[Json]) -> Json:
    """The HSDS 3.0 page object."""
    total_pages = math.ceil(total / paging.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# Serialisation -----------------------------------------------------------------------------


def _compact(**fields: Any) -> Json:
    return {name: value for name, value in fields.items() if value is not None}


def _text(value: str | None) -> str | None:
    return value or None


def _time(value: str | None) -> str | None:
    return f"{value}:00" if value and len(value) == 5 else _text(value)


def _timestamp(value: dt.datetime) -> str:
    # SQLite hands back naive datetimes; every stored time is UTC.
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _service_summary(service: Service) -> Json:
    """The _list shape: one-to-one fields and the organisation."""
    return {**_service_fields(service), "organization": _organization(service.organization)}


def _service_fields(service: Service) -> Json:
    return _compact(
        id=service.id,
        organization_id=service.organization_id,
        name=service.name,
        description=service.description,
        url=_text(service.url),
        email=_text(service.email),
        status=service.status,
        # "fees" is the profile's name; HSDS 3.0 renamed it fees_description. Both, for readers of either.
        fees=_text(service.fees_description),
        fees_description=_text(service.fees_description),
        eligibility_description=_text(service.eligibility_description),
        application_process=_text(service.application_process),
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        assured_date=service.assured_date.isoformat() if service.assured_date else None,
        assurer_email=_text(service.assurer_email),
        alert=_text(service.alert),
        last_modified=_timestamp(service.last_modified),
    )


def _service_full(service: Service) -> Json:
    """Every related record except the places (the caller adds those where the shape wants them)."""
    return {
        **_service_summary(service),
        "schedules": [
            _compact(
                id=schedule.id,
                service_id=service.id,
                freq=_text(schedule.freq),
                byday=_text(schedule.byday),
                opens_at=_time(schedule.opens_at),
                closes_at=_time(schedule.closes_at),
                description=_text(schedule.description),
            )
            for schedule in service.schedules
        ],
        "service_areas": [
            _compact(id=area.id, service_id=service.id, name=area.name, extent_type=_text(area.extent_type))
            for area in service.service_areas
        ],
        "languages": [
            _compact(id=language.id, service_id=service.id, name=language.name, code=_text(language.code))
            for language in service.languages
        ],
        "cost_options": [
            _compact(
                id=cost.id,
                service_id=service.id,
                option=_text(cost.option),
                amount=cost.amount,
                currency=_text(cost.currency),
                amount_description=_text(cost.amount_description),
            )
            for cost in service.cost_options
        ],
        "phones": [_phone(phone, service_id=service.id) for phone in service.phones],
        "contacts": [
            _compact(
                id=contact.id,
                service_id=service.id,
                name=_text(contact.name),
                title=_text(contact.title),
                email=_text(contact.email),
                phones=[_phone(phone, contact_id=contact.id) for phone in contact.phones],
            )
            for contact in service.contacts
        ],
        "attributes": _service_attributes(service.id),
    }


def _phone(phone: Phone, **link: str) -> Json:
    return _compact(id=phone.id, **link, number=phone.number, description=_text(phone.description))


def _organization(organization: Organization) -> Json:
    return _compact(
        id=organization.id,
        name=organization.name,
        description=organization.description,
        email=_text(organization.email),
        website=_text(organization.website),
    )


def _service_attributes(service_id: str) -> list[Json]:
    stmt = (
        select(Attribute)
        .join(Attribute.taxonomy_term)
        .where(Attribute.link_entity == "service", Attribute.link_id == service_id)
        .order_by(TaxonomyTerm.code, Attribute.id)
        .options(selectinload(Attribute.taxonomy_term).selectinload(TaxonomyTerm.taxonomy))
    )
    return [
        _compact(
            id=attribute.id,
            link_id=attribute.link_id,
            link_type=attribute.link_type,
            link_entity=attribute.link_entity,
            taxonomy_term_id=attribute.taxonomy_term_id,
            value=_text(attribute.value),
            taxonomy_term=_term(attribute.taxonomy_term, detail=True),
        )
        for attribute in db.session.scalars(stmt)
    ]


def _link_fields(sal: ServiceAtLocation) -> Json:
    return {"id": sal.id, "service_id": sal.service_id, "location_id": sal.location_id}


def _sal_summary(sal: ServiceAtLocation) -> Json:
    """The _list shape: the place's one-to-one fields, its location's and its service's."""
    return {
        **_link_fields(sal),
        "location": _location_fields(sal.location),
        "service": _service_summary(sal.service),
    }


def _location_fields(location: Location) -> Json:
    return _compact(
        id=location.id,
        location_type=location.location_type,
        name=_text(location.name),
        latitude=location.latitude,
        longitude=location.longitude,
    )


def _location_full(location: Location) -> Json:
    body = _location_fields(location)
    if location.address_1 or location.postal_code:
        body["addresses"] = [
            {
                "id": str(uuid.uuid5(_DERIVED_IDS, f"address:{location.id}")),
                "location_id": location.id,
                "address_1": location.address_1,
                "city": location.city,
                "state_province": location.state_province,
                "postal_code": location.postal_code,
                "country": location.country,
                "address_type": "postal" if location.location_type == "postal" else "physical",
            }
        ]
    if location.accessibility:
        body["accessibility"] = [
            {
                "id": str(uuid.uuid5(_DERIVED_IDS, f"accessibility:{location.id}")),
                "location_id": location.id,
                "description": location.accessibility,
            }
        ]
    return body


def _taxonomy(taxonomy: Taxonomy) -> Json:
    return _compact(
        id=taxonomy.id,
        name=taxonomy.name,
        description=taxonomy.description,
        uri=_text(taxonomy.uri),
        version=_text(taxonomy.version),
    )


def _term(term: TaxonomyTerm, *, detail: bool = False) -> Json:
    """A term; "taxonomy" is the taxonomy's name (the profile makes it text), taxonomy_detail the taxonomy itself."""
    return _compact(
        id=term.id,
        code=term.code,
        name=term.name,
        description=term.description,
        parent_id=term.parent_id,
        taxonomy=term.taxonomy.name,
        taxonomy_id=term.taxonomy_id,
        taxonomy_detail=_taxonomy(term.taxonomy) if detail else None,
    )
