"""A short-lived cache of list totals and facet counts, invalidated by any data change.

Counting every recommendation per status, actor (with descendants), theme and document
takes seconds at 300,000 recommendations; the same counts are asked for again and again
(the home page, the unfiltered list, popular filters). Entries are keyed by the filters
and by a *data version* read in one cheap statement (the latest ``updated_at``, the
highest recommendation and status-update ids, the number of actors): any saved change
moves it, so a stale count is never served after a change; entries also expire after
``COUNTS_CACHE_SECONDS`` (default 60; 0 turns the cache off, as in the tests). Each
worker process keeps its own cache.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.actors.models import Actor
from tracker.recommendations.models import Recommendation
from tracker.updates.models import StatusUpdate

MAX_ENTRIES = 512
_EXTENSION_KEY = "tracker.counts_cache"


class CountsCache:
    """A thread-safe LRU of computed values, each valid for one data version and a time."""

    def __init__(self, max_age: float, max_entries: int = MAX_ENTRIES):
        self.max_age = max_age
        self.max_entries = max_entries
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key, version, compute: Callable[[], object]):
        """The cached value for ``key`` at ``version``, computing and storing it if needed."""
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == version and now - entry[1] < self.max_age:
                self._entries.move_to_end(key)
                return entry[2]
        value = compute()
        with self._lock:
            self._entries[key] = (version, now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value


def data_version(session: Session) -> tuple:
    """Values that change whenever recommendations, their history or actors change.

    Each is its own scalar subquery so that SQLite answers max() from an index.
    """
    return tuple(session.execute(select(
        select(func.max(Recommendation.updated_at)).scalar_subquery(),
        select(func.max(Recommendation.id)).scalar_subquery(),
        select(func.max(StatusUpdate.id)).scalar_subquery(),
        select(func.count(Actor.id)).scalar_subquery(),
    )).one())


def cached(session: Session, key, compute: Callable[[], object]):
    """``compute()``, or its cached result for ``key`` while the data has not changed."""
    max_age = current_app.config.get("COUNTS_CACHE_SECONDS", 60) if has_app_context() else 0
    if not max_age:
        return compute()
    cache = current_app.extensions.get(_EXTENSION_KEY)
    if cache is None or cache.max_age != max_age:
        cache = current_app.extensions[_EXTENSION_KEY] = CountsCache(max_age)
    return cache.get_or_compute(key, data_version(session), compute)
