"""No list, facet or search statement reads a whole large table (SQLite ``EXPLAIN QUERY PLAN``).

Every SELECT that the main pages issue is explained with its real parameters on a
database with demo data and planner statistics (``ANALYZE``). A ``SCAN`` of a large table
(every row, or every entry of one of its indexes) fails the test, unless it is an
ordered index walk that a LIMIT stops early (the newest 25 recommendations). At 300,000
recommendations one such scan costs 50 ms to seconds; see docs/performance.md.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select, text

from tracker.actors.models import Actor
from tracker.demo.generator import generate

LARGE_TABLES = {
    "recommendations",
    "recommendation_facets",
    "recommendation_makers",
    "recommendation_addressees",
    "recommendation_themes",
    "status_updates",
    "evidence",
    "documents",
}
SCAN = re.compile(r"\bSCAN (\w+)( .*)?$")
# A "search" of the facet index on the facet alone walks a quarter of it (a million rows
# at 300,000 recommendations): a scan in all but name.
WHOLE_FACET = re.compile(r"\bSEARCH (recommendation_facets|facet_\d+) USING .*\(facet=\?\)$")


@pytest.fixture()
def planned(app, db_session):
    if db_session.get_bind().dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans are in docs/performance.md")
    report = generate(db_session, 1500, seed=3, updates_per_recommendation=2)
    db_session.flush()
    db_session.execute(text("ANALYZE"))
    government = db_session.scalar(
        select(Actor.slug).where(Actor.slug.like(report.prefix + "%"), Actor.kind == "government").limit(1)
    )
    return government


def statements_of(client, db_session, url: str) -> list[tuple[str, tuple]]:
    seen: list[tuple[str, tuple]] = []
    engine = db_session.get_bind().engine

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and not executemany:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200, url
    return seen


def full_scans(db_session, statement: str, parameters) -> list[str]:
    connection = db_session.connection().connection.driver_connection
    plan = connection.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
    scans = []
    for row in plan:
        detail = row[-1]
        if WHOLE_FACET.search(detail):
            scans.append(detail)
            continue
        found = SCAN.search(detail)
        if not found or found.group(1) not in LARGE_TABLES:
            continue
        limited_walk = " LIMIT " in statement.upper() and "INDEX" in (found.group(2) or "")
        if not limited_walk:
            scans.append(detail)
    return scans


def pages(government: str) -> dict[str, str]:
    return {
        "home": "/",
        "list": "/recommendations",
        "list, page 3": "/recommendations?page=3",
        "list filtered (status + theme + addressee)": f"/recommendations?status=in_progress&theme=mpp-wind-down&addressee={government}",
        "list filtered (two addressees, two statuses)": f"/recommendations?status=in_progress&status=implemented&addressee={government}&addressee=us-government",
        "list filtered by status": "/recommendations?status=no_action",
        "list filtered by maker and document": "/recommendations?maker=human-rights-first&document=hrf-wind-down-of-remain-in-mexico",
        "search": "/recommendations?q=asylum",
        "search with filters": f"/recommendations?q=asylum&status=in_progress&addressee={government}",
        "actor page": f"/actors/{government}",
        "actors": "/actors",
        "API list filtered": f"/api/recommendations?theme=title-42&addressee={government}",
    }


def test_a_scan_is_noticed(client, db_session, planned):
    # Sorting every recommendation by summary has to read them all: the check sees it.
    scans = [
        scan
        for statement, parameters in statements_of(client, db_session, "/recommendations?sort=summary")
        for scan in full_scans(db_session, statement, parameters)
    ]
    assert any("recommendations" in scan for scan in scans)


@pytest.mark.parametrize("name", list(pages("x")))
def test_no_statement_scans_a_large_table(client, db_session, planned, name):
    url = pages(planned)[name]
    problems = []
    for statement, parameters in statements_of(client, db_session, url):
        for scan in full_scans(db_session, statement, parameters):
            problems.append(f"{scan}\n    in: {' '.join(statement.split())[:300]}")
    assert not problems, f"{url} reads whole tables:\n" + "\n".join(problems)
