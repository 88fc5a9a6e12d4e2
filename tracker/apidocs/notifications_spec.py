"""Following and notifications in the OpenAPI document; ``tracker.apidocs.spec`` merges them in."""

from __future__ import annotations

from tracker.apidocs.parts import error_response, ref
from tracker.db import MAX_ID
from tracker.notifications.models import FOLLOW_KINDS
from tracker.notifications.operations import EVENTS

FOLLOW_KIND_CODES = list(FOLLOW_KINDS)
EVENT_CODES = list(EVENTS)

SCHEMAS = {
    "Follow": {
        "type": "object",
        "required": ["id", "kind", "automatic", "created_at", "target"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string", "enum": FOLLOW_KIND_CODES},
            "automatic": {"type": "boolean", "description": "Followed because the user owns it, not by a click."},
            "created_at": {"type": "string", "format": "date-time"},
            "target": {
                "type": ["object", "null"],
                "description": "null when the followed thing no longer exists.",
                "required": ["id", "title", "url"],
                "properties": {
                    "id": {"type": "integer"},
                    "slug": {"type": ["string", "null"]},
                    "title": {"type": "string"},
                    "url": {"type": "string", "format": "uri"},
                },
            },
        },
    },
    "FollowList": {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": ref("Follow")}},
    },
    "NewFollow": {
        "type": "object",
        "required": ["kind"],
        "description": "What to follow: its kind and its id, or (except recommendations) its slug.",
        "properties": {
            "kind": {"type": "string", "enum": FOLLOW_KIND_CODES},
            "id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            "slug": {"type": "string", "maxLength": 120},
        },
    },
    "Notification": {
        "type": "object",
        "required": ["id", "event", "headline", "title", "url", "created_at", "read"],
        "properties": {
            "id": {"type": "integer"},
            "event": {"type": "string", "enum": EVENT_CODES},
            "headline": {"type": "string", "description": "Who did what, in the request's language."},
            "title": {"type": "string", "description": "What it is about (e.g. the recommendation's summary)."},
            "excerpt": {"type": ["string", "null"], "description": "The start of the note or comment."},
            "reason": {"type": "string", "description": "Why you got it (which follow, a mention...)."},
            "url": {"type": "string", "format": "uri"},
            "recommendation_id": {"type": ["integer", "null"]},
            "actor": {"type": ["string", "null"], "description": "Who did it."},
            "created_at": {"type": "string", "format": "date-time"},
            "read": {"type": "boolean"},
        },
    },
    "NotificationPage": {
        "type": "object",
        "required": ["items", "total", "page", "pages", "unread"],
        "properties": {
            "items": {"type": "array", "items": ref("Notification")},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "unread": {"type": "integer", "description": "Unread notifications in all."},
        },
    },
    "MarkRead": {
        "oneOf": [
            {
                "type": "object",
                "required": ["ids"],
                "properties": {
                    "ids": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    }
                },
            },
            {"type": "object", "required": ["all"], "properties": {"all": {"type": "boolean", "const": True}}},
        ],
    },
    "MarkReadResult": {
        "type": "object",
        "required": ["marked", "unread"],
        "properties": {"marked": {"type": "integer"}, "unread": {"type": "integer"}},
    },
}

SIGNED_IN = {"401": error_response("Not signed in and no valid API token.")}


def notification_paths() -> dict:
    """Following and notifications: any signed-in user (session cookie + CSRF, or a token)."""
    return {
        "/api/follows": {
            "get": {
                "operationId": "listFollows",
                "summary": "Everything I follow",
                "security": [{"bearerToken": []}],
                "responses": {
                    "200": {
                        "description": "My follows.",
                        "content": {"application/json": {"schema": ref("FollowList")}},
                    },
                    **SIGNED_IN,
                },
            },
            "post": {
                "operationId": "createFollow",
                "summary": "Follow a recommendation, an actor (and its children), a theme, a document or a saved view",
                "security": [{"bearerToken": []}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": ref("NewFollow")}}},
                "responses": {
                    "200": {
                        "description": "Already followed: the existing follow.",
                        "content": {"application/json": {"schema": ref("Follow")}},
                    },
                    "201": {"description": "Followed.", "content": {"application/json": {"schema": ref("Follow")}}},
                    "400": error_response("A malformed request."),
                    **SIGNED_IN,
                    "404": error_response("Nothing of that kind with that id or slug."),
                    "415": error_response("The body is not JSON."),
                    "422": error_response("An unknown kind, or neither id nor slug."),
                },
            },
        },
        "/api/follows/{follow_id}": {
            "delete": {
                "operationId": "deleteFollow",
                "summary": "Stop following",
                "security": [{"bearerToken": []}],
                "parameters": [
                    {
                        "name": "follow_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    }
                ],
                "responses": {
                    "204": {"description": "No longer followed."},
                    "400": error_response("A malformed request."),
                    **SIGNED_IN,
                    "404": error_response("You have no follow with this id."),
                },
            }
        },
        "/api/notifications": {
            "get": {
                "operationId": "listNotifications",
                "summary": "My notifications, newest first, 50 a page",
                "security": [{"bearerToken": []}],
                "parameters": [
                    {
                        "name": "unread",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "enum": ["true", "false"], "default": "false"},
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "A page of notifications.",
                        "content": {"application/json": {"schema": ref("NotificationPage")}},
                    },
                    "400": error_response("A malformed parameter."),
                    **SIGNED_IN,
                    "404": error_response("A page beyond the last one."),
                },
            }
        },
        "/api/notifications/read": {
            "post": {
                "operationId": "markNotificationsRead",
                "summary": "Mark some or all of my notifications read",
                "security": [{"bearerToken": []}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": ref("MarkRead")}}},
                "responses": {
                    "200": {
                        "description": "How many were marked, and how many are still unread.",
                        "content": {"application/json": {"schema": ref("MarkReadResult")}},
                    },
                    "400": error_response("A malformed request."),
                    **SIGNED_IN,
                    "415": error_response("The body is not JSON."),
                    "422": error_response("Neither ids nor all."),
                },
            }
        },
    }
