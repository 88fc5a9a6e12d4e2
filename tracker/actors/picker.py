"""The actor picker: choose actors (with roles and order) in a form that needs no JavaScript.

Rendered by the ``actor_picker`` macro (templates/actors/_picker.html). Chosen actors are
rows of checkboxes (untick to remove), with a role and a position when the picker has
roles. One text field adds an actor: the browser's own suggestion list (a ``datalist``
of every actor) makes it searchable; the server accepts a slug, a name, an acronym or
an alias. A name nobody matches is offered back with "create a new actor" and a kind.
Rows may also hold an actor proposed but not in the database yet (intake's proposals):
kept, it is created when the form is saved. With JavaScript (static/picker.js), choosing
a suggestion adds its row at once. The recommendation edit page, the intake review and the
staff filters of the recommendations list use it (the filters without "create").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tracker.actors.models import ACTOR_KINDS, Actor
from tracker.actors.operations import actors_by_slug, create_actor, find_or_create_actor
from tracker.recommendations.models import MAKER_ROLES

MAX_ROWS = 200
_SLUG_IN_BRACKETS = re.compile(r"\[([a-z0-9-]+)\]\s*$")


@dataclass
class PickerRow:
    actor: Actor | None  # None: a proposed actor, created (or found by name) on save
    role: str = "lead"
    keep: bool = True
    new_name: str = ""
    new_kind: str = "organisation"

    @property
    def name(self) -> str:
        return self.actor.name if self.actor is not None else self.new_name

    @property
    def known(self) -> Actor:
        """The row's actor, once it exists: after ``create_pending``, or in a picker that
        cannot create actors."""
        if self.actor is None:
            raise ValueError(f"{self.new_name!r} is not created yet: call create_pending first")
        return self.actor


@dataclass
class PickerState:
    """What the picker shows (and, after a submit, what was chosen)."""

    name: str
    rows: list[PickerRow] = field(default_factory=list)
    with_roles: bool = False
    new_text: str = ""
    new_role: str = "signatory"
    new_kind: str = "organisation"
    offer_create: bool = False
    create: bool = False  # "create a new actor" ticked for new_text (done by create_pending)
    error: str | None = None
    allow_create: bool = True  # False for filters: only existing actors can be chosen

    @property
    def chosen(self) -> list[PickerRow]:
        return [row for row in self.rows if row.keep]


def initial_state(name: str, rows: list[PickerRow], with_roles: bool = False, allow_create: bool = True) -> PickerState:
    """The picker for the current links."""
    return PickerState(name=name, rows=rows, with_roles=with_roles, allow_create=allow_create)


def find_actor(session: Session, text: str) -> Actor | None:
    """The actor a typed value names: "Name (ACR) [slug]", a slug, a name, an acronym or an alias."""
    text = " ".join(text.split())
    match = _SLUG_IN_BRACKETS.search(text)
    if match:
        found = actors_by_slug(session, {match.group(1)}).get(match.group(1))
        if found is not None:
            return found
    found = actors_by_slug(session, {text}).get(text)
    if found is not None:
        return found
    lowered = text.lower()
    candidates = list(
        session.scalars(
            select(Actor).where(or_(func.lower(Actor.name) == lowered, func.lower(Actor.acronym) == lowered)).limit(2)
        )
    )
    if len(candidates) == 1:
        return candidates[0]
    by_alias = [
        a
        for a in session.scalars(select(Actor).where(Actor.aliases.is_not(None)))
        if lowered in {alias.lower() for alias in a.aliases or []}
    ]
    return by_alias[0] if len(by_alias) == 1 else None


def submitted(form, name: str) -> bool:
    """Whether ``form`` holds a submitted picker called ``name``."""
    return f"{name}-new" in form


def read_picker(session: Session, form, name: str, with_roles: bool, allow_create: bool = True) -> PickerState:
    """Read a submitted picker. ``state.error`` says what to fix (unknown name, bad role);
    rows keep what was typed. A confirmed new actor is only created by ``create_pending``,
    once the rest of the form is valid (so a refused form creates nothing)."""
    state = PickerState(name=name, with_roles=with_roles, allow_create=allow_create)
    slugs = [form.get(f"{name}-{i}-actor", "") for i in range(MAX_ROWS) if f"{name}-{i}-actor" in form]
    found = actors_by_slug(session, {s for s in slugs if s})
    positioned = []
    for i in range(MAX_ROWS):
        slug = form.get(f"{name}-{i}-actor")
        new_name = " ".join((form.get(f"{name}-{i}-new-name") or "").split())[:200]
        if slug is not None:
            actor = found.get(slug)
            if actor is None:
                continue
        elif new_name and allow_create:
            actor = None
        else:
            continue
        role = form.get(f"{name}-{i}-role", "lead") if with_roles else "lead"
        if role not in MAKER_ROLES:
            state.error = _("Unknown role; choose one of: %(roles)s.", roles=", ".join(MAKER_ROLES))
            role = "lead"
        try:
            position = int(form.get(f"{name}-{i}-position") or i + 1)
        except ValueError:
            position = i + 1
        row = PickerRow(actor, role, keep=bool(form.get(f"{name}-{i}-keep")))
        if actor is None:
            row.new_name, row.new_kind = new_name, form.get(f"{name}-{i}-new-kind") or "organisation"
            if row.new_kind not in ACTOR_KINDS:
                row.new_kind = "organisation"
        positioned.append((position, i, row))
    state.rows = [row for _p, _i, row in sorted(positioned, key=lambda item: (item[0], item[1]))]
    state.new_text = " ".join((form.get(f"{name}-new") or "").split())[:200]
    state.new_role = form.get(f"{name}-new-role") or "signatory"
    state.new_kind = form.get(f"{name}-new-kind") or "organisation"
    if state.new_text:
        _add_new(session, state, form.get(f"{name}-new-create") == "1")
    return state


def create_pending(session: Session, state: PickerState, user, reason: str) -> None:
    """Create the new actor the picker confirmed and the proposed ones kept, and choose
    them; flush. A proposed name that meanwhile matches an actor takes that actor."""
    for row in state.chosen:
        if row.actor is None:
            row.actor = find_or_create_actor(session, row.new_name, row.new_kind, user=user, reason=reason)
    if not state.create:
        return
    actor = create_actor(session, name=state.new_text, kind=state.new_kind, user=user, reason=reason)
    state.rows.append(PickerRow(actor, state.new_role if state.with_roles else "lead"))
    state.create, state.new_text = False, ""


def chosen_count(state: PickerState) -> int:
    """How many actors the picker will link once saved (the confirmed new one included)."""
    return len(state.chosen) + (1 if state.create else 0)


def _add_new(session: Session, state: PickerState, create: bool) -> None:
    if state.with_roles and state.new_role not in MAKER_ROLES:
        state.error = _("Unknown role; choose one of: %(roles)s.", roles=", ".join(MAKER_ROLES))
        return
    actor = find_actor(session, state.new_text)
    if actor is None and not state.allow_create:
        state.error = _("No actor is called “%(name)s”. Choose one from the suggestions.", name=state.new_text)
        return
    if actor is None and create:
        if state.new_kind not in ACTOR_KINDS:
            state.error = _("Choose the kind of the new actor.")
        else:
            state.create = state.offer_create = True
        return
    if actor is None:
        state.offer_create = True
        state.error = _(
            "No actor is called “%(name)s”. Choose one from the suggestions, or tick “create a new actor”.",
            name=state.new_text,
        )
        return
    if any(row.actor is not None and row.actor.id == actor.id for row in state.rows):
        for row in state.rows:
            if row.actor is not None and row.actor.id == actor.id:
                row.keep = True
    else:
        state.rows.append(PickerRow(actor, state.new_role if state.with_roles else "lead"))
    state.new_text = ""


def actor_choices(session: Session) -> list[str]:
    """Every actor as "Name (ACR) [slug]", for the picker's suggestion list."""
    return [
        f"{name}{f' ({acronym})' if acronym and acronym not in name else ''} [{slug}]"
        for name, acronym, slug in session.execute(
            select(Actor.name, Actor.acronym, Actor.slug).order_by(func.lower(Actor.name))
        )
    ]


def rows_for_slugs(session: Session, slugs) -> list[PickerRow]:
    """Picker rows for these actor slugs, in their order (unknown ones left out)."""
    found = actors_by_slug(session, set(slugs))
    return [PickerRow(found[slug]) for slug in slugs if slug in found]
