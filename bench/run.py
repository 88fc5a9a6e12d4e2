#!/usr/bin/env python
"""Benchmark the tracker on SQLite and PostgreSQL at realistic scale (``make bench``).

For each backend: build a database once (migrate, seeds, ``demo-data``; reused on later
runs while its ``.complete`` marker exists, and brought up to the latest migration), then

- **latency** (bench/latency.py): the WSGI app *in-process* with Flask's test client, 10
  warm-up requests then ``--requests`` measured ones per endpoint, p50 and p95 (wall
  clock and this process's CPU time);
- **first requests** after a restart: the first home page and list of a fresh process;
- **CSV export** of every row and **import** of 100,000 rows, each in a child process
  (bench/children.py): time and peak RSS; the import is rolled back;
- **throughput** (bench/load.py): gunicorn with 2 workers, 16 concurrent connections on
  the filtered list, a different filter combination each request;
- **Datasette** (bench/datasette_compare.py): the same filtered lists with facets over
  the tracker's CSV export served by Datasette, and the ratio, in the same run.

Results are merged into ``bench/results.json`` (per backend) and written to
``bench/results.md`` (bench/report.py), with the machine's load while measuring.

    python bench/run.py [--backends sqlite,postgresql] [--recommendations 300000] [--requests 100]
                        [--workdir DIR] [--pg-database NAME] [--datasette bench/.venv/bin/datasette]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import datasette_compare  # noqa: E402
from bench.children import export_child, first_child, import_child, run_child  # noqa: E402
from bench.common import BENCH_DIR, SECRET  # noqa: E402
from bench.databases import build, database_url, prepare_staff  # noqa: E402
from bench.latency import filtered_path, latency_suite, pick_filters  # noqa: E402
from bench.load import throughput  # noqa: E402
from bench.report import TARGETS, machine, write_markdown  # noqa: E402

PARTS = ("latency", "first", "export", "import", "throughput", "datasette")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--recommendations", type=int, default=300_000)
    parser.add_argument("--updates-per-recommendation", type=int, default=5)
    parser.add_argument("--requests", type=int, default=100, help="measured requests per endpoint")
    parser.add_argument("--max-seconds", type=float, default=90, help="cap on the measured time per endpoint")
    parser.add_argument("--load-seconds", type=int, default=20)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--workdir", default="/tmp/tracker-bench", help="where databases are built (kept for reuse)")
    parser.add_argument("--pg-database", default="", help="PostgreSQL database name (default tracker_bench_<n>_<k>)")
    parser.add_argument(
        "--datasette",
        default=str(BENCH_DIR / ".venv" / "bin" / "datasette"),
        help="the datasette executable (make bench installs it in bench/.venv)",
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild even if a complete database exists")
    parser.add_argument("--skip", default="", help=f"comma-separated parts to skip: {','.join(PARTS)}")
    parser.add_argument("--note", default="", help="what else the machine was doing, written with the figures")
    parser.add_argument("--export-child", help=argparse.SUPPRESS)
    parser.add_argument("--import-child", help=argparse.SUPPRESS)
    parser.add_argument("--first-child", help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    return parser.parse_args()


def load_average() -> list[str]:
    return Path("/proc/loadavg").read_text().split()[:3]


def measure_backend(backend: str, args, skip: set[str], previous: dict, date: str) -> dict:
    """Every measurement of one backend (parts in ``skip`` keep their previous figures)."""
    from tracker import create_app, db

    url = database_url(backend, args)
    data = {
        "recommendations": args.recommendations,
        "updates_per_recommendation": args.updates_per_recommendation,
        "date": date,
        "build": build(backend, args),
    }
    if previous.get("recommendations") == args.recommendations:
        data = {**previous, **data}
    data["conditions"] = {"load_before": load_average(), "note": args.note}
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
    token = prepare_staff(app)
    filters = pick_filters(app)
    if "first" not in skip:
        data["first_request"] = run_child("first", url)
        print(f"  first requests: {data['first_request']}", flush=True)
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
        paths = [filtered_path(filters, i) for i in range(136)]
        data["throughput"] = {**throughput(url, paths, args), "path": paths[0]}
        print(f"  throughput: {data['throughput']}", flush=True)
    if "datasette" not in skip:
        data["datasette"] = datasette_compare.compare(
            url, args.workdir, args.datasette, filters, min(args.requests, 50), f"{backend}-{args.recommendations}"
        )
        print(f"  datasette: {data['datasette']}", flush=True)
    data["conditions"]["load_after"] = load_average()
    db.engine(app).dispose()
    return data


def main() -> None:
    args = arguments()
    if args.export_child:
        return export_child(args.export_child)
    if args.import_child:
        return import_child(args.import_child, int(args.rest[0]))
    if args.first_child:
        return first_child(args.first_child)
    skip = set(filter(None, args.skip.split(",")))
    results_path = BENCH_DIR / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {"backends": {}}
    results["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    results["machine"] = machine()
    results["targets"] = TARGETS
    for backend in filter(None, args.backends.split(",")):
        previous = results["backends"].get(backend, {})
        measured = measure_backend(backend, args, skip, previous, results["date"])
        # Read again: a run of another backend may have finished meanwhile (runs of
        # different backends can go side by side; each writes only its own).
        if results_path.exists():
            results["backends"] = json.loads(results_path.read_text()).get("backends", {})
        results["backends"][backend] = measured
        results_path.write_text(json.dumps(results, indent=2, default=str))
        write_markdown(results)
    print(f"Results in {BENCH_DIR / 'results.md'}")


if __name__ == "__main__":
    main()
