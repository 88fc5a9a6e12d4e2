"""Actors: the hierarchy, and what each actor recommended and received."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from tracker import db
from tracker.actors.models import Actor
from tracker.actors.operations import redirect_for
from tracker.actors.queries import actor_tree
from tracker.recommendations.filters import ListState
from tracker.recommendations.queries import recommendations_for_actor, value_counts

blueprint = Blueprint("actors", __name__)
SHOWN_PER_SECTION = 20


@blueprint.get("/actors")
def index():
    """Every actor in its hierarchy, with how many recommendations it made and received."""
    session = db.session()
    counts = value_counts(session, ListState())
    made, received = counts["maker"], counts["addressee"]
    return render_template("actors/index.html", tree=actor_tree(session), made=made, received=received)


@blueprint.get("/actors/<slug>")
def show(slug: str):
    """One actor: its place in the hierarchy, what it (and its children) made and received."""
    session = db.session()
    actor = session.scalar(select(Actor).where(Actor.slug == slug))
    if actor is None:
        # A merged actor's old slug leads, permanently, to the actor it was merged into.
        moved = redirect_for(session, slug)
        if moved is not None:
            return redirect(url_for("actors.show", slug=moved.slug), 301)
        abort(404, description=_("There is no actor '%(slug)s'.", slug=slug[:80]))
    made, made_total = recommendations_for_actor(session, actor, "maker", SHOWN_PER_SECTION)
    received, received_total = recommendations_for_actor(session, actor, "addressee", SHOWN_PER_SECTION)
    return render_template(
        "actors/show.html",
        actor=actor,
        made=made,
        made_total=made_total,
        received=received,
        received_total=received_total,
    )
