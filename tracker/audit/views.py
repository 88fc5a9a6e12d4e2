"""The audit log page for administrators: newest first, paginated, times in UTC."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from tracker import db
from tracker.accounts.current import require_role
from tracker.audit.models import AuditEvent
from tracker.core.inputs import parse_int
from tracker.core.pagination import paginate, requested_page

blueprint = Blueprint("audit", __name__, url_prefix="/admin")

PER_PAGE = 50


@blueprint.get("/audit")
@require_role("admin")
def index():
    """A page of audit events, optionally only one action (``?action=sign_in.failed``) or
    only those about one thing (``?target_type=user&target_id=3``)."""
    session = db.session()
    page = requested_page(request.args)
    action = request.args.get("action") or None
    target_type = request.args.get("target_type") or None
    target_id = parse_int(request.args.get("target_id"))
    conditions = []
    if action:
        conditions.append(AuditEvent.action == action)
    if target_type:
        conditions.append(AuditEvent.target_type == target_type)
        if target_id is not None:
            conditions.append(AuditEvent.target_id == target_id)
    query = select(AuditEvent).where(*conditions).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    events = paginate(session, query, page, PER_PAGE)
    actions = session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    return render_template(
        "admin/audit.html",
        events=events,
        action=action,
        actions=actions,
        target_type=target_type,
        target_id=target_id if target_type else None,
    )
