#!/usr/bin/env python
"""Benchmark the tracker on SQLite and PostgreSQL at realistic scale (``make bench``).

For each backend: build a database once (migrate, seeds, ``demo-data``; reused on later
runs while its ``.complete`` marker exists), then

- **latency**: time the WSGI app *in-process* with Flask's test client (no network, no
  server process: the figure is the app's own time: routing, queries, templates), 10
  warm-up requests then ``--requests`` measured ones per endpoint (at most
  ``--max-seconds`` each), p50 and p95;
- **CSV export** of every row, in a child process: time and that process's peak RSS
  (``ru_maxrss``), i.e. the server's memory for the download;
- **import** of 100,000 rows with ``tracker.transfer.import_csv`` when it exists (in a
  child process, rolled back afterwards so the database stays as built);
- **throughput**: gunicorn with 2 workers on 127.0.0.1, 16 concurrent connections for
  ``--load-seconds`` on the filtered list (``wrk`` when installed, else a bounded Python
  thread pool).

Endpoints that do not exist yet (full-text search ``q=``, the quarterly report, the
importer) are reported as "not measured" and picked up automatically once they work.
Results are merged into ``bench/results.json`` (per backend) and written to
``bench/results.md``.

    python bench/run.py [--backends sqlite,postgresql] [--recommendations 300000] [--requests 100]
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import os
import platform
import random
import re
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "bench"
PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432"
SECRET = "benchmark-secret-key"
STAFF_EMAIL = "bench-staff@example.org"
STAFF_PASSWORD = "benchmark passphrase 42 long"

# Targets on a 2-core machine with SQLite: milliseconds at p95 unless stated.
TARGETS = {
    "list": 50, "list_filtered": 50, "search": 100, "recommendation": 20, "status_update": 30,
    "home": 50, "quarterly_report": 1000, "export_seconds": 10, "export_peak_mb": 250, "import_seconds": 30,
}
LABELS = {
    "list": "List page, unfiltered", "list_filtered": "List filtered by status + addressee + theme (with facets)",
    "search": "Full-text search (`q=`)", "recommendation": "Recommendation page",
    "status_update": "Save a status update (API)", "home": "Home page",
    "quarterly_report": "Quarterly progress report",
}
SEARCH_WORDS = ["transportation", "detention", "shelter children", "asylum ports", "legal representation",
                "expulsions", "monitoring", "work permits", "family reunification", "medical care"]


# --- building the databases -------------------------------------------------------

def database_url(backend: str, args) -> str:
    name = f"{backend}-{args.recommendations}-{args.updates_per_recommendation}"
    if backend == "sqlite":
        return f"sqlite:///{Path(args.workdir) / (name + '.db')}"
    return f"{PG_BASE}/tracker_bench_{args.recommendations}_{args.updates_per_recommendation}"


def marker(backend: str, args) -> Path:
    return Path(args.workdir) / f"{backend}-{args.recommendations}-{args.updates_per_recommendation}.complete"


def flask(url: str, *command: str) -> str:
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET)
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "tracker", *command], cwd=ROOT, env=env,
                            capture_output=True, text=True)
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
    output = flask(url, "demo-data", "--recommendations", str(args.recommendations),
                   "--updates-per-recommendation", str(args.updates_per_recommendation))
    record = {"demo_data_seconds": round(time.monotonic() - demo_started, 1),
              "build_seconds": round(time.monotonic() - started, 1), "demo_data_output": output.strip()}
    if backend == "postgresql":
        _pg_analyze(url)
    done.write_text(json.dumps(record))
    print(f"[{backend}] built in {record['build_seconds']} s: {output.strip()}", flush=True)
    return record


def _pg_analyze(url: str) -> None:
    # Fresh bulk-loaded tables have no statistics until autovacuum gets to them; a
    # production database would have them, so the benchmark should too.
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
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
        token = create_api_token(session, user, f"bench {datetime.now(timezone.utc).isoformat()}")[1]
        session.commit()
    return token


# --- measuring ------------------------------------------------------------------

def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def measure(name: str, request, args, warmup: int = 10) -> dict:
    """Call ``request(i)`` (which returns a response) warm-up + N times; latency in ms."""
    for i in range(warmup):
        response = request(i)
        if response.status_code >= 400:
            return {"measured": False, "reason": f"HTTP {response.status_code} on warm-up"}
    times = []
    deadline = time.monotonic() + args.max_seconds
    for i in range(args.requests):
        started = time.perf_counter()
        response = request(warmup + i)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code >= 400:
            return {"measured": False, "reason": f"HTTP {response.status_code}: {response.get_data(as_text=True)[:200]}"}
        times.append(elapsed)
        if time.monotonic() > deadline:
            break
    result = {"measured": True, "n": len(times), "p50_ms": round(percentile(times, 0.5), 1),
              "p95_ms": round(percentile(times, 0.95), 1), "max_ms": round(max(times), 1)}
    print(f"  {name:18s} n={result['n']:3d}  p50 {result['p50_ms']:8.1f} ms  p95 {result['p95_ms']:8.1f} ms", flush=True)
    return result


def pick_filters(app) -> dict:
    """Filter values that exist in the demo data: statuses, demo governments, themes, ids."""
    from sqlalchemy import func, select

    from tracker import db
    from tracker.actors.models import Actor
    from tracker.recommendations.models import Recommendation
    from tracker.themes.models import Theme

    with app.app_context(), db.get_sessionmaker(app)() as session:
        governments = list(session.scalars(select(Actor.slug).where(Actor.kind == "government",
                                                                    Actor.slug.like("demo%")).order_by(Actor.id)))
        themes = list(session.scalars(select(Theme.slug).order_by(Theme.id)))
        low, high = session.execute(select(func.min(Recommendation.id), func.max(Recommendation.id))).one()
    return {"statuses": ["in_progress", "implemented", "no_action", "regressed"], "governments": governments[:8],
            "themes": themes, "id_range": (low, high)}


def search_supported(app) -> bool:
    """Whether the list understands ``q`` (another developer is adding it)."""
    try:
        from tracker.recommendations.filters import ListState
    except ImportError:
        return False
    if "q" not in {f.name for f in dataclasses.fields(ListState)}:
        return False
    client = app.test_client()
    nonsense = client.get("/recommendations?q=zzqqxxnonsenseword")
    return nonsense.status_code == 200 and "zzqqxxnonsenseword" in nonsense.get_data(as_text=True)


def report_supported(app) -> bool:
    return any(rule.rule == "/reports/progress" for rule in app.url_map.iter_rules())


def latency_suite(app, token: str, args) -> dict:
    """Every latency figure for one backend."""
    rng = random.Random(42)
    filters = pick_filters(app)
    low, high = filters["id_range"]
    client = app.test_client()
    results = {}

    def filtered_url(i: int) -> str:
        return ("/recommendations?status=" + filters["statuses"][i % len(filters["statuses"])]
                + "&addressee=" + filters["governments"][i % len(filters["governments"])]
                + "&theme=" + filters["themes"][(i * 7) % len(filters["themes"])])

    results["list"] = measure("list", lambda i: client.get(f"/recommendations?page={1 + i % 5}"), args)
    results["list_filtered"] = measure("list_filtered", lambda i: client.get(filtered_url(i)), args)
    results["list_filtered"]["example"] = filtered_url(0)
    if search_supported(app):
        results["search"] = measure(
            "search", lambda i: client.get("/recommendations?q=" + SEARCH_WORDS[i % len(SEARCH_WORDS)].replace(" ", "+")),
            args)
    else:
        results["search"] = {"measured": False, "reason": "`q=` is not supported by /recommendations yet"}
    results["recommendation"] = measure(
        "recommendation", lambda i: client.get(f"/recommendations/{rng.randint(low, high)}"), args)

    def save_update(i: int):
        rec_id = rng.randint(low, high)
        version = client.get(f"/api/recommendations/{rec_id}/updates").get_json()["version"]
        body = {"version": version, "note": f"Benchmark update {i}",
                "status": ["in_progress", "partially_implemented", "implemented"][i % 3]}
        started = time.perf_counter()
        response = client.post(f"/api/recommendations/{rec_id}/updates", json=body,
                               headers={"Authorization": f"Bearer {token}"})
        save_update.elapsed = time.perf_counter() - started
        return response

    results["status_update"] = measure_only_post(save_update, args)
    results["home"] = measure("home", lambda i: client.get("/"), args)

    if report_supported(app):
        staff = app.test_client()
        sign_in(staff)
        quarters = [("2025-01-01", "2025-03-31"), ("2025-04-01", "2025-06-30"),
                    ("2025-07-01", "2025-09-30"), ("2025-10-01", "2025-12-31")]
        results["quarterly_report"] = measure(
            "quarterly_report",
            lambda i: staff.get("/reports/progress?from={}&to={}".format(*quarters[i % 4])),
            argparse.Namespace(requests=min(args.requests, 30), max_seconds=args.max_seconds), warmup=2)
    else:
        results["quarterly_report"] = {"measured": False, "reason": "no /reports/progress route yet"}
    return results


def measure_only_post(save_update, args) -> dict:
    """Like ``measure`` but times only the POST (the GET for the version is set-up)."""
    class Timed:
        status_code = 200

    def timed(i: int):
        response = save_update(i)
        if response.status_code != 201:
            return response
        result = Timed()
        result.elapsed = save_update.elapsed
        return result

    for i in range(5):
        response = timed(i)
        if response.status_code >= 400:
            return {"measured": False, "reason": f"HTTP {response.status_code}: {response.get_data(as_text=True)[:200]}"}
    times = []
    deadline = time.monotonic() + args.max_seconds
    for i in range(args.requests):
        response = timed(5 + i)
        if response.status_code >= 400:
            return {"measured": False, "reason": f"HTTP {response.status_code}"}
        times.append(response.elapsed * 1000)
        if time.monotonic() > deadline:
            break
    result = {"measured": True, "n": len(times), "p50_ms": round(percentile(times, 0.5), 1),
              "p95_ms": round(percentile(times, 0.95), 1), "max_ms": round(max(times), 1)}
    print(f"  {'status_update':18s} n={result['n']:3d}  p50 {result['p50_ms']:8.1f} ms  p95 {result['p95_ms']:8.1f} ms",
          flush=True)
    return result


def sign_in(client) -> None:
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/sign-in", data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit(f"benchmark staff user could not sign in ({response.status_code})")


# --- children: export and import, each in a process of its own ----------------------

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
    print(json.dumps({"seconds": round(time.perf_counter() - started, 2), "bytes": size, "lines": lines,
                      "status": response.status_code, "rss_before_mb": round(rss_before / 1024, 1),
                      "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


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
    print(json.dumps({"seconds": round(seconds, 2), "rows": rows, "outcome": repr(outcome)[:300],
                      "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


def run_child(kind: str, url: str, *extra: str) -> dict:
    result = subprocess.run([sys.executable, __file__, f"--{kind}-child", url, *extra], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode:
        tail = (result.stderr.strip().splitlines() or ["?"])[-1]
        return {"measured": False, "reason": tail[:300]}
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["measured"] = True
    return data


# --- throughput under gunicorn -------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throughput(url: str, path: str, args) -> dict:
    """Requests per second for ``path``: gunicorn, 2 workers, 16 connections, loopback only."""
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                               "--timeout", "120", "tracker:create_app()"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(base + path, timeout=60) as response:
                    response.read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            return {"measured": False, "reason": "gunicorn did not start"}
        if shutil.which("wrk"):
            output = subprocess.run(["wrk", "-t2", "-c16", f"-d{args.load_seconds}s", "--timeout", "30s", "--latency",
                                     base + path], capture_output=True, text=True, timeout=args.load_seconds + 60).stdout
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
            p50 = re.search(r"50%\s+([\d.]+)(\w+)", output)
            return {"measured": True, "tool": "wrk -t2 -c16", "rps": rps, "seconds": args.load_seconds,
                    "p50_under_load": f"{p50.group(1)} {p50.group(2)}" if p50 else None}
        return _python_load(base + path, args.load_seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _python_load(target: str, seconds: int) -> dict:
    # A bounded pool of 16 threads, each keeping one request in flight, for a fixed time.
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker() -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(target, timeout=60) as response:
                    response.read()
                with lock:
                    latencies.append(time.perf_counter() - started)
            except OSError:
                with lock:
                    errors[0] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        for _ in range(16):
            pool.submit(worker)
    elapsed = time.monotonic() - started
    return {"measured": True, "tool": "Python thread pool, 16 connections", "rps": round(len(latencies) / elapsed, 1),
            "seconds": round(elapsed, 1), "errors": errors[0],
            "p50_under_load": f"{percentile(latencies, 0.5) * 1000:.0f} ms" if latencies else None}


# --- machine and report ---------------------------------------------------------------

def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    try:
        pg = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version"],
                            capture_output=True, text=True, timeout=10).stdout.strip()
    except OSError:
        pg = "unknown"
    import sqlalchemy

    return {"cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1), "cpu": cpu,
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "postgresql": pg,
            "sqlalchemy": sqlalchemy.__version__, "os": platform.platform()}


def ratio(value: float | None, target: float) -> str:
    if value is None:
        return "—"
    r = value / target
    return f"{r:.2f}× {'✅' if r <= 1 else '❌'}"


def write_markdown(results: dict) -> None:
    m = results["machine"]
    lines = [
        "# Benchmark results", "",
        f"Written by `bench/run.py` on {results['date']} (UTC).", "",
        f"Machine: {m['cores']} cores, {m['ram_gb']} GB RAM, {m['cpu']}; {m['os']}. "
        f"Python {m['python']}, SQLite {m['sqlite']}, PostgreSQL {m['postgresql']}, SQLAlchemy {m['sqlalchemy']}. "
        "The machine is shared with other work, so figures are noisy.", "",
        "Latency: the WSGI app timed in-process with Flask's test client (no network, no server: routing, "
        "queries and templates), anonymous reads, after 10 warm-up requests. Ratio = measured p95 / target "
        "(≤ 1 meets it; targets are for SQLite on 2 cores).", "",
    ]
    for backend, data in results["backends"].items():
        build = data.get("build", {})
        lines += [f"## {backend}: {data['recommendations']:,} recommendations", "",
                  f"Database built in {build.get('build_seconds', '?')} s "
                  f"(demo-data {build.get('demo_data_seconds', '?')} s): {build.get('demo_data_output', '')}", "",
                  "| measure | n | p50 | p95 | target | ratio |", "|---|---|---|---|---|---|"]
        for key, label in LABELS.items():
            item = data["latency"].get(key, {})
            if item.get("measured"):
                lines.append(f"| {label} | {item['n']} | {item['p50_ms']} ms | {item['p95_ms']} ms | "
                             f"≤ {TARGETS[key]} ms | {ratio(item['p95_ms'], TARGETS[key])} |")
            else:
                lines.append(f"| {label} | — | not measured | — | ≤ {TARGETS[key]} ms | {item.get('reason', '')} |")
        export = data.get("export", {})
        if export.get("measured"):
            lines.append(f"| CSV export of all rows ({export['lines'] - 1:,} lines, {export['bytes'] / 1e6:.0f} MB) | 1 | "
                         f"{export['seconds']} s | peak RSS {export['peak_mb']} MB (app loaded: {export['rss_before_mb']} MB) | "
                         f"≤ {TARGETS['export_seconds']} s, ≤ {TARGETS['export_peak_mb']} MB | "
                         f"{ratio(export['seconds'], TARGETS['export_seconds'])} / "
                         f"{ratio(export['peak_mb'], TARGETS['export_peak_mb'])} |")
        else:
            lines.append(f"| CSV export | — | not measured | — | — | {export.get('reason', '')} |")
        imported = data.get("import", {})
        if imported.get("measured"):
            lines.append(f"| Import of {imported['rows']:,} rows | 1 | {imported['seconds']} s | "
                         f"peak RSS {imported['peak_mb']} MB | ≤ {TARGETS['import_seconds']} s | "
                         f"{ratio(imported['seconds'], TARGETS['import_seconds'])} |")
        else:
            lines.append(f"| Import of 100,000 rows | — | not measured | — | ≤ 30 s | {imported.get('reason', '')} |")
        load = data.get("throughput", {})
        if load.get("measured"):
            lines += ["", f"Throughput, filtered list (`{load['path']}`), gunicorn 2 workers, 16 connections, "
                          f"{load['seconds']} s, {load['tool']}: **{load['rps']} requests/s** "
                          f"(median latency under load {load.get('p50_under_load')})."]
        elif load:
            lines += ["", f"Throughput: not measured ({load.get('reason')})."]
        lines.append("")
    (BENCH_DIR / "results.md").write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--recommendations", type=int, default=300_000)
    parser.add_argument("--updates-per-recommendation", type=int, default=5)
    parser.add_argument("--requests", type=int, default=100, help="measured requests per endpoint")
    parser.add_argument("--max-seconds", type=float, default=90, help="cap on the measured time per endpoint")
    parser.add_argument("--load-seconds", type=int, default=20)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--workdir", default="/tmp/tracker-bench", help="where databases are built (kept for reuse)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild even if a complete database exists")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: latency,export,import,throughput")
    parser.add_argument("--export-child", help=argparse.SUPPRESS)
    parser.add_argument("--import-child", help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        return export_child(args.export_child)
    if args.import_child:
        return import_child(args.import_child, int(args.rest[0]))

    from tracker import create_app

    skip = set(filter(None, args.skip.split(",")))
    results_path = BENCH_DIR / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {"backends": {}}
    results["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    results["machine"] = machine()
    results["targets"] = TARGETS
    for backend in filter(None, args.backends.split(",")):
        url = database_url(backend, args)
        data = {"recommendations": args.recommendations, "updates_per_recommendation": args.updates_per_recommendation,
                "date": results["date"], "build": build(backend, args)}
        previous = results["backends"].get(backend, {})
        if previous.get("recommendations") == args.recommendations:
            data = {**previous, **data}  # parts skipped this time keep their last figures
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
        token = prepare_staff(app)
        if "latency" not in skip:
            print(f"[{backend}] latency (in-process, {args.requests} requests per endpoint)", flush=True)
            data["latency"] = latency_suite(app, token, args)
        if "export" not in skip:
            data["export"] = run_child("export", url)
            print(f"  export: {data['export']}", flush=True)
        if "import" not in skip:
            data["import"] = run_child("import", url, str(args.import_rows))
            print(f"  import: {data['import']}", flush=True)
        if "throughput" not in skip:
            filters = pick_filters(app)
            path = (f"/recommendations?status=in_progress&addressee={filters['governments'][0]}"
                    f"&theme={filters['themes'][0]}")
            data["throughput"] = {**throughput(url, path, args), "path": path}
            print(f"  throughput: {data['throughput']}", flush=True)
        from tracker import db

        db.engine(app).dispose()
        results["backends"][backend] = data
        results_path.write_text(json.dumps(results, indent=2, default=str))
        write_markdown(results)
    print(f"Results in {BENCH_DIR / 'results.md'}")


if __name__ == "__main__":
    main()
