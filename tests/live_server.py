"""Start a real gunicorn server on a database of its own, for tests that need one.

Used by the concurrent-writers test and the browser suite. The database is a SQLite
file in a temporary folder, or — when TEST_DATABASE_URL points at PostgreSQL — a
database named ``<that database>_<suffix>`` created next to it and dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tracker import PROJECT_ROOT, migrate
from tracker import db as tracker_db
from tracker.seeding.loader import load_seeds


@contextlib.contextmanager
def own_database(folder: Path, suffix: str) -> Iterator[str]:
    """A fresh, empty database URL for one server; removed (PostgreSQL) on exit."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{folder / f'{suffix}.db'}"
        return
    url = make_url(base)
    name = f"{url.database}_{suffix}"
    admin = tracker_db.make_engine(url.render_as_string(hide_password=False)).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrate_and_seed(database_url: str, setup=None):
    """Run the migrations, load the seeds, then ``setup(session)`` if given; returns its result."""
    migrate.upgrade(database_url)
    engine = tracker_db.make_engine(database_url)
    try:
        with Session(engine) as session:
            load_seeds(session, PROJECT_ROOT / "seeds")
            result = setup(session) if setup else None
            session.commit()
        return result
    finally:
        engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn_server(
    database_url: str,
    *,
    workers: int = 2,
    ready_path: str = "/",
    secret_key: str = "live-server-test-secret",
    env: dict | None = None,
) -> Iterator[str]:
    """Serve the app with gunicorn on a free port; yields its base URL once ``ready_path`` answers."""
    port = free_port()
    environment = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY=secret_key, **(env or {}))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "tracker:create_app()",
        ],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if process.poll() is not None:
                raise AssertionError("the server exited: " + process.stderr.read().decode()[-3000:])
            try:
                with urllib.request.urlopen(base + ready_path, timeout=10) as response:
                    if response.status == 200:
                        break
            except urllib.error.HTTPError:
                time.sleep(0.2)
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("the server did not start: " + process.stderr.read1().decode())
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
