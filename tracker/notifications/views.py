"""Pages: my notifications, what I follow, the Follow buttons, e-mail settings, unsubscribe."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms import SelectChoice

from tracker import db
from tracker.accounts.current import require_role, signed_in_user
from tracker.core.inputs import safe_next
from tracker.core.pagination import paginate, requested_page
from tracker.db import MAX_ID
from tracker.notifications.delivery import user_for_unsubscribe_token
from tracker.notifications.following import FollowError, follow, follows_of, resolve_target, unfollow
from tracker.notifications.forms import FollowForm, FollowThemeForm, SettingsForm, UnfollowForm
from tracker.notifications.models import Follow, Notification
from tracker.notifications.operations import mark_read, remember_language, set_email_frequency
from tracker.themes.models import Theme

blueprint = Blueprint("notifications", __name__)

PER_PAGE = 50


@blueprint.get("/notifications")
@require_role("viewer")
def index():
    """My notifications, newest first, 50 a page."""
    session, user = db.session(), signed_in_user()
    items = paginate(
        session,
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()),
        requested_page(request.args),
        PER_PAGE,
    )
    return render_template("notifications/index.html", items=items, form=UnfollowForm())


@blueprint.get("/notifications/<int:notification_id>")
@require_role("viewer")
def open_notification(notification_id: int):
    """Mark one notification read and go to what it is about."""
    notification = _own_notification(notification_id)
    mark_read(db.session(), signed_in_user(), [notification.id])
    return redirect(safe_next(notification.url) or url_for("notifications.index"))


@blueprint.post("/notifications/<int:notification_id>/read")
@require_role("viewer")
def read_one(notification_id: int):
    """Mark one notification read."""
    if not UnfollowForm().validate_on_submit():
        abort(400)
    notification = _own_notification(notification_id)
    mark_read(db.session(), signed_in_user(), [notification.id])
    return redirect(
        url_for("notifications.index", page=request.args.get("page"), _anchor=f"notification-{notification.id}")
    )


@blueprint.post("/notifications/read-all")
@require_role("viewer")
def read_all():
    """Mark every notification read."""
    if not UnfollowForm().validate_on_submit():
        abort(400)
    count = mark_read(db.session(), signed_in_user())
    flash(_("%(n)s notifications marked as read.", n=count) if count else _("Nothing was unread."), "success")
    return redirect(url_for("notifications.index"))


def _own_notification(notification_id: int) -> Notification:
    notification = db.session().get(Notification, notification_id) if notification_id <= MAX_ID else None
    if notification is None or notification.user_id != signed_in_user().id:
        abort(404, description=_("You have no notification %(id)s.", id=notification_id))
    return notification


@blueprint.route("/notifications/settings", methods=["GET", "POST"])
@require_role("viewer")
def settings():
    """How often to e-mail me, in which language."""
    session, user = db.session(), signed_in_user()
    form = SettingsForm(obj=None)
    if request.method == "GET":
        form.email_frequency.data = user.email_frequency
        form.language.data = user.language or "en"
    if form.validate_on_submit():
        set_email_frequency(session, user, form.email_frequency.data)
        remember_language(session, user, form.language.data)
        flash(_("Your e-mail settings are saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form), 422 if form.is_submitted() else 200


@blueprint.get("/follows")
@require_role("viewer")
def follows():
    """What I follow, with Unfollow buttons, and a form to follow a theme."""
    session = db.session()
    items = follows_of(session, signed_in_user())
    return render_template(
        "notifications/follows.html", items=items, form=UnfollowForm(), theme_form=_theme_form(session)
    )


def _theme_form(session) -> FollowThemeForm:
    form = FollowThemeForm()
    form.theme.choices = [SelectChoice(t.slug, _(t.name)) for t in session.scalars(select(Theme).order_by(Theme.name))]
    return form


@blueprint.post("/follows")
@require_role("viewer")
def create_follow():
    """The Follow button (kind + id), or the theme form of the follows page."""
    session, user = db.session(), signed_in_user()
    back = None
    if "theme" in request.form:
        form = _theme_form(session)
        if not form.validate_on_submit():
            flash(_("Choose a theme to follow."), "error")
            return redirect(url_for("notifications.follows"))
        kind, target_id, slug = "theme", None, form.theme.data
        back = url_for("notifications.follows")
    else:
        form = FollowForm()
        if not form.validate_on_submit():
            flash(_("This cannot be followed."), "error")
            return redirect(safe_next(form.next.data) or url_for("notifications.follows"))
        kind, target_id, slug = form.kind.data, form.target.data, None
        back = safe_next(form.next.data)
    try:
        target = resolve_target(session, kind, target_id, slug, user=signed_in_user())
    except FollowError:
        abort(404, description=_("There is nothing to follow here (it may have been removed)."))
    _item, created = follow(session, user, target)
    flash(
        _("You now follow “%(name)s”. Its changes will appear in your notifications.", name=target.title)
        if created
        else _("You already follow “%(name)s”.", name=target.title),
        "success",
    )
    return redirect(back or target.url)


@blueprint.post("/follows/<int:follow_id>/delete")
@require_role("viewer")
def delete_follow(follow_id: int):
    """Unfollow."""
    session, user = db.session(), signed_in_user()
    form = UnfollowForm()
    if not form.validate_on_submit():
        abort(400)
    item = session.get(Follow, follow_id) if follow_id <= MAX_ID else None
    if item is None or item.user_id != user.id:
        abort(404, description=_("You do not follow this (any more)."))
    unfollow(session, user, item)
    flash(_("You no longer follow it."), "success")
    return redirect(safe_next(form.next.data) or url_for("notifications.follows"))


@blueprint.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """Turn e-mail off from the link in any e-mail, without signing in.

    GET shows one button (so link checkers that open links change nothing); POST, from
    that button or from a mail program's one-click unsubscribe (RFC 8058), does it.
    """
    session = db.session()
    user = user_for_unsubscribe_token(session, current_app, token)
    if user is None:
        abort(
            404,
            description=_(
                "This unsubscribe link is not valid (it may be damaged, or the "
                "account's e-mail address has changed). Sign in and use the e-mail settings."
            ),
        )
    if request.method == "POST":
        set_email_frequency(session, user, "off")
        return render_template("notifications/unsubscribed.html", user=user, done=True)
    return render_template("notifications/unsubscribed.html", user=user, done=False, token=token)
