"""The actor pickers of a candidate's review form: addressees, and makers with their roles.

A candidate's proposals become picker rows: actors already known by their row, names
not yet in the database as proposed rows (created, or found by name, when the candidate
is accepted). The reviewer unticks, adds (searchable, or "create a new actor"), reorders.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from tracker.actors.models import Actor
from tracker.actors.operations import actors_by_slug
from tracker.actors.picker import (
    PickerRow,
    PickerState,
    chosen_count,
    create_pending,
    initial_state,
    read_picker,
)
from tracker.intake.matching_base import guess_kind
from tracker.intake.models import IntakeCandidate
from tracker.recommendations.models import MAKER_ROLES

NEW_ACTOR_REASON = "Named in an intake candidate"


def picker_names(candidate: IntakeCandidate) -> dict[str, str]:
    """Field-name prefixes, unique per candidate (several forms share the review page)."""
    return {"addressees": f"c{candidate.id}-addressees", "makers": f"c{candidate.id}-makers"}


def known_actors(session: Session, candidates: list[IntakeCandidate]) -> dict[str, Actor]:
    """The actors the candidates' proposals name by slug, in one query."""
    return actors_by_slug(session, {p["slug"] for c in candidates for p in [*c.makers, *c.addressees] if p.get("slug")})


def _rows(proposals: list[dict], known: dict[str, Actor], with_roles: bool) -> list[PickerRow]:
    rows = []
    for i, proposal in enumerate(proposals):
        role = proposal.get("role") or ("lead" if i == 0 else "signatory")
        role = role if with_roles and role in MAKER_ROLES else ("signatory" if with_roles else "lead")
        actor = known.get(proposal.get("slug") or "")
        if actor is not None:
            rows.append(PickerRow(actor, role))
        else:
            rows.append(
                PickerRow(
                    None,
                    role,
                    new_name=proposal["name"][:200],
                    new_kind=proposal.get("kind") or guess_kind(proposal["name"]),
                )
            )
    return rows


def proposed_pickers(candidate: IntakeCandidate, known: dict[str, Actor]) -> dict[str, PickerState]:
    """The pickers as the candidate proposes them."""
    names = picker_names(candidate)
    return {
        "addressees": initial_state(names["addressees"], _rows(candidate.addressees, known, False)),
        "makers": initial_state(names["makers"], _rows(candidate.makers, known, True), with_roles=True),
    }


def submitted_pickers(session: Session, candidate: IntakeCandidate, form) -> dict[str, PickerState]:
    """The pickers as the reviewer submitted them (errors in ``state.error``)."""
    names = picker_names(candidate)
    pickers = {
        "addressees": read_picker(session, form, names["addressees"], False),
        "makers": read_picker(session, form, names["makers"], True),
    }
    for state in pickers.values():
        if state.offer_create and f"{state.name}-new-kind" not in form:
            state.new_kind = guess_kind(state.new_text)  # a first guess the reviewer can change
    return pickers


def ready_to_accept(pickers: dict[str, PickerState]) -> bool:
    """Whether both pickers are valid with at least one actor each (messages set if not)."""
    messages = {"addressees": _("Choose at least one addressee."), "makers": _("Choose at least one maker.")}
    for key, state in pickers.items():
        if not state.error and not chosen_count(state):
            state.error = messages[key]
    return not any(state.error for state in pickers.values())


def as_proposals(session: Session, state: PickerState, user) -> list[dict]:
    """The chosen actors in the form ``accept_candidate`` takes, creating the new ones; flush."""
    create_pending(session, state, user, NEW_ACTOR_REASON)
    return [{"slug": row.known.slug, "name": row.known.name, "role": row.role} for row in state.chosen]
