"""The business verbs of reports: save a snapshot, review it or request changes, revise and
resubmit it. They flush; the request commits."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from tracker.accounts.models import User
from tracker.accounts.roles import has_role
from tracker.audit.operations import record_event
from tracker.db import rows_matched
from tracker.notifications.operations import notify
from tracker.recommendations.filters import ListState, parse_list_args
from tracker.reports.computation import compute_report, filter_slugs
from tracker.reports.models import ReviewEvent, SavedReport
from tracker.reports.period import Period
from tracker.timeutil import utcnow


class ReportRefused(Exception):
    """The operation is not allowed; ``message`` says why, for the person who tried."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def can_review(report: SavedReport, user: User | None) -> bool:
    """Staff and admins review reports, but never their own, each only once, and only while
    it waits for a review (not while its author revises it)."""
    return has_role(user, "staff") and report.created_by_id != user.id and report.review_state == "waiting"


def can_resubmit(report: SavedReport, user: User | None) -> bool:
    """The author revises and resubmits a report on which a reviewer requested changes."""
    return has_role(user, "staff") and report.created_by_id == user.id and report.changes_requested


def save_report(session: Session, user: User, period: Period, state: ListState) -> SavedReport:
    """Compute the report now and store it as an immutable snapshot numbered by its id."""
    if not has_role(user, "staff"):
        raise ReportRefused(_("Only staff and administrators save reports."))
    content = compute_report(session, period, state)
    report = SavedReport(
        created_by_id=user.id,
        created_at=utcnow(),
        period_start=period.start,
        period_end=period.end,
        filters=filter_slugs(state),
        content=content,
    )
    session.add(report)
    session.flush()
    figures = content["figures"]
    record_event(
        session,
        "report.saved",
        user=user,
        target_type="report",
        target_id=report.id,
        summary=f"Report #{report.id}: {period.start.isoformat()} to {period.end.isoformat()}",
        details={"filters": report.filters, "figures": figures},
    )
    _tell_reviewers(session, report, user)
    return report


def _tell_reviewers(session: Session, report: SavedReport, author: User) -> None:
    """Every other staff member or administrator may review the report: tell them it waits
    (again after each revision)."""
    reviewers = session.scalars(
        select(User.id).where(User.is_active.is_(True), User.role.in_(("staff", "admin")), User.id != author.id)
    )
    notify(
        session,
        "report_review",
        key=f"{report.id}:{getattr(report, 'revision', 1) or 1}",
        actor=author,
        title=f"Report #{report.id}: {report.period_start.isoformat()} – {report.period_end.isoformat()}",
        url=f"/reports/saved/{report.id}",
        recipients={i: {"kind": "reviewer"} for i in reviewers},
    )


def review_report(session: Session, report: SavedReport, user: User, comment: str) -> SavedReport:
    """Mark ``report`` reviewed by ``user`` with ``comment``.

    The UPDATE only touches a report that is still unreviewed, so of two reviewers
    saving at the same moment exactly one succeeds; the other is refused.
    """
    if report.created_by_id == user.id:
        raise ReportRefused(_("You wrote this report: another staff member or an administrator reviews it."))
    if not has_role(user, "staff"):
        raise ReportRefused(_("Only staff and administrators review reports."))
    reviewed_at = utcnow()
    _move(session, report, "reviewed", reviewed_by_id=user.id, reviewed_at=reviewed_at, review_comment=comment)
    _exchange(session, report, "reviewed", user, comment)
    record_event(
        session,
        "report.reviewed",
        user=user,
        target_type="report",
        target_id=report.id,
        summary=f"Report #{report.id} reviewed",
        details={"comment_length": len(comment)},
    )
    return report


def set_executive_summary(session: Session, report: SavedReport, user: User, text: str) -> SavedReport:
    """Write (or rewrite, or clear with an empty text) the report's executive summary."""
    if not has_role(user, "staff"):
        raise ReportRefused(_("Only staff and administrators write executive summaries."))
    report.executive_summary = text.strip() or None
    session.flush()
    record_event(
        session,
        "report.summary_written",
        user=user,
        target_type="report",
        target_id=report.id,
        summary=f"Report #{report.id}: executive summary written",
        details={"length": len(report.executive_summary or "")},
    )
    return report


def _move(session: Session, report: SavedReport, new_state: str, expected: str = "waiting", **values) -> None:
    """Move the report to ``new_state`` if it is still in ``expected``: of two reviewers
    acting at the same moment exactly one succeeds, the other is refused."""
    result = session.execute(
        update(SavedReport)
        .where(SavedReport.id == report.id, SavedReport.review_state == expected)
        .values(review_state=new_state, **values)
        .execution_options(synchronize_session=False)
    )
    if rows_matched(result) != 1:
        session.refresh(report)
        if report.is_reviewed:
            raise ReportRefused(_("This report has already been reviewed."))
        if report.changes_requested:
            raise ReportRefused(_("Changes have already been requested: the author is revising this report."))
        raise ReportRefused(_("This report is waiting for a review, not for a revision."))
    session.refresh(report)


def _exchange(
    session: Session, report: SavedReport, kind: str, user: User, comment: str, previous_content: dict | None = None
) -> ReviewEvent:
    event = ReviewEvent(
        report_id=report.id,
        kind=kind,
        user_id=user.id,
        comment=comment,
        revision=report.revision,
        previous_content=previous_content,
        created_at=utcnow(),
    )
    session.add(event)
    session.flush()
    session.refresh(report, ["exchange"])
    return event


def request_changes(session: Session, report: SavedReport, user: User, comment: str) -> SavedReport:
    """A reviewer asks the author to revise the report, saying what to change."""
    if report.created_by_id == user.id:
        raise ReportRefused(_("You wrote this report: another staff member or an administrator reviews it."))
    if not has_role(user, "staff"):
        raise ReportRefused(_("Only staff and administrators review reports."))
    _move(session, report, "changes_requested")
    _exchange(session, report, "changes_requested", user, comment)
    record_event(
        session,
        "report.changes_requested",
        user=user,
        target_type="report",
        target_id=report.id,
        summary=f"Report #{report.id}: changes requested",
        details={"comment_length": len(comment)},
    )
    return report


def resubmit_report(session: Session, report: SavedReport, user: User, comment: str) -> SavedReport:
    """The author revises the report: a new snapshot for the same period and filters replaces
    the content (the previous one is kept in the exchange), and it waits for a review again."""
    if not can_resubmit(report, user):
        raise ReportRefused(_("Only the report's author resubmits it, after a reviewer requested changes."))
    state = parse_list_args(
        session, MultiDict([(facet, value) for facet, values in report.filters.items() for value in values])
    )
    previous = report.content
    content = compute_report(session, Period(report.period_start, report.period_end), state)
    _move(session, report, "waiting", expected="changes_requested", content=content)
    _exchange(session, report, "resubmitted", user, comment, previous_content=previous)
    record_event(
        session,
        "report.resubmitted",
        user=user,
        target_type="report",
        target_id=report.id,
        summary=f"Report #{report.id} revised (revision {report.revision})",
        details={"figures": content["figures"]},
    )
    _tell_reviewers(session, report, user)
    return report
