"""The staff's maker and addressee filters of the list: the actor picker as a GET form.

The facet links show the busiest actors only; the picker finds any actor by name,
acronym, alias or slug (the browser suggests from every actor) and shows the chosen ones
as rows to untick. A submitted picker is turned into the list's own URL (``maker=slug``
...), so a filtered list has one address whichever way it was chosen. Without
JavaScript the form is applied with its button; with it, choosing a suggestion applies it.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker.actors.picker import PickerState, initial_state, read_picker, rows_for_slugs, submitted
from tracker.recommendations.filters import ListState

ACTOR_FACETS = ("maker", "addressee")


@dataclass
class ActorFilter:
    """One facet's picker and the rest of the list's state, as hidden fields of its form."""

    picker: PickerState
    hidden: list[tuple[str, str]]


def _pairs(args: dict) -> list[tuple[str, str]]:
    return [(name, str(value)) for name, values in args.items()
            for value in (values if isinstance(values, list | tuple) else [values])]


def actor_filters(session: Session, state: ListState, args) -> tuple[dict[str, ActorFilter], dict | None]:
    """The pickers of the maker and addressee filters, and — when one was submitted
    without error — the list's arguments to go to instead (its chosen actors applied)."""
    filters = {}
    for facet in ACTOR_FACETS:
        if submitted(args, facet):
            picker = read_picker(session, args, facet, with_roles=False, allow_create=False)
            if not picker.error:
                chosen = tuple(dict.fromkeys(row.actor.slug for row in picker.chosen))
                return {}, state.to_args(page=1, **{facet: chosen})
        else:
            picker = initial_state(facet, rows_for_slugs(session, state.values(facet)), allow_create=False)
        filters[facet] = ActorFilter(picker, _pairs(state.to_args(page=1, **{facet: ()})))
    return filters, None
