"""Issue 13's "Done when", step by step, once through the pages and once through the API:
an advocate signs in and sees what is theirs and overdue, updates the eight Mexico
recommendations in one action with one note and evidence, records the Mexican government's
response to one of them; a staff member filters "government says implemented, we disagree"
and saves that as a shared view, which the team then finds."""

from datetime import date, timedelta

from sqlalchemy import select

from tests.conftest import TEST_PASSWORD, read_csrf_token
from tests.workflow.helpers import mexico_recommendations, post
from tests.workflow.test_bulk import items_of
from tests.workflow.test_government_response import respond
from tracker.savedviews.models import SavedView
from tracker.updates.models import StatusUpdate

NOTE = "No sign of new INM offices; checked with partners in Tapachula."
EVIDENCE = "https://example.org/tapachula-report"
VIEW = "Government says implemented, we disagree"


def test_the_day_of_a_team_through_the_pages(app, client, db_session, make_user):
    ana = make_user("advocate", name="Ana")
    recs = mexico_recommendations(db_session)
    overdue = (date.today() - timedelta(days=2)).isoformat()

    signed_in = client.post(
        "/sign-in", data={"email": ana.email, "password": TEST_PASSWORD, "csrf_token": read_csrf_token(client)}
    )
    assert signed_in.headers["Location"] == "/my-work"
    post(client, f"/recommendations/{recs[0].id}/owners/take", {})
    post(client, f"/recommendations/{recs[0].id}/follow-up", {"due_on": overdue})
    my_work = client.get("/my-work").get_data(as_text=True)
    due = my_work.split('id="due"')[1].split('id="owned"')[0]
    assert f'/recommendations/{recs[0].id}"' in due and "overdue" in due

    # The eight, in one action, with one note and one piece of evidence.
    items = items_of(client.get("/recommendations/bulk?all=1&addressee=mexican-government").get_data(as_text=True))
    assert len(items) == 8
    saved = post(
        client,
        "/recommendations/bulk",
        items
        + [
            ("action", "status"),
            ("status", "no_action"),
            ("note", NOTE),
            ("effective_on", date.today().isoformat()),
            ("evidence_links", EVIDENCE),
            ("evidence_quotation", ""),
            ("evidence_source", ""),
            ("follow_up_move", ""),
        ],
        page="/recommendations",
    )
    assert saved.status_code == 302
    updates = list(
        db_session.scalars(select(StatusUpdate).where(StatusUpdate.recommendation_id.in_([r.id for r in recs])))
    )
    assert len(updates) == 8 and {u.note for u in updates} == {NOTE}
    assert all([e.url for e in u.evidence] == [EVIDENCE] for u in updates)

    # The Mexican government's response to one of them.
    answered = recs[3]
    assert (
        respond(
            client,
            answered.id,
            {
                "response": "accepted",
                "claims_implemented": "y",
                "responded_on": date.today().isoformat(),
                "source_url": "https://gob.mx/comunicado/123",
                "quotation": "",
                "source": "",
                "note": "The press release says the offices are open.",
            },
        ).status_code
        == 302
    )
    page = client.get(f"/recommendations/{answered.id}").get_data(as_text=True)
    assert "Says it is implemented" in page and "No action" in page

    # Staff filter "government says implemented, we disagree" and share it.
    staff = app.test_client()
    staff.post(
        "/sign-in",
        data={"email": make_user("staff").email, "password": TEST_PASSWORD, "csrf_token": read_csrf_token(staff)},
    )
    listed = staff.get("/recommendations?disputed=1").get_data(as_text=True)
    assert "Showing 1–1 of 1" in listed and f'/recommendations/{answered.id}"' in listed
    shared = post(
        staff,
        "/views",
        {"name": VIEW, "shared": "y", "query": "disputed=1&layout=cards"},
        page="/recommendations?disputed=1",
    )
    view = db_session.scalar(select(SavedView).where(SavedView.name == VIEW))
    assert shared.status_code == 302 and view.shared

    # The advocate finds it on My work and opens it.
    my_work = client.get("/my-work").get_data(as_text=True)
    assert VIEW in my_work and f'/views/{view.id}"' in my_work
    opened = client.get(client.get(f"/views/{view.id}").headers["Location"]).get_data(as_text=True)
    assert f'/recommendations/{answered.id}"' in opened and "Showing 1–1 of 1" in opened


def test_the_day_of_a_team_through_the_api(api, db_session):
    client, headers, _ = api("advocate")
    recs = mexico_recommendations(db_session)
    overdue = (date.today() - timedelta(days=2)).isoformat()
    assert client.post(f"/api/recommendations/{recs[0].id}/owners/me", headers=headers).status_code == 200
    assert (
        client.put(
            f"/api/recommendations/{recs[0].id}/follow-up", json={"due_on": overdue}, headers=headers
        ).status_code
        == 200
    )
    mine = client.get("/api/recommendations?owner=me&follow_up=overdue", headers=headers).json
    assert [item["id"] for item in mine["items"]] == [recs[0].id] and mine["items"][0]["follow_up_on"] == overdue

    listed = client.get("/api/recommendations?addressee=mexican-government&per_page=100", headers=headers).json
    assert listed["total"] == 8
    done = client.post(
        "/api/recommendations/bulk",
        headers=headers,
        json={
            "ids": [item["id"] for item in listed["items"]],
            "action": "status",
            "status": "no_action",
            "note": NOTE,
            "effective_on": date.today().isoformat(),
            "evidence": [{"url": EVIDENCE}],
            "versions": {str(item["id"]): item["version"] for item in listed["items"]},
        },
    )
    assert done.status_code == 200 and done.json["saved"] == 8
    assert len(db_session.scalars(select(StatusUpdate).where(StatusUpdate.note == NOTE)).all()) == 8

    answered = recs[3]
    created = client.post(
        f"/api/recommendations/{answered.id}/responses",
        headers=headers,
        json={
            "response": "accepted",
            "claims_implemented": True,
            "responded_on": date.today().isoformat(),
            "source_url": "https://gob.mx/comunicado/123",
            "note": "The press release says the offices are open.",
        },
    )
    assert created.status_code == 201

    staff, staff_headers, _ = api("staff")
    disputed = staff.get("/api/recommendations?disputed=1", headers=staff_headers).json
    assert [item["id"] for item in disputed["items"]] == [answered.id]
    assert disputed["items"][0]["government_response"]["claims_implemented"] is True
    view = staff.post("/api/views", headers=staff_headers, json={"name": VIEW, "query": "disputed=1", "shared": True})
    assert view.status_code == 201
    team_views = client.get("/api/views", headers=headers).json["items"]
    assert [(v["name"], v["shared"]) for v in team_views] == [(VIEW, True)]
    assert [item["id"] for item in client.get(team_views[0]["api_url"], headers=headers).json["items"]] == [answered.id]
