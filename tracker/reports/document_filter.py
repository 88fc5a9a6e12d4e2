"""The progress report's document filter: typed words of a title, not a menu of every document.

What is typed (``document_find``) names one document, several, or none. One becomes the
report's own filter (``document=slug``, the same address as the list's facet link);
several are offered as links to choose from; none is explained. Documents already in the
filters are shown as ticked boxes named ``document``: unticking one removes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.documents.models import Document
from tracker.documents.queries import find_documents

SEARCH_FIELD = "document_find"
# Longer input is cut: no title is this long, and the search stays one short statement.
MAX_SEARCH = 200
# Several matches are offered as links, newest first, at most this many.
MAX_MATCHES = 20


@dataclass
class DocumentFilter:
    """What the form's document field shows, and the one document found, if any."""

    text: str = ""
    chosen: list[tuple[str, str]] = field(default_factory=list)
    matches: list[tuple[str, str]] = field(default_factory=list)
    total: int = 0
    found: str | None = None
    error: str | None = None

    @property
    def choosing(self) -> bool:
        """Several documents match: the page offers them instead of a report."""
        return len(self.matches) > 1


def read_document_filter(session: Session, args) -> DocumentFilter:
    """The chosen documents of ``args`` (slugs, with their titles) and what its search
    field names: ``found`` when exactly one document, ``matches`` when several, ``error``
    when none."""
    slugs = list(dict.fromkeys(value for value in args.getlist("document") if value))
    titles: dict[str, str] = {}
    if slugs:
        rows = session.execute(select(Document.slug, Document.title).where(Document.slug.in_(slugs)))
        titles = {slug: title for slug, title in rows}
    state = DocumentFilter(chosen=[(slug, titles[slug]) for slug in slugs if slug in titles])
    state.text = (args.get(SEARCH_FIELD) or "").strip()[:MAX_SEARCH]
    if not state.text:
        return state
    state.matches, state.total = find_documents(session, state.text, MAX_MATCHES)
    if state.total == 1:
        state.found = state.matches[0][0]
    elif state.total == 0:
        state.error = _("No document title or slug contains “%(text)s”.", text=state.text)
    return state
