"""Everything the web side needs: blueprints, error pages, headers, template helpers."""

from __future__ import annotations

import gc
from datetime import date

from flask import Flask, jsonify, render_template, request
from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from jinja2 import FileSystemBytecodeCache
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from tracker.core.inputs import clean_text
from tracker.dates import display_date
from tracker.i18n import format_number
from tracker.recommendations.filters import query_string
from tracker.recommendations.search import highlight
from tracker.recommendations.statuses import STATUS_BY_CODE, STATUSES

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def register_web(app: Flask) -> None:
    """Register blueprints, error handlers, response headers and template helpers."""
    # Languages: the locale selector, the language switch, html_lang (tracker/i18n.py).
    # Input rules for every route: bounded <int:> ids, no NUL in the address, JSON depth.
    from tracker.core import http as core_http

    core_http.init_app(app)
    from tracker import i18n

    i18n.init_app(app)

    from tracker.actors.curation_views import blueprint as actor_curation_blueprint
    from tracker.actors.views import blueprint as actors_blueprint
    from tracker.bulk.views import blueprint as bulk_blueprint
    from tracker.documents.curation_views import blueprint as document_curation_blueprint
    from tracker.documents.views import blueprint as documents_blueprint
    from tracker.main.views import blueprint as main_blueprint
    from tracker.recommendations.api import blueprint as api_blueprint
    from tracker.recommendations.curation_api import blueprint as curation_api_blueprint
    from tracker.recommendations.curation_views import blueprint as curation_blueprint
    from tracker.recommendations.views import blueprint as recommendations_blueprint
    from tracker.reports import saved_views  # noqa: F401 (its routes join the reports blueprint)
    from tracker.reports.views import blueprint as reports_blueprint
    from tracker.responses.api import blueprint as responses_api_blueprint
    from tracker.responses.views import blueprint as responses_blueprint
    from tracker.revisions.api import blueprint as records_api_blueprint
    from tracker.savedviews.api import blueprint as savedviews_api_blueprint
    from tracker.savedviews.views import blueprint as savedviews_blueprint
    from tracker.themes.views import blueprint as themes_blueprint
    from tracker.transfer.views import blueprint as transfer_blueprint
    from tracker.updates.api import blueprint as updates_api_blueprint
    from tracker.updates.views import blueprint as updates_blueprint
    from tracker.workflow.api import blueprint as workflow_api_blueprint
    from tracker.workflow.views import blueprint as workflow_blueprint

    for blueprint in (
        main_blueprint,
        recommendations_blueprint,
        documents_blueprint,
        actors_blueprint,
        api_blueprint,
        updates_blueprint,
        updates_api_blueprint,
        reports_blueprint,
        transfer_blueprint,
        bulk_blueprint,
        workflow_blueprint,
        responses_blueprint,
        savedviews_blueprint,
        savedviews_api_blueprint,
        responses_api_blueprint,
        workflow_api_blueprint,
        curation_api_blueprint,
        curation_blueprint,
        actor_curation_blueprint,
        document_curation_blueprint,
        themes_blueprint,
        records_api_blueprint,
    ):
        app.register_blueprint(blueprint)

    app.register_error_handler(HTTPException, _render_http_error)
    app.register_error_handler(RequestEntityTooLarge, _render_too_large)

    from tracker import intake

    intake.init_app(app)

    # Users, sessions, CSRF and the PUBLIC_READ gate (tracker/accounts/__init__.py).
    from tracker import accounts

    accounts.init_app(app)

    # Background jobs, following and notifications, team comments.
    from tracker import comments, jobs, notifications

    jobs.init_app(app)
    notifications.init_app(app)
    comments.init_app(app)

    from tracker.apidocs.views import blueprint as apidocs_blueprint

    app.register_blueprint(apidocs_blueprint)
    if app.config.get("PROXY_COUNT"):
        # Behind N trusted reverse proxies, take the client address (used for sign-in
        # throttling and the audit log) and the scheme (Secure cookies) from their headers.
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Flask's documented way to wrap the app in WSGI middleware; mypy sees a method.
        proxied = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=app.config["PROXY_COUNT"])
        app.wsgi_app = proxied  # type: ignore[method-assign]
    app.register_error_handler(Exception, _render_unexpected_error)

    @app.after_request
    def add_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    from tracker.actors.models import ACTOR_KINDS
    from tracker.i18n import current_language
    from tracker.responses.vocabulary import RESPONSE_BY_CODE, RESPONSES

    # Compiled templates are kept on disk (the system's temporary folder, keyed by each
    # template's source checksum, so an edited template is compiled again): a restarted
    # process loads them instead of compiling every template of its first pages again.
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache()
    prepare_process()
    app.jinja_env.globals.update(
        STATUSES=STATUSES,
        STATUS_BY_CODE=STATUS_BY_CODE,
        RESPONSES=RESPONSES,
        RESPONSE_BY_CODE=RESPONSE_BY_CODE,
        ACTOR_KINDS=ACTOR_KINDS,
        current_language=current_language,
        list_query=query_string,
    )

    @app.context_processor
    def dates_for_templates():
        return {"today_iso": date.today().isoformat(), "stale_days_setting": app.config.get("STALE_AFTER_DAYS", 90)}

    app.jinja_env.filters["highlight"] = highlight
    # Text stored before control characters were refused must not make the feed invalid XML.
    app.jinja_env.filters["xml_text"] = clean_text
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["input_date"] = display_date  # the day/month/year a date field shows
    app.jinja_env.filters["percent"] = lambda value: format_percent(value / 100)  # whole per cent in, "12 %" out
    app.jinja_env.filters["date"] = lambda value: format_date(value, "long") if value else _("Date unknown")
    app.jinja_env.filters["published"] = published_date


def prepare_process() -> None:
    """Do before the first request what a process does once: configure every ORM mapper
    and load each language's locale data (number and date patterns). Done lazily, both
    fell on a restarted worker's first page (measured at 300,000 recommendations: the
    mappers 170–280 ms and the locale data ~50 ms of wall time on the loaded machine).

    Then the ~160,000 objects made by importing and configuring the app are frozen out of
    the garbage collector's sight: they live as long as the process, yet every full
    collection walked them all (265–410 ms each on the loaded machine, 32–35 ms after),
    on the first request and then on one request in every few dozen: the p95's outliers.
    """
    from sqlalchemy.orm import configure_mappers

    from tracker.i18n import load_locale_data

    configure_mappers()
    load_locale_data()
    gc.collect()
    gc.freeze()


def published_date(document) -> str:
    """A document's publication date at its precision: "18 May 2021", "April 2022", "2022"."""
    from babel.dates import format_skeleton
    from flask_babel import get_locale

    day = document.published_on
    if day is None:
        return _("Date unknown")
    if document.published_precision == "year":
        return str(day.year)
    if document.published_precision == "month":
        return format_skeleton("yMMMM", day, locale=get_locale())
    return format_date(day, "long")


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _discard_failed_work() -> None:
    # On PostgreSQL a failed statement aborts the transaction: rendering the error page
    # (which reads the signed-in user) inside it would fail again. Nothing of a request
    # that ends in an error is kept anyway (the request wrapper commits below 400 only).
    from flask import g

    db_session = g.get("db_session")
    if db_session is not None:
        db_session.rollback()


def _render_http_error(error: HTTPException):
    from tracker.core.http import untrusted_host_response

    untrusted = untrusted_host_response(error)
    if untrusted is not None:
        return untrusted
    _discard_failed_work()
    if _wants_json():
        return jsonify(error={"status": error.code, "message": error.description}), error.code
    return render_template("errors/error.html", error=error), error.code


def _render_too_large(error: RequestEntityTooLarge):
    # The body was not read, so the form cannot be shown again with what was typed;
    # the browser still holds it, one step back.
    limit = request.max_content_length or 0
    if error.description == RequestEntityTooLarge.description:
        error.description = _(
            "What you sent is larger than %(mb)s MB, the most this site accepts at once. "
            "Nothing was saved. Go back with your browser: the form still holds what you "
            "typed; shorten the text or split the file, then send it again.",
            mb=format_decimal(round(limit / (1024 * 1024), 1)),
        )
    return _render_http_error(error)


def _render_unexpected_error(error: Exception):
    # Logged with its traceback for operators; the visitor sees a plain page.
    from flask import current_app

    current_app.logger.exception("Unhandled error on %s", request.path)
    _discard_failed_work()
    message = _("Something went wrong on our side. Nothing you entered was saved; please try again.")
    if _wants_json():
        return jsonify(error={"status": 500, "message": message}), 500
    return render_template("errors/error.html", error=None, message=message), 500
