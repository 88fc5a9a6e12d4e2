"""The history over JSON: GET it freely, POST to it with a personal API token."""

from datetime import date, timedelta

from sqlalchemy import func, select

from tests.updates.helpers import recommendation
from tracker.accounts.tokens import create_api_token, revoke_api_token
from tracker.updates.models import StatusUpdate


def bearer(db_session, user) -> dict:
    _, raw = create_api_token(db_session, user, "tests")
    db_session.commit()
    return {"Authorization": f"Bearer {raw}"}


def history(client, rec_id) -> dict:
    response = client.get(f"/api/recommendations/{rec_id}/updates")
    assert response.status_code == 200
    return response.get_json()


def post(client, rec_id, headers, **body):
    return client.post(f"/api/recommendations/{rec_id}/updates", json=body, headers=headers)


def test_post_appends_to_the_history_and_get_returns_it(client, db_session, make_user):
    headers = bearer(db_session, make_user(role="advocate"))
    rec = recommendation(db_session)
    version = history(client, rec.id)["version"]
    response = post(
        client,
        rec.id,
        headers,
        version=version,
        status="partially_implemented",
        note="Some sites opened.",
        effective_on="2021-08-01",
        evidence=[{"url": "https://example.org/a"}, {"quotation": "Sites opened", "source": "DHS"}],
    )
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["to_status"] == "partially_implemented" and created["from_status"] == "not_assessed"
    assert created["evidence"] == [{"url": "https://example.org/a"}, {"quotation": "Sites opened", "source": "DHS"}]
    body = history(client, rec.id)
    assert body["status"] == "partially_implemented"
    assert body["version"] == version + 1
    assert [item["id"] for item in body["items"]] == [created["id"]]
    listed = client.get("/api/recommendations?status=partially_implemented").get_json()
    assert rec.id in [item["id"] for item in listed["items"]]


def test_effective_date_defaults_to_today(client, db_session, make_user):
    headers = bearer(db_session, make_user(role="advocate"))
    rec = recommendation(db_session)
    response = post(client, rec.id, headers, version=history(client, rec.id)["version"], note="Checked.")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["effective_on"] == date.today().isoformat()


def test_a_stale_version_is_refused_with_what_changed(client, db_session, make_user):
    headers = bearer(db_session, make_user(role="advocate"))
    rec = recommendation(db_session)
    seen = history(client, rec.id)["version"]
    assert post(client, rec.id, headers, version=seen, status="in_progress", note="First").status_code == 201
    refused = post(client, rec.id, headers, version=seen, status="rejected", note="Second")
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["current_version"] == seen + 1
    assert [change["note"] for change in error["changes"]] == ["First"]
    assert [item["note"] for item in history(client, rec.id)["items"]] == ["First"]


def test_invalid_fields_are_a_422_listing_each_field(client, db_session, make_user):
    headers = bearer(db_session, make_user(role="advocate"))
    rec = recommendation(db_session)
    version = history(client, rec.id)["version"]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = post(
        client,
        rec.id,
        headers,
        version=version,
        note="",
        effective_on=tomorrow,
        evidence=[{"url": "javascript:alert(1)"}],
    )
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) >= {"note", "effective_on", "evidence_links"}
    for body in ({"note": "x"}, "not an object", {"version": "abc", "note": "x"}):
        response = client.post(f"/api/recommendations/{rec.id}/updates", json=body, headers=headers)
        assert response.status_code in (400, 415, 422), body
        assert "error" in response.get_json()
    assert db_session.scalar(select(func.count()).select_from(StatusUpdate)) == 0


def test_tokens_are_required_and_checked(client, db_session, make_user):
    rec = recommendation(db_session)
    version = history(client, rec.id)["version"]
    assert post(client, rec.id, {}, version=version, note="x").status_code in (400, 401)
    assert post(client, rec.id, {"Authorization": "Bearer trk_wrong"}, version=version, note="x").status_code == 401
    viewer_headers = bearer(db_session, make_user(role="viewer"))
    assert post(client, rec.id, viewer_headers, version=version, note="x").status_code == 403
    advocate = make_user(role="advocate")
    token, raw = create_api_token(db_session, advocate, "soon revoked")
    revoke_api_token(db_session, token, actor=advocate)
    db_session.commit()
    assert post(client, rec.id, {"Authorization": f"Bearer {raw}"}, version=version, note="x").status_code == 401
    assert db_session.scalar(select(func.count()).select_from(StatusUpdate)) == 0


def test_unknown_recommendation_is_a_json_404(client):
    assert client.get("/api/recommendations/999999/updates").status_code == 404
