"""The audit log page for administrators: newest first, paginated, times in UTC."""
from __future__ import annotations

import math

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker import db
from tracker.accounts.current import require_role
from tracker.core.inputs import parse_int
from tracker.audit.models import AuditEvent

blueprint = Blueprint("audit", __name__, url_prefix="/admin")

PER_PAGE = 50


@blueprint.get("/audit")
@require_role("admin")
def index():
    """A page of audit events, optionally only one action (``?action=sign_in.failed``) or
    only those about one thing (``?target_type=user&target_id=3``)."""
    session = db.session()
    page = parse_int(request.args.get("page", "1"), minimum=1)
    if page is None:
        abort(400, description=_("The page number must be a whole number of at least 1, such as 2."))
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
    query = select(AuditEvent).where(*conditions)
    count_query = select(func.count()).select_from(AuditEvent).where(*conditions)
    total = session.scalar(count_query)
    pages = max(1, math.ceil(total / PER_PAGE))
    if page > pages:
        abort(404, description=_("There is no page %(page)s: the log has %(pages)s.", page=page, pages=pages))
    events = session.scalars(query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
                             .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    actions = session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    return render_template("admin/audit.html", events=events, page=page, pages=pages, total=total,
                           action=action, actions=actions, target_type=target_type,
                           target_id=target_id if target_type else None)
