"""Following and notifications (in-app and e-mail).

``operations.notify`` is the one entry point the write verbs call; ``following`` holds
the follow verbs; ``delivery`` the e-mail jobs; ``views`` and ``api`` the pages and the
JSON API. ``init_app`` wires them and the template helpers (the header's unread count,
the Follow buttons).
"""

from __future__ import annotations

from flask import Flask, g, has_request_context, request


def init_app(app: Flask) -> None:
    """Register the pages, the API, the template helpers and the language memory."""
    from tracker.notifications import texts
    from tracker.notifications.api import blueprint as api_blueprint
    from tracker.notifications.views import blueprint

    app.register_blueprint(blueprint)
    app.register_blueprint(api_blueprint)
    app.config.setdefault("MAIL_FROM", "Recommendation tracker <tracker@localhost>")
    app.jinja_env.globals.update(
        notification_headline=texts.headline,
        reason_of=texts.reason,
        follow_of=follow_of,
        unread_notifications=unread_notifications,
    )
    app.before_request(_remember_language)


def follow_of(kind: str, target_id: int):
    """The signed-in user's follow of this target, or None (for the Follow buttons)."""
    from tracker import db
    from tracker.accounts.current import current_user
    from tracker.notifications.following import find_follow

    user = current_user()
    return find_follow(db.session(), user, kind, target_id) if user is not None else None


def unread_notifications() -> int:
    """The signed-in user's unread count for the header (once per request)."""
    from tracker import db
    from tracker.accounts.current import current_user
    from tracker.notifications.operations import unread_count

    if not has_request_context():
        return 0
    if "unread_notifications" not in g:
        user = current_user()
        g.unread_notifications = unread_count(db.session(), user) if user is not None else 0
    return g.unread_notifications


def _remember_language():
    # E-mails go out in the language a signed-in user last chose with the header's
    # language links (kept in the "lang" cookie); stored only when it changes.
    from tracker.i18n import COOKIE, LANGUAGES

    chosen = request.cookies.get(COOKIE)
    if chosen not in LANGUAGES or request.endpoint in (None, "static"):
        return None
    from tracker import db
    from tracker.accounts.current import current_user
    from tracker.notifications.operations import remember_language

    user = current_user()
    if user is not None and user.language != chosen:
        remember_language(db.session(), user, chosen)
    return None
