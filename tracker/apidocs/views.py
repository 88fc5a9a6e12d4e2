"""The OpenAPI document and its browsable, server-rendered reference page."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, url_for

from tracker.apidocs.spec import openapi_document

blueprint = Blueprint("apidocs", __name__)


def _document() -> dict:
    # Built like every absolute URL (TRACKER_SERVER_NAME when set), never from a raw Host header.
    return openapi_document(url_for("main.home", _external=True).rstrip("/"))


@blueprint.get("/api/openapi.json")
def openapi_json():
    """The OpenAPI 3.1 document of every /api/ endpoint."""
    return jsonify(_document())


@blueprint.get("/api/docs")
def reference():
    """A readable reference built from the same document (no JavaScript)."""
    document = _document()
    operations = [
        (path, method.upper(), operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]
    return render_template(
        "apidocs/reference.html", document=document, operations=operations, schemas=document["components"]["schemas"]
    )
