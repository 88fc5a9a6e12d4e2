"""Sign in, sign out, and the profile page (own password, own API tokens, own sessions).

Status codes: a form with invalid input is re-rendered with 422 (nothing is stored).
A failed credential check (wrong password) is re-rendered with 200 on purpose: the
request wrapper only commits below 400, and the failed attempt must be stored for
throttling and the audit log.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from tracker import db
from tracker.accounts.current import (
    current_session,
    current_user,
    end_session,
    require_role,
    signed_in_user,
    start_session,
)
from tracker.accounts.forms import ChangePasswordForm, ConfirmForm, ResetPasswordForm, SignInForm, TokenForm
from tracker.accounts.models import ApiToken, UserSession
from tracker.accounts.operations import (
    AccountError,
    authenticate,
    change_password,
    end_one_session,
    end_other_sessions,
    record_sign_out,
    sign_out_everywhere,
)
from tracker.accounts.passwords import verify_password
from tracker.accounts.reset import find_reset_link, use_reset_link
from tracker.accounts.roles import has_role
from tracker.accounts.sessions import describe_device, live_sessions
from tracker.accounts.throttle import check_throttle, record_attempt
from tracker.accounts.tokens import create_api_token, revoke_api_token
from tracker.audit.operations import record_event
from tracker.core.inputs import safe_next

blueprint = Blueprint("accounts", __name__)


def client_address() -> str:
    """The client's address as seen by the app (see TRACKER_PROXY_COUNT behind a proxy)."""
    return request.remote_addr or "unknown"


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """The sign-in form; on success a brand-new session and back to where the user was going."""
    form = SignInForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    error, status = None, 200
    if form.validate_on_submit():
        result = authenticate(db.session(), form.email.data, form.password.data, client_address())
        if result.user is not None:
            start_session(result.user)
            flash(_("Signed in as %(email)s.", email=result.user.email), "success")
            # Advocates and staff land on My work; readers on the public home page.
            landing = url_for("workflow.my_work_page") if has_role(result.user, "advocate") else url_for("main.home")
            return redirect(safe_next(form.next.data) or landing)
        error = result.error
        status = 429 if result.throttle else 200
    elif form.is_submitted():
        status = 422
    return render_template("accounts/sign_in.html", form=form, error=error), status


@blueprint.post("/sign-out")
def sign_out():
    """Sign out (a POST with a CSRF token, so no other site can sign people out)."""
    user = current_user()
    if user is not None:
        record_sign_out(db.session(), user)
    end_session()
    flash(_("You have signed out."), "success")
    if current_app.config["PUBLIC_READ"]:
        return redirect(url_for("main.home"))
    return redirect(url_for("accounts.sign_in"))


def _own_or_404(model, record_id: int, message: str):
    """The signed-in user's own ``model`` row ``record_id`` (a session or token), else 404."""
    record = db.session().get(model, record_id)
    if record is None or record.user_id != signed_in_user().id:
        abort(404, description=message)
    return record


def _render_profile(status: int = 200, password_form=None, token_form=None):
    user = signed_in_user()
    return render_template(
        "accounts/profile.html",
        user=user,
        password_form=password_form or ChangePasswordForm(account_email=user.email, formdata=None),
        token_form=token_form or TokenForm(formdata=None),
        confirm_form=ConfirmForm(),
        tokens=[token for token in user.tokens if not token.is_revoked],
        session_count=len(live_sessions(db.session(), user)),
    ), status


@blueprint.get("/account")
@require_role("viewer")
def profile():
    """The signed-in user's own page."""
    return _render_profile()


@blueprint.post("/account/password")
@require_role("viewer")
def change_own_password():
    """Change one's own password; needs the current one; ends the user's other sessions."""
    user = signed_in_user()
    session = db.session()
    form = ChangePasswordForm(account_email=user.email)
    if not form.validate_on_submit():
        return _render_profile(422, password_form=form)
    # The current password is throttled like a sign-in: a borrowed session must not
    # become a way to guess the password.
    throttle = check_throttle(session, user.email, client_address())
    if throttle is not None:
        form.current_password.errors.append(throttle.message())
        return _render_profile(429, password_form=form)
    if not verify_password(user.password_hash, form.current_password.data):
        record_attempt(session, user.email, client_address(), succeeded=False)
        record_event(
            session,
            "user.password_change_failed",
            user=user,
            target_type="user",
            target_id=user.id,
            summary=f"{user.email} gave a wrong current password when changing it.",
        )
        form.current_password.errors.append("That is not your current password.")
        return _render_profile(200, password_form=form)
    try:
        revoked = change_password(
            session,
            user,
            form.new_password.data,
            actor=user,
            keep=current_session(),
            revoke_tokens=form.revoke_tokens.data,
        )
    except AccountError as error:
        form.new_password.errors.append(error.message)
        return _render_profile(422, password_form=form)
    flash(_("Your password has been changed. You have been signed out everywhere else."), "success")
    if revoked:
        flash(
            ngettext("%(num)s API token has been revoked.", "%(num)s API tokens have been revoked.", revoked), "success"
        )
    return redirect(url_for("accounts.profile"))


@blueprint.get("/account/sessions")
@require_role("viewer")
def sessions():
    """Where the user is signed in: device, address, since when, last seen; end any of them."""
    user = signed_in_user()
    return render_template(
        "accounts/sessions.html",
        sessions=live_sessions(db.session(), user),
        this_session=current_session(),
        describe_device=describe_device,
        confirm_form=ConfirmForm(),
    )


@blueprint.post("/account/sessions/<int:session_id>/end")
@require_role("viewer")
def end_session_view(session_id: int):
    """End one session; ending this browser's own session signs out here."""
    user = signed_in_user()
    record = _own_or_404(UserSession, session_id, _("You have no such session."))
    this_browser = current_session()
    if this_browser is not None and record.id == this_browser.id:
        return sign_out()
    end_one_session(db.session(), user, record)
    flash(_("That session has ended: the browser using it is signed out."), "success")
    return redirect(url_for("accounts.sessions"))


@blueprint.post("/account/sessions/end-others")
@require_role("viewer")
def end_other_sessions_view():
    """Sign out on every other browser and device (e.g. after using a shared computer)."""
    end_other_sessions(db.session(), signed_in_user(), keep=current_session())
    flash(_("You have been signed out everywhere else."), "success")
    back = "accounts.sessions" if request.form.get("back") == "sessions" else "accounts.profile"
    return redirect(url_for(back))


@blueprint.route("/account/sessions/end-all", methods=["GET", "POST"])
@require_role("viewer")
def sign_out_everywhere_view():
    """Sign out everywhere, here included, and revoke every API token, after a confirmation."""
    user = signed_in_user()
    form = ConfirmForm()
    if request.method == "GET" or not form.validate_on_submit():
        tokens = [token for token in user.tokens if not token.is_revoked]
        return render_template(
            "accounts/end_all.html", form=form, tokens=tokens, session_count=len(live_sessions(db.session(), user))
        )
    ended, revoked = sign_out_everywhere(db.session(), user)
    session.clear()
    flash(
        _(
            "You have been signed out everywhere (%(sessions)s sessions) and %(tokens)s API tokens were revoked.",
            sessions=ended,
            tokens=revoked,
        ),
        "success",
    )
    return redirect(url_for("accounts.sign_in"))


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password through a link from an administrator; signs in on success."""
    link = find_reset_link(db.session(), token)
    if link is None:
        abort(
            404,
            description=_(
                "This password reset link is not valid: it may have expired, been used already "
                "or been replaced by a newer one. Ask an administrator for a new link."
            ),
        )
    form = ResetPasswordForm(account_email=link.user.email)
    if form.validate_on_submit():
        try:
            user = use_reset_link(db.session(), link, form.new_password.data, client_address())
        except AccountError as error:
            form.new_password.errors.append(error.message)
        else:
            start_session(user)
            flash(_("Your new password is set and you are signed in. Every other session has ended."), "success")
            return redirect(url_for("accounts.profile"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/reset_password.html", form=form, user=link.user), status


@blueprint.post("/account/tokens")
@require_role("viewer")
def create_token():
    """Create a personal API token and show it, once."""
    user = signed_in_user()
    form = TokenForm()
    if not form.validate_on_submit():
        return _render_profile(422, token_form=form)
    try:
        token, raw = create_api_token(db.session(), user, form.name.data)
    except AccountError as error:
        form.name.errors.append(error.message)
        return _render_profile(422, token_form=form)
    # Rendered, not redirected: the token must never travel through the session cookie.
    return render_template("accounts/token_created.html", token=token, raw_token=raw)


@blueprint.post("/account/tokens/<int:token_id>/revoke")
@require_role("viewer")
def revoke_token(token_id: int):
    """Revoke one of one's own tokens."""
    user = signed_in_user()
    token = _own_or_404(ApiToken, token_id, _("You have no such API token."))
    revoke_api_token(db.session(), token, actor=user)
    flash(
        _("The API token “%(name)s” has been revoked; programs using it can no longer sign in.", name=token.name),
        "success",
    )
    return redirect(url_for("accounts.profile"))
