"""GET /recommendations.csv: one row per recommendation, same filters as the list."""

import csv
import io

from tracker.recommendations.export import CSV_COLUMNS


def read_csv(response) -> list[dict]:
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_exports_every_recommendation_once(client):
    rows = read_csv(client.get("/recommendations.csv"))
    total = client.get("/api/recommendations").get_json()["total"]
    assert len(rows) == total
    assert len({row["id"] for row in rows}) == total
    assert tuple(rows[0]) == CSV_COLUMNS


def test_export_respects_filters(client):
    rows = read_csv(client.get("/recommendations.csv?addressee=mexican-government"))
    api = client.get("/api/recommendations?addressee=mexican-government&per_page=100").get_json()
    assert {int(r["id"]) for r in rows} == {item["id"] for item in api["items"]}


def test_quotes_with_commas_and_curly_quotes_survive(client):
    rows = read_csv(client.get("/recommendations.csv?document=hrf-wind-down-of-remain-in-mexico"))
    quotes = {row["quote"] for row in rows}
    assert "ensure safe, accessible transportation for those being processed out of MPP" in quotes
    assert any("“" in quote for quote in quotes)


def test_export_is_a_download(client):
    response = client.get("/recommendations.csv")
    assert "attachment" in response.headers["Content-Disposition"]


def test_rows_follow_the_list_order_and_lists_match_the_links_across_chunks(client, db_session, monkeypatch):
    """The export reads ids in the list's order, then chunks of rows: a small chunk size
    makes every border between chunks show (order kept, no row lost or repeated)."""
    from sqlalchemy import select

    from tracker.recommendations import export
    from tracker.recommendations.filters import ListState
    from tracker.recommendations.models import Recommendation
    from tracker.recommendations.queries import ordered_query

    monkeypatch.setattr(export, "CHUNK_SIZE", 7)
    rows = read_csv(client.get("/recommendations.csv"))
    dialect = db_session.get_bind().dialect.name
    expected_ids = list(db_session.scalars(ordered_query(ListState(), dialect).with_only_columns(Recommendation.id)))
    assert [int(row["id"]) for row in rows] == expected_ids
    assert len(expected_ids) > 3 * 7

    by_id = {r.id: r for r in db_session.scalars(select(Recommendation).where(Recommendation.id.in_(expected_ids)))}
    for row in rows:
        recommendation = by_id[int(row["id"])]
        assert row["makers"] == "; ".join(f"{link.actor.slug}:{link.role}" for link in recommendation.maker_links)
        addressees = sorted(recommendation.addressees, key=lambda actor: (actor.name, actor.id))
        assert row["addressees"] == "; ".join(actor.slug for actor in addressees)
        themes = sorted(recommendation.themes, key=lambda theme: (theme.name, theme.id))
        assert row["themes"] == "; ".join(theme.slug for theme in themes)
        assert row["document"] == recommendation.document.slug
        assert row["status"] == recommendation.status
        assert row["updated_at"] == recommendation.updated_at.isoformat()


def test_sqlite_export_connection_reads_without_mapping_and_maps_again_in_the_pool(app):
    """The export reads every page once: on SQLite it does not memory-map the file (mapped
    pages would count in the process's resident memory); the pooled connection maps again."""
    import pytest

    from tracker import db
    from tracker.db import SQLITE_MMAP_BYTES, read_without_mapping

    engine = db.engine(app)
    if engine.dialect.name != "sqlite":
        pytest.skip("memory-mapping is a SQLite setting")
    with engine.connect() as connection:
        read_without_mapping(connection)
        assert connection.exec_driver_sql("PRAGMA mmap_size").scalar() == 0
        raw = connection.connection.driver_connection
    with engine.connect() as connection:
        assert connection.connection.driver_connection is raw  # the same pooled connection
        # Mapping again (SQLite rounds the limit down to what its build allows).
        assert 0 < connection.exec_driver_sql("PRAGMA mmap_size").scalar() <= SQLITE_MMAP_BYTES
