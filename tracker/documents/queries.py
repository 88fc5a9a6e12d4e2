"""Finding documents by what people type: words of a title, or a slug."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tracker.documents.models import Document


def _like_pattern(text: str) -> str:
    """``%text%`` with LIKE's own characters taken literally (escaped with a backslash)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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
    pattern = _like_pattern(text.lower())
    condition = or_(func.lower(Document.title).like(pattern, escape="\\"), Document.slug.like(pattern, escape="\\"))
    total = session.scalar(select(func.count()).select_from(Document).where(condition)) or 0
    rows = session.execute(
        select(Document.slug, Document.title)
        .where(condition)
        .order_by(Document.published_on.is_(None), Document.published_on.desc(), Document.id)
        .limit(limit)
    )
    return [(slug, title) for slug, title in rows], total
