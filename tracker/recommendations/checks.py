"""The checks every recommendation verb applies to its input (the CSV import uses them too):
each adds a message per bad field to ``errors`` and returns the cleaned value."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from tracker.actors.models import Actor
from tracker.documents.models import Document
from tracker.recommendations.models import MAKER_ROLES, PRIORITIES
from tracker.revisions.operations import check_text
from tracker.themes.models import Theme

SUMMARY_MAX = 300
QUOTE_MAX = 5000


@dataclass(frozen=True)
class Maker:
    """One maker to link: the actor and its role (a key of ``MAKER_ROLES``)."""

    actor: Actor
    role: str = "lead"


def check_fields(errors: dict, **values) -> dict:
    """The given ``summary``, ``summary_es`` and ``priority`` checked as every verb checks
    them (a message per bad field added to ``errors``; the CSV import uses it too);
    returns the cleaned values."""
    cleaned = {}
    if "summary" in values:
        cleaned["summary"] = check_text(errors, "summary", values["summary"], maximum=SUMMARY_MAX, required=True)
    if "summary_es" in values:
        cleaned["summary_es"] = check_text(errors, "summary_es", values["summary_es"], maximum=SUMMARY_MAX)
    if "priority" in values:
        if not isinstance(values["priority"], str) or values["priority"] not in PRIORITIES:
            errors["priority"] = _("Choose normal or high.")
        cleaned["priority"] = values["priority"]
    return cleaned


def check_quote(errors: dict, document: Document, start, end) -> str | None:
    """The passage ``start``–``end`` of the document, when it is one (not blank, not too long)."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        errors["quote_start"] = _("The quote's start and end must be whole numbers.")
        return None
    if not 0 <= start < end <= len(document.text):
        errors["quote_start"] = _(
            "The quote must be a passage of the document: 0 ≤ start < end ≤ %(n)s.", n=len(document.text)
        )
        return None
    quote = document.text[start:end]
    if not quote.strip():
        errors["quote_start"] = _("The chosen passage is only blank space.")
    elif len(quote) > QUOTE_MAX:
        errors["quote_start"] = _("The quote can be at most %(n)s characters.", n=QUOTE_MAX)
    return quote


def check_makers(errors: dict, makers) -> list[Maker]:
    """At least one maker, each with a known role, no actor twice."""
    makers = list(makers or [])
    if not makers:
        errors["makers"] = _("At least one maker is required.")
    elif any(maker.role not in MAKER_ROLES for maker in makers):
        errors["makers"] = _("Unknown role; choose one of: %(roles)s.", roles=", ".join(MAKER_ROLES))
    elif len({maker.actor.id for maker in makers}) != len(makers):
        errors["makers"] = _("The same actor is listed twice.")
    return makers


def check_unique(errors: dict, name: str, items) -> list:
    """The items of field ``name`` (actors or themes), none listed twice."""
    items = list(items or [])
    if len({item.id for item in items}) != len(items):
        errors[name] = _("The same value is listed twice.")
    return items


def check_themes(errors: dict, themes, current: list[Theme]) -> list[Theme]:
    """Themes listed once each; a retired theme only when the recommendation already has it."""
    themes = check_unique(errors, "themes", themes)
    kept = {theme.id for theme in current}
    retired = [theme.slug for theme in themes if theme.retired_at is not None and theme.id not in kept]
    if retired:
        errors["themes"] = _("Retired themes cannot be added: %(slugs)s.", slugs=", ".join(retired))
    return themes
