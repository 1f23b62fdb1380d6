"""The feed's own OpenAPI 3 document: exactly the endpoints and query parameters the feed serves.

Response schemas are written out here, self-contained, so that tools can check responses without fetching
anything; each names the Open Referral UK schema it follows in its externalDocs. Limits and patterns come from
portal/oruk/params.py, which enforces them.
"""

from __future__ import annotations

import functools
from typing import Any

from portal.oruk import bp, params, services

PROFILE_SCHEMAS = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema"

Schema = dict[str, Any]

_UUID: Schema = {"type": "string", "format": "uuid"}
_TEXT: Schema = {"type": "string"}
_EMAIL: Schema = {"type": "string", "format": "email"}
_URI: Schema = {"type": "string", "format": "uri"}
_NUMBER: Schema = {"type": "number"}
_CLOCK: Schema = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _list_of(name: str) -> Schema:
    return {"type": "array", "items": _ref(name)}


def _object(required: list[str], properties: dict[str, Schema], profile: str | None = None) -> Schema:
    schema: Schema = {"type": "object", "required": required, "properties": properties}
    if profile:
        schema["externalDocs"] = {"description": "Open Referral UK schema", "url": f"{PROFILE_SCHEMAS}/{profile}"}
    return schema


def _schemas() -> dict[str, Schema]:
    organization = {"id": _UUID, "name": _TEXT, "description": _TEXT, "email": _EMAIL, "website": _URI}
    service = {
        "id": _UUID,
        "organization_id": _UUID,
        "name": _TEXT,
        "description": _TEXT,
        "url": _URI,
        "email": _EMAIL,
        "status": {"type": "string", "enum": ["active", "inactive", "temporarily closed"]},
        "fees": _TEXT,
        "fees_description": _TEXT,
        "eligibility_description": _TEXT,
        "application_process": _TEXT,
        "minimum_age": _NUMBER,
        "maximum_age": _NUMBER,
        "assured_date": {"type": "string", "format": "date"},
        "assurer_email": _EMAIL,
        "alert": _TEXT,
        "last_modified": {"type": "string", "format": "date-time"},
        "organization": _ref("Organization"),
    }
    service_required = [
        "id",
        "organization_id",
        "name",
        "description",
        "status",
        "minimum_age",
        "maximum_age",
        "last_modified",
        "organization",
    ]
    nested = {
        "schedules": _list_of("Schedule"),
        "service_areas": _list_of("ServiceArea"),
        "languages": _list_of("Language"),
        "cost_options": _list_of("CostOption"),
        "phones": _list_of("Phone"),
        "contacts": _list_of("Contact"),
        "attributes": _list_of("Attribute"),
    }
    location = {
        "id": _UUID,
        "location_type": {"type": "string", "enum": ["physical", "postal", "virtual"]},
        "name": _TEXT,
        "latitude": _NUMBER,
        "longitude": _NUMBER,
    }
    place = {"id": _UUID, "service_id": _UUID, "location_id": _UUID}
    taxonomy = {"id": _UUID, "name": _TEXT, "description": _TEXT, "uri": _URI, "version": _TEXT}
    term = {
        "id": _UUID,
        "code": _TEXT,
        "name": _TEXT,
        "description": _TEXT,
        "parent_id": _UUID,
        "taxonomy": {"type": "string", "description": "The name of the taxonomy."},
        "taxonomy_id": _UUID,
        "taxonomy_detail": _ref("Taxonomy"),
    }
    term_required = ["id", "code", "name", "description", "taxonomy", "taxonomy_id"]
    page_properties = {
        "total_items": {"type": "integer", "minimum": 0},
        "total_pages": {"type": "integer", "minimum": 0},
        "page_number": {"type": "integer", "minimum": 1},
        "size": {"type": "integer", "minimum": 0, "maximum": params.MAX_PER_PAGE},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
    }

    def page_of(name: str) -> Schema:
        return _object([*page_properties, "contents"], {**page_properties, "contents": _list_of(name)})

    return {
        "ApiInfo": _object(
            ["version", "profile", "openapi_url"],
            {"version": {"type": "string", "enum": [services.HSDS_VERSION]}, "profile": _URI, "openapi_url": _URI},
        ),
        "Error": _object(
            ["status", "error", "detail"], {"status": {"type": "integer"}, "error": _TEXT, "detail": _TEXT}
        ),
        "Organization": _object(["id", "name", "description"], organization),
        "ServiceSummary": _object(service_required, service, "compiled/service_list.json"),
        "NestedService": _object([*service_required, *nested], {**service, **nested}),
        "Service": _object(
            [*service_required, *nested, "service_at_locations"],
            {**service, **nested, "service_at_locations": _list_of("ServicePlace")},
            "compiled/service.json",
        ),
        "Schedule": _object(
            ["id", "service_id", "freq"],
            {
                "id": _UUID,
                "service_id": _UUID,
                "freq": {"type": "string", "enum": ["WEEKLY", "MONTHLY"]},
                "byday": _TEXT,
                "opens_at": _CLOCK,
                "closes_at": _CLOCK,
                "description": _TEXT,
            },
        ),
        "ServiceArea": _object(
            ["id", "service_id", "name"], {"id": _UUID, "service_id": _UUID, "name": _TEXT, "extent_type": _TEXT}
        ),
        "Language": _object(
            ["id", "service_id", "name"], {"id": _UUID, "service_id": _UUID, "name": _TEXT, "code": _TEXT}
        ),
        "CostOption": _object(
            ["id", "service_id"],
            {
                "id": _UUID,
                "service_id": _UUID,
                "option": _TEXT,
                "amount": _NUMBER,
                "currency": _TEXT,
                "amount_description": _TEXT,
            },
        ),
        "Phone": _object(
            ["id", "number"],
            {"id": _UUID, "service_id": _UUID, "contact_id": _UUID, "number": _TEXT, "description": _TEXT},
        ),
        "Contact": _object(
            ["id", "service_id", "phones"],
            {
                "id": _UUID,
                "service_id": _UUID,
                "name": _TEXT,
                "title": _TEXT,
                "email": _EMAIL,
                "phones": _list_of("Phone"),
            },
        ),
        "Attribute": _object(
            ["id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "taxonomy_term"],
            {
                "id": _UUID,
                "link_id": _UUID,
                "link_type": _TEXT,
                "link_entity": _TEXT,
                "taxonomy_term_id": _UUID,
                "value": _TEXT,
                "taxonomy_term": _ref("TaxonomyTerm"),
            },
        ),
        "LocationSummary": _object(["id", "location_type"], location),
        "Location": _object(
            ["id", "location_type"],
            {**location, "addresses": _list_of("Address"), "accessibility": _list_of("Accessibility")},
        ),
        "Address": _object(
            ["id", "location_id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
            {
                "id": _UUID,
                "location_id": _UUID,
                "address_1": _TEXT,
                "city": _TEXT,
                "state_province": _TEXT,
                "postal_code": _TEXT,
                "country": _TEXT,
                "address_type": {"type": "string", "enum": ["physical", "postal", "virtual"]},
            },
        ),
        "Accessibility": _object(
            ["id", "location_id", "description"], {"id": _UUID, "location_id": _UUID, "description": _TEXT}
        ),
        "ServicePlace": _object([*place, "location"], {**place, "location": _ref("Location")}),
        "ServiceAtLocationSummary": _object(
            [*place, "location", "service"],
            {**place, "location": _ref("LocationSummary"), "service": _ref("ServiceSummary")},
            "compiled/service_at_location_list.json",
        ),
        "ServiceAtLocation": _object(
            [*place, "location", "service"],
            {**place, "location": _ref("Location"), "service": _ref("NestedService")},
            "compiled/service_at_location.json",
        ),
        "Taxonomy": _object(["id", "name", "description"], taxonomy, "taxonomy.json"),
        "TaxonomyWithTerms": _object(
            ["id", "name", "description", "taxonomy_terms"],
            {**taxonomy, "taxonomy_terms": _list_of("TaxonomyTerm")},
            "taxonomy.json",
        ),
        "TaxonomyTerm": _object(term_required, term, "taxonomy_term.json"),
        "Page": _object(list(page_properties), page_properties),
        "ServicePage": page_of("ServiceSummary"),
        "ServiceAtLocationPage": page_of("ServiceAtLocationSummary"),
        "TaxonomyPage": page_of("Taxonomy"),
        "TaxonomyTermPage": page_of("TaxonomyTerm"),
    }


def _query(name: str, description: str, schema: Schema) -> Schema:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


_AGE: Schema = {"type": "number", "minimum": 0, "maximum": params.MAX_AGE}
_TIME: Schema = {"type": "string", "pattern": params.TIME_PATTERN}

_PARAMETERS: dict[str, Schema] = {
    "search": _query("search", "Services whose name or description contains this text (any case).", _TEXT),
    "page": _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}),
    "per_page": _query(
        "per_page",
        f"Results in one page, 1 to {params.MAX_PER_PAGE}.",
        {"type": "integer", "minimum": 1, "maximum": params.MAX_PER_PAGE, "default": params.DEFAULT_PER_PAGE},
    ),
    "taxonomy_term_id": _query("taxonomy_term_id", "Services with this taxonomy term.", _TEXT),
    "taxonomy_id": _query("taxonomy_id", "Services with any term from this taxonomy.", _TEXT),
    "minimum_age": _query("minimum_age", "Services whose minimum age is at least this, in years.", _AGE),
    "maximum_age": _query("maximum_age", "Services whose maximum age is this or below, in years.", _AGE),
    "start_time": _query(
        "start_time", "Services with a schedule that opens at this time or later (HH:MM or HH:MM:SS).", _TIME
    ),
    "end_time": _query(
        "end_time", "Services with a schedule that closes at this time or earlier (HH:MM or HH:MM:SS).", _TIME
    ),
    "day": _query(
        "day",
        "Services with a schedule on this day (iCalendar BYDAY code). With start_time or end_time, the same "
        "schedule must match them all.",
        {"type": "string", "enum": list(params.DAYS)},
    ),
    "postcode": _query(
        "postcode",
        "Nearest first from this postcode; only places with a known position. An unknown postcode gives an empty page.",
        _TEXT,
    ),
    "proximity": _query(
        "proximity",
        "With postcode: only places within this many metres of it. Ignored without a postcode.",
        {"type": "number", "minimum": 0, "maximum": params.MAX_PROXIMITY_METRES},
    ),
    "term_taxonomy_id": _query("taxonomy_id", "Only terms from this taxonomy.", _TEXT),
    "parent_id": _query("parent_id", "Only terms directly under this term.", _TEXT),
}

_SERVICE_FILTERS = [
    "search",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "minimum_age",
    "maximum_age",
    "start_time",
    "end_time",
    "day",
]


def _ok(description: str, schema: str) -> Schema:
    return {
        "description": description,
        "headers": {"Access-Control-Allow-Origin": {"$ref": "#/components/headers/AccessControlAllowOrigin"}},
        "content": {"application/json": {"schema": _ref(schema)}},
    }


def _list_operation(operation_id: str, summary: str, schema: str, parameters: list[str]) -> Schema:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": [{"$ref": f"#/components/parameters/{name}"} for name in parameters],
            "responses": {
                "200": _ok(summary, schema),
                "400": {"$ref": "#/components/responses/BadRequest"},
            },
        }
    }


def _item_operation(operation_id: str, summary: str, schema: str) -> Schema:
    return {
        "parameters": [
            {"name": "id", "in": "path", "required": True, "description": "The record's id (a UUID).", "schema": _UUID}
        ],
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "responses": {"200": _ok(summary, schema), "404": {"$ref": "#/components/responses/NotFound"}},
        },
    }


def _error_response(description: str) -> Schema:
    return {
        "description": description,
        "headers": {"Access-Control-Allow-Origin": {"$ref": "#/components/headers/AccessControlAllowOrigin"}},
        "content": {"application/json": {"schema": _ref("Error")}},
    }


@functools.cache
def document() -> dict[str, Any]:
    """The OpenAPI 3.0 document for /api/oruk (built once; callers must not change it)."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Local Offer directory: Open Referral UK feed",
            "version": services.HSDS_VERSION,
            "description": (
                "A read-only, anonymous feed of the Local Offer directory in the Open Referral UK profile of "
                "HSDS 3.0. Only published services are included; optional fields without a value are left out."
            ),
        },
        "externalDocs": {"description": "Open Referral UK profile", "url": services.PROFILE_URL},
        "servers": [{"url": bp.url_prefix}],
        "paths": {
            "/": {
                "get": {
                    "operationId": "getApiMetaInformation",
                    "summary": "The HSDS version and profile of this feed, and where this document is.",
                    "responses": {"200": _ok("About this feed.", "ApiInfo")},
                }
            },
            "/services": _list_operation(
                "getPaginatedListOfServices", "A page of services (one-to-one fields).", "ServicePage", _SERVICE_FILTERS
            ),
            "/services/{id}": _item_operation("getFullyNestedServiceById", "One service, fully nested.", "Service"),
            "/service_at_locations": _list_operation(
                "getPaginatedListOfServiceAtLocation",
                "A page of services at locations (one-to-one fields).",
                "ServiceAtLocationPage",
                [*_SERVICE_FILTERS, "postcode", "proximity"],
            ),
            "/service_at_locations/{id}": _item_operation(
                "getServiceAtLocationWithNestedDataById",
                "One service at a location, fully nested.",
                "ServiceAtLocation",
            ),
            "/taxonomies": _list_operation(
                "getPaginatedListOfTaxonomies", "A page of taxonomies.", "TaxonomyPage", ["page", "per_page"]
            ),
            "/taxonomies/{id}": _item_operation("getTaxonomyById", "One taxonomy with its terms.", "TaxonomyWithTerms"),
            "/taxonomy_terms": _list_operation(
                "getPaginatedListOfTaxonomyTerms",
                "A page of taxonomy terms.",
                "TaxonomyTermPage",
                ["page", "per_page", "term_taxonomy_id", "parent_id"],
            ),
            "/taxonomy_terms/{id}": _item_operation(
                "getTaxonomyTermById", "One taxonomy term with its taxonomy.", "TaxonomyTerm"
            ),
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApiDocument",
                    "summary": "This document.",
                    "responses": {
                        "200": {
                            "description": "This document.",
                            "headers": {
                                "Access-Control-Allow-Origin": {"$ref": "#/components/headers/AccessControlAllowOrigin"}
                            },
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": _schemas(),
            "parameters": _PARAMETERS,
            "responses": {
                "BadRequest": _error_response("A query parameter has a value the feed cannot use."),
                "NotFound": _error_response("Nothing published has that id."),
            },
            "headers": {
                "AccessControlAllowOrigin": {
                    "description": "Open data: any web page may read the feed.",
                    "schema": {"type": "string", "enum": ["*"]},
                }
            },
        },
    }
