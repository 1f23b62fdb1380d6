"""The Open Referral UK feed as another directory or app sees it: JSON, open to any origin, published data only."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.local_offer.models import Attribute, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from portal.local_offer.services import distance_miles, postcode_location

API = "/api/oruk"
# Each has a paginated list and an {id} endpoint.
ENDPOINTS = ["/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"]


def get(client, path: str, status: int = 200) -> Any:
    """GET a feed URL; every answer, error or not, is JSON that any origin may read."""
    response = client.get(API + path)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    return response.get_json()


def all_items(client, path: str, query: str = "") -> list[dict[str, Any]]:
    items, page = [], 1
    while True:
        body = get(client, f"{path}?per_page=200&page={page}{query}")
        items += body["contents"]
        if body["last_page"]:
            assert len(items) == body["total_items"]
            return items
        page += 1


def no_nulls(value: Any) -> bool:
    if isinstance(value, dict):
        return all(v is not None and no_nulls(v) for v in value.values())
    if isinstance(value, list):
        return all(no_nulls(v) for v in value)
    return True


def published_services(db_session) -> list[Service]:
    stmt = select(Service).where(Service.status != "defunct").options(selectinload(Service.schedules))
    return list(db_session.scalars(stmt))


def service_ids_with_terms(db_session, term_ids: set[str]) -> set[str]:
    rows = db_session.scalars(select(Attribute.link_id).where(Attribute.taxonomy_term_id.in_(term_ids)))
    return set(rows)


def term(db_session, code: str) -> TaxonomyTerm:
    return db_session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == code))


# About the feed ----------------------------------------------------------------------------


def test_root_names_version_profile_and_openapi(client):
    body = get(client, "/")
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"] == "http://localhost/api/oruk/openapi.json"


def test_openapi_document_describes_exactly_these_endpoints(client):
    document = get(client, "/openapi.json")
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": API}]
    assert set(document["paths"]) == {
        "/",
        "/services",
        "/services/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
        "/openapi.json",
    }
    parameters = document["components"]["parameters"]

    def names(path: str) -> set[str]:
        return {parameters[p["$ref"].rsplit("/", 1)[1]]["name"] for p in document["paths"][path]["get"]["parameters"]}

    service_filters = {"search", "page", "per_page", "taxonomy_term_id", "taxonomy_id", "minimum_age", "maximum_age"}
    service_filters |= {"start_time", "end_time", "day"}
    assert names("/services") == service_filters
    assert names("/service_at_locations") == service_filters | {"postcode", "proximity"}
    assert names("/taxonomies") == {"page", "per_page"}
    assert names("/taxonomy_terms") == {"page", "per_page", "taxonomy_id", "parent_id"}


def test_unknown_path_in_the_feed_is_json_404(client):
    body = get(client, "/vocabularies", status=404)
    assert body["status"] == 404
    get(client, "/services/one/two", status=404)


# Pagination --------------------------------------------------------------------------------


def test_services_first_page_uses_the_defaults(client, db_session):
    total = len(published_services(db_session))
    body = get(client, "/services")
    assert body["total_items"] == total
    assert body["page_number"] == 1
    assert body["size"] == len(body["contents"]) == 50
    assert body["total_pages"] == -(-total // 50)
    assert body["first_page"] is True and body["last_page"] is False and body["empty"] is False


def test_services_pages_cover_every_published_service_once(client, db_session):
    ids = [item["id"] for item in all_items(client, "/services")]
    assert len(ids) == len(set(ids))
    assert set(ids) == {s.id for s in published_services(db_session)}


def test_last_and_past_the_last_page(client):
    first = get(client, "/services?per_page=100")
    last = get(client, f"/services?per_page=100&page={first['total_pages']}")
    assert last["last_page"] is True and last["first_page"] is False
    assert last["size"] == first["total_items"] - 100 * (first["total_pages"] - 1)
    beyond = get(client, f"/services?per_page=100&page={first['total_pages'] + 1}")
    assert beyond["contents"] == [] and beyond["empty"] is True and beyond["size"] == 0
    assert beyond["total_items"] == first["total_items"]
    huge = get(client, "/services?page=99999999999999999999999")
    assert huge["empty"] is True


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_list_is_paginated(client, path):
    one = get(client, f"{path}?per_page=1")
    two = get(client, f"{path}?per_page=1&page=2")
    assert one["size"] == two["size"] == 1
    assert one["contents"][0]["id"] != two["contents"][0]["id"]
    assert one["total_pages"] == one["total_items"]
    assert set(one) == {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    }


def test_empty_result_is_an_empty_page(client):
    body = get(client, "/services?search=zzzz-nothing-like-this")
    assert body == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


# Shapes ------------------------------------------------------------------------------------


def test_service_list_has_one_to_one_fields_and_organisation(client):
    body = get(client, "/services?per_page=200")
    assert no_nulls(body)
    item = body["contents"][0]
    assert {"id", "name", "description", "status", "organization_id", "last_modified", "organization"} <= set(item)
    assert set(item["organization"]) >= {"id", "name", "description"}
    assert not {"schedules", "contacts", "service_at_locations", "attributes"} & set(item)


def test_service_detail_is_fully_nested(client, db_session):
    service = db_session.scalar(
        select(Service).where(Service.source_key == "svc-0001").options(selectinload(Service.organization))
    )
    body = get(client, f"/services/{service.id}")
    assert no_nulls(body)
    assert body["id"] == service.id and body["name"] == service.name
    assert body["fees"] == service.fees_description
    assert body["assured_date"] == service.assured_date.isoformat()
    assert body["minimum_age"] == service.minimum_age and body["maximum_age"] == service.maximum_age
    assert body["status"] == "active"
    assert body["last_modified"].endswith("Z")
    assert dt.datetime.fromisoformat(body["last_modified"]).tzinfo is not None
    assert body["organization"]["id"] == service.organization_id
    assert body["organization"]["website"] == service.organization.website

    [schedule] = body["schedules"]
    assert schedule == {
        "id": schedule["id"],
        "service_id": service.id,
        "freq": "WEEKLY",
        "byday": "MO,TU,WE,TH,FR",
        "opens_at": "08:45:00",
        "closes_at": "15:15:00",
        "description": "Term time (38 weeks a year)",
    }
    assert body["service_areas"][0]["name"] == "Kingsbridge Vale"
    assert body["service_areas"][0]["extent_type"] == "text"
    assert [language["name"] for language in body["languages"]] == ["English"]
    assert {cost["option"] for cost in body["cost_options"]} == {"Free for eligible families", "Standard price"}
    assert all(cost["currency"] == "GBP" for cost in body["cost_options"])
    [contact] = body["contacts"]
    assert contact["title"] == "SENCo"
    assert contact["phones"][0]["number"] == "01632 960122"
    assert body["phones"][0]["number"] == "01632 960330"

    [place] = body["service_at_locations"]
    location = place["location"]
    assert place["service_id"] == service.id and place["location_id"] == location["id"]
    assert location["location_type"] == "physical"
    assert isinstance(location["latitude"], float)
    [address] = location["addresses"]
    assert address["address_1"] == "10 Harbour Road" and address["postal_code"] == "WX1 6HY"
    assert address["country"] == "GB" and address["city"] == "Kingsbridge"
    assert location["accessibility"][0]["description"].startswith("Level access")

    codes = {attribute["taxonomy_term"]["code"] for attribute in body["attributes"]}
    assert {"cat-education", "cat-education-nursery", "need-semh"} <= codes
    attribute = body["attributes"][0]
    assert attribute["link_id"] == service.id
    assert attribute["taxonomy_term_id"] == attribute["taxonomy_term"]["id"]
    assert attribute["taxonomy_term"]["taxonomy_detail"]["id"] == attribute["taxonomy_term"]["taxonomy_id"]
    assert attribute["taxonomy_term"]["taxonomy"] == attribute["taxonomy_term"]["taxonomy_detail"]["name"]


def test_missing_values_are_left_out_not_null(client, db_session):
    quiet = db_session.scalar(select(Service).where(Service.alert.is_(None), Service.assurer_email.is_(None)))
    body = get(client, f"/services/{quiet.id}")
    assert "alert" not in body and "assurer_email" not in body
    alerted = db_session.scalar(select(Service).where(Service.alert.is_not(None)))
    assert get(client, f"/services/{alerted.id}")["alert"] == alerted.alert


def test_ids_are_our_uuids(client):
    for item in get(client, "/service_at_locations?per_page=20")["contents"]:
        for value in (item["id"], item["service_id"], item["location_id"], item["service"]["organization_id"]):
            assert str(uuid.UUID(value)) == value


def test_detail_accepts_an_upper_case_uuid(client, db_session):
    service = db_session.scalar(select(Service).limit(1))
    assert get(client, f"/services/{service.id.upper()}")["id"] == service.id


# Only published data -----------------------------------------------------------------------


def test_defunct_services_are_not_in_the_feed(client, db_session):
    service = db_session.scalar(
        select(Service).where(Service.source_key == "svc-0001").options(selectinload(Service.service_at_locations))
    )
    [sal] = service.service_at_locations
    before = get(client, "/services?per_page=1")["total_items"]
    places_before = get(client, "/service_at_locations?per_page=1")["total_items"]
    service.status = "defunct"
    db_session.flush()

    assert get(client, "/services?per_page=1")["total_items"] == before - 1
    assert service.id not in {item["id"] for item in all_items(client, "/services")}
    get(client, f"/services/{service.id}", status=404)
    assert get(client, "/service_at_locations?per_page=1")["total_items"] == places_before - 1
    get(client, f"/service_at_locations/{sal.id}", status=404)
    nursery = term(db_session, "cat-education-nursery")
    found = all_items(client, "/services", f"&taxonomy_term_id={nursery.id}")
    assert service.id not in {item["id"] for item in found}


def test_temporarily_closed_services_stay_with_their_status(client, db_session):
    closed = db_session.scalar(select(Service).where(Service.status == "temporarily closed"))
    assert get(client, f"/services/{closed.id}")["status"] == "temporarily closed"


# Service filters ---------------------------------------------------------------------------


def test_search_matches_name_or_description_in_any_case(client, db_session):
    lower = all_items(client, "/services", "&search=nursery")
    upper = all_items(client, "/services", "&search=NURSERY")
    assert lower and [i["id"] for i in lower] == [i["id"] for i in upper]
    expected = {
        s.id
        for s in published_services(db_session)
        if "nursery" in s.name.lower() or "nursery" in s.description.lower()
    }
    assert {i["id"] for i in lower} == expected


@pytest.mark.parametrize("text", ["%", "_", "100%", "a\\b", "\x00"])
def test_search_treats_wildcards_as_text(client, text):
    for item in all_items(client, "/services", f"&search={quote(text)}"):
        assert text.lower() in (item["name"] + item["description"]).lower()


def test_taxonomy_term_filter(client, db_session):
    semh = term(db_session, "need-semh")
    found = {i["id"] for i in all_items(client, "/services", f"&taxonomy_term_id={semh.id}")}
    published = {s.id for s in published_services(db_session)}
    assert found and found == service_ids_with_terms(db_session, {semh.id}) & published


def test_taxonomy_filter(client, db_session):
    needs = db_session.scalar(select(Taxonomy).where(Taxonomy.name == "wessex-send-needs"))
    term_ids = set(db_session.scalars(select(TaxonomyTerm.id).where(TaxonomyTerm.taxonomy_id == needs.id)))
    found = {i["id"] for i in all_items(client, "/services", f"&taxonomy_id={needs.id}")}
    published = {s.id for s in published_services(db_session)}
    assert found and found == service_ids_with_terms(db_session, term_ids) & published


@pytest.mark.parametrize("query", ["taxonomy_term_id=not-a-uuid", "taxonomy_id=3f2b1c4e-0000-4000-8000-00000000a001"])
def test_unknown_taxonomy_filters_give_an_empty_page(client, query):
    assert get(client, f"/services?{query}")["empty"] is True


def test_age_filters_follow_the_profile_wording(client, db_session):
    found = all_items(client, "/services", "&minimum_age=5&maximum_age=19")
    assert found
    assert all(item["minimum_age"] >= 5 and item["maximum_age"] <= 19 for item in found)
    expected = {s.id for s in published_services(db_session) if s.minimum_age >= 5 and s.maximum_age <= 19}
    assert {item["id"] for item in found} == expected
    assert (
        get(client, "/services?minimum_age=4.5")["total_items"] == get(client, "/services?minimum_age=5")["total_items"]
    )


def _expected_by_schedule(db_session, day: str | None, start: str | None, end: str | None) -> set[str]:
    def seconds(value: str | None) -> str | None:
        return f"{value}:00" if value and len(value) == 5 else value

    def matches(schedule: Any) -> bool:
        opens, closes = seconds(schedule.opens_at), seconds(schedule.closes_at)
        return (
            (day is None or day in schedule.byday.split(","))
            and (start is None or (opens is not None and opens >= start))
            and (end is None or (closes is not None and closes <= end))
        )

    return {s.id for s in published_services(db_session) if any(matches(x) for x in s.schedules)}


@pytest.mark.parametrize(
    ("query", "day", "start", "end"),
    [
        ("day=SA", "SA", None, None),
        ("day=MO", "MO", None, None),
        ("start_time=10:00", None, "10:00:00", None),
        ("end_time=15:00:00", None, None, "15:00:00"),
        ("start_time=09:00&end_time=17:00", None, "09:00:00", "17:00:00"),
        # One schedule must match the day and the times together.
        ("day=SA&start_time=09:00&end_time=13:00", "SA", "09:00:00", "13:00:00"),
    ],
)
def test_schedule_filters(client, db_session, query, day, start, end):
    found = all_items(client, "/services", f"&{query}")
    expected = _expected_by_schedule(db_session, day, start, end)
    assert found and {item["id"] for item in found} == expected


def test_schedule_filter_times_on_the_nested_schedules(client):
    found = all_items(client, "/services", "&day=SU")
    for item in found[:10]:
        body = get(client, f"/services/{item['id']}")
        assert any("SU" in s["byday"].split(",") for s in body["schedules"])


# Services at locations ---------------------------------------------------------------------


def test_service_at_location_list_shape(client):
    body = get(client, "/service_at_locations?per_page=200")
    assert no_nulls(body)
    item = body["contents"][0]
    assert set(item) == {"id", "service_id", "location_id", "location", "service"}
    assert item["location"]["id"] == item["location_id"] and item["service"]["id"] == item["service_id"]
    assert "addresses" not in item["location"]
    assert "organization" in item["service"] and "schedules" not in item["service"]


def test_service_at_locations_take_the_service_filters(client, db_session):
    found = all_items(client, "/service_at_locations", "&maximum_age=18&day=SA")
    services = _expected_by_schedule(db_session, "SA", None, None)
    places = db_session.scalars(select(ServiceAtLocation).join(Service).where(Service.maximum_age <= 18))
    assert found and {item["id"] for item in found} == {sal.id for sal in places if sal.service_id in services}
    assert all(item["service"]["maximum_age"] <= 18 for item in found)


def test_service_at_location_detail_is_fully_nested(client):
    first = get(client, "/service_at_locations?per_page=1")["contents"][0]
    body = get(client, f"/service_at_locations/{first['id']}")
    assert no_nulls(body)
    assert body["location"]["addresses"][0]["postal_code"]
    assert body["service"]["id"] == first["service_id"]
    assert {"schedules", "contacts", "cost_options", "attributes", "organization"} <= set(body["service"])
    assert "service_at_locations" not in body["service"]


def _distance_metres(origin: tuple[float, float], item: dict[str, Any]) -> float:
    return distance_miles(origin, (item["location"]["latitude"], item["location"]["longitude"])) * 1609.344


def test_postcode_and_proximity(client, db_session):
    origin = postcode_location("WX1 1AA")
    near = all_items(client, "/service_at_locations", "&postcode=WX1%201AA&proximity=5000")
    wider = all_items(client, "/service_at_locations", "&postcode=WX1%201AA&proximity=20000")
    assert near and len(wider) > len(near)
    distances = [_distance_metres(origin, item) for item in near]
    assert all(d <= 5000 for d in distances)
    assert distances == sorted(distances)
    assert {i["id"] for i in near} <= {i["id"] for i in wider}
    expected = [
        sal.id
        for sal in db_session.scalars(select(ServiceAtLocation).join(Service).where(Service.status != "defunct"))
        if sal.location.latitude is not None
        and distance_miles(origin, (sal.location.latitude, sal.location.longitude)) * 1609.344 <= 5000
    ]
    assert {i["id"] for i in near} == set(expected)


def test_postcode_alone_sorts_nearest_first(client):
    origin = postcode_location("wx6 2ab")
    body = get(client, "/service_at_locations?postcode=wx6%202ab&per_page=30")
    distances = [_distance_metres(origin, item) for item in body["contents"]]
    assert distances == sorted(distances)
    located = get(client, "/service_at_locations?per_page=1")["total_items"]
    assert 0 < body["total_items"] <= located
    second = get(client, "/service_at_locations?postcode=wx6%202ab&per_page=30&page=2")
    assert _distance_metres(origin, second["contents"][0]) >= distances[-1]


def test_unknown_postcode_gives_an_empty_page(client):
    body = get(client, "/service_at_locations?postcode=ZZ99%209ZZ&proximity=1000")
    assert body["total_items"] == 0 and body["empty"] is True and body["contents"] == []
    assert get(client, "/service_at_locations?postcode=not-a-postcode")["empty"] is True


def test_proximity_without_postcode_is_ignored(client):
    everything = get(client, "/service_at_locations?per_page=1")["total_items"]
    assert get(client, "/service_at_locations?per_page=1&proximity=10")["total_items"] == everything


# Taxonomies --------------------------------------------------------------------------------


def test_taxonomies_list_and_detail(client, db_session):
    body = get(client, "/taxonomies")
    assert {t["name"] for t in body["contents"]} == {"wessex-send-categories", "wessex-send-needs"}
    needs = next(t for t in body["contents"] if t["name"] == "wessex-send-needs")
    detail = get(client, f"/taxonomies/{needs['id']}")
    assert {t["code"] for t in detail["taxonomy_terms"]} == {
        "need-communication-interaction",
        "need-cognition-learning",
        "need-semh",
        "need-sensory-physical",
    }
    assert all(t["taxonomy_id"] == needs["id"] for t in detail["taxonomy_terms"])


def test_taxonomy_terms_list_filters_and_detail(client, db_session):
    total = get(client, "/taxonomy_terms?per_page=1")["total_items"]
    assert total == len(list(db_session.scalars(select(TaxonomyTerm.id))))
    education = term(db_session, "cat-education")
    children = all_items(client, "/taxonomy_terms", f"&parent_id={education.id}")
    assert children and all(t["parent_id"] == education.id for t in children)
    assert "cat-education-nursery" in {t["code"] for t in children}
    in_needs = all_items(client, "/taxonomy_terms", f"&taxonomy_id={term(db_session, 'need-semh').taxonomy_id}")
    assert len(in_needs) == 4
    assert get(client, "/taxonomy_terms?parent_id=nope")["empty"] is True
    detail = get(client, f"/taxonomy_terms/{education.id}")
    assert detail["code"] == "cat-education" and "parent_id" not in detail
    assert detail["taxonomy_detail"]["id"] == detail["taxonomy_id"]


# Errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("ident", ["not-a-uuid", "3f2b1c4e-0000-4000-8000-00000000a002", "%00", "1"])
def test_unknown_ids_are_json_404(client, path, ident):
    body = get(client, f"{path}/{ident}", status=404)
    assert body == {"status": 404, "error": "Not Found", "detail": "Nothing published has that id."}


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize(
    "query",
    ["page=0", "page=-1", "page=x", "page=1.5", "page=", "page=%201", "per_page=0", "per_page=201", "per_page=ten",
     "page=1&page=2", "page=%D9%A1"],
)  # fmt: skip
def test_bad_paging_is_json_400(client, path, query):
    body = get(client, f"{path}?{query}", status=400)
    assert body["status"] == 400 and body["error"] == "Bad Request"
    assert body["detail"].split()[0] in {"page", "per_page"}


@pytest.mark.parametrize("path", ["/services", "/service_at_locations"])
@pytest.mark.parametrize(
    "query",
    ["minimum_age=-1", "minimum_age=abc", "maximum_age=nan", "maximum_age=inf", "maximum_age=151", "minimum_age=1e999",
     "day=XX", "day=mo", "day=MO,TU", "start_time=25:00", "start_time=9am", "end_time=12:60", "end_time=12:00%0A",
     "search=a&search=b"],
)  # fmt: skip
def test_bad_filters_are_json_400(client, path, query):
    body = get(client, f"{path}?{query}", status=400)
    assert body["detail"].split()[0] == query.split("=")[0]


@pytest.mark.parametrize("query", ["postcode=WX1&proximity=-5", "postcode=WX1&proximity=far", "proximity=2000000"])
def test_bad_proximity_is_json_400(client, query):
    assert get(client, f"/service_at_locations?{query}", status=400)["detail"].startswith("proximity")
