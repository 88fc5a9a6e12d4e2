"""What a data-minded user would do instead: Datasette serving the tracker's own CSV export.

The export (one row per recommendation; makers, addressees and themes as "; "-joined
slugs) is loaded into a SQLite file with those three lists as JSON arrays, and
``datasette serve`` answers the same filtered lists with the same facets: status,
document, and array facets on makers, addressees and themes. Datasette matches an
addressee exactly (it knows nothing of the hierarchy), so it does less work than the
tracker, whose addressee filter includes every descendant.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.common import SECRET
from bench.latency import percentile
from bench.load import free_port

TABLE = "recommendations"


def build_database(tracker_url: str, path: Path) -> dict:
    """Export every recommendation as CSV through the tracker and load it for Datasette."""
    from tracker import create_app, db
    from tracker.recommendations.export import generate_csv
    from tracker.recommendations.filters import ListState
    from tracker.recommendations.queries import ordered_query

    app = create_app({"DATABASE_URL": tracker_url, "SECRET_KEY": SECRET})
    csv_path = path.with_suffix(".csv")
    started = time.perf_counter()
    with app.app_context(), csv_path.open("w", encoding="utf-8", newline="") as out:
        query = ordered_query(ListState(), db.engine(app).dialect.name)
        for chunk in generate_csv(db.get_sessionmaker(app), query):
            out.write(chunk)
    db.engine(app).dispose()
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    connection.execute(f"""CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, key TEXT, summary TEXT, status TEXT,
                           quote TEXT, document TEXT, document_title TEXT, makers TEXT, addressees TEXT,
                           themes TEXT, created_at TEXT, updated_at TEXT)""")

    def as_array(cell: str, strip_role: bool = False) -> str:
        items = [item.strip() for item in cell.split(";") if item.strip()]
        return json.dumps([item.rpartition(":")[0] if strip_role else item for item in items])

    with csv_path.open(encoding="utf-8", newline="") as source:
        rows = (
            (
                int(r["id"]),
                r["key"],
                r["summary"],
                r["status"],
                r["quote"],
                r["document"],
                r["document_title"],
                as_array(r["makers"], strip_role=True),
                as_array(r["addressees"]),
                as_array(r["themes"]),
                r["created_at"],
                r["updated_at"],
            )
            for r in csv.DictReader(source)
        )
        connection.executemany(f"INSERT INTO {TABLE} VALUES ({', '.join('?' * 12)})", rows)
    # What a careful user would add: an index per plain column they filter on.
    for column in ("status", "document", "updated_at"):
        connection.execute(f"CREATE INDEX ix_{column} ON {TABLE} ({column})")
    connection.commit()
    connection.close()
    csv_path.unlink()
    return {"seconds_to_build": round(time.perf_counter() - started, 1), "bytes": path.stat().st_size}


def datasette_path(database: str, filters: dict, i: int) -> str:
    """The i-th filtered list with facets, as a Datasette URL (same combinations as the tracker's)."""
    params = [
        ("status", filters["statuses"][i % len(filters["statuses"])]),
        ("addressees__arraycontains", filters["governments"][i % len(filters["governments"])]),
        ("themes__arraycontains", filters["themes"][(i * 7) % len(filters["themes"])]),
        ("_facet", "status"),
        ("_facet", "document"),
        ("_facet_array", "makers"),
        ("_facet_array", "addressees"),
        ("_facet_array", "themes"),
        ("_sort_desc", "updated_at"),
        ("_size", "25"),
    ]
    return f"/{database}/{TABLE}?" + urllib.parse.urlencode(params)


def measure(datasette_bin: str, database: Path, filters: dict, requests: int) -> dict:
    """Serve ``database`` with Datasette and time ``requests`` filtered lists over HTTP."""
    port = free_port()
    server = subprocess.Popen(
        [
            datasette_bin,
            "serve",
            str(database),
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--setting",
            "facet_time_limit_ms",
            "60000",
            "--setting",
            "sql_time_limit_ms",
            "60000",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=60) as response:
                    response.read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            return {"measured": False, "reason": "datasette did not start"}
        for i in range(3):  # warm-up, as for the tracker
            with urllib.request.urlopen(
                base + datasette_path(database.stem, filters, 1000 + i), timeout=120
            ) as response:
                response.read()
        times = []
        for i in range(requests):
            started = time.perf_counter()
            with urllib.request.urlopen(base + datasette_path(database.stem, filters, i), timeout=120) as response:
                body = response.read()
            times.append((time.perf_counter() - started) * 1000)
        complete = b"facet" in body
        return {
            "measured": True,
            "n": len(times),
            "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "facets_shown": complete,
            "example": datasette_path(database.stem, filters, 0),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def compare(
    tracker_url: str, workdir: str, datasette_bin: str | None, filters: dict, requests: int, label: str
) -> dict:
    """Build (once per data set) and measure; the ratio is computed by the report."""
    if not datasette_bin or not Path(datasette_bin).exists():
        return {"measured": False, "reason": "no datasette executable (make bench installs it in bench/.venv)"}
    database = Path(workdir) / f"datasette-{label}.db"
    build = {}
    if not database.exists():
        print(f"  datasette: loading the CSV export into {database.name} …", flush=True)
        # Built under another name and renamed when complete: an interrupted build
        # must not be taken for a finished one by the next run.
        partial = database.with_name(database.stem + "-partial.db")
        partial.unlink(missing_ok=True)
        build = build_database(tracker_url, partial)
        partial.rename(database)
    result = measure(datasette_bin, database, filters, requests)
    return {**result, **build}
