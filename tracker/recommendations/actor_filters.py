"""The staff's maker and addressee filters: the actor picker in GET forms (the list's
facets, the progress report's filters).

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
    return [
        (name, str(value))
        for name, values in args.items()
        for value in (values if isinstance(values, list | tuple) else [values])
    ]


def picker_filters(session: Session, args, selected: dict) -> tuple[dict[str, PickerState], dict | None]:
    """The maker and addressee pickers of a GET form, and — when the form was submitted
    with them and without error — the chosen slugs per facet (``selected``: the slugs
    chosen so far, for a picker the form did not hold)."""
    pickers, chosen, sent = {}, {}, False
    for facet in ACTOR_FACETS:
        if submitted(args, facet):
            sent = True
            picker = read_picker(session, args, facet, with_roles=False, allow_create=False)
            chosen[facet] = tuple(dict.fromkeys(row.known.slug for row in picker.chosen))
        else:
            picker = initial_state(facet, rows_for_slugs(session, selected.get(facet, ())), allow_create=False)
            chosen[facet] = tuple(selected.get(facet, ()))
        pickers[facet] = picker
    return pickers, (chosen if sent and not any(p.error for p in pickers.values()) else None)


def actor_filters(session: Session, state: ListState, args) -> tuple[dict[str, ActorFilter], dict | None]:
    """The list's pickers (each with the rest of the list's state as hidden fields), and —
    when one was submitted without error — the list's arguments to go to instead."""
    pickers, chosen = picker_filters(session, args, {facet: state.values(facet) for facet in ACTOR_FACETS})
    if chosen is not None:
        return {}, state.to_args(page=1, **chosen)
    return {
        facet: ActorFilter(picker, _pairs(state.to_args(page=1, **{facet: ()}))) for facet, picker in pickers.items()
    }, None
