"""The facet index (who each recommendation reaches, with every ancestor; counts per value)
follows every change at once: lists and facets are never served stale."""

import csv
import io
import re

import pytest
from sqlalchemy import delete, func, select

from tests.transfer.transfer_helpers import export
from tests.updates.helpers import recommendation, submit_update
from tracker.actors.models import Actor
from tracker.demo.generator import generate
from tracker.recommendations import facet_index
from tracker.recommendations.facet_index import facet_counts, recommendation_facets
from tracker.recommendations.models import Recommendation


def assert_exact(session):
    assert facet_index.differences(session) == {"missing": 0, "extra": 0, "wrong_counts": 0, "wrong_lists": 0}


def listed_keys(client, query: str) -> set[str]:
    response = client.get(f"/api/recommendations?per_page=100&{query}")
    assert response.status_code == 200
    return {item["key"] for item in response.get_json()["items"]}


def facet_count(client, query: str, facet: str, value: str) -> int:
    html = client.get(f"/recommendations?{query}").get_data(as_text=True)
    match = re.search(
        rf'[?&;]{facet}={value}(?:&amp;[^"]*)?"[^>]*>.*?<span class="facet-count">(\d+)</span>', html, re.S
    )
    return int(match.group(1)) if match else 0


def upload(client, csrf_token, text: str, name: str):
    token = csrf_token(client, "/import")
    response = client.post(
        "/import",
        data={"csrf_token": token, "file": (io.BytesIO(text.encode()), name, "text/csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def edited_export(app, kind: str, edit) -> str:
    rows = list(csv.DictReader(io.StringIO(export(app, kind))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        edit(row)
        writer.writerow(row)
    return out.getvalue()


def test_the_seeds_are_indexed_exactly(db_session):
    assert_exact(db_session)
    assert db_session.scalar(select(func.count()).select_from(recommendation_facets)) > 0


def test_swapped_addressees_are_never_served_stale(app, client, db_session, login, csrf_token):
    # Two recommendations exchange their addressees: totals per addressee stay the same
    # (what fooled a cache keyed by row counts), but who is asked what changes.
    mexico_asks = "addressee=mexican-government&theme=impunity-and-justice"
    us_asks = "addressee=us-government&theme=impunity-and-justice"
    assert "kind-mexico-address-impunity" in listed_keys(client, mexico_asks)
    assert "kind-mexico-address-impunity" not in listed_keys(client, us_asks)
    before = facet_count(client, "", "addressee", "us-government")

    def swap(row):
        if row["key"] == "kind-mexico-address-impunity":
            row["addressees"] = "us-government"
        elif row["key"] == "csos-support-comar":
            row["addressees"] = "mexican-government"

    login(client, "staff")
    upload(client, csrf_token, edited_export(app, "recommendations", swap), "recommendations.csv")
    assert "kind-mexico-address-impunity" not in listed_keys(client, mexico_asks)
    assert "kind-mexico-address-impunity" in listed_keys(client, us_asks)
    assert "csos-support-comar" in listed_keys(client, "addressee=mexican-government&theme=comar")
    assert facet_count(client, "", "addressee", "us-government") == before
    assert facet_count(client, "theme=impunity-and-justice", "addressee", "us-government") >= 1
    assert_exact(db_session)


def test_a_new_parent_brings_its_subtree(app, client, db_session, login, csrf_token):
    dhs_keys = listed_keys(client, "addressee=dhs")
    assert dhs_keys and not dhs_keys & listed_keys(client, "addressee=mexican-government")
    mexico_total = facet_count(client, "", "addressee", "mexican-government")

    def move_dhs(row):
        if row["slug"] == "dhs":
            row["parent"] = "mexican-government"

    login(client, "staff")
    upload(client, csrf_token, edited_export(app, "actors", move_dhs), "actors.csv")
    assert dhs_keys <= listed_keys(client, "addressee=mexican-government")
    assert facet_count(client, "", "addressee", "mexican-government") == mexico_total + len(dhs_keys)
    assert_exact(db_session)


def test_a_status_update_moves_the_counts_at_once(client, db_session, login):
    rec = recommendation(db_session, "csos-support-comar")
    query = "status=in_progress&addressee=us-government"
    assert rec.key not in listed_keys(client, query)
    in_progress = facet_count(client, "addressee=us-government", "status", "in_progress")
    login(client, "advocate")
    assert submit_update(client, rec.id, status="in_progress", note="Started.").status_code == 302
    assert rec.key in listed_keys(client, query)
    assert facet_count(client, "addressee=us-government", "status", "in_progress") == in_progress + 1
    assert facet_count(client, "", "status", "in_progress") >= 1
    assert_exact(db_session)


def test_deleted_recommendations_leave_the_index(db_session):
    rec = recommendation(db_session, "csos-support-comar")
    db_session.delete(rec)
    db_session.flush()
    assert not db_session.scalar(
        select(func.count())
        .select_from(recommendation_facets)
        .where(recommendation_facets.c.recommendation_id == rec.id)
    )
    assert_exact(db_session)


def test_demo_data_and_seed_reloads_keep_it_exact(app, db_session):
    from tracker import PROJECT_ROOT
    from tracker.seeding.loader import load_seeds

    report = generate(db_session, 60, seed=5, updates_per_recommendation=2)
    assert_exact(db_session)
    load_seeds(db_session, PROJECT_ROOT / "seeds")
    assert_exact(db_session)
    government = db_session.scalar(
        select(Actor).where(Actor.slug.like(report.prefix + "%"), Actor.kind == "government").limit(1)
    )
    counted = db_session.scalar(
        select(func.sum(facet_counts.c.count)).where(
            facet_counts.c.facet == "a", facet_counts.c.value_id == government.id
        )
    )
    reached = db_session.scalar(
        select(func.count())
        .select_from(recommendation_facets)
        .where(recommendation_facets.c.facet == "a", recommendation_facets.c.value_id == government.id)
    )
    assert counted == reached > 0


def test_check_and_rebuild_commands(app, db_session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["facets", "check"])
    assert result.exit_code == 0 and "matches" in result.output
    db_session.execute(delete(recommendation_facets).where(recommendation_facets.c.facet == "t"))
    db_session.flush()
    result = runner.invoke(args=["facets", "check"])
    assert result.exit_code == 1 and "rows missing" in result.output
    result = runner.invoke(args=["facets", "rebuild"])
    assert result.exit_code == 0 and "rebuilt" in result.output
    assert_exact(db_session)


def test_postgresql_requests_have_a_statement_timeout(app, database_url):
    from tracker import db as tracker_db

    if not database_url.startswith("postgresql"):
        pytest.skip("statement_timeout is a PostgreSQL setting; SQLite has none")
    engine = tracker_db.make_engine(database_url, statement_timeout_ms=1234)
    try:
        with app.test_request_context("/recommendations"), engine.begin() as connection:
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "1234ms"
        with engine.begin() as connection:  # a command-line job: no limit
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "0"
    finally:
        engine.dispose()
    assert app.config["STATEMENT_TIMEOUT_MS"] == 30_000


def exported_keys(client, query: str) -> set[str]:
    """Keys of the CSV export of a filtered list: computed from the facet rows themselves,
    never from stored counts."""
    response = client.get(f"/recommendations.csv?{query}")
    assert response.status_code == 200
    return {row["key"] for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}


def test_counts_of_a_theme_with_an_actor_equal_the_matching_rows(client, db_session, login):
    # A status + theme + addressee list counts its status, addressee and theme facets
    # from the stored theme pair counts; each count must equal the rows that adding
    # that value to the filters lists, also after a status update moved a recommendation.
    report = generate(db_session, 150, seed=11, updates_per_recommendation=2)
    db_session.flush()
    governments = list(
        db_session.scalars(
            select(Actor.slug)
            .where(Actor.slug.like(report.prefix + "%"), Actor.kind == "government")
            .order_by(Actor.id)
        )
    )
    filters = {"status": "in_progress", "theme": "mpp-wind-down", "addressee": governments[0]}
    candidates = {
        "status": ["not_assessed", "no_action", "in_progress", "implemented", "regressed"],
        "theme": ["mpp-wind-down", "title-42", "comar", "safe-transportation"],
        "addressee": governments,
    }

    def check():
        listed = 0
        for facet in filters:
            others = "&".join(f"{name}={value}" for name, value in filters.items() if name != facet)
            for value in candidates[facet]:
                expected = len(exported_keys(client, f"{others}&{facet}={value}"))
                assert (
                    facet_count(client, "&".join(f"{k}={v}" for k, v in filters.items()), facet, value) == expected
                ), (facet, value)
                listed += expected
        assert listed > 0

    check()
    rec = db_session.scalar(
        select(Recommendation)
        .where(Recommendation.key.like(report.prefix + "%"), Recommendation.status == "no_action")
        .limit(1)
    )
    login(client, "advocate")
    assert submit_update(client, rec.id, status="in_progress", note="Moved.").status_code == 302
    check()
    assert_exact(db_session)
