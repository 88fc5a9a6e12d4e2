"""The OpenAPI 3.1 document of the JSON API: the one description of every /api/ endpoint.

``tests/apidocs`` fails when an /api/ route is missing here, and schemathesis checks the
app against it.
"""

from __future__ import annotations

from typing import Any

from tracker.apidocs import notifications_spec
from tracker.apidocs.curation_spec import SCHEMAS as CURATION_SCHEMAS
from tracker.apidocs.curation_spec import curation_paths, records_paths
from tracker.apidocs.parts import error_response, list_parameter, ref
from tracker.db import MAX_ID
from tracker.recommendations.filters import MAX_PAGE, MAX_QUERY_LENGTH, SORTS
from tracker.recommendations.models import MAKER_ROLES, PRIORITIES
from tracker.recommendations.statuses import STATUSES

STATUS_CODES = [s.code for s in STATUSES]


SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$|^[0-9]+$", "maxLength": 120}
RECOMMENDATION_ID = {
    "name": "recommendation_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
}

LIST_PARAMETERS = [
    list_parameter("status", "Status codes; any of them matches.", {"type": "string", "enum": STATUS_CODES}),
    list_parameter("maker", "Actor slugs or ids; includes the actors' descendants.", SLUG),
    list_parameter("addressee", "Actor slugs or ids; includes the actors' descendants.", SLUG),
    list_parameter("theme", "Theme slugs.", SLUG),
    list_parameter("document", "Document slugs or ids.", SLUG),
    list_parameter(
        "priority", "Priority: `high` or `normal`; any of them matches.", {"type": "string", "enum": list(PRIORITIES)}
    ),
    {
        "name": "q",
        "in": "query",
        "required": False,
        "description": "Full-text search over summaries, quotes and status notes; every word must match (as a prefix).",
        "schema": {"type": "string", "maxLength": MAX_QUERY_LENGTH},
    },
    {
        "name": "as_of",
        "in": "query",
        "required": False,
        "description": "Show (and filter by) each recommendation's status on this date (not in the future).",
        "schema": {"type": "string", "format": "date"},
    },
    {
        "name": "sort",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": list(SORTS)},
        "description": "Default: relevance with a search, document otherwise.",
    },
    {
        "name": "page",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    },
    {
        "name": "per_page",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25},
    },
]

ACTOR_REF = {
    "type": "object",
    "required": ["id", "slug", "name"],
    "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}, "name": {"type": "string"}},
}

SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "message": {"type": "string", "description": "A readable explanation."},
                    "fields": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        "description": "Per-field messages (422).",
                    },
                    "current_version": {"type": "integer", "description": "The recommendation's version now (409)."},
                    "changes": {
                        "type": "array",
                        "items": {"anyOf": [ref("StatusUpdate"), ref("Revision")]},
                        "description": "Updates (status) or revisions (data) saved since the version you sent (409).",
                    },
                },
            }
        },
    },
    "Recommendation": {
        "type": "object",
        "required": ["id", "key", "text", "quote", "status", "document", "makers", "addressees", "themes", "version"],
        "properties": {
            "id": {"type": "integer"},
            "key": {"type": "string"},
            "text": {"type": "string", "description": "The short imperative summary."},
            "quote": {"type": "string", "description": "The verbatim passage of the document."},
            "quote_start": {"type": "integer"},
            "quote_end": {"type": "integer"},
            "status": {
                "type": "string",
                "enum": STATUS_CODES,
                "description": "The current status, or the status on `as_of` when given.",
            },
            "version": {"type": "integer", "description": "Send it back when posting an update."},
            "document": {
                "type": "object",
                "required": ["id", "title"],
                "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}, "title": {"type": "string"}},
            },
            "makers": {
                "type": "array",
                "items": {
                    "allOf": [
                        ACTOR_REF,
                        {"type": "object", "properties": {"role": {"type": "string", "enum": list(MAKER_ROLES)}}},
                    ]
                },
            },
            "addressees": {"type": "array", "items": ACTOR_REF},
            "themes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "name"],
                    "properties": {"slug": {"type": "string"}, "name": {"type": "string"}},
                },
            },
            "summary": {"type": "string"},
            "summary_es": {"type": ["string", "null"], "description": "The Spanish summary, if any."},
            "priority": {"type": "string", "enum": list(PRIORITIES)},
            "url": {"type": "string", "format": "uri"},
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
            "retired": {"type": ["object", "null"], "description": "When, why (a code) and a note, if retired."},
            "merged_into": {"type": ["integer", "null"], "description": "The recommendation it was merged into."},
        },
    },
    "RecommendationPage": {
        "type": "object",
        "required": ["items", "total", "page", "per_page", "pages", "next"],
        "properties": {
            "items": {"type": "array", "items": ref("Recommendation")},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "pages": {"type": "integer"},
            "next": {"type": ["string", "null"], "description": "The next page's URL, or null on the last page."},
        },
    },
    "Evidence": {
        "oneOf": [
            {
                "type": "object",
                "required": ["url"],
                "additionalProperties": False,
                "properties": {"url": {"type": "string", "pattern": "^https?://", "maxLength": 2000}},
            },
            {
                "type": "object",
                "required": ["quotation", "source"],
                "additionalProperties": False,
                "properties": {
                    "quotation": {"type": "string", "minLength": 1, "maxLength": 5000},
                    "source": {"type": "string", "minLength": 1, "maxLength": 500},
                },
            },
        ]
    },
    "StatusUpdate": {
        "type": "object",
        "required": ["id", "recommendation_id", "from_status", "to_status", "effective_on", "recorded_at", "note"],
        "properties": {
            "id": {"type": "integer"},
            "recommendation_id": {"type": "integer"},
            "from_status": {"type": "string", "enum": STATUS_CODES},
            "to_status": {"type": "string", "enum": STATUS_CODES},
            "effective_on": {"type": "string", "format": "date"},
            "recorded_at": {"type": "string", "format": "date-time"},
            "recorded_by": {"type": "string"},
            "note": {"type": "string"},
            "corrects": {"type": ["integer", "null"]},
            "evidence": {"type": "array", "items": ref("Evidence")},
            "resulting_version": {"type": "integer"},
        },
    },
    "History": {
        "type": "object",
        "required": ["recommendation_id", "status", "version", "items"],
        "properties": {
            "recommendation_id": {"type": "integer"},
            "status": {"type": "string", "enum": STATUS_CODES},
            "version": {"type": "integer"},
            "items": {"type": "array", "items": ref("StatusUpdate")},
        },
    },
    "NewStatusUpdate": {
        "type": "object",
        "required": ["version", "note"],
        "properties": {
            "version": {"type": "integer", "description": "The version you based this update on."},
            "status": {
                "type": "string",
                "enum": STATUS_CODES + [""],
                "description": 'The new status; omit or "" to add a note or evidence only.',
            },
            "note": {"type": "string", "minLength": 1, "maxLength": 5000},
            "effective_on": {
                "type": "string",
                "format": "date",
                "description": "When it happened; default today; not in the future.",
            },
            "evidence": {
                "type": "array",
                "maxItems": 11,
                "items": ref("Evidence"),
                "description": "Up to 10 links and one quoted passage with its source.",
            },
            "corrects": {"type": "integer", "description": "The id of an earlier update this one corrects."},
        },
    },
}

CURATION = curation_paths(RECOMMENDATION_ID)


def openapi_document(server_url: str) -> dict:
    """The whole OpenAPI document, with ``server_url`` as its server."""
    from tracker.apidocs import team_spec

    schemas = dict(SCHEMAS, **notifications_spec.SCHEMAS, **team_spec.SCHEMAS, **CURATION_SCHEMAS)
    schemas["Recommendation"] = dict(
        SCHEMAS["Recommendation"],
        properties=dict(SCHEMAS["Recommendation"]["properties"], **team_spec.RECOMMENDATION_FIELDS),
    )
    document = _core_document(server_url, schemas)
    document["paths"]["/api/recommendations"]["get"]["parameters"] = LIST_PARAMETERS + team_spec.LIST_PARAMETERS
    document["paths"].update(team_spec.PATHS)
    return document


def _core_document(server_url: str, schemas: dict) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Recommendation tracker API",
            "version": "1",
            "description": (
                "Recommendations made to governments, who made them, to whom, and what happened "
                "since. Reading is public unless the deployment requires sign-in; writing needs a "
                "personal API token (profile page, or `flask --app tracker users token EMAIL`) sent as "
                '`Authorization: Bearer <token>`. Every error is `{"error": {"status", "message"}}`.'
            ),
        },
        "servers": [{"url": server_url}],
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer"}},
        },
        "paths": {
            "/api/recommendations": {
                "get": {
                    "operationId": "listRecommendations",
                    "summary": "List recommendations with the list page's filters, paginated by page number",
                    "parameters": LIST_PARAMETERS,
                    "responses": {
                        "200": {
                            "description": "A page of recommendations.",
                            "content": {"application/json": {"schema": ref("RecommendationPage")}},
                        },
                        "400": error_response("An unknown or malformed filter value."),
                        "404": error_response("A page past the last one."),
                    },
                }
            },
            "/api/recommendations/{recommendation_id}": {
                "get": {
                    "operationId": "getRecommendation",
                    "summary": "One recommendation, with its current version",
                    "parameters": [RECOMMENDATION_ID],
                    "responses": {
                        "200": {
                            "description": "The recommendation.",
                            "content": {"application/json": {"schema": ref("Recommendation")}},
                        },
                        "308": {"description": "It was merged: `Location` is the kept recommendation."},
                        "404": error_response("No such recommendation."),
                    },
                },
                **CURATION["/api/recommendations/{recommendation_id}"],
            },
            "/api/recommendations/{recommendation_id}/updates": {
                "get": {
                    "operationId": "listStatusUpdates",
                    "summary": "The recommendation's whole history, newest effective date first",
                    "parameters": [RECOMMENDATION_ID],
                    "responses": {
                        "200": {
                            "description": "The history.",
                            "content": {"application/json": {"schema": ref("History")}},
                        },
                        "404": error_response("No such recommendation."),
                    },
                },
                "post": {
                    "operationId": "createStatusUpdate",
                    "summary": "Append a status update (or a note and evidence) to the history",
                    "security": [{"bearerToken": []}],
                    "parameters": [RECOMMENDATION_ID],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": ref("NewStatusUpdate")}},
                    },
                    "responses": {
                        "201": {
                            "description": "Saved.",
                            "content": {"application/json": {"schema": ref("StatusUpdate")}},
                        },
                        "400": error_response("A malformed request."),
                        "401": error_response("No valid API token."),
                        "403": error_response("Your role may not update recommendations."),
                        "404": error_response("No such recommendation."),
                        "409": error_response("The recommendation changed since `version`; nothing was saved."),
                        "415": error_response("The body is not JSON."),
                        "422": error_response("Invalid fields; nothing was saved."),
                    },
                },
            },
            **notifications_spec.notification_paths(),
            **{path: item for path, item in CURATION.items() if path != "/api/recommendations/{recommendation_id}"},
            **records_paths(),
            "/api/openapi.json": {
                "get": {
                    "operationId": "getOpenApiDocument",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI document.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
    }
