"""Property-based tests of the feed against its own OpenAPI document (schemathesis, in-process, no network).

For every operation schemathesis sends valid and (where there are parameters) invalid requests; the feed must
never answer 5xx, must accept what the document allows and reject what it forbids, and every answer must match the
document. (schemathesis.pytest.from_fixture is not used: with pytest 9.2 it fails on the removed Node._nodeid.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.oruk import openapi

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    negative_data_rejection,
]


DOCUMENT = openapi.document()


def _takes_parameters(path: str) -> bool:
    item = DOCUMENT["paths"][path]
    return bool(item.get("parameters") or item["get"].get("parameters"))


# Invalid requests can only be made where there are parameters to get wrong.
OPERATIONS = [(path, GenerationMode.POSITIVE) for path in DOCUMENT["paths"]] + [
    (path, GenerationMode.NEGATIVE) for path in DOCUMENT["paths"] if _takes_parameters(path)
]


@pytest.fixture()
def oruk_openapi(app):
    """Our OpenAPI document as the app serves it; the cases' requests go straight to the WSGI app."""
    return schemathesis.openapi.from_wsgi("/api/oruk/openapi.json", app)


@pytest.mark.parametrize(("path", "mode"), OPERATIONS, ids=[f"{mode.value} GET {path}" for path, mode in OPERATIONS])
def test_feed_conforms_to_its_openapi_document(oruk_openapi, path, mode):
    operation = oruk_openapi[path]["GET"]

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=operation.as_strategy(mode))
    def check(case: schemathesis.Case) -> None:
        # Schemathesis asks for gzip but, calling the app in-process, does not unpack it as an HTTP client would.
        case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})

    check()


@pytest.mark.parametrize(
    ("list_path", "item_path"),
    [
        ("/services", "/services/{id}"),
        ("/service_at_locations", "/service_at_locations/{id}"),
        ("/taxonomies", "/taxonomies/{id}"),
        ("/taxonomy_terms", "/taxonomy_terms/{id}"),
    ],
)
def test_real_records_conform_to_the_document(app, oruk_openapi, list_path, item_path):
    """Random ids only ever find nothing, so check real records (and the root) against the document too."""
    client = app.test_client()
    for path in ("/", list_path):
        response = client.get(f"/api/oruk{path}")
        oruk_openapi[path]["GET"].validate_response(response)
    for item in client.get(f"/api/oruk{list_path}?per_page=5").get_json()["contents"]:
        response = client.get(f"/api/oruk{item_path.format(id=item['id'])}")
        assert response.status_code == 200
        oruk_openapi[item_path]["GET"].validate_response(response)
