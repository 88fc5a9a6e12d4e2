"""GET /api/recommendations: the list's filters as JSON, paginated."""

from sqlalchemy import func, select

from tracker.recommendations.models import Recommendation


def test_items_have_the_documented_fields(client):
    body = client.get("/api/recommendations?per_page=5").get_json()
    assert set(body) >= {"items", "total", "page", "per_page", "next"}
    item = body["items"][0]
    assert set(item) >= {"id", "text", "quote", "status", "document", "makers", "addressees", "themes"}
    assert set(item["document"]) >= {"id", "title"}
    assert set(item["makers"][0]) >= {"id", "name"}
    assert set(item["addressees"][0]) >= {"id", "name"}
    assert set(item["themes"][0]) >= {"slug", "name"}


def test_pages_follow_the_next_link_to_the_end(client, db_session):
    total = db_session.scalar(select(func.count()).select_from(Recommendation))
    seen, url = [], "/api/recommendations?per_page=10"
    while url:
        body = client.get(url).get_json()
        seen += [item["id"] for item in body["items"]]
        url = body["next"] and body["next"].replace("http://localhost", "")
    assert len(seen) == len(set(seen)) == total


def test_per_page_accepts_100(client, db_session):
    body = client.get("/api/recommendations?per_page=100").get_json()
    assert body["per_page"] == 100
    assert len(body["items"]) == body["total"]


def test_filters_are_the_list_filters(client):
    body = client.get("/api/recommendations?addressee=mexican-government&theme=impunity-and-justice").get_json()
    assert body["total"] >= 1
    for item in body["items"]:
        assert "impunity-and-justice" in {t["slug"] for t in item["themes"]}


def test_actor_ids_work_as_filters_too(client):
    first = client.get("/api/recommendations?per_page=1").get_json()["items"][0]
    addressee_id = first["addressees"][0]["id"]
    body = client.get(f"/api/recommendations?addressee={addressee_id}&per_page=100").get_json()
    assert first["id"] in [item["id"] for item in body["items"]]


def test_bad_filters_are_a_json_400(client):
    response = client.get("/api/recommendations?status=nope")
    assert response.status_code == 400
    assert "Unknown status 'nope'" in response.get_json()["error"]["message"]


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404
