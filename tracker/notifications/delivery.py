"""E-mail delivery jobs: one e-mail per notification for people who want them at once,
digests for the others, and the per-minute check for what is due.

Each notification is e-mailed at most once: a worker claims it (pending, unclaimed or
claimed longer ago than the stale limit) in one UPDATE and commits, sends, then marks it
sent and commits. A worker killed between the claim and the send leaves a stale claim
that the next sweep takes again; only a kill between the SMTP server accepting the
message and the "sent" commit can send it twice.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urljoin

from flask import Flask, g, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.core.context import real_app
from tracker.db import rows_matched
from tracker.jobs.models import Job
from tracker.jobs.operations import create_job, handler
from tracker.notifications import mail
from tracker.notifications.models import EMAIL_NONE, EMAIL_PENDING, EMAIL_SENT, Notification
from tracker.timeutil import utcnow

DIGEST_LIMIT = 200  # notifications listed in one digest; the rest are counted and linked


# --- Unsubscribe links ---------------------------------------------------------------


def _serializer(app: Flask) -> URLSafeSerializer:
    return URLSafeSerializer(app.config["SECRET_KEY"], salt="tracker.unsubscribe")


def unsubscribe_token(app: Flask, user: User) -> str:
    """A signed token naming ``user``: whoever holds it may turn their e-mails off."""
    return _serializer(app).dumps({"u": user.id, "e": user.email})


def user_for_unsubscribe_token(session: Session, app: Flask, token: str) -> User | None:
    """The user a token was made for, or None if it is forged, damaged or outdated."""
    try:
        data = _serializer(app).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = session.get(User, data["u"])
    return user if user is not None and user.email == data.get("e") else None


# --- Composing -----------------------------------------------------------------------


def compose(app: Flask, user: User, notifications: list[Notification], digest: str | None = None, more: int = 0):
    """The e-mail for ``notifications`` (one, or a digest), in ``user``'s language."""
    base = app.config["BASE_URL"].rstrip("/") + "/"
    with app.test_request_context("/", base_url=base), force_locale(user.language or "en"):
        token = unsubscribe_token(app, user)
        unsubscribe_url = url_for("notifications.unsubscribe", token=token, _external=True)
        context = {
            "user": user,
            "items": notifications,
            "digest": digest,
            "more": more,
            "absolute": lambda path: urljoin(base, path.lstrip("/")),
            "unsubscribe_url": unsubscribe_url,
            "settings_url": url_for("notifications.settings", _external=True),
            "all_url": url_for("notifications.index", _external=True),
        }
        if digest == "daily":
            subject = _("Your daily digest: %(n)s notifications", n=len(notifications) + more)
        elif digest == "weekly":
            subject = _("Your weekly digest: %(n)s notifications", n=len(notifications) + more)
        else:
            from tracker.notifications.texts import headline

            subject = f"{headline(notifications[0])}: {notifications[0].title}"[:200]
        message = mail.new_message(app, user.email, subject)
        message.set_content(render_template("notifications/email.txt", **context))
        message.add_alternative(render_template("notifications/email.html", **context), subtype="html")
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


# --- Claiming and sending ------------------------------------------------------------


def _stale_before(app: Flask):
    return utcnow() - timedelta(seconds=app.config.get("JOBS_STALE_AFTER_SECONDS", 60))


def _claim(session: Session, app: Flask, ids: list[int]) -> list[int]:
    """Take these pending notifications for sending; returns the ids this worker got."""
    claimed = []
    for notification_id in ids:
        got = rows_matched(
            session.execute(
                update(Notification)
                .where(
                    Notification.id == notification_id,
                    Notification.email_status == EMAIL_PENDING,
                    or_(Notification.email_claimed_at.is_(None), Notification.email_claimed_at < _stale_before(app)),
                )
                .values(email_claimed_at=utcnow())
                .execution_options(synchronize_session=False)
            )
        )
        if got:
            claimed.append(notification_id)
    session.commit()
    return claimed


def _release(session: Session, ids: list[int]) -> None:
    session.rollback()
    session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.email_status == EMAIL_PENDING)
        .values(email_claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _send_and_mark(session: Session, app: Flask, user: User, ids: list[int], digest: str | None, more: int = 0) -> None:
    notifications = session.scalars(
        select(Notification).where(Notification.id.in_(ids)).order_by(Notification.created_at.desc())
    ).all()
    message = compose(app, user, list(notifications), digest, more)
    session.commit()  # end the transaction (and SQLite's lock) while talking to the SMTP server
    try:
        mail.send(app, message)
    except Exception:
        _release(session, ids)
        raise
    session.execute(
        update(Notification)
        .where(Notification.id.in_(ids))
        .values(email_status=EMAIL_SENT, emailed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.commit()


@handler("email_notifications")
def send_notification_emails(session: Session, job: Job, progress) -> dict:
    """One e-mail for each of the job's notifications whose owner wants e-mail at once."""
    app = real_app()
    ids = [int(i) for i in job.payload.get("notification_ids", [])]
    sent = 0
    for index, notification_id in enumerate(ids, start=1):
        notification = session.get(Notification, notification_id)
        if notification is None or notification.email_status != EMAIL_PENDING:
            continue
        user = notification.user
        if user.email_frequency == "off" or not user.is_active:
            notification.email_status = EMAIL_NONE
            session.commit()
            continue
        if user.email_frequency != "immediately":
            continue  # they switched to a digest meanwhile: the digest will carry it
        if _claim(session, app, [notification_id]):
            _send_and_mark(session, app, user, [notification_id], None)
            sent += 1
        progress(index, len(ids))
    return {"sent": sent}


@handler("digest")
def send_digests(session: Session, job: Job, progress) -> dict:
    """One digest per user with this frequency and pending notifications."""
    app = real_app()
    frequency = job.payload["frequency"]
    users = session.scalars(
        select(User)
        .join(Notification, Notification.user_id == User.id)
        .where(User.email_frequency == frequency, User.is_active.is_(True), Notification.email_status == EMAIL_PENDING)
        .distinct()
        .order_by(User.id)
    ).all()
    sent = 0
    for index, user in enumerate(users, start=1):
        pending = list(
            session.scalars(
                select(Notification.id)
                .where(Notification.user_id == user.id, Notification.email_status == EMAIL_PENDING)
                .order_by(Notification.created_at.desc())
            )
        )
        claimed = _claim(session, app, pending)
        if claimed:
            listed = claimed[:DIGEST_LIMIT]
            _send_and_mark(session, app, user, listed, frequency, more=len(claimed) - len(listed))
            if len(claimed) > len(listed):
                session.execute(
                    update(Notification)
                    .where(Notification.id.in_(claimed[len(listed) :]))
                    .values(email_status=EMAIL_SENT, emailed_at=utcnow())
                    .execution_options(synchronize_session=False)
                )
                session.commit()
            sent += 1
        progress(index, len(users))
    return {"digests": sent, "frequency": frequency}


# --- What is due (run every minute by a worker) ----------------------------------------


def digest_due(now, frequency: str, hour: int) -> str | None:
    """The period a digest of ``frequency`` is due for at ``now`` (e.g. "2026-11-30"), or None."""
    if now.hour < hour:
        return None
    if frequency == "daily":
        return now.date().isoformat()
    if frequency == "weekly" and now.weekday() == 0:
        return f"{now.isocalendar().year}-W{now.isocalendar().week:02d}"
    return None


def schedule_due_deliveries(app: Flask) -> list[Job]:
    """Queue what is due: digests not yet sent for their period, and immediate e-mails left
    pending (their job failed or was lost). Returns the jobs created."""
    from tracker import db

    created = []
    now = utcnow()
    with app.test_request_context("/"):
        g.sqlite_write_transactions = True  # it writes: take SQLite's lock at BEGIN (tracker.db)
        session = db.session()
        busy = session.scalar(
            select(Job.id).where(Job.kind == "email_notifications", Job.status.in_(("queued", "running"))).limit(1)
        )
        if busy is None:
            left = list(
                session.scalars(
                    select(Notification.id)
                    .join(User, User.id == Notification.user_id)
                    .where(
                        Notification.email_status == EMAIL_PENDING,
                        User.email_frequency == "immediately",
                        Notification.created_at < now - timedelta(minutes=2),
                        or_(
                            Notification.email_claimed_at.is_(None), Notification.email_claimed_at < _stale_before(app)
                        ),
                    )
                    .limit(500)
                )
            )
            if left:
                created.append(create_job(session, "email_notifications", {"notification_ids": left}))
        recent = session.scalars(
            select(Job).where(Job.kind == "digest", Job.created_at > now - timedelta(days=8))
        ).all()
        done = {(job.payload.get("frequency"), job.payload.get("period")) for job in recent}
        for frequency in ("daily", "weekly"):
            period = digest_due(now, frequency, app.config.get("DIGEST_HOUR_UTC", 7))
            if period and (frequency, period) not in done:
                created.append(create_job(session, "digest", {"frequency": frequency, "period": period}))
        session.commit()
    return created
