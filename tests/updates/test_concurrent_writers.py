"""Many writers, one recommendation, a real multi-process server: nothing is lost.

Starts gunicorn with several worker processes on a database of its own (SQLite file, or
a PostgreSQL database next to TEST_DATABASE_URL), then runs writer threads that each read
the current version and post updates through the API, retrying when refused. Every
accepted update must be in the history exactly once, and each must build on the one
before it (its from-status is the previous to-status, versions have no gaps).
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tracker import PROJECT_ROOT, migrate
from tracker import db as tracker_db
from tracker.accounts.operations import create_user
from tracker.accounts.tokens import create_api_token
from tracker.recommendations.models import Recommendation
from tracker.seeding.loader import load_seeds

WORKER_PROCESSES = 4
WRITERS = 8
UPDATES_PER_WRITER = 15
MAX_TRIES_PER_UPDATE = 200
DEADLINE_SECONDS = 240
STATUSES = ("no_action", "in_progress", "partially_implemented", "implemented", "regressed")


@pytest.fixture()
def writers_database(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'writers.db'}"
        return
    url = make_url(base)
    name = f"{url.database}_writers"
    admin = tracker_db.make_engine(url.render_as_string(hide_password=False)).execution_options(
        isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def prepare(database_url: str) -> tuple[int, list[str]]:
    """Migrate, seed, create one advocate per writer; returns a recommendation id and tokens."""
    migrate.upgrade(database_url)
    engine = tracker_db.make_engine(database_url)
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        load_seeds(session, PROJECT_ROOT / "seeds")
        tokens = []
        for number in range(WRITERS):
            user = create_user(session, email=f"writer{number}@example.org", role="advocate",
                               password="a long and unusual passphrase 7")
            tokens.append(create_api_token(session, user, "writer")[1])
        rec_id = session.query(Recommendation.id).filter_by(key="hrf-increase-processing-sites").scalar()
        session.commit()
    engine.dispose()
    return rec_id, tokens


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request_json(method: str, url: str, token: str | None = None, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture()
def server(writers_database):
    rec_id, tokens = prepare(writers_database)
    port = free_port()
    env = dict(os.environ, DATABASE_URL=writers_database, SECRET_KEY="concurrency-test-secret")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(WORKER_PROCESSES), "--bind", f"127.0.0.1:{port}",
         "--timeout", "120", "tracker:create_app()"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if request_json("GET", f"{base}/api/recommendations/{rec_id}/updates")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("the server did not start: " + process.stderr.read1().decode())
        yield base, rec_id, tokens
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_concurrent_writers_lose_nothing(server, capsys):
    base, rec_id, tokens = server
    updates_url = f"{base}/api/recommendations/{rec_id}/updates"
    accepted: list[str] = []
    conflicts = [0]
    failures: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + DEADLINE_SECONDS

    def writer(number: int, token: str) -> None:
        for sequence in range(UPDATES_PER_WRITER):
            note = f"writer {number} update {sequence}"
            for attempt in range(MAX_TRIES_PER_UPDATE):
                if time.monotonic() > deadline:
                    with lock:
                        failures.append(f"{note}: deadline passed")
                    return
                _, current = request_json("GET", updates_url)
                status, body = request_json("POST", updates_url, token, {
                    "version": current["version"], "note": note,
                    "status": STATUSES[(number + sequence + attempt) % len(STATUSES)]})
                with lock:
                    if status == 201:
                        accepted.append(note)
                        break
                    if status == 409:
                        conflicts[0] += 1
                        continue
                    failures.append(f"{note}: HTTP {status} {body}")
                    return

    threads = [threading.Thread(target=writer, args=(n, t)) for n, t in enumerate(tokens)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    assert failures == []
    final = request_json("GET", updates_url)[1]
    history = sorted(final["items"], key=lambda item: item["id"])
    notes = [item["note"] for item in history]
    assert sorted(notes) == sorted(accepted), "every accepted update is in the history, once"
    assert len(accepted) == WRITERS * UPDATES_PER_WRITER
    assert [item["resulting_version"] for item in history] == list(range(2, len(history) + 2))
    for previous, following in zip(history, history[1:]):
        assert following["from_status"] == previous["to_status"], "an update silently overwrote another"
    assert final["version"] == 1 + len(accepted)
    with capsys.disabled():
        backend = "postgresql" if os.environ.get("TEST_DATABASE_URL") else "sqlite"
        print(f"\n[concurrent writers] {backend}: "
              f"{WORKER_PROCESSES} worker processes, {WRITERS} writers, {len(accepted)} updates accepted, "
              f"{conflicts[0]} stale saves refused (then retried), 0 lost, {elapsed:.1f} s")
