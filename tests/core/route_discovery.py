"""Discovering what to send to each route: the routes, the parameters pages and views
read, the forms rendered for an endpoint (used by test_fuzz_every_route.py)."""

from __future__ import annotations

import inspect
import re
import sys
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from werkzeug.routing import IntegerConverter

from tracker import create_app
from tracker.core.forms import TrackerForm

pytestmark = pytest.mark.slow

SKIPPED_ENDPOINTS = {"static"}  # files on disk: Werkzeug's own code, no input of ours


# --- Discovering routes, parameters and fields ----------------------------------------------


def _routes() -> list[tuple[str, str]]:
    """(endpoint, method) for every rule of the app, from a configured but unused app."""
    probe = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "fuzz", "TESTING": True})
    found = set()
    for rule in probe.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        for method in sorted(set(rule.methods) - {"HEAD", "OPTIONS"}):
            found.add((rule.endpoint, method))
    return sorted(found)


_READS = re.compile(r"request\.(args|form|values)\.(?:get|getlist)\(\s*[\"']([^\"']+)[\"']")


def _names_read_by(view) -> tuple[set[str], set[str]]:
    """Query and form names read in the view's module (``request.args.get("x")``)."""
    try:
        source = inspect.getsource(sys.modules[inspect.unwrap(view).__module__])
    except (OSError, TypeError, KeyError):
        return set(), set()
    query, form = set(), set()
    for where, name in _READS.findall(source):
        (query if where == "args" else form).add(name)
        if where == "values":
            query.add(name)
    return query, form


class _PageParser(HTMLParser):
    """Forms (action, method, field names, file fields) and links of one page."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": attributes.get("action") or "",
                    "method": (attributes.get("method") or "get").upper(),
                    "fields": set(),
                    "files": set(),
                    "options": {},
                }
            )
        elif tag in ("input", "select", "textarea", "button") and self.forms and attributes.get("name"):
            form = self.forms[-1]
            name = attributes["name"]
            (form["files"] if attributes.get("type") == "file" else form["fields"]).add(name)
            if attributes.get("value") is not None and attributes.get("type") in (
                "radio",
                "checkbox",
                "submit",
                "hidden",
                None,
            ):
                form["options"].setdefault(name, set()).add(attributes["value"])
        elif tag == "option" and self.forms and attributes.get("value") is not None:
            form = self.forms[-1]
            form["options"].setdefault("__select__", set()).add(attributes["value"])
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


class Discovered:
    """What the fuzzer knows about each endpoint: query names, form fields, file fields, known values."""

    def __init__(self):
        self.query: dict[str, set[str]] = {}
        self.form: dict[str, set[str]] = {}
        self.files: dict[str, set[str]] = {}
        self.values: set[str] = set()
        self.all_form_fields: set[str] = set()
        self.json_members: dict[str, set[str]] = {}

    def add(self, table: dict, endpoint: str, names) -> None:
        table.setdefault(endpoint, set()).update(n for n in names if n != "csrf_token")


def discover(app, client, url_args: dict) -> Discovered:
    """Render every GET page as an admin and read its forms and links; read the view
    modules, the form classes and the OpenAPI document."""
    found = Discovered()
    adapter = app.url_map.bind("localhost")
    for form_class in _subclasses(TrackerForm):
        found.all_form_fields.update(name for name, value in vars(form_class).items() if hasattr(value, "field_class"))
    for rule in app.url_map.iter_rules():
        query, form = _names_read_by(app.view_functions[rule.endpoint])
        found.add(found.query, rule.endpoint, query)
        found.add(found.form, rule.endpoint, form)
        if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        response = client.get(_build_path(rule, url_args))
        if not response.content_type.startswith("text/html"):
            continue
        parser = _PageParser()
        parser.feed(response.get_data(as_text=True))
        for form in parser.forms:
            endpoint = _endpoint_of(adapter, form["action"] or _build_path(rule, url_args), form["method"])
            if endpoint:
                table = found.query if form["method"] == "GET" else found.form
                found.add(table, endpoint, form["fields"])
                found.add(found.files, endpoint, form["files"])
            for values in form["options"].values():
                found.values.update(v for v in values if len(v) < 200)
        for href in parser.links:
            parts = urlsplit(href)
            endpoint = _endpoint_of(adapter, parts.path, "GET") if not parts.netloc else None
            if endpoint and parts.query:
                pairs = parse_qsl(parts.query)
                found.add(found.query, endpoint, [name for name, _value in pairs])
                found.values.update(value for _name, value in pairs if len(value) < 200)
    document = client.get("/api/openapi.json").json
    for path, item in document["paths"].items():
        for method, operation in item.items():
            endpoint = _endpoint_of(adapter, re.sub(r"\{[^}]+\}", "1", path), method.upper())
            if not endpoint:
                continue
            found.add(
                found.query, endpoint, [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
            )
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            schema = document["components"]["schemas"].get(body.get("$ref", "").rsplit("/", 1)[-1], body)
            found.add(found.json_members, endpoint, schema.get("properties", {}))
    return found


def _subclasses(cls) -> list[type]:
    pending, found = list(cls.__subclasses__()), []
    while pending:
        sub = pending.pop()
        found.append(sub)
        pending.extend(sub.__subclasses__())
    return found


def _endpoint_of(adapter, path: str, method: str) -> str | None:
    try:
        endpoint, _args = adapter.match(urlsplit(path).path, method=method)
    except Exception:  # noqa: BLE001 — not a route of ours (404, 405, a redirect)
        return None
    return endpoint


def _build_path(rule, args: dict) -> str:
    path = rule.rule
    for name in rule.arguments:
        value = args.get(name)
        if value is None:
            value = "1" if isinstance(rule._converters[name], IntegerConverter) else "x"
        path = re.sub(r"<[^>]*\b" + re.escape(name) + ">", quote(str(value), safe=""), path)
    return path
