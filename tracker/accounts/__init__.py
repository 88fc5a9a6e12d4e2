"""Accounts: users and roles, sign-in, sessions, API tokens, admin pages.

``init_app`` wires the request hooks that apply to every request: who the user is,
whether anonymous visitors may read (PUBLIC_READ), CSRF protection on every state
change except token-authenticated API calls (API writes without a token are
a 401), and ``Cache-Control: no-store`` for
signed-in users.
"""

from __future__ import annotations

from datetime import UTC

from flask import Flask, current_app, g, has_request_context, jsonify, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect

csrf = CSRFProtect()

CSRF_MESSAGE = (
    "This form could not be accepted because its security token is missing or no longer "
    "valid (it can happen after signing in or out in another tab). Go back, reload the "
    "page and send the form again."
)


class TrackerSessionInterface(SecureCookieSessionInterface):
    """Signed cookie sessions whose Secure flag can follow the request's scheme.

    SESSION_COOKIE_SECURE = None ("auto") marks the cookie Secure exactly when the
    request came over HTTPS (behind a proxy, set TRACKER_PROXY_COUNT so the scheme
    is known); True or False force it.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        setting = app.config.get("SESSION_COOKIE_SECURE")
        if setting is None:
            return has_request_context() and request.is_secure
        return bool(setting)


def init_app(app: Flask) -> None:
    """Install sessions, CSRF, the request hooks and the accounts, admin and audit pages."""
    from tracker.accounts.admin_views import blueprint as admin_blueprint
    from tracker.accounts.current import current_user
    from tracker.accounts.roles import ROLE_LABELS, ROLES, has_role
    from tracker.accounts.views import blueprint as accounts_blueprint
    from tracker.audit.views import blueprint as audit_blueprint

    app.session_interface = TrackerSessionInterface()
    # CSRFProtect's own hook is switched off (WTF_CSRF_CHECK_DEFAULT) so that ours can
    # run it after authentication and skip it for API-token requests: a token is not
    # sent automatically by browsers, so such a request cannot be forged cross-site.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)

    for blueprint in (accounts_blueprint, admin_blueprint, audit_blueprint):
        app.register_blueprint(blueprint)

    app.before_request(_identify_and_guard)
    app.after_request(_no_store_for_signed_in_users)
    app.register_error_handler(CSRFError, _csrf_error)

    app.jinja_env.filters["utc"] = format_utc

    @app.context_processor
    def accounts_template_globals():
        return {
            "current_user": current_user() if has_request_context() else None,
            "has_role": has_role,
            "ROLES": ROLES,
            "ROLE_LABELS": ROLE_LABELS,
        }


def format_utc(value) -> str:
    """A timestamp as "2026-11-22 19:15 UTC" (times are stored and shown in UTC)."""
    if value is None:
        return "never"
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _identify_and_guard():
    from tracker.accounts.current import (
        ALWAYS_OPEN_ENDPOINTS,
        CSRF_EXEMPT_ENDPOINTS,
        abort_unauthorized,
        current_user,
        is_api_request,
        is_token_authenticated,
        refuse_anonymous,
    )

    if request.endpoint == "static":
        return None
    user = current_user()
    if user is None and not current_app.config["PUBLIC_READ"] and request.endpoint not in ALWAYS_OPEN_ENDPOINTS:
        return refuse_anonymous()
    if (
        request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
        and not is_token_authenticated()
        and request.endpoint not in CSRF_EXEMPT_ENDPOINTS
    ):
        if is_api_request():
            # API writes are for programs, which authenticate with a token; a browser's
            # cookie is not accepted there, so a missing token is a 401, not a CSRF error.
            abort_unauthorized(
                "Changes through the API need an API token (Authorization: Bearer <token>); "
                "create one on your account page."
            )
        csrf.protect()
    return None


def _no_store_for_signed_in_users(response):
    from tracker.accounts.current import SHARED_ASSET_ENDPOINTS

    # Pages for signed-in users may show private data (tokens shown once, the audit
    # log, drafts): no browser or proxy cache may keep them.
    if request.endpoint not in SHARED_ASSET_ENDPOINTS and g.get("current_user") is not None:
        response.headers["Cache-Control"] = "no-store"
    return response


def _csrf_error(error: CSRFError):
    if request.path.startswith("/api/"):
        from werkzeug.exceptions import HTTPException

        from tracker.accounts.current import current_user, refuse_anonymous

        if current_user() is None:
            # Nobody is signed in: the missing credential is the token, not a CSRF field.
            try:
                refuse_anonymous()
            except HTTPException as unauthorized:
                return unauthorized.get_response()
        return jsonify(error={"status": 400, "message": CSRF_MESSAGE}), 400
    error.description = CSRF_MESSAGE
    return render_template("errors/error.html", error=error), 400
