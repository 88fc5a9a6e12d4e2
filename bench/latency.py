"""In-process latency: the WSGI app timed with Flask's test client, p50 and p95."""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import time

from bench.common import STAFF_EMAIL, STAFF_PASSWORD

SEARCH_WORDS = [
    "transportation",
    "detention",
    "shelter children",
    "asylum ports",
    "legal representation",
    "expulsions",
    "monitoring",
    "work permits",
    "family reunification",
    "medical care",
]


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
    times, cpu = [], []
    deadline = time.monotonic() + args.max_seconds
    for i in range(args.requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = request(warmup + i)
        elapsed = (time.perf_counter() - started) * 1000
        cpu.append((time.process_time() - cpu_started) * 1000)
        if response.status_code >= 400:
            return {
                "measured": False,
                "reason": f"HTTP {response.status_code}: {response.get_data(as_text=True)[:200]}",
            }
        times.append(elapsed)
        if time.monotonic() > deadline:
            break
    result = {
        "measured": True,
        "n": len(times),
        "p50_ms": round(percentile(times, 0.5), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        # This process's CPU (app and, for SQLite, the database): what the request
        # costs, whatever else the shared machine is doing.
        "cpu_p50_ms": round(percentile(cpu, 0.5), 1),
        "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
    }
    print(
        f"  {name:18s} n={result['n']:3d}  p50 {result['p50_ms']:8.1f} ms  p95 {result['p95_ms']:8.1f} ms", flush=True
    )
    return result


def pick_filters(app) -> dict:
    """Filter values that exist in the demo data: statuses, demo governments, themes, ids."""
    from sqlalchemy import func, select

    from tracker import db
    from tracker.actors.models import Actor
    from tracker.recommendations.models import Recommendation
    from tracker.themes.models import Theme

    with app.app_context(), db.get_sessionmaker(app)() as session:
        governments = list(
            session.scalars(
                select(Actor.slug).where(Actor.kind == "government", Actor.slug.like("demo%")).order_by(Actor.id)
            )
        )
        themes = list(session.scalars(select(Theme.slug).order_by(Theme.id)))
        low, high = session.execute(select(func.min(Recommendation.id), func.max(Recommendation.id))).one()
    return {
        "statuses": ["in_progress", "implemented", "no_action", "regressed"],
        "governments": governments[:8],
        "themes": themes,
        "id_range": (low, high),
    }


def filtered_path(filters: dict, i: int) -> str:
    """The i-th filtered list: status + addressee (a government: its agencies and officials
    included) + theme; consecutive values of i give different combinations (136 of them)."""
    return (
        "/recommendations?status="
        + filters["statuses"][i % len(filters["statuses"])]
        + "&addressee="
        + filters["governments"][i % len(filters["governments"])]
        + "&theme="
        + filters["themes"][(i * 7) % len(filters["themes"])]
    )


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
        return filtered_path(filters, i)

    results["list"] = measure("list", lambda i: client.get(f"/recommendations?page={1 + i % 5}"), args)
    results["list_filtered"] = measure("list_filtered", lambda i: client.get(filtered_url(i)), args)
    results["list_filtered"]["example"] = filtered_url(0)
    if search_supported(app):
        results["search"] = measure(
            "search",
            lambda i: client.get("/recommendations?q=" + SEARCH_WORDS[i % len(SEARCH_WORDS)].replace(" ", "+")),
            args,
        )
    else:
        results["search"] = {"measured": False, "reason": "`q=` is not supported by /recommendations yet"}
    results["recommendation"] = measure(
        "recommendation", lambda i: client.get(f"/recommendations/{rng.randint(low, high)}"), args
    )

    def save_update(i: int):
        rec_id = rng.randint(low, high)
        version = client.get(f"/api/recommendations/{rec_id}/updates").get_json()["version"]
        body = {
            "version": version,
            "note": f"Benchmark update {i}",
            "status": ["in_progress", "partially_implemented", "implemented"][i % 3],
        }
        started = time.perf_counter()
        response = client.post(
            f"/api/recommendations/{rec_id}/updates", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        save_update.elapsed = time.perf_counter() - started
        return response

    results["status_update"] = measure_only_post(save_update, args)
    results["home"] = measure("home", lambda i: client.get("/"), args)

    if report_supported(app):
        staff = app.test_client()
        sign_in(staff)
        quarters = [
            ("2025-01-01", "2025-03-31"),
            ("2025-04-01", "2025-06-30"),
            ("2025-07-01", "2025-09-30"),
            ("2025-10-01", "2025-12-31"),
        ]
        results["quarterly_report"] = measure(
            "quarterly_report",
            lambda i: staff.get("/reports/progress?from={}&to={}".format(*quarters[i % 4])),
            argparse.Namespace(requests=min(args.requests, 30), max_seconds=args.max_seconds),
            warmup=2,
        )
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
            return {
                "measured": False,
                "reason": f"HTTP {response.status_code}: {response.get_data(as_text=True)[:200]}",
            }
    times = []
    deadline = time.monotonic() + args.max_seconds
    for i in range(args.requests):
        response = timed(5 + i)
        if response.status_code >= 400:
            return {"measured": False, "reason": f"HTTP {response.status_code}"}
        times.append(response.elapsed * 1000)
        if time.monotonic() > deadline:
            break
    result = {
        "measured": True,
        "n": len(times),
        "p50_ms": round(percentile(times, 0.5), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
    }
    print(
        f"  {'status_update':18s} n={result['n']:3d}  p50 {result['p50_ms']:8.1f} ms  p95 {result['p95_ms']:8.1f} ms",
        flush=True,
    )
    return result


def sign_in(client) -> None:
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/sign-in", data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit(f"benchmark staff user could not sign in ({response.status_code})")
