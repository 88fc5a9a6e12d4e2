"""The one entry point for notifications: ``notify``. Every write verb that others may
want to hear about calls it, in the same transaction as the change.

``notify`` finds who should hear (followers of the recommendation and of everything it
belongs to, plus explicit recipients such as people mentioned), never the person who
did it, never an inactive account, and never twice for one event (``event_key`` is
unique per user). It adds one in-app notification each and, for people who want e-mail
at once, one e-mail job that a worker runs after the commit.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.db import rows_matched
from tracker.i18n import N_
from tracker.jobs.operations import create_job
from tracker.notifications.following import followers_of_recommendation
from tracker.notifications.models import (
    EMAIL_FREQUENCIES,
    EMAIL_NONE,
    EMAIL_PENDING,
    EVENT_KEY_MAX,
    TITLE_MAX,
    Notification,
)
from tracker.timeutil import utcnow

#: Every kind of event, with a label for people.
EVENTS = {
    "status_update": N_("Status update"),
    "government_response": N_("Government response"),
    "data_edit": N_("Data edited"),
    "comment": N_("New comment"),
    "new_recommendation": N_("New recommendation"),
    "follow_up_due": N_("Follow-up date reached"),
    "report_review": N_("Report waiting for review"),
    "mention": N_("Mention"),
}


def notify(
    session: Session,
    event: str,
    *,
    key: str,
    actor: User | None = None,
    recommendation=None,
    title: str | None = None,
    url: str | None = None,
    details: dict | None = None,
    recipients: dict[int, dict] | None = None,
    include_followers: bool = True,
    exclude: set[int] | frozenset = frozenset(),
) -> list[Notification]:
    """Notify everyone concerned by ``event``; returns the notifications added. Flushes.

    ``key`` identifies the event (e.g. ``"status_update:42"``). With ``recommendation``,
    its followers are found here (``recipients``, user id -> reason, are added to them);
    ``title`` and ``url`` default to the recommendation's summary and page.
    ``include_followers=False`` reaches only ``recipients``; ``exclude`` leaves people out
    (those who got another notification for the same event, such as a mention).
    """
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
    reasons: dict[int, dict] = {}
    if recommendation is not None:
        if include_followers:
            reasons.update(followers_of_recommendation(session, recommendation))
        if title is None:
            title = recommendation.summary
        if url is None:
            url = f"/recommendations/{recommendation.id}"
    reasons.update(recipients or {})
    for user_id in exclude:
        reasons.pop(user_id, None)
    if actor is not None:
        reasons.pop(actor.id, None)  # nobody is told about what they did themselves
    if not reasons or title is None or url is None:
        return []
    key = f"{event}:{key}"[:EVENT_KEY_MAX]
    users = session.scalars(select(User).where(User.id.in_(list(reasons)), User.is_active.is_(True))).all()
    already = set(
        session.scalars(
            select(Notification.user_id).where(
                Notification.event_key == key, Notification.user_id.in_([u.id for u in users])
            )
        )
    )
    now = utcnow()
    added = []
    for user in users:
        if user.id in already:
            continue
        added.append(
            Notification(
                user_id=user.id,
                event=event,
                event_key=key,
                actor_id=actor.id if actor else None,
                recommendation_id=recommendation.id if recommendation is not None else None,
                title=title[:TITLE_MAX],
                url=url[:500],
                details=details or {},
                reason=reasons[user.id],
                created_at=now,
                email_status=EMAIL_NONE if user.email_frequency == "off" else EMAIL_PENDING,
            )
        )
    session.add_all(added)
    session.flush()
    wants_now = {user.id for user in users if user.email_frequency == "immediately"}
    at_once = [n.id for n in added if n.user_id in wants_now]
    if at_once:
        create_job(session, "email_notifications", {"notification_ids": at_once}, user=actor)
    return added


def unread_count(session: Session, user: User) -> int:
    """How many of ``user``'s notifications are unread."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


def mark_read(session: Session, user: User, ids: list[int] | None = None) -> int:
    """Mark ``user``'s notifications with these ids (all, when None) as read; returns how many."""
    statement = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if ids is not None:
        statement = statement.where(Notification.id.in_(ids))
    count = rows_matched(
        session.execute(statement.values(read_at=utcnow()).execution_options(synchronize_session=False))
    )
    session.flush()
    return count


def set_email_frequency(session: Session, user: User, frequency: str) -> None:
    """How often ``user`` gets e-mail; "off" also cancels what was waiting to be sent."""
    if frequency not in EMAIL_FREQUENCIES:
        raise ValueError(f"unknown e-mail frequency {frequency!r}")
    user.email_frequency = frequency
    if frequency == "off":
        session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.email_status == EMAIL_PENDING)
            .values(email_status=EMAIL_NONE)
            .execution_options(synchronize_session=False)
        )
    session.flush()


def remember_language(session: Session, user: User, language: str) -> None:
    """Keep the interface language ``user`` chose, for the e-mails sent to them."""
    if user.language != language:
        user.language = language
        session.flush()
