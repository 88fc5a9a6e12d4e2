"""App-wide input rules applied before any view runs.

- ``<int:...>`` URL arguments hold at most ``MAX_INT`` (a larger id is a 404, not an
  integer overflow in the database driver);
- a NUL character in the path or in any value of the query string is a 400 (PostgreSQL
  refuses NUL in text; SQLite would store it silently);
- JSON request bodies nested deeper than ``MAX_JSON_DEPTH`` are a 400;
- a ``Host`` header outside the trusted hosts is a 400, before anything can put it in
  an absolute URL (see ``TRACKER_SERVER_NAME`` / ``TRACKER_TRUSTED_HOSTS``).
"""

from __future__ import annotations

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, SecurityError
from werkzeug.routing import IntegerConverter

from tracker.core.inputs import MAX_INT, loads_json


class BoundedIntegerConverter(IntegerConverter):
    """``<int:name>``: ASCII digits (Werkzeug's default) no larger than an INTEGER column."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


class DepthLimitedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing request bodies nested too deeply (a ValueError: Flask answers 400).

    Keys are written in the order the code builds them (the API documents them so), not sorted.
    """

    sort_keys = False

    def loads(self, s, **kwargs):
        if kwargs:
            return super().loads(s, **kwargs)
        return loads_json(s)


def init_app(app: Flask) -> None:
    """Install the converter, the JSON provider and the NUL guard. Call before registering blueprints."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.json_provider_class = DepthLimitedJSONProvider
    app.json = DepthLimitedJSONProvider(app)
    app.before_request(_guard_address)


def _guard_address():
    # An untrusted Host is refused before any other hook could build a URL (impossible
    # without a trusted host: Flask has no URL adapter for the request then).
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception
    if "\x00" in request.path or any("\x00" in value for values in request.args.listvalues() for value in values):
        raise BadRequest(_("The address contains an invisible NUL character; remove it and try again."))
    return None


def untrusted_host_response(error: Exception):
    """A plain answer to a request for a host name this site is not configured for.

    No template: without a trusted host, no URL of this site can be built.
    """
    if isinstance(error, SecurityError):
        return (
            "This site is not served under that host name (see TRACKER_SERVER_NAME and TRACKER_TRUSTED_HOSTS).\n",
            400,
            {"Content-Type": "text/plain; charset=utf-8"},
        )
    return None
