"""The curation API: PATCH, revisions, restore, retire, merge, split — staff with a token only."""

import pytest

from tests.updates.helpers import recommendation
from tracker.accounts.tokens import create_api_token


@pytest.fixture()
def staff_headers(db_session, make_user):
    _token, raw = create_api_token(db_session, make_user("staff"), "curation tests")
    return {"Authorization": f"Bearer {raw}"}


def patch(client, rec_id, headers, **body):
    return client.patch(f"/api/recommendations/{rec_id}", json=body, headers=headers)


def test_patch_changes_fields_and_returns_the_new_version(client, db_session, staff_headers):
    rec = recommendation(db_session)
    version = rec.version
    response = patch(
        client,
        rec.id,
        staff_headers,
        version=version,
        reason="Typo",
        summary="Fixed summary",
        summary_es="Resumen corregido",
        priority="high",
        addressees=["dhs", "wola"],
        makers=[{"actor": "human-rights-first", "role": "lead"}, {"actor": "wola", "role": "co-signer"}],
        themes=["title-42"],
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["version"] == version + 1 and body["summary"] == "Fixed summary" and body["priority"] == "high"
    assert [m["slug"] for m in body["makers"]] == ["human-rights-first", "wola"]
    assert sorted(a["slug"] for a in body["addressees"]) == ["dhs", "wola"]
    revisions = client.get(f"/api/recommendations/{rec.id}/revisions").get_json()["items"]
    assert revisions[0]["reason"] == "Typo" and revisions[0]["changes"]["priority"] == ["normal", "high"]
    assert {"id", "user", "created_at", "reason", "changes"} <= set(revisions[0])
    # Spanish readers see the Spanish summary; the quote stays in its language.
    page = client.get(f"/recommendations/{rec.id}", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Resumen corregido" in page


def test_a_stale_version_is_a_409_with_the_revisions_since(client, db_session, staff_headers):
    rec = recommendation(db_session)
    version = rec.version
    assert patch(client, rec.id, staff_headers, version=version, reason="One", priority="high").status_code == 200
    response = patch(client, rec.id, staff_headers, version=version, reason="Two", summary="Lost?")
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["current_version"] == version + 1 and error["changes"][0]["reason"] == "One"


def test_bad_fields_are_a_422_naming_each(client, db_session, staff_headers):
    rec = recommendation(db_session)
    response = patch(
        client,
        rec.id,
        staff_headers,
        version=rec.version,
        reason="x",
        summary="",
        addressees=["no-such-actor"],
        quote_start=10,
        quote_end=5,
        colour="red",
    )
    assert response.status_code == 422
    assert {"addressees", "colour"} <= set(response.get_json()["error"]["fields"])
    response = patch(
        client, rec.id, staff_headers, version=rec.version, reason="x", summary="", quote_start=10, quote_end=5
    )
    assert response.status_code == 422
    assert {"summary", "quote_start"} <= set(response.get_json()["error"]["fields"])


def test_restore_retire_merge_and_split(client, db_session, staff_headers):
    rec = recommendation(db_session)
    original = rec.summary
    edited = patch(client, rec.id, staff_headers, version=rec.version, reason="Oops", summary="Oops").get_json()
    revision = client.get(f"/api/recommendations/{rec.id}/revisions").get_json()["items"][0]["id"]
    restored = client.post(
        f"/api/recommendations/{rec.id}/revisions/{revision}/restore",
        headers=staff_headers,
        json={"version": edited["version"], "reason": "Undo"},
    )
    assert restored.status_code == 200 and restored.get_json()["summary"] == original

    retired = client.post(f"/api/recommendations/{rec.id}/retire", headers=staff_headers, json={"reason": "mistake"})
    assert retired.status_code == 200 and retired.get_json()["retired"]["reason"] == "mistake"
    back = client.post(f"/api/recommendations/{rec.id}/restore", headers=staff_headers, json={"reason": "No"})
    assert back.status_code == 200 and back.get_json()["retired"] is None

    other = recommendation(db_session, "wola-report-vulnerability-criteria")
    merged = client.post(
        f"/api/recommendations/{other.id}/merge", headers=staff_headers, json={"into": rec.id, "reason": "Duplicate"}
    )
    assert merged.status_code == 200 and merged.get_json()["id"] == rec.id
    moved = client.get(f"/api/recommendations/{other.id}")
    assert moved.status_code == 308 and moved.headers["Location"].endswith(f"/api/recommendations/{rec.id}")

    current = client.get(f"/api/recommendations/{rec.id}").get_json()
    start, end = current["quote_start"], current["quote_end"]
    middle = (start + end) // 2
    split = client.post(
        f"/api/recommendations/{rec.id}/split",
        headers=staff_headers,
        json={
            "version": current["version"],
            "reason": "Two asks",
            "parts": [
                {"summary": "A", "quote_start": start, "quote_end": middle},
                {"summary": "B", "quote_start": middle, "quote_end": end},
            ],
        },
    )
    assert split.status_code == 201 and [r["summary"] for r in split.get_json()["items"]] == ["A", "B"]


@pytest.mark.parametrize("role", ["viewer", "advocate"])
def test_viewers_and_advocates_get_403(client, db_session, make_user, role):
    rec = recommendation(db_session)
    _token, raw = create_api_token(db_session, make_user(role), "t")
    headers = {"Authorization": f"Bearer {raw}"}
    assert patch(client, rec.id, headers, version=rec.version, reason="x", summary="y").status_code == 403
    for action, body in (("retire", {"reason": "mistake"}), ("merge", {"into": 1, "reason": "x"})):
        assert client.post(f"/api/recommendations/{rec.id}/{action}", json=body, headers=headers).status_code == 403


def test_a_browser_cookie_cannot_change_anything_through_the_api(client, db_session, login):
    # API writes need a token (docs/security.md): a signed-in browser's cookie gets 401.
    rec = recommendation(db_session)
    login(client, "staff")
    response = client.patch(
        f"/api/recommendations/{rec.id}", json={"version": rec.version, "reason": "x", "summary": "y"}
    )
    assert response.status_code == 401 and "need an API token" in response.json["error"]["message"]
    assert client.patch(f"/api/recommendations/{rec.id}", json={}).status_code == 401


def test_the_command_line_retires_brings_back_and_merges(cli, db_session, make_user):
    rec = recommendation(db_session)
    other = recommendation(db_session, "wola-report-vulnerability-criteria")
    staff = make_user("staff")
    result = cli.invoke(args=["recommendations", "retire", str(rec.id), "mistake", "--as", staff.email])
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    assert rec.retired_at is not None
    refused = cli.invoke(args=["recommendations", "retire", str(rec.id), "mistake"])
    assert refused.exit_code != 0 and "already retired" in refused.output
    assert cli.invoke(args=["recommendations", "unretire", str(rec.id), "--reason", "Back"]).exit_code == 0
    merged = cli.invoke(args=["recommendations", "merge", str(other.id), str(rec.id), "--reason", "Same"])
    assert merged.exit_code == 0, merged.output
    db_session.expire_all()
    assert other.merged_into_id == rec.id


def test_anonymous_api_writes_are_a_401(client, db_session):
    rec = recommendation(db_session)
    response = client.post(f"/api/recommendations/{rec.id}/retire", json={"reason": "mistake"})
    assert response.status_code == 401 and response.get_json()["error"]["status"] == 401
