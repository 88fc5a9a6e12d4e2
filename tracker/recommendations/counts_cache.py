"""A short-lived cache of list totals and facet counts, invalidated by any data change.

Counting every recommendation per status, actor (with descendants), theme and document
takes seconds at 300,000 recommendations; the same counts are asked for again and again
(the home page, the unfiltered list, popular filters). Entries are keyed by the filters
and by a *data version* read in one cheap statement (the latest ``updated_at``, the
highest recommendation, status-update and government-response ids, the number of
actors): any saved change
moves it (every code path that edits a recommendation or its links moves ``updated_at``),
so a stale count is never served after a change. Counts that involve no status (actors,
themes and documents without a status or search filter) are then confirmed by a second
version read from the link tables, so they survive the status updates that happen all
day. Entries also expire after ``COUNTS_CACHE_SECONDS`` unless a version check confirms
them (default 600 s; 0 turns the cache off, as in the tests). Each worker process keeps its
own cache.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import current_app, g, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.actors.models import Actor
from tracker.recommendations.models import (
    Recommendation,
    RecommendationMaker,
    recommendation_addressees,
    recommendation_themes,
)
from tracker.responses.models import GovernmentResponse
from tracker.updates.models import StatusUpdate

MAX_ENTRIES = 512
_EXTENSION_KEY = "tracker.counts_cache"


class CountsCache:
    """A thread-safe LRU of computed values, each stamped with the data versions it was
    computed at and the time."""

    def __init__(self, max_age: float, max_entries: int = MAX_ENTRIES):
        self.max_age = max_age
        self.max_entries = max_entries
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def lookup(self, key):
        """(versions, value) of a live entry, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or time.monotonic() - entry[1] >= self.max_age:
                return None
            self._entries.move_to_end(key)
            return entry[0], entry[2]

    def store(self, key, versions: dict, value, stamped_at: float | None = None) -> None:
        with self._lock:
            self._entries[key] = (versions, stamped_at or time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


def data_version(session: Session) -> tuple:
    """Values that change whenever recommendations, their history or actors change.

    Each is its own scalar subquery so that SQLite answers max() from an index.
    """
    return tuple(session.execute(select(
        select(func.max(Recommendation.updated_at)).scalar_subquery(),
        select(func.max(Recommendation.id)).scalar_subquery(),
        select(func.max(StatusUpdate.id)).scalar_subquery(),
        select(func.count(Actor.id)).scalar_subquery(),
        # Government responses appear in reports and in the response filters.
        select(func.max(GovernmentResponse.id)).scalar_subquery(),
    )).one())


def links_version(session: Session) -> tuple:
    """Values that change whenever who made what, to whom, on which theme, or the actor
    hierarchy changes — but not when a status changes.

    Counts that do not depend on statuses (actors, themes and documents without a status
    or search filter) are keyed by this, so they survive the status updates that happen
    all day (each sum reads one index: a few milliseconds at 300,000 recommendations).
    """
    def link_sums(table):
        return select(func.count(), func.coalesce(func.sum(table.c.actor_id if "actor_id" in table.c
                                                              else table.c.theme_id), 0)).select_from(table)

    values = []
    for table in (RecommendationMaker.__table__, recommendation_addressees, recommendation_themes):
        values.extend(session.execute(link_sums(table)).one())
    values.extend(session.execute(select(
        select(func.max(Recommendation.id)).scalar_subquery(),
        select(func.count(Actor.id)).scalar_subquery(),
        select(func.coalesce(func.sum(Actor.parent_id), 0)).scalar_subquery(),
    )).one())
    return tuple(values)


def cached(session: Session, key, compute: Callable[[], object], version: Callable = data_version):
    """``compute()``, or its cached result for ``key`` while ``version`` has not changed.

    The cheap ``data_version`` is read first; only when it moved and the value depends on
    ``links_version`` alone is that one read and compared.
    """
    max_age = current_app.config.get("COUNTS_CACHE_SECONDS", 600) if has_app_context() else 0
    if not max_age:
        return compute()
    cache = current_app.extensions.get(_EXTENSION_KEY)
    if cache is None or cache.max_age != max_age:
        cache = current_app.extensions[_EXTENSION_KEY] = CountsCache(max_age)
    versions = g.setdefault("counts_cache_versions", {})

    def current(reader):
        # One reading of each version per request, however many values are looked up.
        if reader not in versions:
            versions[reader] = reader(session)
        return versions[reader]

    found = cache.lookup(key)
    if found is not None:
        stamped, value = found
        if stamped.get(data_version) == current(data_version):
            return value
        if version is links_version and stamped.get(links_version) == current(links_version):
            cache.store(key, {data_version: current(data_version), links_version: current(links_version)}, value)
            return value
    value = compute()
    stamps = {data_version: current(data_version)}
    if version is links_version:
        stamps[links_version] = current(links_version)
    cache.store(key, stamps, value)
    return value
