"""Building the benchmark databases once and reusing them (migrations, seeds, demo data)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import PG_BASE, ROOT, SECRET, STAFF_EMAIL, STAFF_PASSWORD


def database_url(backend: str, args) -> str:
    """The database of one backend and size: a file in ``--workdir`` or a PostgreSQL database
    (``--pg-database``, default tracker_bench_<recommendations>_<updates per recommendation>)."""
    name = f"{backend}-{args.recommendations}-{args.updates_per_recommendation}"
    if backend == "sqlite":
        return f"sqlite:///{Path(args.workdir) / (name + '.db')}"
    database = args.pg_database or f"tracker_bench_{args.recommendations}_{args.updates_per_recommendation}"
    return f"{PG_BASE}/{database}"


def marker(backend: str, args) -> Path:
    """The file that says a database was built completely (it holds the build record)."""
    return Path(args.workdir) / f"{backend}-{args.recommendations}-{args.updates_per_recommendation}.complete"


def flask(url: str, *command: str) -> str:
    """Run ``flask --app tracker COMMAND`` against ``url``; its output."""
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "tracker", *command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"flask {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def build(backend: str, args) -> dict:
    """Build the database unless a complete one exists; returns the build record."""
    done = marker(backend, args)
    url = database_url(backend, args)
    if done.exists() and not args.rebuild:
        # Other features add migrations all the time: bring a reused database up to date.
        flask(url, "db", "upgrade")
        if backend == "postgresql":
            _pg_vacuum_analyze(url)
        return json.loads(done.read_text())
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "--if-exists", "--force", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    print(f"[{backend}] building {args.recommendations:,} recommendations …", flush=True)
    started = time.monotonic()
    flask(url, "db", "upgrade")
    flask(url, "seed")
    demo_started = time.monotonic()
    output = flask(
        url,
        "demo-data",
        "--recommendations",
        str(args.recommendations),
        "--updates-per-recommendation",
        str(args.updates_per_recommendation),
    )
    record = {
        "demo_data_seconds": round(time.monotonic() - demo_started, 1),
        "load_average": Path("/proc/loadavg").read_text().split()[:3],
        "build_seconds": round(time.monotonic() - started, 1),
        "demo_data_output": output.strip(),
    }
    if backend == "postgresql":
        _pg_vacuum_analyze(url)
    done.write_text(json.dumps(record))
    print(f"[{backend}] built in {record['build_seconds']} s: {output.strip()}", flush=True)
    return record


def _pg_vacuum_analyze(url: str) -> None:
    # Fresh bulk-loaded tables have no statistics and no visibility map until autovacuum
    # gets to them (a database copied with CREATE DATABASE ... TEMPLATE starts with empty
    # activity counters, so autovacuum may never get to them). Without the visibility map
    # every index-only scan visits the table: the filtered list's matches read 8,400 pages
    # (360 ms) instead of 200 (12 ms) at 300,000 recommendations. A production database has
    # both, so the benchmark's should too; on a vacuumed database this takes a few seconds.
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM (ANALYZE)"))
    engine.dispose()


def prepare_staff(app) -> str:
    """A staff user (reports need one) and a fresh API token for it; returns the token."""
    from sqlalchemy import select

    from tracker import db
    from tracker.accounts.models import User
    from tracker.accounts.operations import create_user
    from tracker.accounts.tokens import create_api_token

    with app.app_context(), db.get_sessionmaker(app)() as session:
        user = session.scalar(select(User).where(User.email == STAFF_EMAIL))
        if user is None:
            user = create_user(session, email=STAFF_EMAIL, role="staff", password=STAFF_PASSWORD, name="Benchmark")
        token = create_api_token(session, user, f"bench {datetime.now(UTC).isoformat()}")[1]
        session.commit()
    return token
