"""The sections of My work: what is mine, what is due, what waits for me."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.accounts.roles import has_role
from tracker.documents.models import Document
from tracker.intake.models import IntakeCandidate
from tracker.recommendations.filters import ListState
from tracker.recommendations.queries import list_page
from tracker.reports.models import SavedReport
from tracker.savedviews.queries import views_menu
from tracker.workflow.context import list_panel

SECTION_LIMIT = 10


@dataclass
class Section:
    """One section of My work: a few items, how many there are, and the full list's arguments."""

    items: list = field(default_factory=list)
    total: int = 0
    list_args: dict = field(default_factory=dict)


def _recommendations(session: Session, user: User, **filters) -> Section:
    state = ListState(per_page=SECTION_LIMIT, ids={"owner": [user.id]} if "owner" in filters else {}, **filters)
    page = list_page(session, state)
    return Section(page.items, page.total, state.to_args(per_page=ListState.per_page))


def intake_waiting(session: Session) -> Section:
    """Documents with intake candidates still waiting for a decision, newest first."""
    counts = (
        select(IntakeCandidate.document_id, func.count().label("pending"))
        .where(IntakeCandidate.status == "pending")
        .group_by(IntakeCandidate.document_id)
        .subquery()
    )
    total = session.scalar(select(func.count()).select_from(counts)) or 0
    rows = session.execute(
        select(Document, counts.c.pending)
        .join(counts, counts.c.document_id == Document.id)
        .order_by(Document.created_at.desc(), Document.id.desc())
        .limit(SECTION_LIMIT)
    ).all()
    return Section([(document, pending) for document, pending in rows], total)


def reports_for(session: Session, user: User) -> tuple[Section, Section]:
    """Reports waiting for my review (staff: others' reports awaiting one) and my reports
    on which a reviewer requested changes."""
    waiting = Section()
    if has_role(user, "staff"):
        condition = (SavedReport.review_state == "waiting", SavedReport.created_by_id != user.id)
        waiting.total = session.scalar(select(func.count()).select_from(SavedReport).where(*condition)) or 0
        waiting.items = list(
            session.scalars(select(SavedReport).where(*condition).order_by(SavedReport.id).limit(SECTION_LIMIT))
        )
    mine = (SavedReport.review_state == "changes_requested", SavedReport.created_by_id == user.id)
    to_revise = Section(
        list(session.scalars(select(SavedReport).where(*mine).order_by(SavedReport.id).limit(SECTION_LIMIT)))
    )
    to_revise.total = session.scalar(select(func.count()).select_from(SavedReport).where(*mine)) or 0
    return waiting, to_revise


def followed_changes(session: Session, user: User) -> Section:
    """What changed in what I follow since I last looked: my unread notifications, newest first."""
    from tracker.notifications.models import Notification

    unread = (Notification.user_id == user.id, Notification.read_at.is_(None))
    items = list(
        session.scalars(
            select(Notification)
            .where(*unread)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(SECTION_LIMIT)
        )
    )
    total = session.scalar(select(func.count()).select_from(Notification).where(*unread)) or 0
    return Section(items, total)


def sections(session: Session, user: User) -> dict:
    """Everything My work shows for ``user``."""
    owned = _recommendations(session, user, owner=("me",), sort="follow_up")
    due = _recommendations(session, user, owner=("me",), follow_up=("due",), sort="follow_up")
    team_due = _recommendations(session, user, follow_up=("due",), sort="follow_up")
    waiting, to_revise = reports_for(session, user)
    shown = {r.id for r in owned.items + due.items + team_due.items}
    return {
        "followed": followed_changes(session, user),
        "owned": owned,
        "due": due,
        "team_due": team_due,
        "intake": intake_waiting(session),
        "reports_waiting": waiting,
        "reports_to_revise": to_revise,
        "today": date.today(),
        "team": list_panel(session, sorted(shown), user),
        "views": views_menu(session, user),
        "is_staff": has_role(user, "staff"),
    }
