"""The business verbs of comments: add, edit (author, 15 minutes), hide (staff).

Adding a comment notifies the recommendation's followers ("comment") and the people it
mentions ("mention": a mention replaces the comment notification for that person, so
one comment is one notification each).
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.accounts.roles import has_role
from tracker.audit.operations import record_event
from tracker.comments.models import BODY_MAX, HIDE_REASON_MAX, Comment
from tracker.comments.text import mention_handles
from tracker.notifications.operations import notify
from tracker.notifications.texts import shorten
from tracker.timeutil import utcnow


class CommentError(ValueError):
    """The comment cannot be saved or changed; the message says why (for people)."""


def can_comment(user) -> bool:
    """Advocates and above write comments."""
    return has_role(user, "advocate")


def can_hide(user) -> bool:
    """Staff and above hide comments."""
    return has_role(user, "staff")


def clean_body(body: str) -> str:
    """The text as it will be stored; raises CommentError when it is empty or too long."""
    body = (body or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if not body:
        raise CommentError("empty")
    if len(body) > BODY_MAX:
        raise CommentError("too long")
    return body


def mentioned_users(session: Session, body: str, author: User) -> list[User]:
    """Active users named by ``@handle`` in ``body`` (never the author)."""
    handles = mention_handles(body)
    if not handles:
        return []
    local_part = (
        func.lower(func.substr(User.email, 1, func.instr(User.email, "@") - 1))
        if session.get_bind().dialect.name == "sqlite"
        else func.lower(func.split_part(User.email, "@", 1))
    )
    users = session.scalars(
        select(User).where(User.is_active.is_(True), or_(func.lower(User.email).in_(handles), local_part.in_(handles)))
    ).all()
    return [user for user in users if user.id != author.id]


def add_comment(session: Session, recommendation, author: User, body: str) -> Comment:
    """Add a comment and notify followers and mentioned people. Flushes."""
    if not can_comment(author):
        raise PermissionError("advocates and above comment")
    comment = Comment(
        recommendation_id=recommendation.id, author_id=author.id, body=clean_body(body), created_at=utcnow()
    )
    session.add(comment)
    session.flush()
    record_event(
        session,
        "comment.created",
        user=author,
        target_type="recommendation",
        target_id=recommendation.id,
        summary=f"comment {comment.id}",
    )
    from flask import url_for

    url = url_for("recommendations.show", recommendation_id=recommendation.id, _anchor=f"comment-{comment.id}")
    details = {"excerpt": shorten(comment.body)}
    mentioned = {user.id: {"kind": "mention"} for user in mentioned_users(session, comment.body, author)}
    if mentioned:
        notify(
            session,
            "mention",
            key=str(comment.id),
            actor=author,
            recommendation=recommendation,
            include_followers=False,
            url=url,
            details=details,
            recipients=mentioned,
        )
    notify(
        session,
        "comment",
        key=str(comment.id),
        actor=author,
        recommendation=recommendation,
        url=url,
        details=details,
        exclude=set(mentioned),
    )
    return comment


def edit_comment(session: Session, comment: Comment, user: User, body: str) -> None:
    """The author changes the text within 15 minutes of writing it; shown as edited."""
    if not comment.editable_by(user):
        raise PermissionError("only the author, within 15 minutes")
    comment.body = clean_body(body)
    comment.edited_at = utcnow()
    record_event(
        session,
        "comment.edited",
        user=user,
        target_type="recommendation",
        target_id=comment.recommendation_id,
        summary=f"comment {comment.id}",
    )
    session.flush()


def hide_comment(session: Session, comment: Comment, user: User, reason: str) -> None:
    """Staff hide a comment; it is kept, with who hid it, when and why."""
    if not can_hide(user):
        raise PermissionError("staff and above hide comments")
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise CommentError("reason")
    comment.hidden_at, comment.hidden_by_id, comment.hidden_reason = utcnow(), user.id, reason[:HIDE_REASON_MAX]
    record_event(
        session,
        "comment.hidden",
        user=user,
        target_type="recommendation",
        target_id=comment.recommendation_id,
        summary=f"comment {comment.id}: {reason[:200]}",
    )
    session.flush()


def comments_for(session: Session, recommendation_id: int) -> list[Comment]:
    """A recommendation's comments, oldest first (hidden ones included: the page says so)."""
    return list(
        session.scalars(
            select(Comment)
            .where(Comment.recommendation_id == recommendation_id)
            .order_by(Comment.created_at, Comment.id)
        )
    )
