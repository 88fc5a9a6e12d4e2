"""The OpenAPI description of team workflow: owners, follow-up dates, responses, bulk actions,
saved views, and the list filters they add. ``tracker.apidocs.spec`` merges it in."""

from __future__ import annotations

from tracker.apidocs.parts import error_response, list_parameter, ref
from tracker.bulk.operations import ACTIONS, MAX_ITEMS
from tracker.recommendations.models import PRIORITIES
from tracker.recommendations.statuses import STATUSES
from tracker.responses.vocabulary import RESPONSE_CODES
from tracker.revisions.operations import REASON_MAX
from tracker.savedviews.models import NAME_MAX, QUERY_MAX
from tracker.workflow.forms import FOLLOW_UP_MOVES
from tracker.workflow.queries import FOLLOW_UP_FILTERS

STATUS_CODES = [s.code for s in STATUSES]
DATE = {"type": "string", "format": "date"}
ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def _json(schema_name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref(schema_name)}}}


def _body(schema_name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": ref(schema_name)}}}


LIST_PARAMETERS = [
    list_parameter(
        "owner",
        "Owners: `me`, `none` (nobody owns it) or a user's number (signed-in users).",
        {"type": "string", "pattern": "^(me|none|[0-9]{1,9})$"},
    ),
    list_parameter(
        "follow_up",
        "Follow-up: `due` (today or past), `overdue`, `set`, `none` (signed-in users).",
        {"type": "string", "enum": list(FOLLOW_UP_FILTERS)},
    ),
    list_parameter(
        "response",
        "The government's current response; `no_response` includes none recorded.",
        {"type": "string", "enum": list(RESPONSE_CODES)},
    ),
    {
        "name": "disputed",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "enum": [0, 1]},
        "description": "1: the government says it is implemented (accepted, or claims implementation) while "
        "the assessed status is no action or regressed.",
    },
    {
        "name": "stale",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "enum": [0, 1]},
        "description": "1: no status update for the stale period, counting from when it was made or added.",
    },
]

PERSON = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}
ID_PATH = {"name": "recommendation_id", "in": "path", "required": True, "schema": ID}
VIEW_PATH = {"name": "view_id", "in": "path", "required": True, "schema": ID}
WRITE_ERRORS = {
    "401": error_response("No valid API token."),
    "403": error_response("Your role may not do this."),
    "404": error_response("No such recommendation."),
    "409": error_response("Not possible in the current state."),
    "415": error_response("The body is not JSON."),
    "422": error_response("Invalid fields; nothing was saved."),
}

RECOMMENDATION_FIELDS = {
    "government_response": {
        "oneOf": [{"type": "null"}, ref("GovernmentResponse")],
        "description": "The government's current response, or null when none is recorded.",
    },
    "owners": {"type": "array", "items": PERSON, "description": "Signed-in users only."},
    "follow_up_on": {"type": ["string", "null"], "format": "date", "description": "Signed-in users only."},
}

SCHEMAS = {
    "GovernmentResponse": {
        "type": "object",
        "required": ["id", "response", "claims_implemented", "responded_on"],
        "properties": {
            "id": {"type": "integer"},
            "recommendation_id": {"type": "integer"},
            "response": {"type": "string", "enum": list(RESPONSE_CODES)},
            "claims_implemented": {"type": "boolean"},
            "responded_on": DATE,
            "source_url": {"type": ["string", "null"]},
            "quotation": {"type": ["string", "null"]},
            "source": {"type": ["string", "null"]},
            "note": {"type": "string"},
            "recorded_by": {"type": "string"},
            "recorded_at": {"type": "string", "format": "date-time"},
        },
    },
    "ResponseHistory": {
        "type": "object",
        "required": ["recommendation_id", "status", "current", "items"],
        "properties": {
            "recommendation_id": {"type": "integer"},
            "status": {"type": "string", "enum": STATUS_CODES},
            "current": {"oneOf": [{"type": "null"}, ref("GovernmentResponse")]},
            "items": {"type": "array", "items": ref("GovernmentResponse")},
        },
    },
    "NewGovernmentResponse": {
        "type": "object",
        "required": ["response", "responded_on"],
        "properties": {
            "response": {"type": "string", "enum": list(RESPONSE_CODES)},
            "claims_implemented": {"type": "boolean", "description": "The government says it is implemented."},
            "responded_on": {**DATE, "description": "Not in the future."},
            "source_url": {
                "type": "string",
                "maxLength": 2000,
                "description": "http(s); a source (this or a "
                "quotation with its source) is required unless the response is no_response.",
            },
            "quotation": {"type": "string", "maxLength": 5000},
            "source": {"type": "string", "maxLength": 500},
            "note": {"type": "string", "maxLength": 5000},
        },
    },
    "Team": {
        "type": "object",
        "required": ["recommendation_id", "owners", "follow_up_on"],
        "properties": {
            "recommendation_id": {"type": "integer"},
            "owners": {"type": "array", "items": PERSON},
            "follow_up_on": {"type": ["string", "null"], "format": "date"},
        },
    },
    "People": {
        "type": "object",
        "required": ["items"],
        "properties": {
            "items": {
                "type": "array",
                "items": {"allOf": [PERSON, {"type": "object", "properties": {"role": {"type": "string"}}}]},
            }
        },
    },
    "Owners": {
        "type": "object",
        "required": ["owners"],
        "properties": {"owners": {"type": "array", "items": ID, "maxItems": 50}},
    },
    "FollowUp": {
        "type": "object",
        "required": ["due_on"],
        "properties": {"due_on": {"type": ["string", "null"], "format": "date"}},
    },
    "BulkRequest": {
        "type": "object",
        "required": ["ids", "action"],
        "properties": {
            "ids": {"type": "array", "items": ID, "minItems": 1, "maxItems": MAX_ITEMS},
            "versions": {
                "type": "object",
                "additionalProperties": {"type": "integer"},
                "description": "id → the version you based the change on; required for `status`, "
                "`add_theme`, `remove_theme` and `set_priority`, checked whenever given.",
            },
            "action": {"type": "string", "enum": list(ACTIONS)},
            "status": {"type": "string", "enum": STATUS_CODES + [""], "description": '`status`: "" keeps each.'},
            "note": {"type": "string", "maxLength": 5000},
            "effective_on": DATE,
            "evidence": {"type": "array", "maxItems": 11, "items": ref("Evidence")},
            "follow_up_move": {"type": "string", "enum": list(FOLLOW_UP_MOVES)},
            "due_on": {"type": "string", "format": "date", "description": "`follow_up`; omit to clear."},
            "owners": {"type": "array", "items": ID, "description": "`add_owners` / `remove_owners`."},
            "theme": {
                "type": "string",
                "maxLength": 80,
                "description": "`add_theme` / `remove_theme`: a theme's slug.",
            },
            "priority": {"type": "string", "enum": list(PRIORITIES), "description": "`set_priority`."},
            "reason": {
                "type": "string",
                "maxLength": REASON_MAX,
                "description": "`add_theme` / `remove_theme` / `set_priority`: kept in each revision.",
            },
        },
    },
    "BulkResult": {
        "type": "object",
        "required": ["action", "saved", "items"],
        "properties": {
            "action": {"type": "string"},
            "saved": {"type": "integer"},
            "unchanged": {
                "type": "array",
                "items": {"type": "integer"},
                "description": "Ids a theme or priority change left as they were.",
            },
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "version": {"type": "integer"},
                        "status": {"type": "string"},
                        "priority": {"type": "string", "enum": list(PRIORITIES)},
                        "themes": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
    },
    "SavedView": {
        "type": "object",
        "required": ["id", "name", "shared", "query", "owner", "url"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "shared": {"type": "boolean"},
            "query": {"type": "string"},
            "owner": PERSON,
            "url": {"type": "string", "format": "uri"},
            "api_url": {"type": "string", "format": "uri"},
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
        },
    },
    "SavedViews": {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": ref("SavedView")}},
    },
    "NewSavedView": {
        "type": "object",
        "required": ["name", "query"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": NAME_MAX},
            "query": {"type": "string", "maxLength": QUERY_MAX, "description": "The list's query string."},
            "shared": {"type": "boolean"},
        },
    },
    "SavedViewChange": {
        "type": "object",
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": NAME_MAX},
            "query": {"type": "string", "maxLength": QUERY_MAX},
            "shared": {"type": "boolean"},
        },
    },
}

SECURED: list[dict[str, list[str]]] = [{"bearerToken": []}]

PATHS = {
    "/api/team": {
        "get": {
            "operationId": "listTeam",
            "summary": "The people who can own recommendations",
            "security": SECURED,
            "responses": {
                "200": _json("People", "Active advocates, staff and administrators."),
                "401": error_response("Not signed in."),
            },
        }
    },
    "/api/recommendations/{recommendation_id}/team": {
        "get": {
            "operationId": "getTeam",
            "summary": "Owners and follow-up date of a recommendation",
            "security": SECURED,
            "parameters": [ID_PATH],
            "responses": {
                "200": _json("Team", "Owners and follow-up date."),
                "401": error_response("Not signed in."),
                "404": error_response("No such recommendation."),
            },
        }
    },
    "/api/recommendations/{recommendation_id}/owners": {
        "put": {
            "operationId": "setOwners",
            "summary": "Set the owners (staff)",
            "security": SECURED,
            "parameters": [ID_PATH],
            "requestBody": _body("Owners"),
            "responses": {"200": _json("Team", "Saved."), **WRITE_ERRORS},
        }
    },
    "/api/recommendations/{recommendation_id}/owners/me": {
        "post": {
            "operationId": "takeOwnership",
            "summary": "Take ownership (advocates: of an unowned one)",
            "security": SECURED,
            "parameters": [ID_PATH],
            "responses": {"200": _json("Team", "You own it."), **WRITE_ERRORS},
        },
        "delete": {
            "operationId": "releaseOwnership",
            "summary": "Stop owning it",
            "security": SECURED,
            "parameters": [ID_PATH],
            "responses": {"200": _json("Team", "You no longer own it."), **WRITE_ERRORS},
        },
    },
    "/api/recommendations/{recommendation_id}/follow-up": {
        "put": {
            "operationId": "setFollowUp",
            "summary": "Set or clear the follow-up date (owners and staff)",
            "security": SECURED,
            "parameters": [ID_PATH],
            "requestBody": _body("FollowUp"),
            "responses": {"200": _json("Team", "Saved."), **WRITE_ERRORS},
        }
    },
    "/api/recommendations/{recommendation_id}/responses": {
        "get": {
            "operationId": "listGovernmentResponses",
            "summary": "The government's responses, newest first",
            "parameters": [ID_PATH],
            "responses": {
                "200": _json("ResponseHistory", "The history."),
                "404": error_response("No such recommendation."),
            },
        },
        "post": {
            "operationId": "createGovernmentResponse",
            "summary": "Append a government response",
            "security": SECURED,
            "parameters": [ID_PATH],
            "requestBody": _body("NewGovernmentResponse"),
            "responses": {"201": _json("GovernmentResponse", "Saved."), **WRITE_ERRORS},
        },
    },
    "/api/recommendations/bulk": {
        "post": {
            "operationId": "bulkAction",
            "summary": "One action on many recommendations: all saved, or none",
            "description": "Status updates need the advocate role; owners, themes and priority need staff; "
            "follow-up dates need ownership of each or staff. Theme and priority changes go through "
            "the same edit as the recommendation's page (a revision each). A 409 lists the recommendations that changed since the "
            "versions sent (`error.conflicts`).",
            "security": SECURED,
            "requestBody": _body("BulkRequest"),
            "responses": {
                "200": _json("BulkResult", "Saved on every recommendation."),
                **{code: response for code, response in WRITE_ERRORS.items() if code != "404"},
                "400": error_response("A malformed request."),
            },
        }
    },
    "/api/views": {
        "get": {
            "operationId": "listSavedViews",
            "summary": "Your saved views and the team's shared ones",
            "security": SECURED,
            "responses": {"200": _json("SavedViews", "The views."), "401": error_response("Not signed in.")},
        },
        "post": {
            "operationId": "createSavedView",
            "summary": "Save a list query as a view",
            "security": SECURED,
            "requestBody": _body("NewSavedView"),
            "responses": {"201": _json("SavedView", "Saved."), **WRITE_ERRORS},
        },
    },
    "/api/views/{view_id}": {
        "get": {
            "operationId": "getSavedView",
            "summary": "One saved view",
            "security": SECURED,
            "parameters": [VIEW_PATH],
            "responses": {
                "200": _json("SavedView", "The view."),
                "401": error_response("Not signed in."),
                "404": error_response("No such view that you can see."),
            },
        },
        "patch": {
            "operationId": "changeSavedView",
            "summary": "Rename, re-share or change your view",
            "security": SECURED,
            "parameters": [VIEW_PATH],
            "requestBody": _body("SavedViewChange"),
            "responses": {"200": _json("SavedView", "Saved."), **WRITE_ERRORS},
        },
        "delete": {
            "operationId": "deleteSavedView",
            "summary": "Delete your view",
            "security": SECURED,
            "parameters": [VIEW_PATH],
            "responses": {"204": {"description": "Deleted."}, **WRITE_ERRORS},
        },
    },
}
