"""Each main page issues a small, fixed number of SQL statements, whatever the page size.

Statements are counted with a ``before_cursor_execute`` listener on the app's engine.
The same page asked with ``per_page=10`` and ``per_page=100`` over more than 100
matching recommendations must issue exactly as many: related rows are loaded in bulk,
never one query per row (N+1).
"""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event, select

from tracker.actors.models import Actor
from tracker.demo.generator import generate
from tracker.documents.models import Document
from tracker.recommendations.models import Recommendation

# Generous enough for a page's fixed queries (filters, facets, page, relations,
# sign-in state), small enough that any per-row query on a 10-row page breaks it.
MAX_STATEMENTS = 20


@contextlib.contextmanager
def count_statements(db_session):
    statements: list[str] = []
    engine = db_session.get_bind().engine

    def count(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "PRAGMA")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture()
def demo(db_session):
    """150 demo recommendations on top of the seeds, so one filter matches more than 100."""
    report = generate(db_session, 150, seed=11, updates_per_recommendation=3)
    db_session.flush()
    rec = db_session.scalar(select(Recommendation).where(Recommendation.key.like(report.prefix + "%")).limit(1))
    government = db_session.scalar(
        select(Actor).where(Actor.slug.like(report.prefix + "%"), Actor.kind == "government").limit(1)
    )
    document = db_session.scalar(select(Document).where(Document.slug.like(report.prefix + "%")).limit(1))
    return {"rec": rec, "government": government, "document": document, "prefix": report.prefix}


def statements_for(client, db_session, url: str) -> int:
    client.get(url)  # warm: first-request work (e.g. caches) is not what we bound
    with count_statements(db_session) as statements:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(statements)


def pages(demo) -> dict[str, str]:
    theme = "mpp-wind-down"
    return {
        "home": "/",
        "list": "/recommendations",
        "list filtered": f"/recommendations?status=in_progress&status=no_action&status=implemented"
        f"&addressee=us-government&addressee=mexican-government&theme={theme}",
        "recommendation": f"/recommendations/{demo['rec'].id}",
        "document": f"/documents/{demo['document'].slug}",
        "documents list": "/documents",
        "actor": f"/actors/{demo['government'].slug}",
        "api list": "/api/recommendations",
    }


@pytest.mark.parametrize(
    "name",
    ["home", "list", "list filtered", "recommendation", "document", "documents list", "actor", "api list"],
)
def test_page_issues_a_small_fixed_number_of_statements(client, db_session, demo, name):
    count = statements_for(client, db_session, pages(demo)[name])
    assert 0 < count <= MAX_STATEMENTS, f"{name} issued {count} statements"


TABLE_WITH_EVERY_COLUMN = (
    "/recommendations?layout=table&priority=normal"
    "&cols=status,priority,addressees,makers,themes,document,response,updated"
)


def test_the_documents_list_counts_recommendations_in_one_statement_whatever_the_page_holds(client, db_session, demo):
    one = statements_for(client, db_session, f"/documents?q={demo['document'].slug}")
    full = statements_for(client, db_session, "/documents")
    listed = client.get("/documents").get_data(as_text=True).split("<tbody>", 1)[1].count("<tr>")
    assert listed > 10, f"the full page lists only {listed} documents"
    assert one == full, f"{one} statements for one listed document, {full} for a full page"


@pytest.mark.parametrize(
    "url",
    ["/recommendations", "/api/recommendations", "/recommendations?addressee={government}", TABLE_WITH_EVERY_COLUMN],
)
def test_statement_count_does_not_grow_with_page_size(client, db_session, demo, url):
    url = url.format(government=demo["government"].slug)
    separator = "&" if "?" in url else "?"
    small = statements_for(client, db_session, f"{url}{separator}per_page=10")
    large = statements_for(client, db_session, f"{url}{separator}per_page=100")
    assert small == large, f"{url}: {small} statements for 10 rows, {large} for 100"


def test_the_recommendation_page_reads_its_addressees_parents_at_once(client, db_session):
    """Three officials of three departments cost one statement more than one government
    (every parent, up to the government, read at once; it was one statement per parent)."""

    def page_of(key: str) -> str:
        return f"/recommendations/{db_session.scalar(select(Recommendation.id).where(Recommendation.key == key))}"

    officials = db_session.scalar(select(Recommendation).where(Recommendation.key == "hrf-increase-processing-sites"))
    assert sum(len(actor.ancestors()) for actor in officials.addressees) >= 2
    deep = statements_for(client, db_session, page_of("hrf-increase-processing-sites"))
    flat = statements_for(client, db_session, page_of("hrf-end-title-42-expulsions"))
    assert deep == flat + 1


def test_the_progress_report_issues_as_many_statements_for_a_busy_period_as_for_a_quiet_one(
    client, db_session, demo, login
):
    login(client, "staff")
    quiet = statements_for(client, db_session, "/reports/progress?from=2000-01-01&to=2000-01-31")
    busy = statements_for(client, db_session, "/reports/progress?from=2024-01-01&to=2025-06-30")
    assert 0 < busy <= MAX_STATEMENTS + 10 and busy - quiet <= 1, f"{quiet} statements quiet, {busy} busy"


def test_saving_a_status_update_through_the_api_issues_a_small_fixed_number_of_statements(
    client, db_session, make_user
):
    """The save reads the recommendation, what the form may correct and the latest effective
    date, writes the update, the recommendation, the history's neighbours, the audit event,
    and finds the followers with every addressee's and maker's parents read at once: officials
    of departments cost at most one statement more than a government, and a longer history
    costs nothing more (it was one statement per parent, and the whole history with its
    evidence was loaded twice)."""
    from tracker.accounts.tokens import create_api_token

    _, raw = create_api_token(db_session, make_user(role="advocate"), "counting")
    db_session.commit()
    headers = {"Authorization": f"Bearer {raw}"}

    def save(key: str, status: str) -> int:
        rec_id = db_session.scalar(select(Recommendation.id).where(Recommendation.key == key))
        version = client.get(f"/api/recommendations/{rec_id}/updates").get_json()["version"]
        body = {"version": version, "status": status, "note": "Counted."}
        with count_statements(db_session) as statements:
            response = client.post(f"/api/recommendations/{rec_id}/updates", json=body, headers=headers)
        assert response.status_code == 201, response.get_json()
        return len(statements)

    officials = db_session.scalar(select(Recommendation).where(Recommendation.key == "hrf-increase-processing-sites"))
    assert sum(len(actor.ancestors()) for actor in officials.addressees) >= 2
    save("hrf-end-title-42-expulsions", "no_action")  # the token's first use also notes when it was used
    flat = save("hrf-end-title-42-expulsions", "in_progress")
    longer_history = save("hrf-end-title-42-expulsions", "implemented")
    deep = save("hrf-increase-processing-sites", "in_progress")
    assert deep <= flat + 1 and longer_history == flat
    assert flat <= 16, f"a status update issued {flat} statements"
