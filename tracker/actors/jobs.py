"""Large actor merges run in the background.

A merge rewrites every recommendation that names the merged actor, each with its own
revision (``recommendations.restructure.replace_actor``): about 10 ms per recommendation,
so an actor named by thousands would outlast a web request. Above
``ACTOR_MERGE_BACKGROUND_RECOMMENDATIONS`` links the merge page queues an ``actor_merge``
job and the person waits on ``/jobs/<id>``. The job is one transaction: a worker that
dies halfway leaves nothing changed and the job runs again.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from tracker.actors.models import Actor
from tracker.actors.operations import check_merge, merge_actors
from tracker.jobs.models import Job
from tracker.jobs.operations import create_job, handler
from tracker.recommendations.models import RecommendationMaker, recommendation_addressees
from tracker.revisions.operations import CurationError


def linked_recommendations(session: Session, actor: Actor) -> int:
    """How many recommendations name ``actor`` as a maker or an addressee."""
    ids = union_all(
        select(RecommendationMaker.recommendation_id).where(RecommendationMaker.actor_id == actor.id),
        select(recommendation_addressees.c.recommendation_id).where(recommendation_addressees.c.actor_id == actor.id),
    ).subquery()
    return session.scalar(select(func.count(func.distinct(ids.c[0])))) or 0


def merge_in_background(session: Session, merged: Actor) -> bool:
    """Whether merging ``merged`` is long enough to need a worker."""
    return linked_recommendations(session, merged) > current_app.config["ACTOR_MERGE_BACKGROUND_RECOMMENDATIONS"]


def start_merge(session: Session, merged: Actor, kept: Actor, *, user, reason: str) -> Job:
    """Check the merge now (the same rules as ``merge_actors``) and queue it. Flushes."""
    reason = check_merge(merged, kept, reason)
    return create_job(
        session,
        "actor_merge",
        {
            "merged_id": merged.id,
            "kept_id": kept.id,
            "reason": reason,
            "merged_name": merged.name,
            "kept_name": kept.name,
            "kept_slug": kept.slug,
            "recommendations": linked_recommendations(session, merged),
        },
        user=user,
    )


@handler("actor_merge")
def run_merge(session: Session, job: Job, progress) -> dict:
    """Merge as asked, unless one of the actors went meanwhile or the merge is no longer
    allowed: then ``{"ok": False, "error": why}`` (trying again would not help)."""
    payload, user = job.payload, job.created_by
    with force_locale((user.language if user else None) or "en"):
        merged, kept = session.get(Actor, payload["merged_id"]), session.get(Actor, payload["kept_id"])
        if merged is None or kept is None:
            return {
                "ok": False,
                "error": _("One of the two actors was merged or removed meanwhile: nothing was changed."),
            }
        try:
            merge_actors(session, merged, kept, user=user, reason=payload["reason"])
        except CurationError as error:
            return {"ok": False, "error": " ".join(str(message) for message in error.errors.values())}
    return {"ok": True, "kept_slug": kept.slug}
