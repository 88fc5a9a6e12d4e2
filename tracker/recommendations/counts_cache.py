"""A short-lived cache of list totals and facet counts, keyed by data-version counters.

Counting every recommendation per status, actor (with descendants), theme and document
takes seconds at 300,000 recommendations; the same counts are asked for again and again
(the home page, the unfiltered list, popular filters). Entries are keyed by the filters
and stamped with two counters of the ``data_versions`` table, read in one statement:
every write verb (``tracker.*.operations``, the bulk writers, status updates) marks its
transaction, and the counters move in that transaction just before it commits
(``tracker.db.mark_data_changed``). So a stamp is equal only when no change at all was
committed in between: two swapped links, an edit that keeps every count, anything.
``data`` moves on every change; ``links`` on every change except status updates, so
counts that involve no status (actors, themes and documents without a status or search
filter) survive the status updates that happen all day. Entries also expire after
``COUNTS_CACHE_SECONDS`` unless a version check confirms them (default 600 s; 0 turns
the cache off, as in most tests). Each worker process keeps its own cache.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import current_app, g, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.db import has_uncommitted_changes
from tracker.revisions.models import DataVersion

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


def _counter(name: str):
    return select(DataVersion.value).where(DataVersion.name == name).scalar_subquery()


def data_version(session: Session) -> tuple:
    """The counter that moves with every committed change (statuses included)."""
    return tuple(session.execute(select(_counter("data"))).one())


def links_version(session: Session) -> tuple:
    """The counter that moves with every committed change except status updates: who made
    what, to whom, on which theme, the actor hierarchy, retirements, texts."""
    return tuple(session.execute(select(_counter("links"))).one())


def cached(session: Session, key, compute: Callable[[], object], version: Callable = data_version):
    """``compute()``, or its cached result for ``key`` while ``version`` has not changed.

    The cheap ``data_version`` is read first; only when it moved and the value depends on
    ``links_version`` alone is that one read and compared.
    """
    max_age = current_app.config.get("COUNTS_CACHE_SECONDS", 600) if has_app_context() else 0
    if not max_age or has_uncommitted_changes(session):
        # A transaction that changed data sees what others may never see (it can still
        # roll back), and the counters move only when it commits: never share its counts.
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
