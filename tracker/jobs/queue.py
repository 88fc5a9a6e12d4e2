"""The queue: Huey, stored in SQLite under instance/ by default, in Redis when REDIS_URL is set.

Huey was chosen because one library gives both: ``SqliteStorage`` needs no service
(``make run`` works on a fresh machine) and ``RedisStorage`` lets any number of worker
processes on any number of machines share the work. Only job ids travel through the
queue (see ``tracker.jobs.models.Job``); progress and heartbeats are kept in the
queue's key-value store, so a long import that holds the SQLite write lock can still
report them.

The storage is chosen lazily (``configure``), on first use, so the app factory has no
side effects. ``JOBS_IMMEDIATE`` (tests) runs each job inline when it is enqueued.
"""

from __future__ import annotations

import json
import os
import threading
import time

from flask import Flask
from huey import Huey
from huey.constants import EmptyData
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

huey = Huey("tracker", storage_class=MemoryStorage, results=False, utc=True)

_configured_for: tuple | None = None
_lock = threading.Lock()


def storage_settings(app: Flask) -> tuple:
    """(kind, location, name) of the queue the app's configuration asks for."""
    if app.config.get("JOBS_IMMEDIATE"):
        return ("immediate", None, "tracker")
    name = app.config.get("JOBS_QUEUE_NAME") or "tracker"
    if app.config.get("REDIS_URL"):
        return ("redis", app.config["REDIS_URL"], name)
    path = app.config["JOBS_SQLITE_PATH"]
    return ("sqlite", path, name)


def configure(app: Flask) -> Huey:
    """Point the queue at the storage the app's configuration names (once per setting)."""
    global _configured_for
    settings = storage_settings(app)
    with _lock:
        if settings != _configured_for:
            kind, location, name = settings
            if kind == "immediate":
                huey.immediate = True
            else:
                huey.immediate = False
                if kind == "redis":
                    huey.storage = RedisStorage(name=name, url=location)
                else:
                    os.makedirs(os.path.dirname(location), exist_ok=True)
                    huey.storage = SqliteStorage(name=name, filename=location)
            _configured_for = settings
    return huey


# --- Progress and heartbeats (the queue's key-value store) -------------------------


def _key(job_id: int, what: str) -> str:
    return f"job:{job_id}:{what}"


def put_state(job_id: int, what: str, value: dict) -> None:
    """Store ``value`` (JSON) for a job: its progress or its worker's heartbeat."""
    huey.storage.put_data(_key(job_id, what), json.dumps(value).encode())


def get_state(job_id: int, what: str) -> dict | None:
    """Read what ``put_state`` stored, without removing it."""
    raw = huey.storage.peek_data(_key(job_id, what))
    if raw is None or raw is EmptyData:
        return None
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return None


def drop_state(job_id: int) -> None:
    """Forget a finished job's progress and heartbeat."""
    for what in ("progress", "heartbeat"):
        huey.storage.pop_data(_key(job_id, what))


class Heartbeat:
    """Write a heartbeat for a job every ``interval`` seconds while it runs (a thread)."""

    def __init__(self, job_id: int, interval: float):
        self.job_id, self.interval = job_id, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name=f"heartbeat-{job_id}")

    def __enter__(self):
        self._beat()
        self._thread.start()
        return self

    def __exit__(self, *_exc):
        self._stop.set()
        self._thread.join(timeout=5)

    def _beat(self) -> None:
        put_state(self.job_id, "heartbeat", {"at": time.time(), "pid": os.getpid()})

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self._beat()
            except Exception:  # a hiccup of the store must not kill the job; the next beat retries
                pass
