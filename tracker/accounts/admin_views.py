"""Administrators manage users: list, create, change role, deactivate, reactivate, revoke tokens.

Every change is a POST with a CSRF token and is recorded in the audit log by the
operation it calls.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from tracker import db
from tracker.accounts.current import require_role, signed_in_user
from tracker.accounts.forms import ConfirmForm, CreateUserForm, RoleForm
from tracker.accounts.models import ApiToken, User
from tracker.accounts.operations import (
    AccountError,
    change_role,
    create_user,
    deactivate_user,
    reactivate_user,
)
from tracker.accounts.passwords import generate_password
from tracker.accounts.reset import create_reset_link
from tracker.accounts.roles import ROLE_LABELS
from tracker.accounts.tokens import revoke_api_token

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


def _get_user(user_id: int) -> User:
    user = db.session().get(User, user_id)
    if user is None:
        abort(404, description=_("There is no user %(id)s.", id=user_id))
    return user


@blueprint.get("/")
@require_role("admin")
def index():
    """The administration area starts with the users."""
    return redirect(url_for("admin.users"))


@blueprint.get("/users")
@require_role("admin")
def users():
    """Every user, active ones first, by email."""
    rows = db.session().scalars(select(User).order_by(User.is_active.desc(), User.email)).all()
    return render_template("admin/users.html", users=rows)


@blueprint.route("/users/new", methods=["GET", "POST"])
@require_role("admin")
def new_user():
    """Create a user with a typed or generated initial password (a generated one is shown once)."""
    form = CreateUserForm()
    if form.validate_on_submit():
        generated = not form.password.data
        password = generate_password() if generated else form.password.data
        try:
            user = create_user(
                db.session(),
                email=form.email.data,
                name=form.name.data or "",
                role=form.role.data,
                password=password,
                actor=signed_in_user(),
            )
        except AccountError as error:
            getattr(form, error.field or "email").errors.append(error.message)
        else:
            # Rendered, not redirected: the password must never travel in the session cookie.
            return render_template("admin/user_created.html", user=user, password=password if generated else None)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/user_new.html", form=form), status


def _render_user(user: User, status: int = 200, role_form: RoleForm | None = None):
    return render_template(
        "admin/user.html",
        user=user,
        role_form=role_form or RoleForm(formdata=None, role=user.role),
        confirm_form=ConfirmForm(),
        is_self=user.id == signed_in_user().id,
    ), status


@blueprint.get("/users/<int:user_id>")
@require_role("admin")
def user(user_id: int):
    """One user: role, status, tokens, and the buttons to change them."""
    return _render_user(_get_user(user_id))


@blueprint.post("/users/<int:user_id>/role")
@require_role("admin")
def set_role(user_id: int):
    """Change a user's role (takes effect on their next request)."""
    user = _get_user(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _render_user(user, 422, role_form=form)
    old = user.role
    try:
        change_role(db.session(), user, form.role.data, actor=signed_in_user())
    except AccountError as error:
        form.role.errors.append(error.message)
        return _render_user(user, 422, role_form=form)
    if old == user.role:
        flash(_("%(email)s already is %(role)s; nothing changed.", email=user.email, role=_(user.role_label)), "info")
    else:
        flash(_("%(email)s is now %(role)s.", email=user.email, role=_(ROLE_LABELS[user.role])), "success")
    return redirect(url_for("admin.user", user_id=user.id))


@blueprint.post("/users/<int:user_id>/deactivate")
@require_role("admin")
def deactivate(user_id: int):
    """Deactivate a user: signed out everywhere, tokens revoked, cannot sign in."""
    user = _get_user(user_id)
    try:
        deactivate_user(db.session(), user, actor=signed_in_user())
    except AccountError as error:
        flash(error.message, "error")
        return _render_user(user, 422)
    flash(
        _("%(email)s has been deactivated and signed out everywhere; their API tokens are revoked.", email=user.email),
        "success",
    )
    return redirect(url_for("admin.user", user_id=user.id))


@blueprint.post("/users/<int:user_id>/reactivate")
@require_role("admin")
def reactivate(user_id: int):
    """Let a deactivated user sign in again."""
    user = _get_user(user_id)
    reactivate_user(db.session(), user, actor=signed_in_user())
    flash(_("%(email)s has been reactivated and can sign in with their password.", email=user.email), "success")
    return redirect(url_for("admin.user", user_id=user.id))


@blueprint.post("/users/<int:user_id>/tokens/<int:token_id>/revoke")
@require_role("admin")
def revoke_token(user_id: int, token_id: int):
    """Revoke someone's API token (e.g. one that leaked)."""
    user = _get_user(user_id)
    token = db.session().get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        abort(404, description=_("%(email)s has no such API token.", email=user.email))
    revoke_api_token(db.session(), token, actor=signed_in_user())
    flash(_("The API token “%(name)s” of %(email)s has been revoked.", name=token.name, email=user.email), "success")
    return redirect(url_for("admin.user", user_id=user.id))


@blueprint.post("/users/<int:user_id>/reset-link")
@require_role("admin")
def reset_link(user_id: int):
    """Create a one-time password reset link for someone, shown once for the admin to send them."""
    user = _get_user(user_id)
    try:
        link, raw = create_reset_link(db.session(), user, actor=signed_in_user())
    except AccountError as error:
        flash(error.message, "error")
        return _render_user(user, 422)
    # Rendered, not redirected: the link must never travel through the session cookie.
    return render_template(
        "admin/reset_link.html", user=user, link=link, url=url_for("accounts.reset_password", token=raw, _external=True)
    )
