"""Pieces every part of the OpenAPI document uses: references to schemas and error responses."""

from __future__ import annotations


def ref(name: str) -> dict:
    """A reference to a schema of the document's components."""
    return {"$ref": f"#/components/schemas/{name}"}


def error_response(description: str) -> dict:
    """A response whose body is the API's error object."""
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


def list_parameter(name: str, description: str, items: dict) -> dict:
    """A query parameter that may be repeated (``?theme=a&theme=b``)."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "items": items},
    }
