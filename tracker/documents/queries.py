"""Finding documents by what people type (words of a title, or a slug), and the documents list a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, defer, selectinload

from tracker.core.pagination import Pagination, paginate
from tracker.documents.models import Document
from tracker.recommendations.models import Recommendation


def _like_pattern(text: str) -> str:
    """``%text%`` with LIKE's own characters taken literally (escaped with a backslash)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def title_or_slug_contains(text: str) -> ColumnElement[bool]:
    """Documents whose title (any case) or slug contains ``text``: the one matching rule
    of the report's document field and the documents list's search."""
    pattern = _like_pattern(text.strip().lower())
    return or_(func.lower(Document.title).like(pattern, escape="\\"), Document.slug.like(pattern, escape="\\"))


def find_documents(session: Session, text: str, limit: int) -> tuple[list[tuple[str, str]], int]:
    """(slug, title) of the documents ``text`` names, newest first, at most ``limit``, and
    how many match in all.

    A slug or a whole title (any case) names one document; otherwise every document
    whose title or slug contains the text matches. One indexed lookup and one scan of
    the titles: the report form offers this instead of a menu of every document.
    """
    text = text.strip()
    if not text:
        return [], 0
    exact = session.execute(
        select(Document.slug, Document.title)
        .where(or_(Document.slug == text, func.lower(Document.title) == text.lower()))
        .limit(2)
    ).all()
    if len(exact) == 1:
        return [(exact[0][0], exact[0][1])], 1
    condition = title_or_slug_contains(text)
    total = session.scalar(select(func.count()).select_from(Document).where(condition)) or 0
    rows = session.execute(
        select(Document.slug, Document.title)
        .where(condition)
        .order_by(Document.published_on.is_(None), Document.published_on.desc(), Document.id)
        .limit(limit)
    )
    return [(slug, title) for slug, title in rows], total


@dataclass
class DocumentsPage:
    """One page of the documents list and how many live recommendations each document makes."""

    pages: Pagination
    counts: dict[int, int]


def documents_page(session: Session, text: str, page: int, per_page: int) -> DocumentsPage:
    """The ``page``-th page of the documents that are not retired, newest first (undated last),
    narrowed to titles or slugs containing ``text`` when given.

    Recommendations are counted for the page's documents only, in one grouped statement:
    the list never counts every recommendation. A 404 beyond the last page (``paginate``).
    """
    query = (
        select(Document)
        .options(defer(Document.text), selectinload(Document.publisher))
        .where(Document.retired_at.is_(None))
        .order_by(Document.published_on.is_(None), Document.published_on.desc(), Document.title, Document.id)
    )
    if text.strip():
        query = query.where(title_or_slug_contains(text))
    pages = paginate(session, query, page, per_page)
    ids = [document.id for document in pages.items]
    counts: dict[int, int] = {}
    if ids:
        rows = session.execute(
            select(Recommendation.document_id, func.count())
            .where(Recommendation.document_id.in_(ids), Recommendation.retired_at.is_(None))
            .group_by(Recommendation.document_id)
        )
        counts = {document_id: count for document_id, count in rows}
    return DocumentsPage(pages, counts)
