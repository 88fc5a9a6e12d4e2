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
