"""The curation part of the OpenAPI document: editing, revisions, restore, split, merge, retire."""

from __future__ import annotations

from tracker.apidocs.parts import error_response, ref
from tracker.recommendations.models import MAKER_ROLES, PRIORITIES, RETIREMENT_REASONS

_SLUG = {"type": "string", "maxLength": 120}


REASON = {"type": "string", "minLength": 1, "maxLength": 1000, "description": "Why; kept in the history."}
VERSION = {"type": "integer", "description": "The version you edited (from GET); a newer one answers 409."}

SCHEMAS = {
    "Revision": {
        "type": "object",
        "required": ["id", "kind", "created_at", "reason", "changes"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string", "description": "created, edited, restored, split, merged, retired, unretired."},
            "user": {"type": ["string", "null"], "description": "Who (null: the seed loader or an import)."},
            "created_at": {"type": "string", "format": "date-time", "description": "When, in UTC."},
            "reason": {"type": "string"},
            "changes": {
                "type": "object",
                "description": "{field: [before, after]}.",
                "additionalProperties": {"type": "array", "minItems": 2, "maxItems": 2},
            },
            "restores": {"type": ["integer", "null"], "description": "The revision a restoring revision restores."},
        },
    },
    "RevisionList": {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": ref("Revision")}},
    },
    "RecommendationPatch": {
        "type": "object",
        "required": ["version", "reason"],
        "additionalProperties": False,
        "properties": {
            "version": VERSION,
            "reason": REASON,
            "summary": {"type": "string", "minLength": 1, "maxLength": 300},
            "summary_es": {"type": ["string", "null"], "maxLength": 300},
            "priority": {"type": "string", "enum": list(PRIORITIES)},
            "quote_start": {
                "type": "integer",
                "minimum": 0,
                "description": "With quote_end: the passage of the document text quoted.",
            },
            "quote_end": {"type": "integer", "minimum": 1},
            "makers": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["actor"],
                    "properties": {"actor": _SLUG, "role": {"type": "string", "enum": list(MAKER_ROLES)}},
                },
            },
            "addressees": {"type": "array", "items": _SLUG},
            "themes": {"type": "array", "items": _SLUG},
        },
    },
    "ReasonRequest": {
        "type": "object",
        "required": ["version", "reason"],
        "properties": {
            "version": VERSION,
            "reason": REASON,
            "after": {
                "type": "boolean",
                "description": "Restore the data as it was just after the revision (default: just before it).",
            },
        },
    },
    "RetireRequest": {
        "type": "object",
        "required": ["reason"],
        "properties": {
            "reason": {
                "type": "string",
                "enum": [c for c in RETIREMENT_REASONS if c not in ("duplicate", "document_retired")],
            },
            "note": {"type": "string", "maxLength": 1000, "description": 'Required with reason "other".'},
            "version": VERSION,
        },
    },
    "UnretireRequest": {"type": "object", "required": ["reason"], "properties": {"reason": REASON, "version": VERSION}},
    "MergeRequest": {
        "type": "object",
        "required": ["into", "reason"],
        "properties": {
            "into": {"type": "integer", "description": "The id of the recommendation kept."},
            "reason": REASON,
            "version": VERSION,
        },
    },
    "SplitRequest": {
        "type": "object",
        "required": ["version", "reason", "parts"],
        "properties": {
            "version": VERSION,
            "reason": REASON,
            "parts": {
                "type": "array",
                "minItems": 2,
                "maxItems": 20,
                "items": {
                    "type": "object",
                    "required": ["summary", "quote_start", "quote_end"],
                    "properties": {
                        "summary": {"type": "string", "minLength": 1, "maxLength": 300},
                        "quote_start": {"type": "integer"},
                        "quote_end": {"type": "integer"},
                    },
                },
            },
        },
    },
    "RecommendationList": {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": ref("Recommendation")}},
    },
}

WRITE_ERRORS = {
    "401": error_response("No valid API token."),
    "403": error_response("Only staff and administrators curate data."),
    "404": error_response("No such recommendation."),
    "409": error_response("Changed since `version`; nothing was saved (`changes` lists the revisions since)."),
    "415": error_response("The body is not JSON."),
    "422": error_response("Invalid fields (`fields` names each); nothing was saved."),
}


def _write(
    operation_id: str,
    summary: str,
    body: str,
    ok: str,
    parameters: list,
    status: str = "200",
    result: str = "Recommendation",
) -> dict:
    return {
        "operationId": operation_id,
        "summary": summary,
        "security": [{"bearerToken": []}],
        "parameters": parameters,
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref(body)}}},
        "responses": {
            status: {"description": ok, "content": {"application/json": {"schema": ref(result)}}},
            **WRITE_ERRORS,
        },
    }


def curation_paths(recommendation_id: dict) -> dict:
    """The curation paths (the PATCH joins the GET of /api/recommendations/{id})."""
    ids = [recommendation_id]
    revision_id = {
        "name": "revision_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    }
    base = "/api/recommendations/{recommendation_id}"
    return {
        base: {
            "patch": _write(
                "editRecommendation",
                "Change a recommendation's data (staff)",
                "RecommendationPatch",
                "Saved; the recommendation with its new version.",
                ids,
            )
        },
        f"{base}/revisions": {
            "get": {
                "operationId": "listRevisions",
                "summary": "The revisions of a recommendation's data, newest first",
                "parameters": ids,
                "responses": {
                    "200": {
                        "description": "The revisions.",
                        "content": {"application/json": {"schema": ref("RevisionList")}},
                    },
                    "404": error_response("No such recommendation."),
                },
            }
        },
        f"{base}/revisions/{{revision_id}}/restore": {
            "post": _write(
                "restoreRevision",
                "Put the data back as it was before (or just after) a revision, as a new revision",
                "ReasonRequest",
                "Restored.",
                ids + [revision_id],
            )
        },
        f"{base}/retire": {
            "post": _write(
                "retireRecommendation", "Retire: out of lists, counts and reports", "RetireRequest", "Retired.", ids
            )
        },
        f"{base}/restore": {
            "post": _write(
                "unretireRecommendation",
                "Bring a retired recommendation back",
                "UnretireRequest",
                "Back in lists and counts.",
                ids,
            )
        },
        f"{base}/merge": {
            "post": _write(
                "mergeRecommendation",
                "Merge this duplicate into another (kept)",
                "MergeRequest",
                "Merged; the kept recommendation.",
                ids,
            )
        },
        f"{base}/split": {
            "post": _write(
                "splitRecommendation",
                "Split into parts, each with its own passage",
                "SplitRequest",
                "Split; the original first, then the new ones.",
                ids,
                status="201",
                result="RecommendationList",
            )
        },
    }


_RECORD_FIELDS = {
    "document": {
        "title": {"type": "string", "minLength": 1, "maxLength": 500},
        "publisher": {"type": ["string", "null"], "description": "An actor's slug."},
        "kind": {"type": "string"},
        "language": {"type": "string", "maxLength": 16},
        "url": {"type": ["string", "null"], "maxLength": 2000},
        "published_on": {"type": ["string", "null"], "format": "date"},
        "published_precision": {"type": "string", "enum": ["day", "month", "year"]},
        "date_note": {"type": ["string", "null"], "maxLength": 300},
        "text": {
            "type": "string",
            "description": "The text with boilerplate removed before the first "
            "quote or after the last; nothing else may change.",
        },
    },
    "actor": {
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "acronym": {"type": ["string", "null"], "maxLength": 40},
        "aliases": {"type": "array", "items": {"type": "string", "maxLength": 200}},
        "kind": {"type": "string"},
        "description": {"type": ["string", "null"]},
        "parent": {"type": ["string", "null"], "description": "An actor's slug; cycles are refused."},
    },
    "theme": {
        "name": {"type": "string", "minLength": 1, "maxLength": 120},
        "name_es": {"type": ["string", "null"], "maxLength": 120},
        "description": {"type": ["string", "null"]},
        "description_es": {"type": ["string", "null"]},
    },
}

for _kind, _fields in _RECORD_FIELDS.items():
    SCHEMAS[f"{_kind.capitalize()}Patch"] = {
        "type": "object",
        "required": ["version", "reason"],
        "additionalProperties": False,
        "properties": {"version": VERSION, "reason": REASON, **_fields},
    }
    SCHEMAS[f"{_kind.capitalize()}Record"] = {
        "type": "object",
        "required": ["id", "slug", "version"],
        "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}, "version": {"type": "integer"}},
    }
SCHEMAS["ActorMergeRequest"] = {
    "type": "object",
    "required": ["into", "reason"],
    "properties": {"into": {"type": "string", "description": "The slug of the actor that stays."}, "reason": REASON},
}


def records_paths() -> dict:
    """PATCH and revisions of documents, actors and themes; the actor merge."""
    slug = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 120}}
    paths = {}
    for kind in ("document", "actor", "theme"):
        name = kind.capitalize()
        not_found = {"404": error_response(f"No such {kind}.")}
        paths[f"/api/{kind}s/{{slug}}"] = {
            "patch": {
                **_write(
                    f"edit{name}",
                    f"Change a {kind}'s data (staff)",
                    f"{name}Patch",
                    "Saved.",
                    [slug],
                    result=f"{name}Record",
                )
            }
        }
        paths[f"/api/{kind}s/{{slug}}/revisions"] = {
            "get": {
                "operationId": f"list{name}Revisions",
                "summary": f"The revisions of a {kind}, newest first",
                "parameters": [slug],
                "responses": {
                    "200": {
                        "description": "The revisions.",
                        "content": {"application/json": {"schema": ref("RevisionList")}},
                    },
                    **not_found,
                },
            }
        }
    paths["/api/actors/{slug}/merge"] = {
        "post": _write(
            "mergeActor",
            "Merge this actor into another (links move; the old slug redirects)",
            "ActorMergeRequest",
            "Merged; the actor that stays.",
            [slug],
            result="ActorRecord",
        )
    }
    return paths
