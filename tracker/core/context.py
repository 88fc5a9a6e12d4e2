"""The app behind ``current_app``, for work that outlives the app context."""

from __future__ import annotations

from typing import cast

from flask import Flask, current_app
from werkzeug.local import LocalProxy


def real_app() -> Flask:
    """The Flask app itself, not the context-local proxy: what a thread, an after-commit
    callback or a worker keeps to open its own app context later."""
    return cast("LocalProxy[Flask]", current_app)._get_current_object()
