"""Bulk data changes (staff): add or remove a theme, set the priority — each recommendation
edited through its own operation (version checked, a revision each), all saved or none."""

from sqlalchemy import select

from tests.workflow.helpers import mexico_recommendations, post
from tests.workflow.test_bulk import items_of
from tracker.recommendations.models import Recommendation
from tracker.revisions.models import Revision
from tracker.themes.models import Theme
from tracker.timeutil import utcnow


def unused_theme(db_session, recs) -> Theme:
    """A current theme none of ``recs`` is filed under."""
    used = {theme.id for rec in recs for theme in rec.themes}
    return next(
        theme
        for theme in db_session.scalars(select(Theme).where(Theme.retired_at.is_(None)).order_by(Theme.id))
        if theme.id not in used
    )


def revisions_of(db_session, ids) -> list[Revision]:
    return list(
        db_session.scalars(
            select(Revision)
            .where(Revision.target_type == "recommendation", Revision.target_id.in_(ids))
            .order_by(Revision.id)
        )
    )


def test_staff_add_then_remove_a_theme_on_every_matching_recommendation(client, db_session, login):
    login(client, "staff")
    recs = mexico_recommendations(db_session)
    ids = [rec.id for rec in recs]
    theme = unused_theme(db_session, recs)
    page = client.get("/recommendations/bulk?all=1&addressee=mexican-government").get_data(as_text=True)
    assert "Add a theme" in page and "Remove a theme" in page and "Set the priority" in page
    items = items_of(page)
    assert len(items) == 8
    before = len(revisions_of(db_session, ids))

    response = post(
        client,
        "/recommendations/bulk",
        items + [("action", "add_theme"), ("theme", theme.slug), ("reason", "")],
        page="/recommendations",
    )
    assert response.status_code == 302
    assert "Saved on 8 recommendations." in client.get(response.headers["Location"]).get_data(as_text=True)
    listed = client.get(f"/recommendations?addressee=mexican-government&theme={theme.slug}").get_data(as_text=True)
    assert "Showing 1–8 of 8" in listed
    added = revisions_of(db_session, ids)[before:]
    assert sorted(r.target_id for r in added) == sorted(ids)
    assert all(
        r.reason == f"Bulk change: theme “{theme.name}” added."
        and theme.slug in r.changes["themes"][1]
        and theme.slug not in r.changes["themes"][0]
        for r in added
    )
    # The history of each recommendation shows the edit.
    assert f"Bulk change: theme “{theme.name}” added." in client.get(f"/recommendations/{ids[0]}/history").get_data(
        as_text=True
    )

    items = items_of(client.get("/recommendations/bulk?all=1&addressee=mexican-government").get_data(as_text=True))
    response = post(
        client,
        "/recommendations/bulk",
        items + [("action", "remove_theme"), ("theme", theme.slug), ("reason", "Filed under it by mistake.")],
        page="/recommendations",
    )
    assert response.status_code == 302
    assert (
        "Showing"
        not in client.get(f"/recommendations?addressee=mexican-government&theme={theme.slug}")
        .get_data(as_text=True)
        .split("No recommendation matches")[0]
        .split('class="result-count"')[1]
    )
    removed = revisions_of(db_session, ids)[before + 8 :]
    assert len(removed) == 8 and {r.reason for r in removed} == {"Filed under it by mistake."}


def test_staff_set_high_priority_and_the_list_filters_and_marks_it(client, db_session, login):
    login(client, "staff")
    recs = mexico_recommendations(db_session)
    items = items_of(client.get("/recommendations/bulk?all=1&addressee=mexican-government").get_data(as_text=True))
    response = post(
        client,
        "/recommendations/bulk",
        items + [("action", "set_priority"), ("priority", "high"), ("reason", "Coalition focus for 2022.")],
        page="/recommendations",
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert {rec.priority for rec in recs} == {"high"}
    assert {r.reason for r in revisions_of(db_session, [rec.id for rec in recs])} >= {"Coalition focus for 2022."}

    cards = client.get("/recommendations?priority=high&layout=cards").get_data(as_text=True)
    assert "Showing 1–8 of 8" in cards and "Priority: High priority" in cards  # the chip
    assert cards.count('<span class="priority-high">High priority</span>') == 8
    table = client.get("/recommendations?priority=high&layout=table").get_data(as_text=True)
    assert table.count('<span class="priority-high">High priority</span>') == 8
    assert "Showing 1–8 of" not in client.get("/recommendations?priority=normal").get_data(as_text=True)
    assert "High priority" in client.get(f"/recommendations/{recs[0].id}").get_data(as_text=True)
    # Combined with another filter, in the API, and refused when unknown.
    assert (
        client.get("/recommendations?priority=high&status=implemented").get_data(as_text=True).count('class="rec-item"')
        == 0
    )
    api = client.get("/api/recommendations?priority=high&per_page=100").json
    assert api["total"] == 8 and {item["priority"] for item in api["items"]} == {"high"}
    bad = client.get("/recommendations?priority=urgent")
    assert bad.status_code == 400 and "Unknown priority" in bad.get_data(as_text=True)
    assert client.get("/api/recommendations?priority=urgent").status_code == 400


def test_a_conflicting_edit_saves_nothing_and_is_named(client, db_session, login, api):
    login(client, "staff")
    first, second, third = mexico_recommendations(db_session)[:3]
    theme = unused_theme(db_session, [first, second, third])
    items = items_of(
        client.get(f"/recommendations/bulk?ids={first.id}&ids={second.id}&ids={third.id}").get_data(as_text=True)
    )
    other, headers, _ = api("staff")
    edited = other.patch(
        f"/api/recommendations/{second.id}",
        headers=headers,
        json={"version": second.version, "reason": "Clearer summary.", "summary": "Protect migrants."},
    )
    assert edited.status_code == 200

    response = post(
        client,
        "/recommendations/bulk",
        items + [("action", "add_theme"), ("theme", theme.slug)],
        page="/recommendations",
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Nothing was saved" in page and f"#{second.id} Protect migrants." in page.split("Changed since you")[1]
    db_session.expire_all()
    assert all(theme not in rec.themes for rec in (first, second, third))
    retry = post(
        client,
        "/recommendations/bulk",
        items_of(page) + [("action", "add_theme"), ("theme", theme.slug)],
        page="/recommendations",
    )
    assert retry.status_code == 302
    db_session.expire_all()
    assert all(theme in rec.themes for rec in (first, second, third))


def test_bad_theme_and_priority_requests_are_refused_and_advocates_are_not_offered_them(app, client, db_session, login):
    login(client, "staff")
    first = mexico_recommendations(db_session)[0]
    item = [("item-0", f"{first.id}:{first.version}")]
    response = post(
        client,
        "/recommendations/bulk",
        item + [("action", "add_theme"), ("theme", "no-such-theme")],
        page="/recommendations",
    )
    assert response.status_code == 422 and "Choose a theme from the list." in response.get_data(as_text=True)
    response = post(
        client,
        "/recommendations/bulk",
        item + [("action", "set_priority"), ("priority", "urgent")],
        page="/recommendations",
    )
    assert response.status_code == 422 and "Choose normal or high." in response.get_data(as_text=True)
    response = post(
        client,
        "/recommendations/bulk",
        [("item-0", str(first.id)), ("action", "set_priority"), ("priority", "high")],
        page="/recommendations",
    )
    assert response.status_code == 422 and "needs the version you saw" in response.get_data(as_text=True)

    client = app.test_client()
    login(client, "advocate")
    page = client.get(f"/recommendations/bulk?ids={first.id}").get_data(as_text=True)
    assert "Add a theme" not in page and "Set the priority" not in page
    response = post(
        client,
        "/recommendations/bulk",
        item + [("action", "set_priority"), ("priority", "high")],
        page="/recommendations",
    )
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    db_session.expire_all()
    assert first.priority == "normal"


def test_theme_and_priority_in_bulk_through_the_api(api, db_session):
    client, headers, _ = api("staff")
    recs = mexico_recommendations(db_session)
    theme = unused_theme(db_session, recs)
    versions = {str(r.id): r.version for r in recs}
    body = {
        "ids": [r.id for r in recs],
        "versions": versions,
        "action": "add_theme",
        "theme": theme.slug,
        "reason": "Filed for the shelters campaign.",
    }
    done = client.post("/api/recommendations/bulk", json=body, headers=headers)
    assert done.status_code == 200 and done.json["saved"] == 8
    assert all(
        theme.slug in item["themes"] and item["version"] == versions[str(item["id"])] + 1 for item in done.json["items"]
    )
    stale = client.post(
        "/api/recommendations/bulk", headers=headers, json={**body, "action": "set_priority", "priority": "high"}
    )
    assert stale.status_code == 409 and len(stale.json["error"]["conflicts"]) == 8
    fresh = {str(item["id"]): item["version"] for item in done.json["items"]}
    high = client.post(
        "/api/recommendations/bulk",
        headers=headers,
        json={"ids": body["ids"], "versions": fresh, "action": "set_priority", "priority": "high"},
    )
    assert high.status_code == 200 and {item["priority"] for item in high.json["items"]} == {"high"}
    fresh = {str(item["id"]): item["version"] for item in high.json["items"]}

    no_versions = client.post("/api/recommendations/bulk", json={**body, "versions": {}}, headers=headers)
    assert no_versions.status_code == 422 and "item" in no_versions.json["error"]["fields"]
    unknown = client.post(
        "/api/recommendations/bulk", json={**body, "versions": fresh, "theme": "nope"}, headers=headers
    )
    assert unknown.status_code == 422 and "theme" in unknown.json["error"]["fields"]
    # A retired theme can be removed but not added: refused, nothing saved.
    used = {t.id for rec in recs for t in rec.themes} | {theme.id}
    retired = db_session.scalar(select(Theme).where(Theme.id.not_in(used), Theme.retired_at.is_(None)))
    retired.retired_at = utcnow()
    db_session.flush()
    refused = client.post(
        "/api/recommendations/bulk",
        headers=headers,
        json={"ids": body["ids"], "versions": fresh, "action": "add_theme", "theme": retired.slug},
    )
    assert refused.status_code == 422 and "Retired themes cannot be added" in refused.json["error"]["message"]
    db_session.expire_all()
    assert all(
        retired not in rec.themes
        for rec in db_session.scalars(select(Recommendation).where(Recommendation.id.in_(body["ids"])))
    )

    advocate, advocate_headers, _ = api("advocate")
    assert (
        advocate.post(
            "/api/recommendations/bulk",
            headers=advocate_headers,
            json={"ids": body["ids"], "versions": fresh, "action": "set_priority", "priority": "normal"},
        ).status_code
        == 403
    )


def test_high_priority_is_marked_in_the_progress_report_page_csv_and_pdf(client, db_session, login, api):
    import csv
    import io
    from datetime import date

    import pypdf

    from tests.updates.helpers import submit_update

    login(client, "staff")
    urgent, ordinary = mexico_recommendations(db_session)[:2]
    staff, headers, _ = api("staff")
    assert (
        staff.post(
            "/api/recommendations/bulk",
            headers=headers,
            json={
                "ids": [urgent.id],
                "versions": {str(urgent.id): urgent.version},
                "action": "set_priority",
                "priority": "high",
            },
        ).status_code
        == 200
    )
    for rec in (urgent, ordinary):
        submit_update(client, rec.id, status="no_action", note="Nothing changed.", effective_on="2021-04-01")
    query = f"from=2021-01-01&to={date.today().isoformat()}&addressee=mexican-government"

    page = client.get(f"/reports/progress?{query}").get_data(as_text=True)
    changes = page.split('id="changes-heading"')[1].split("</ol>")[0]
    marked = [li for li in changes.split('<li class="change') if 'class="priority-high"' in li]
    assert len(marked) == 1 and urgent.summary in marked[0]
    rows = list(csv.DictReader(io.StringIO(client.get(f"/reports/progress.csv?{query}").get_data(as_text=True))))
    priorities = {r["recommendation"]: r["priority"] for r in rows if r["section"] == "change"}
    assert priorities == {urgent.key: "high", ordinary.key: "normal"}
    assert {r["priority"] for r in rows if r["section"] == "not_updated" and r["recommendation"]} == {"normal"}
    pdf = client.get(f"/reports/progress.pdf?{query}")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert text.count("High priority") == 1


def test_recommendations_that_already_are_as_asked_are_left_unchanged_and_counted(client, db_session, login, api):
    login(client, "staff")
    recs = mexico_recommendations(db_session)[:3]
    theme = unused_theme(db_session, recs)
    staff, headers, _ = api("staff")
    first = staff.post(
        "/api/recommendations/bulk",
        headers=headers,
        json={
            "ids": [recs[0].id],
            "versions": {str(recs[0].id): recs[0].version},
            "action": "add_theme",
            "theme": theme.slug,
        },
    )
    assert first.json["saved"] == 1 and first.json["unchanged"] == []
    db_session.expire_all()
    before = len(revisions_of(db_session, [r.id for r in recs]))
    items = items_of(
        client.get("/recommendations/bulk?" + "&".join(f"ids={r.id}" for r in recs)).get_data(as_text=True)
    )
    response = post(
        client,
        "/recommendations/bulk",
        items + [("action", "add_theme"), ("theme", theme.slug)],
        page="/recommendations",
    )
    assert "Saved on 2 recommendations. 1 already was as asked and was left unchanged." in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    assert len(revisions_of(db_session, [r.id for r in recs])) == before + 2
