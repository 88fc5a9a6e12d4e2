"""Documents: the list, and each document's text with its recommendations highlighted."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker import db
from tracker.documents.highlight import segment_text
from tracker.documents.models import Document
from tracker.recommendations.models import Recommendation

blueprint = Blueprint("documents", __name__)


@blueprint.get("/documents")
def index():
    """Every document (not retired) with its publisher, date and number of recommendations."""
    rows = (
        db.session()
        .execute(
            select(Document, func.count(Recommendation.id))
            .outerjoin(
                Recommendation, (Recommendation.document_id == Document.id) & Recommendation.retired_at.is_(None)
            )
            .where(Document.retired_at.is_(None))
            .group_by(Document.id)
            .order_by(Document.published_on.is_(None), Document.published_on.desc(), Document.title)
        )
        .all()
    )
    return render_template("documents/index.html", rows=rows)


@blueprint.get("/documents/<slug>")
def show(slug: str):
    """The full text; ``?rec=ID`` marks one recommendation's quote as the current one."""
    session = db.session()
    document = session.scalar(select(Document).where(Document.slug == slug))
    if document is None:
        abort(404, description=_("There is no document '%(slug)s'.", slug=slug[:80]))
    recommendations = list(
        session.scalars(
            select(Recommendation)
            .where(Recommendation.document_id == document.id)
            .order_by(Recommendation.quote_start, Recommendation.id)
        )
    )
    current = request.args.get("rec", type=int)
    segments = segment_text(document.text, [(r.id, r.quote_start, r.quote_end) for r in recommendations])
    by_id = {r.id: r for r in recommendations}
    return render_template(
        "documents/show.html",
        document=document,
        segments=segments,
        recommendations=recommendations,
        by_id=by_id,
        current=current,
    )
