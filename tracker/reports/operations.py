"""The business verbs of reports: save a snapshot, review it. They flush; the request commits."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.accounts.roles import has_role
from tracker.audit.operations import record_event
from tracker.recommendations.filters import ListState
from tracker.reports.computation import compute_report, filter_slugs
from tracker.reports.models import SavedReport
from tracker.reports.period import Period
from tracker.timeutil import utcnow


class ReportRefused(Exception):
    """The operation is not allowed; ``message`` says why, for the person who tried."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def can_review(report: SavedReport, user: User | None) -> bool:
    """Staff and admins review reports, but never their own, and each report only once."""
    return has_role(user, "staff") and report.created_by_id != user.id and not report.is_reviewed


def save_report(session: Session, user: User, period: Period, state: ListState) -> SavedReport:
    """Compute the report now and store it as an immutable snapshot numbered by its id."""
    if not has_role(user, "staff"):
        raise ReportRefused(_("Only staff and administrators save reports."))
    content = compute_report(session, period, state)
    report = SavedReport(created_by_id=user.id, created_at=utcnow(), period_start=period.start,
                         period_end=period.end, filters=filter_slugs(state), content=content)
    session.add(report)
    session.flush()
    figures = content["figures"]
    record_event(session, "report.saved", user=user, target_type="report", target_id=report.id,
                 summary=f"Report #{report.id}: {period.start.isoformat()} to {period.end.isoformat()}",
                 details={"filters": report.filters, "figures": figures})
    return report


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
    result = session.execute(
        update(SavedReport)
        .where(SavedReport.id == report.id, SavedReport.reviewed_at.is_(None))
        .values(reviewed_by_id=user.id, reviewed_at=reviewed_at, review_comment=comment)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise ReportRefused(_("This report has already been reviewed."))
    session.refresh(report)
    record_event(session, "report.reviewed", user=user, target_type="report", target_id=report.id,
                 summary=f"Report #{report.id} reviewed", details={"comment_length": len(comment)})
    return report


def set_executive_summary(session: Session, report: SavedReport, user: User, text: str) -> SavedReport:
    """Write (or rewrite, or clear with an empty text) the report's executive summary."""
    if not has_role(user, "staff"):
        raise ReportRefused(_("Only staff and administrators write executive summaries."))
    report.executive_summary = text.strip() or None
    session.flush()
    record_event(session, "report.summary_written", user=user, target_type="report", target_id=report.id,
                 summary=f"Report #{report.id}: executive summary written",
                 details={"length": len(report.executive_summary or "")})
    return report
