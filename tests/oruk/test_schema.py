"""Every feed response validates against the Open Referral UK profile's own JSON schemas.

The schemas come from shared/reference/oruk-uk-profile beside the repository. $refs are resolved from those
local files only: a reference to the profile's published URL is mapped to the local file at the same path, and
nothing is ever fetched over the network.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import func, select

from portal.local_offer.models import Service, ServiceAtLocation

PROFILE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "oruk-uk-profile"
if not (PROFILE / "schema" / "compiled").is_dir():
    pytest.skip(f"the Open Referral UK profile is not at {PROFILE} (it lives in shared/)", allow_module_level=True)

SCHEMA_DIR = PROFILE / "schema"
# Where the profile's openapi.json says its schemas live; relative $refs resolve against it.
PUBLISHED = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"

# Example file -> (schema it is an instance of, whether it is a page whose contents are the instances).
EXAMPLES = {
    "service_full.json": ("compiled/service.json", False),
    "service_list.json": ("compiled/service_list.json", True),
    "service_at_location_full.json": ("compiled/service_at_location.json", False),
    "service_at_location_list.json": ("compiled/service_at_location_list.json", True),
    "organization_full.json": ("compiled/organization.json", False),
    "organization_list.json": ("compiled/organization_list.json", True),
    "taxonomy.json": ("taxonomy.json", False),
    "taxonomy_list.json": ("taxonomy.json", True),
    "taxonomy_term.json": ("taxonomy_term.json", False),
    "taxonomy_term_list.json": ("taxonomy_term.json", True),
}


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _local_path(uri: str) -> Path:
    """The local copy of a schema named by URL: the same path under schema/ (e.g. compiled/service.json)."""
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https"):
        raise NoSuchResource(ref=uri)
    _, found, tail = parts.path.partition("/schema/")
    path = (SCHEMA_DIR / (tail if found else Path(parts.path).name)).resolve()
    if SCHEMA_DIR.resolve() not in path.parents or not path.is_file():
        raise NoSuchResource(ref=uri)
    return path


@cache
def _retrieve(uri: str) -> Resource:
    """Registry fallback for any URL not preloaded: read the local file, never the network."""
    return Resource.from_contents(_load(_local_path(uri)), default_specification=DRAFT202012)


@cache
def registry() -> Registry:
    """Every local schema, preloaded under its published URL."""
    uris = [PUBLISHED + path.relative_to(SCHEMA_DIR).as_posix() for path in sorted(SCHEMA_DIR.rglob("*.json"))]
    return Registry(retrieve=_retrieve).with_resources((uri, _retrieve(uri)) for uri in uris if "openapi" not in uri)


def _format_checker() -> FormatChecker:
    """jsonschema's checks, plus date-time and uri, which it only checks with optional packages installed."""
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parsed = dt.datetime.fromisoformat(value)
        return "T" in value.upper() and parsed.tzinfo is not None

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and parts.netloc) and not any(c.isspace() for c in value)

    return checker


FORMATS = _format_checker()


@cache
def validator(schema: str) -> Draft202012Validator:
    """A validator for one of the profile's schemas, e.g. "compiled/service.json" or "taxonomy.json"."""
    return Draft202012Validator({"$ref": PUBLISHED + schema}, registry=registry(), format_checker=FORMATS)


@cache
def page_validator() -> Draft202012Validator:
    """The page object from the profile's openapi.json, with every field required."""
    page = _load(SCHEMA_DIR / "openapi.json")["components"]["schemas"]["Page"]
    schema = {**page, "required": [*page["properties"], "contents"]}
    schema["properties"] = {**page["properties"], "contents": {"type": "array"}}
    return Draft202012Validator(schema, format_checker=FORMATS)


def assert_valid(schema: str, instance: Any) -> None:
    errors = sorted(validator(schema).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def assert_valid_page(schema: str, page: Any) -> None:
    errors = list(page_validator().iter_errors(page))
    assert not errors, [e.message for e in errors]
    for item in page["contents"]:
        assert_valid(schema, item)


# The validator itself -----------------------------------------------------------------------


def test_every_example_has_a_schema():
    assert {p.name for p in (PROFILE / "examples").glob("*.json")} == set(EXAMPLES)


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_profile_examples_validate(example):
    schema, is_page = EXAMPLES[example]
    document = _load(PROFILE / "examples" / example)
    if is_page:
        assert document["contents"]
        assert_valid_page(schema, document)
    else:
        assert_valid(schema, document)


@pytest.mark.parametrize(
    ("schema", "example", "break_it"),
    [
        ("compiled/service.json", "service_full.json", lambda d: d.pop("name")),
        ("compiled/service.json", "service_full.json", lambda d: d.update(status="open")),
        ("compiled/service.json", "service_full.json", lambda d: d.update(id="not-a-uuid")),
        ("compiled/service.json", "service_full.json", lambda d: d.update(last_modified="yesterday")),
        ("compiled/service.json", "service_full.json", lambda d: d.update(url="not a url")),
        ("compiled/service.json", "service_full.json", lambda d: d["organization"].pop("description")),
        (
            "compiled/service_at_location.json",
            "service_at_location_full.json",
            lambda d: d["location"].pop("location_type"),
        ),
        # taxonomy.json reaches taxonomy_term.json through a relative $ref: this proves the local resolution.
        ("taxonomy.json", "taxonomy.json", lambda d: d["taxonomy_terms"][0].pop("name")),
        ("taxonomy.json", "taxonomy.json", lambda d: d["taxonomy_terms"][0].update(id="x")),
    ],
)
def test_validator_rejects_broken_documents(schema, example, break_it):
    document = _load(PROFILE / "examples" / example)
    break_it(document)
    assert list(validator(schema).iter_errors(document))


def test_references_never_leave_the_local_copy():
    with pytest.raises(NoSuchResource):
        _retrieve("https://example.com/schema/not-in-the-profile.json")
    with pytest.raises(NoSuchResource):
        _retrieve("https://example.com/schema/../../../etc/passwd")
    # Another host's copy of the profile maps to the same local file.
    assert _retrieve("https://example.org/OpenReferralUK/uk-profile/schema/compiled/service.json").contents[
        "required"
    ] == ["id", "name", "status"]


# The feed ----------------------------------------------------------------------------------


def _pages(client, path: str) -> list[dict[str, Any]]:
    pages, number = [], 1
    while True:
        response = client.get(f"{path}?per_page=200&page={number}")
        assert response.status_code == 200
        pages.append(response.get_json())
        if pages[-1]["last_page"]:
            return pages
        number += 1


def test_services_validate(client, db_session):
    pages = _pages(client, "/api/oruk/services")
    ids = []
    for page in pages:
        assert_valid_page("compiled/service_list.json", page)
        ids += [item["id"] for item in page["contents"]]
    published = db_session.scalar(select(func.count()).select_from(Service).where(Service.status != "defunct"))
    assert len(ids) == published
    for service_id in ids:
        response = client.get(f"/api/oruk/services/{service_id}")
        assert response.status_code == 200
        assert_valid("compiled/service.json", response.get_json())


def test_service_at_locations_validate(client, db_session):
    pages = _pages(client, "/api/oruk/service_at_locations")
    ids = []
    for page in pages:
        assert_valid_page("compiled/service_at_location_list.json", page)
        ids += [item["id"] for item in page["contents"]]
    assert len(ids) == db_session.scalar(
        select(func.count()).select_from(ServiceAtLocation).join(Service).where(Service.status != "defunct")
    )
    for sal_id in ids:
        response = client.get(f"/api/oruk/service_at_locations/{sal_id}")
        assert response.status_code == 200
        assert_valid("compiled/service_at_location.json", response.get_json())


def test_nearby_service_at_locations_validate(client):
    page = client.get("/api/oruk/service_at_locations?postcode=WX1%201AA&proximity=20000").get_json()
    assert page["contents"]
    assert_valid_page("compiled/service_at_location_list.json", page)


@pytest.mark.parametrize(
    ("path", "schema"), [("taxonomies", "taxonomy.json"), ("taxonomy_terms", "taxonomy_term.json")]
)
def test_taxonomies_and_terms_validate(client, path, schema):
    for page in _pages(client, f"/api/oruk/{path}"):
        assert_valid_page(schema, page)
        for item in page["contents"]:
            response = client.get(f"/api/oruk/{path}/{item['id']}")
            assert response.status_code == 200
            assert_valid(schema, response.get_json())
