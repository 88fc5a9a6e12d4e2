"""CSV export and import, each measured in a child process of its own (time and peak RSS)."""

from __future__ import annotations

import csv
import io
import json
import resource
import subprocess
import sys
import time

from bench.common import ROOT, SECRET

RUNNER = ROOT / "bench" / "run.py"


def export_child(url: str) -> None:
    """Stream /recommendations.csv to nowhere; print seconds, rows and this process's peak RSS."""
    from tracker import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
    client = app.test_client()
    # Warm the app and the connection pool with a cheap page: a list page's facets
    # would set the peak before the export starts.
    client.get("/api/recommendations/1/updates")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.get("/recommendations.csv", buffered=False)
    size = lines = 0
    for chunk in response.response:
        chunk = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    print(
        json.dumps(
            {
                "seconds": round(time.perf_counter() - started, 2),
                "bytes": size,
                "lines": lines,
                "status": response.status_code,
                "rss_before_mb": round(rss_before / 1024, 1),
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


def first_child(url: str) -> None:
    """A fresh process (as after a restart): time its very first home page and list."""
    from tracker import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
    client = app.test_client()
    timings = {}
    for name, path in (("home", "/"), ("list", "/recommendations")):
        started = time.perf_counter()
        response = client.get(path)
        timings[name] = round((time.perf_counter() - started) * 1000, 1)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    print(json.dumps(timings))


def import_child(url: str, rows: int) -> None:
    """Import ``rows`` new recommendations through tracker.transfer.import_csv, then roll back."""
    from tracker import create_app, db
    from tracker.recommendations.export import generate_csv
    from tracker.recommendations.filters import ListState
    from tracker.recommendations.queries import ordered_query

    try:
        from tracker.transfer import import_csv
    except ImportError:
        from tracker.transfer.operations import import_csv  # ImportError here = not measured

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
    with app.app_context():
        factory = db.get_sessionmaker(app)
        # The import file is the export format (as users will round-trip it) with fresh
        # keys and no ids, so every row is a new recommendation.
        query = ordered_query(ListState(), db.engine(app).dialect.name).limit(rows)
        text = "".join(generate_csv(factory, query))
        reader = csv.DictReader(io.StringIO(text))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
        writer.writeheader()
        for row in reader:
            row["key"] = "imported-" + row["key"]
            if "id" in row:
                row["id"] = ""
            writer.writerow(row)
        payload = io.BytesIO(out.getvalue().encode())
        with factory() as session:
            started = time.perf_counter()
            outcome = import_csv(session, payload)
            session.flush()
            seconds = time.perf_counter() - started
            session.rollback()
    if getattr(outcome, "errors", None):
        # A refused file imports nothing: its time says nothing about the target.
        raise SystemExit(f"import refused {len(outcome.errors)} rows, e.g. {outcome.errors[0]}")
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "rows": rows,
                "outcome": repr(outcome)[:300],
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


def run_child(kind: str, url: str, *extra: str) -> dict:
    result = subprocess.run(
        [sys.executable, str(RUNNER), f"--{kind}-child", url, *extra], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode:
        tail = (result.stderr.strip().splitlines() or ["?"])[-1]
        return {"measured": False, "reason": tail[:300]}
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["measured"] = True
    return data
