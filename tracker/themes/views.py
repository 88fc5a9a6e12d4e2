"""Themes: the list, and (for staff) create, rename, describe, retire; each with its history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker import db
from tracker.accounts.current import current_user, require_role
from tracker.core.forms import TrackerForm, no_nul_bytes
from tracker.recommendations.curation_forms import ReasonForm, VersionedForm, reason_field
from tracker.recommendations.models import Recommendation, recommendation_themes
from tracker.revisions.operations import CurationError, EditConflict, revisions_for
from tracker.revisions.views import describe_revisions
from tracker.themes.models import Theme
from tracker.themes.operations import create_theme, retire_theme, update_theme

blueprint = Blueprint("themes", __name__)


class ThemeFields:
    name = StringField(
        _l("Name (English)"), validators=[DataRequired(_l("The name is required.")), Length(max=120), no_nul_bytes]
    )
    name_es = StringField(_l("Name (Spanish)"), validators=[Optional(), Length(max=120), no_nul_bytes])
    description = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=5000), no_nul_bytes])
    description_es = TextAreaField(_l("Description (Spanish)"), validators=[Optional(), Length(max=5000), no_nul_bytes])


class ThemeCreateForm(TrackerForm, ThemeFields):
    reason = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=1000), no_nul_bytes])


class ThemeEditForm(VersionedForm, ThemeFields):
    reason = reason_field()


def load(slug: str) -> Theme:
    """The theme, or a 404 page."""
    theme = db.session().scalar(select(Theme).where(Theme.slug == slug))
    if theme is None:
        abort(404, description=_("There is no theme '%(slug)s'.", slug=slug[:80]))
    return theme


def _values(form) -> dict:
    return {name: getattr(form, name).data or None for name in ("name", "name_es", "description", "description_es")}


@blueprint.get("/themes")
def index():
    """Every theme with its number of (not retired) recommendations; retired themes last."""
    counts = (
        select(recommendation_themes.c.theme_id, func.count().label("count"))
        .join(Recommendation, Recommendation.id == recommendation_themes.c.recommendation_id)
        .where(Recommendation.retired_at.is_(None))
        .group_by(recommendation_themes.c.theme_id)
        .subquery()
    )
    rows = (
        db.session()
        .execute(
            select(Theme, func.coalesce(counts.c.count, 0))
            .outerjoin(counts, counts.c.theme_id == Theme.id)
            .order_by(Theme.retired_at.is_not(None), func.lower(Theme.name))
        )
        .all()
    )
    return render_template("themes/index.html", rows=rows)


@blueprint.route("/themes/new", methods=["GET", "POST"])
@require_role("staff")
def new():
    """Create a theme."""
    form = ThemeCreateForm(request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        try:
            create_theme(db.session(), user=current_user(), reason=form.reason.data or "", **_values(form))
            flash(_("Theme created."), "success")
            return redirect(url_for(".index"))
        except CurationError as error:
            form.name.errors.extend(error.errors.values())
    return render_template("themes/form.html", form=form, theme=None), 422 if request.method == "POST" else 200


@blueprint.route("/themes/<slug>/edit", methods=["GET", "POST"])
@require_role("staff")
def edit(slug: str):
    """Rename or describe a theme (English and Spanish)."""
    theme = load(slug)
    if request.method == "GET":
        form = ThemeEditForm(
            data={
                "version": theme.version,
                "name": theme.name,
                "name_es": theme.name_es,
                "description": theme.description,
                "description_es": theme.description_es,
            }
        )
        return render_template("themes/form.html", form=form, theme=theme)
    form = ThemeEditForm(request.form)
    if form.validate():
        try:
            revision = update_theme(
                db.session(),
                theme,
                user=current_user(),
                reason=form.reason.data,
                expected_version=form.version.data,
                **_values(form),
            )
            flash(_("Changes saved.") if revision else _("Nothing changed."), "success")
            return redirect(url_for(".index"))
        except EditConflict:
            form.version.data = theme.version
            flash(
                _(
                    "Someone else changed this theme while you were editing. Nothing was saved; what you typed "
                    "is still in the form."
                ),
                "error",
            )
            return render_template("themes/form.html", form=form, theme=theme), 409
        except CurationError as error:
            form.name.errors.extend(error.errors.values())
    return render_template("themes/form.html", form=form, theme=theme), 422


@blueprint.post("/themes/<slug>/retire")
@require_role("staff")
def retire(slug: str):
    """Retire a theme, or bring a retired one back."""
    theme = load(slug)
    form = ReasonForm(request.form)
    if not form.validate():
        flash(_("Say why (it is kept in the history)."), "error")
        return redirect(url_for(".edit", slug=slug))
    try:
        retire_theme(
            db.session(),
            theme,
            user=current_user(),
            reason=form.reason.data,
            expected_version=form.version.data,
            retire=theme.retired_at is None,
        )
        flash(_("Theme retired: it is no longer offered.") if theme.retired_at else _("Theme brought back."), "success")
    except EditConflict:
        flash(_("Someone else changed this theme meanwhile; check it and confirm again."), "error")
    except CurationError as error:
        flash(str(error), "error")
    return redirect(url_for(".index"))


@blueprint.get("/themes/<slug>/history")
def history(slug: str):
    """Every change to the theme, newest first."""
    theme = load(slug)
    return render_template(
        "revisions/page.html",
        title=theme.name,
        revisions=describe_revisions(revisions_for(db.session(), "theme", theme.id)),
        back_url=url_for(".index"),
    )
