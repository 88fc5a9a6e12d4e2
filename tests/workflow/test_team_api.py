"""The JSON API of team workflow: the same rules as the pages, with a personal API token."""

from datetime import date, timedelta

from sqlalchemy import func, select

from tests.workflow.helpers import mexico_recommendations
from tracker.updates.models import StatusUpdate


def test_owners_follow_up_and_team_through_the_api(api, db_session, make_user):
    staff_client, staff, _ = api("staff")
    client, headers, ana = api("advocate")
    rec = mexico_recommendations(db_session)[0]
    people = staff_client.get("/api/team", headers=staff).json["items"]
    assert {"id": ana.id, "name": ana.display_name, "role": "advocate"} in people
    assert all("email" not in person for person in people)

    taken = client.post(f"/api/recommendations/{rec.id}/owners/me", headers=headers)
    assert taken.status_code == 200 and taken.json["owners"] == [{"id": ana.id, "name": ana.display_name}]
    again = api("advocate")
    assert again[0].post(f"/api/recommendations/{rec.id}/owners/me", headers=again[1]).status_code == 409
    assert client.put(f"/api/recommendations/{rec.id}/owners", json={"owners": []}, headers=headers).status_code == 403

    due = (date.today() - timedelta(days=1)).isoformat()
    saved = client.put(f"/api/recommendations/{rec.id}/follow-up", json={"due_on": due}, headers=headers)
    assert saved.status_code == 200 and saved.json["follow_up_on"] == due
    bad = client.put(f"/api/recommendations/{rec.id}/follow-up", json={"due_on": "soon"}, headers=headers)
    assert bad.status_code == 422 and "due_on" in bad.json["error"]["fields"]

    listed = client.get("/api/recommendations?owner=me&follow_up=overdue", headers=headers).json
    assert [item["id"] for item in listed["items"]] == [rec.id]
    assert listed["items"][0]["owners"] == [{"id": ana.id, "name": ana.display_name}]
    assert listed["items"][0]["follow_up_on"] == due
    anonymous = client.get(f"/api/recommendations/{rec.id}").json
    assert "owners" not in anonymous and "follow_up_on" not in anonymous and anonymous["government_response"] is None

    ben = make_user("advocate", name="Ben")
    replaced = staff_client.put(f"/api/recommendations/{rec.id}/owners", json={"owners": [ben.id]}, headers=staff)
    assert replaced.status_code == 200 and [o["id"] for o in replaced.json["owners"]] == [ben.id]
    unknown = staff_client.put(f"/api/recommendations/{rec.id}/owners", json={"owners": [999999]}, headers=staff)
    assert unknown.status_code == 422 and "999999" in unknown.json["error"]["message"]
    assert (
        staff_client.put(f"/api/recommendations/{rec.id}/owners", json={"owners": "ben"}, headers=staff).status_code
        == 422
    )
    assert client.delete(f"/api/recommendations/{rec.id}/owners/me", headers=headers).status_code == 409


def test_government_responses_through_the_api(api, db_session):
    client, headers, _ = api("advocate")
    rec = mexico_recommendations(db_session)[0]
    body = {
        "response": "accepted",
        "claims_implemented": True,
        "responded_on": "2021-05-04",
        "source_url": "https://gob.mx/x",
        "note": "Press conference.",
    }
    created = client.post(f"/api/recommendations/{rec.id}/responses", json=body, headers=headers)
    assert created.status_code == 201 and created.json["claims_implemented"] is True
    history = client.get(f"/api/recommendations/{rec.id}/responses").json
    assert history["current"]["response"] == "accepted" and len(history["items"]) == 1
    assert client.get(f"/api/recommendations/{rec.id}").json["government_response"]["source_url"] == "https://gob.mx/x"
    missing_source = client.post(
        f"/api/recommendations/{rec.id}/responses", json=dict(body, source_url=""), headers=headers
    )
    assert missing_source.status_code == 422 and "source_url" in missing_source.json["error"]["fields"]
    assert (
        client.post(
            f"/api/recommendations/{rec.id}/responses", json=dict(body, claims_implemented="yes"), headers=headers
        ).status_code
        == 422
    )
    assert client.post(f"/api/recommendations/{rec.id}/responses", data="x", headers=headers).status_code == 415
    viewer = api("viewer")
    assert viewer[0].post(f"/api/recommendations/{rec.id}/responses", json=body, headers=viewer[1]).status_code == 403


def test_bulk_status_update_through_the_api_all_or_nothing(api, db_session):
    client, headers, _ = api("advocate")
    recs = mexico_recommendations(db_session)
    versions = {str(r.id): r.version for r in recs}
    body = {
        "ids": [r.id for r in recs],
        "versions": versions,
        "action": "status",
        "status": "in_progress",
        "note": "Shelters report new INM procedures.",
        "effective_on": "2022-03-01",
        "evidence": [{"url": "https://example.org/inm"}, {"quotation": "Se abrieron oficinas.", "source": "INM"}],
    }
    stale = dict(body, versions=dict(versions, **{str(recs[2].id): recs[2].version - 1 if recs[2].version > 1 else 99}))
    conflict = client.post("/api/recommendations/bulk", json=stale, headers=headers)
    assert conflict.status_code == 409 and [c["id"] for c in conflict.json["error"]["conflicts"]] == [recs[2].id]
    assert db_session.scalar(select(func.count()).select_from(StatusUpdate)) == 0

    done = client.post("/api/recommendations/bulk", json=body, headers=headers)
    assert done.status_code == 200 and done.json["saved"] == 8
    assert all(item["status"] == "in_progress" for item in done.json["items"])
    assert db_session.scalar(select(func.count()).select_from(StatusUpdate)) == 8

    no_versions = client.post("/api/recommendations/bulk", json=dict(body, versions={}), headers=headers)
    assert no_versions.status_code == 422 and "item" in no_versions.json["error"]["fields"]
    owners = client.post(
        "/api/recommendations/bulk", json={"ids": [recs[0].id], "action": "add_owners", "owners": [1]}, headers=headers
    )
    assert owners.status_code == 403
    assert (
        client.post("/api/recommendations/bulk", json={"ids": "all", "action": "status"}, headers=headers).status_code
        == 422
    )
    assert (
        client.post(
            "/api/recommendations/bulk", json={"ids": [999999], "action": "follow_up"}, headers=headers
        ).status_code
        == 422
    )


def test_saved_views_through_the_api(api):
    client, headers, ana = api("advocate")
    created = client.post(
        "/api/views",
        json={"name": "Disputed in Mexico", "shared": True, "query": "disputed=1&addressee=mexican-government"},
        headers=headers,
    )
    assert created.status_code == 201
    view = created.json
    assert view["url"].endswith(f"/views/{view['id']}") and view["api_url"].endswith("?" + view["query"])
    other_client, other, _ = api("advocate")
    assert [v["id"] for v in other_client.get("/api/views", headers=other).json["items"]] == [view["id"]]
    assert other_client.patch(f"/api/views/{view['id']}", json={"name": "Mine now"}, headers=other).status_code == 404
    renamed = client.patch(f"/api/views/{view['id']}", json={"name": "Disputed", "shared": False}, headers=headers)
    assert renamed.status_code == 200 and renamed.json["name"] == "Disputed" and renamed.json["shared"] is False
    assert other_client.get(f"/api/views/{view['id']}", headers=other).status_code == 404
    bad = client.post("/api/views", json={"name": "x", "query": "status=nope"}, headers=headers)
    assert bad.status_code == 422 and "Unknown status" in bad.json["error"]["message"]
    assert client.post("/api/views", json={"name": 5, "query": ""}, headers=headers).status_code == 422
    assert client.delete(f"/api/views/{view['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/views/{view['id']}", headers=headers).status_code == 404
