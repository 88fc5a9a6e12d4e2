"""Pages of a list: the one rule for ``?page=`` and the one way to cut a query into pages.

``?page=`` must be a whole number from 1 (a 400 with a message otherwise) and a page
beyond the last one is a 404 that says how many there are, except on the first page:
an empty list is one empty page. The recommendations list has its own ``Page``
(``tracker/recommendations/queries.py``), which adds each item's status on a date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tracker.core.inputs import parse_int

MAX_PAGE = 100_000


@dataclass
class Pagination:
    """One page of ``items`` out of ``total``."""

    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def requested_page(args) -> int:
    """The ``page`` argument of a request, 1 when absent; a 400 when it is not 1…100000."""
    page = parse_int(args.get("page", "1"), minimum=1, maximum=MAX_PAGE)
    if page is None:
        abort(400, description=_("The page number must be a whole number of at least 1, such as 2."))
    return page


def paginate(session: Session, query: Select, page: int, per_page: int) -> Pagination:
    """The ``page``-th page of ``query`` (which carries its ordering), with the total count;
    a 404 when the page is beyond the last one."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    pagination = Pagination([], total, page, per_page)
    if page > pagination.pages:
        abort(404, description=_("There is no page %(page)s: there are %(pages)s.", page=page, pages=pagination.pages))
    pagination.items = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return pagination
