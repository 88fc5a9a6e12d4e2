"""Saved views (private or shared, stable URLs) and the My work landing page."""

import re
from datetime import date, timedelta

from sqlalchemy import select

from tests.workflow.helpers import mexico_recommendations, post
from tracker.savedviews.models import SavedView


def test_staff_save_the_disputed_filter_as_a_shared_view_the_team_opens(app, client, db_session, login):
    login(client, "staff")
    response = post(
        client,
        "/views",
        {
            "name": "Government says implemented, we disagree",
            "shared": "y",
            "query": "disputed=1&addressee=mexican-government&page=3",
        },
        page="/recommendations?disputed=1",
    )
    assert response.status_code == 302
    view = db_session.scalar(select(SavedView))
    assert view.shared and view.query == "disputed=1&addressee=mexican-government"
    assert response.headers["Location"] == f"/recommendations?{view.query}&view={view.id}"
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "— Government says implemented, we disagree" in shown and "Update “Government says" in shown

    colleague = app.test_client()
    login(colleague, "advocate")
    assert colleague.get(f"/views/{view.id}").headers["Location"].endswith(f"?{view.query}&view={view.id}")
    assert "Government says implemented, we disagree" in colleague.get("/recommendations").get_data(as_text=True)
    assert "Government says implemented, we disagree" in colleague.get("/my-work").get_data(as_text=True)

    # Renaming keeps the address.
    response = post(
        client,
        f"/views/{view.id}",
        {"prefix": f"v{view.id}-", f"v{view.id}-name": "Disputed", f"v{view.id}-shared": "y"},
        page="/views",
    )
    assert response.status_code == 302
    assert client.get(f"/views/{view.id}").status_code == 302
    db_session.expire_all()
    assert view.name == "Disputed"
    # Only its owner changes or deletes it.
    assert post(colleague, f"/views/{view.id}/delete", {}, page="/views").status_code == 404
    assert post(client, f"/views/{view.id}/delete", {}, page="/views").status_code == 302
    assert client.get(f"/views/{view.id}").status_code == 404


def test_private_views_stay_private_and_bad_views_are_refused(app, client, db_session, login):
    login(client, "advocate")
    post(client, "/views", {"name": "Mine", "query": "owner=me"}, page="/recommendations")
    view = db_session.scalar(select(SavedView))
    assert not view.shared
    other = app.test_client()
    login(other, "advocate")
    assert other.get(f"/views/{view.id}").status_code == 404
    assert "Mine" not in other.get("/views").get_data(as_text=True)
    response = post(client, "/views", {"name": "Broken", "query": "status=unknown"}, page="/recommendations")
    assert "Unknown status" in client.get(response.headers["Location"]).get_data(as_text=True)
    response = post(client, "/views", {"name": "", "query": "status=no_action"}, page="/recommendations")
    assert "Give the view a name." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db_session.scalar(select(SavedView).where(SavedView.name == "Broken")) is None
    assert app.test_client().get(f"/views/{view.id}").status_code == 302  # anonymous: sign in first


def test_my_work_shows_what_is_mine_and_overdue_and_says_when_a_section_is_empty(client, db_session, login):
    login(client, "advocate")
    page = client.get("/my-work").get_data(as_text=True)
    for empty in (
        "Nothing of yours is due.",
        "You do not own any recommendation yet.",
        "No reviewer has asked you for changes.",
        "No intake document is waiting for review.",
        "No saved views yet.",
    ):
        assert empty in page, empty
    assert re.search(r'href="/recommendations\?[^"]*owner=me', page)

    first, second = mexico_recommendations(db_session)[:2]
    for rec in (first, second):
        post(client, f"/recommendations/{rec.id}/owners/take", {})
    post(client, f"/recommendations/{first.id}/follow-up", {"due_on": (date.today() - timedelta(days=3)).isoformat()})
    page = client.get("/my-work").get_data(as_text=True)
    due = page.split('id="due"')[1].split('id="owned"')[0]
    assert f'/recommendations/{first.id}"' in due and f'/recommendations/{second.id}"' not in due
    assert "overdue" in due
    owned = page.split('id="owned"')[1].split('id="reports"')[0]
    assert f'/recommendations/{first.id}"' in owned and f'/recommendations/{second.id}"' in owned


def test_my_work_needs_an_advocate(app, client, login):
    assert client.get("/my-work").status_code == 302
    login(client, "viewer")
    assert client.get("/my-work").status_code == 403


def test_a_saved_view_keeps_filters_sort_layout_and_columns(app, client, db_session, login):
    login(client, "staff")
    for rec in mexico_recommendations(db_session)[:3]:
        rec.priority = "high"
    db_session.flush()
    listed = client.get("/recommendations?priority=high&sort=summary&layout=table&cols=themes&cols=priority")
    html = listed.get_data(as_text=True)
    # The save form carries the list's whole state, layout and columns included.
    query = re.search(r'class="inline-form save-view-form".*?name="query" value="([^"]*)"', html, re.S).group(1)
    query = query.replace("&amp;", "&")
    assert query == "sort=summary&priority=high&cols=summary&cols=priority&cols=themes&layout=table"
    response = post(
        client, "/views", {"name": "Priorities by theme", "shared": "y", "query": query}, page="/recommendations"
    )
    view = db_session.scalar(select(SavedView))
    assert view.query == query

    colleague = app.test_client()
    login(colleague, "advocate")
    colleague.get("/recommendations?layout=cards")  # remembers cards: the view still opens as its table
    opened = colleague.get(colleague.get(f"/views/{view.id}").headers["Location"]).get_data(as_text=True)
    head = opened.split('class="data-table compact rec-table"')[1].split("</thead>")[0]
    assert [h for h in ("Summary", "Priority", "Themes", "Status", "Addressed to") if f">{h}</th>" in head] == [
        "Summary",
        "Priority",
        "Themes",
    ]
    assert '<option value="summary" selected>' in opened and "Priority: High priority" in opened
    assert response.headers["Location"] == f"/recommendations?{query}&view={view.id}"
    refused = post(client, "/views", {"name": "Odd", "query": "layout=grid"}, page="/recommendations")
    assert "Unknown layout" in client.get(refused.headers["Location"]).get_data(as_text=True)
