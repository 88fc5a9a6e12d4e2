"""Who is asking: the signed-in user (session cookie) or an API token's owner.

``current_user()`` is the one way views, templates and operations learn who the user
is; ``require_role`` is the one way views refuse. The request hooks that call them
are installed by ``tracker.accounts.init_app``.
"""

from __future__ import annotations

from functools import wraps
from typing import NoReturn

from flask import abort, flash, g, has_request_context, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.accounts.models import User, UserSession
from tracker.accounts.roles import ROLE_LABELS, has_role
from tracker.accounts.sessions import end_session_record, find_live_session, note_activity, open_session
from tracker.core.inputs import safe_next
from tracker.timeutil import utcnow

SESSION_USER_KEY = "user_id"
# The random key of the server-side session (tracker.accounts.sessions).
SESSION_KEY = "sid"

# The same for everybody and free of data: anyone may fetch them and caches may keep them.
SHARED_ASSET_ENDPOINTS = frozenset({"static", "main.status_styles", "main.favicon"})

# Endpoints anyone may reach even when PUBLIC_READ is off: the sign-in page and the
# assets it needs to render, the password reset page (its link is the credential) and
# the unsubscribe link of e-mails.
ALWAYS_OPEN_ENDPOINTS = SHARED_ASSET_ENDPOINTS | {
    "accounts.sign_in",
    "accounts.reset_password",
    "i18n.switch",
    "notifications.unsubscribe",
}
# State changes authorised by something other than the session, so no CSRF token can be
# asked for: the unsubscribe link carries its own signed token and mail programs post
# to it without a page (RFC 8058 one-click unsubscribe).
CSRF_EXEMPT_ENDPOINTS = frozenset({"notifications.unsubscribe"})


def is_api_request() -> bool:
    """Whether the current request is for the JSON API."""
    return request.path.startswith("/api/")


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer`` header, if there is one."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def current_user() -> User | None:
    """The signed-in user, or None for an anonymous visitor (cached for the request).

    On /api/ paths an ``Authorization: Bearer`` token is used when present; otherwise
    the session cookie, which counts only while its server-side session is live
    (``tracker.accounts.sessions``) and its user active.
    """
    if not has_request_context():
        return None
    if "current_user" not in g:
        g.current_user = _load_user()
    return g.current_user


def signed_in_user() -> User:
    """The signed-in user, in a view that ``require_role`` protects (so never anonymous).

    Typed ``User`` where ``current_user()`` is ``User | None``; called where no one is
    signed in (a view that forgot ``require_role``), it refuses with a 401 rather than
    let ``None`` travel into an operation.
    """
    user = current_user()
    if user is None:
        abort(401)
    return user


def current_session() -> UserSession | None:
    """The server-side session of this request, if it is signed in with a cookie."""
    current_user()
    return g.get("user_session")


def _load_user() -> User | None:
    presented = bearer_token() if is_api_request() else None
    if presented is not None:
        from tracker.accounts.tokens import authenticate_token

        token = authenticate_token(db.session(), presented)
        if token is None:
            # A wrong token is an error, not "anonymous": a script should learn at once
            # that its token no longer works rather than silently read public data.
            abort_unauthorized("The API token is invalid or has been revoked.")
        g.api_token = token
        return token.user
    user_id = session.get(SESSION_USER_KEY)
    if user_id is None:
        return None
    record = find_live_session(db.session(), session.get(SESSION_KEY), user_id)
    if record is None or not record.user.is_active:
        session.clear()
        flash(_("Your session has ended. Please sign in again."), "info")
        return None
    note_activity(db.session(), record)
    g.user_session = record
    return record.user


def is_token_authenticated() -> bool:
    """Whether this request was authenticated by an API token (so needs no CSRF token)."""
    return g.get("api_token") is not None


def start_session(user: User) -> None:
    """Sign ``user`` in: a brand-new session (nothing carried over), recorded on the server.

    Clearing first means nothing from before sign-in survives, including the CSRF
    secret; the cookie gets a new random key whose hash is the server-side record.
    """
    record, raw = open_session(db.session(), user, request.headers.get("User-Agent", ""), request.remote_addr or "")
    session.clear()
    session[SESSION_USER_KEY] = user.id
    session[SESSION_KEY] = raw
    session["signed_in_at"] = utcnow().isoformat()
    g.current_user = user
    g.user_session = record


def end_session() -> None:
    """Sign out: end the server-side session and forget everything in the cookie."""
    record = current_session()
    if record is not None:
        end_session_record(db.session(), record, "signed_out")
    session.clear()
    g.current_user = None
    g.user_session = None


def abort_unauthorized(message: str) -> NoReturn:
    """Stop the request with a JSON 401 that asks for a Bearer token."""
    response = jsonify(error={"status": 401, "message": message})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="tracker"'
    abort(response)


def refuse_anonymous():
    """The response for an anonymous visitor who must sign in: a redirect, or 401 on the API."""
    if is_api_request():
        abort_unauthorized("Sign in or send an API token (Authorization: Bearer <token>) to use this.")
    flash(_("Please sign in to see that page."), "info")
    here = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("accounts.sign_in", next=safe_next(here)))


def require_role(role: str):
    """Decorator: the view needs a signed-in user with ``role`` or a higher one.

    Anonymous visitors are sent to the sign-in page (and back afterwards), or get a
    401 JSON error under /api/; signed-in users without the role get 403.
    """
    label = ROLE_LABELS[role]

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = current_user()
            if user is None:
                return refuse_anonymous()
            if not has_role(user, role):
                abort(
                    403,
                    description=_(
                        "This needs the %(role)s role or higher; you are %(yours)s. "
                        "Ask an administrator if you need more access.",
                        role=_(label),
                        yours=_(user.role_label),
                    ),
                )
            return view(*args, **kwargs)

        return wrapped

    return decorator
