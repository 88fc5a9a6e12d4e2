"""Events that come from the calendar rather than from someone's action: a follow-up date
reached. A worker checks every minute (``tracker.jobs.tasks.every_minute``); the event key
holds the date, so each date is announced once."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask, g
from sqlalchemy import select

from tracker import db
from tracker.notifications.operations import notify
from tracker.recommendations.models import Recommendation

LOOK_BACK_DAYS = 7  # a worker that was stopped for a few days still announces what fell due


def notify_follow_ups_due(app: Flask, today: date | None = None) -> int:
    """Notify owners and followers of recommendations whose follow-up date has come;
    returns how many notifications were added."""
    from tracker.workflow.models import FollowUp

    today = today or date.today()
    added = 0
    with app.test_request_context("/"):
        g.sqlite_write_transactions = True  # it writes: take SQLite's lock at BEGIN (tracker.db)
        session = db.session()
        rows = session.execute(
            select(FollowUp, Recommendation)
            .join(Recommendation, Recommendation.id == FollowUp.recommendation_id)
            .where(FollowUp.due_on <= today, FollowUp.due_on >= today - timedelta(days=LOOK_BACK_DAYS))
        ).all()
        for follow_up, recommendation in rows:
            added += len(
                notify(
                    session,
                    "follow_up_due",
                    key=f"{recommendation.id}:{follow_up.due_on.isoformat()}",
                    recommendation=recommendation,
                    details={"due_on": follow_up.due_on.isoformat()},
                )
            )
        session.commit()
    return added
