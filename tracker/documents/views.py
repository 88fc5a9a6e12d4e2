"""Documents: the list, and each document's text with its recommendations highlighted."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from tracker import db
from tracker.core.pagination import requested_page
from tracker.documents.highlight import segment_text
from tracker.documents.models import Document
from tracker.documents.queries import documents_page
from tracker.recommendations.models import Recommendation
from tracker.reports.document_filter import MAX_SEARCH

blueprint = Blueprint("documents", __name__)

# Documents per page of the list: a screenful of rows at a glance, a small page to send.
PER_PAGE = 50


@blueprint.get("/documents")
def index():
    """The documents (not retired), a page at a time, with publisher, date and number of
    recommendations; ``?q=`` keeps those whose title or slug contains the words typed."""
    text = (request.args.get("q") or "").strip()[:MAX_SEARCH]
    page = documents_page(db.session(), text, requested_page(request.args), PER_PAGE)
    return render_template("documents/index.html", page=page, q=text, max_search=MAX_SEARCH)


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
