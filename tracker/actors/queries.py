"""Queries over the actor hierarchy (recursive CTEs work on SQLite and PostgreSQL alike)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from tracker.actors.models import Actor
from tracker.collation import sorted_by_name


def subtree_ids(root_ids: Iterable[int], name: str = "actor_subtree") -> Select:
    """A SELECT of the ids of the given actors and all their descendants.

    ``name`` names the CTE; one statement using two subtrees needs two names.
    """
    tree = select(Actor.id).where(Actor.id.in_(list(root_ids))).cte(name, recursive=True)
    tree = tree.union(select(Actor.id).where(Actor.parent_id == tree.c.id))
    return select(tree.c.id)


def ancestor_closure():
    """A CTE of (ancestor, descendant) pairs, each actor included as its own ancestor."""
    closure = select(Actor.id.label("ancestor"), Actor.id.label("descendant")).cte("actor_closure", recursive=True)
    return closure.union_all(select(closure.c.ancestor, Actor.id).where(Actor.parent_id == closure.c.descendant))


def load_ancestors(session: Session, actors: list[Actor]) -> None:
    """Read every ancestor of ``actors`` in one statement, so that ``Actor.ancestors()``
    finds each parent in the session instead of issuing one query per parent."""
    parent_ids = {actor.parent_id for actor in actors if actor.parent_id is not None}
    if not parent_ids:
        return
    chain = select(Actor.id, Actor.parent_id).where(Actor.id.in_(parent_ids)).cte("actor_ancestors", recursive=True)
    chain = chain.union(select(Actor.id, Actor.parent_id).where(Actor.id == chain.c.parent_id))
    by_id = {actor.id: actor for actor in session.scalars(select(Actor).where(Actor.id.in_(select(chain.c.id))))}
    # Linked as already loaded: the session holds its objects weakly, so each parent is
    # kept by its child rather than looked up again.
    for actor in [*actors, *by_id.values()]:
        if actor.parent_id in by_id:
            set_committed_value(actor, "parent", by_id[actor.parent_id])


def actors_by_slug(session: Session, slugs: Iterable[str]) -> dict[str, Actor]:
    """The actors with these slugs, keyed by slug (unknown slugs are simply absent)."""
    slugs = list(slugs)
    if not slugs:
        return {}
    return {a.slug: a for a in session.scalars(select(Actor).where(Actor.slug.in_(slugs)))}


def actor_names(session: Session) -> list[Any]:
    """Every actor as a row of id, slug, name and parent_id (for ``actor_tree(rows=...)``)."""
    return list(session.execute(select(Actor.id, Actor.slug, Actor.name, Actor.parent_id)))


def actor_tree(
    session: Session, actor_ids: Iterable[int] | None = None, names_only: bool = False, rows: list[Any] | None = None
) -> list[tuple[Actor, int]]:
    """Actors in tree order (each parent before its children) with their depth.

    With ``actor_ids``, only those actors and their ancestors are included. With
    ``names_only``, each actor is a row of id, slug, name and parent_id (no ORM objects:
    several times cheaper for the facets of every list page); ``rows`` gives those rows
    already read by ``actor_names``, so that several trees (a list's addressee and maker
    facets) share one read.
    """
    # Actor objects, or rows with the same attributes (id, slug, name, parent_id).
    if rows is None:
        rows = actor_names(session) if names_only else list(session.scalars(select(Actor)))
    by_id = {a.id: a for a in rows}
    keep = None
    if actor_ids is not None:
        keep = set()
        for actor_id in actor_ids:
            node = by_id.get(actor_id)
            while node is not None and node.id not in keep:
                keep.add(node.id)
                node = by_id.get(node.parent_id)
    # Sort only what is shown (a list's facets show ~40 of hundreds of actors): collation
    # keys cost microseconds each.
    actors = sorted_by_name(rows if keep is None else [a for a in rows if a.id in keep], lambda actor: actor.name)
    children: dict[int | None, list[Actor]] = {}
    for actor in actors:
        if keep is None or actor.id in keep:
            children.setdefault(actor.parent_id, []).append(actor)
    ordered: list[tuple[Actor, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for child in children.get(parent_id, []):
            ordered.append((child, depth))
            walk(child.id, depth + 1)

    walk(None, 0)
    return ordered
