"""The business verbs of themes: create, rename (English and Spanish), describe, retire.

Every verb records a revision (with its audit event) and marks the data as changed.
Verbs flush, never commit. A retired theme is no longer offered for filing or
filtering; recommendations filed under it keep it.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from tracker.revisions.models import Revision
from tracker.revisions.operations import (
    CurationError,
    check_text,
    check_version,
    clean_reason,
    diff,
    flush_versioned,
    record_created,
    record_revision,
)
from tracker.slugs import slugify, unique_slug
from tracker.themes.models import Theme
from tracker.timeutil import utcnow

NAME_MAX, DESCRIPTION_MAX = 120, 5000
FIELDS = ("name", "name_es", "description", "description_es")


def snapshot(theme: Theme) -> dict:
    """A theme's curated data as JSON values."""
    return {
        "slug": theme.slug,
        "name": theme.name,
        "name_es": theme.name_es,
        "description": theme.description,
        "description_es": theme.description_es,
        "retired": theme.retired_at is not None,
    }


def _clean(values: dict, errors: dict) -> dict:
    cleaned = {}
    for name in FIELDS:
        if name in values:
            is_name = name.startswith("name")
            cleaned[name] = check_text(
                errors,
                name,
                values[name],
                maximum=NAME_MAX if is_name else DESCRIPTION_MAX,
                required=name == "name",
                collapse="all" if is_name else None,
            )
    return cleaned


def create_theme(
    session: Session,
    *,
    name: str,
    user=None,
    reason: str = "",
    slug: str | None = None,
    name_es: str | None = None,
    description: str | None = None,
    description_es: str | None = None,
) -> Theme:
    """Create a theme (a slug is made from the name unless given); flush."""
    errors: dict[str, str] = {}
    values = _clean(
        {"name": name, "name_es": name_es, "description": description, "description_es": description_es}, errors
    )
    if errors:
        raise CurationError(errors)
    theme = Theme(slug=slug or unique_slug(session, Theme, slugify(values["name"], 70)), **values)
    session.add(theme)
    session.flush()
    record_created(session, "theme", theme, snapshot(theme), user=user, reason=reason)
    return theme


def update_theme(
    session: Session,
    theme: Theme,
    *,
    user,
    reason: str,
    expected_version: int | None,
    require_reason: bool = True,
    **values,
) -> Revision | None:
    """Rename or describe a theme (any of ``FIELDS``); flush. None when nothing changed."""
    reason = clean_reason(reason, required=require_reason)
    check_version(session, "theme", theme, expected_version)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise CurationError({name: _("This field cannot be changed.") for name in unknown})
    errors: dict[str, str] = {}
    cleaned = _clean(values, errors)
    if errors:
        raise CurationError(errors)
    before = snapshot(theme)
    for name, value in cleaned.items():
        setattr(theme, name, value)
    changes = diff(before, snapshot(theme))
    return _save(session, theme, user, reason, changes, "edited", expected_version) if changes else None


def retire_theme(
    session: Session, theme: Theme, *, user, reason: str, expected_version: int | None = None, retire: bool = True
) -> Revision:
    """Retire a theme (``retire=False``: bring it back); flush."""
    reason = clean_reason(reason)
    check_version(session, "theme", theme, expected_version)
    if (theme.retired_at is not None) == retire:
        raise CurationError(_("This theme is already retired.") if retire else _("This theme is not retired."))
    before = snapshot(theme)
    theme.retired_at = utcnow() if retire else None
    return _save(
        session,
        theme,
        user,
        reason,
        diff(before, snapshot(theme)),
        "retired" if retire else "unretired",
        expected_version,
    )


def _save(session, theme, user, reason, changes, kind, expected_version) -> Revision:
    flush_versioned(session, theme, expected_version)
    return record_revision(
        session, "theme", theme.id, user=user, reason=reason, kind=kind, changes=changes, version=theme.version
    )
