"""Real queues and real worker processes, on a database of their own.

``queue_setup`` is parametrised: the embedded queue (a SQLite file) and Redis (DB 6 on
127.0.0.1:6379, a queue name of its own). Without Redis the Redis cases are skipped with
a reason, except under CI=true where they fail (.ci/run starts Redis).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import pytest

from tests.live_server import migrate_and_seed, own_database
from tracker import PROJECT_ROOT, create_app
from tracker import db as tracker_db
from tracker.jobs import queue

REDIS_URL = "redis://127.0.0.1:6379/6"


def _redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except Exception:
        return False


@dataclass
class QueueSetup:
    """A database, a queue and the environment a worker needs to share them with the test."""

    kind: str
    env: dict
    app: object
    workers: list

    def start_worker(self, extra_env: dict | None = None) -> subprocess.Popen:
        environment = dict(os.environ, **self.env, **(extra_env or {}))
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "tracker", "worker", "--workers", "1"],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.workers.append(process)
        return process

    def session(self):
        return tracker_db.get_sessionmaker(self.app)()


def wait_for(condition, timeout: float = 120, interval: float = 0.2, what: str = "condition"):
    """Poll ``condition()`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def queue_setup(request, app, tmp_path_factory):
    kind = request.param
    if kind == "redis-queue" and not _redis_available():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but Redis does not answer at {REDIS_URL} (.ci/run starts redis-server)")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    folder = tmp_path_factory.mktemp("jobs")
    env = {
        "SECRET_KEY": "worker-test-secret",
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "TRACKER_MAIL_OUTBOX": str(folder / "outbox"),
        "TRACKER_JOBS_STALE_AFTER_SECONDS": "3",
        "TRACKER_JOBS_HEARTBEAT_SECONDS": "0.5",
        "TRACKER_JOBS_RETRY_DELAY_SECONDS": "0",
    }
    if kind == "redis-queue":
        env["REDIS_URL"] = REDIS_URL
        env["TRACKER_JOBS_QUEUE"] = f"tracker-test-{uuid.uuid4().hex[:10]}"
    else:
        env["TRACKER_JOBS_SQLITE_PATH"] = str(folder / "jobs.sqlite")
    with own_database(folder, "jobs") as url:
        migrate_and_seed(url)
        env["DATABASE_URL"] = url
        saved = {name: os.environ.get(name) for name in env}
        os.environ.update(env)
        try:
            worker_app = create_app({"DATABASE_URL": url})
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        queue.configure(worker_app)
        setup = QueueSetup(kind, env, worker_app, [])
        try:
            yield setup
        finally:
            for process in setup.workers:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                process.wait()
            with contextlib.suppress(Exception):
                queue.huey.storage.flush_all()
            tracker_db.engine(worker_app).dispose()
            queue.configure(app)  # back to inline jobs for the rest of the suite
