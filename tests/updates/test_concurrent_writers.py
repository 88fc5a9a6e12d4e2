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
import threading
import time
import urllib.error
import urllib.request
from itertools import pairwise

import pytest

from tests.live_server import gunicorn_server, migrate_and_seed, own_database
from tracker.accounts.operations import create_user
from tracker.accounts.tokens import create_api_token
from tracker.recommendations.models import Recommendation

pytestmark = pytest.mark.slow

WORKER_PROCESSES = 4
WRITERS = 8
UPDATES_PER_WRITER = 15
MAX_TRIES_PER_UPDATE = 200
DEADLINE_SECONDS = 240
STATUSES = ("no_action", "in_progress", "partially_implemented", "implemented", "regressed")


@pytest.fixture()
def writers_database(tmp_path):
    with own_database(tmp_path, "writers") as url:
        yield url


def prepare(database_url: str) -> tuple[int, list[str]]:
    """Migrate, seed, create one advocate per writer; returns a recommendation id and tokens."""

    def setup(session):
        tokens = []
        for number in range(WRITERS):
            user = create_user(
                session,
                email=f"writer{number}@example.org",
                role="advocate",
                password="a long and unusual passphrase 7",
            )
            tokens.append(create_api_token(session, user, "writer")[1])
        rec_id = session.query(Recommendation.id).filter_by(key="hrf-increase-processing-sites").scalar()
        return rec_id, tokens

    return migrate_and_seed(database_url, setup)


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
    with gunicorn_server(
        writers_database,
        workers=WORKER_PROCESSES,
        secret_key="concurrency-test-secret",
        ready_path=f"/api/recommendations/{rec_id}/updates",
    ) as base:
        yield base, rec_id, tokens


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
                status, body = request_json(
                    "POST",
                    updates_url,
                    token,
                    {
                        "version": current["version"],
                        "note": note,
                        "status": STATUSES[(number + sequence + attempt) % len(STATUSES)],
                    },
                )
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
    for previous, following in pairwise(history):
        assert following["from_status"] == previous["to_status"], "an update silently overwrote another"
    assert final["version"] == 1 + len(accepted)
    with capsys.disabled():
        backend = "postgresql" if os.environ.get("TEST_DATABASE_URL") else "sqlite"
        print(
            f"\n[concurrent writers] {backend}: "
            f"{WORKER_PROCESSES} worker processes, {WRITERS} writers, {len(accepted)} updates accepted, "
            f"{conflicts[0]} stale saves refused (then retried), 0 lost, {elapsed:.1f} s"
        )
