"""A period with more changes than a page can hold lists the first ones and counts them all."""

from tests.updates.helpers import recommendation, submit_update
from tracker.reports import computation


def test_the_changes_list_is_capped_but_counted_in_full(app, db_session, login, monkeypatch):
    advocate = app.test_client()
    login(advocate, "advocate")
    for key in ("csos-support-comar", "csos-end-mpp"):
        submit_update(
            advocate,
            recommendation(db_session, key).id,
            status="in_progress",
            note=f"Moved: {key}",
            effective_on="2021-05-10",
        )
    monkeypatch.setattr(computation, "CHANGES_LIMIT", 1)
    staff = app.test_client()
    login(staff, "staff")
    html = staff.get("/reports/progress?from=2021-04-01&to=2021-06-30").get_data(as_text=True)
    assert "The first 1 of 2 changes are listed here" in html
    assert html.count("Moved: csos-") == 1
    assert "/export/status-updates.csv" in html


def test_the_page_lists_fewer_rows_than_the_csv_and_the_saved_report(app, db_session, login, monkeypatch, csrf_token):
    """The page's first view shows the figures and the first rows of each list; the CSV and a
    saved report keep the longer lists, and the totals are the same everywhere."""
    from tracker.reports import views
    from tracker.reports.models import SavedReport

    advocate = app.test_client()
    login(advocate, "advocate")
    for key in ("csos-support-comar", "csos-end-mpp"):
        submit_update(
            advocate,
            recommendation(db_session, key).id,
            status="in_progress",
            note=f"Moved: {key}",
            effective_on="2021-05-10",
        )
    monkeypatch.setattr(views, "PAGE_LIST_LIMIT", 1)
    staff = app.test_client()
    login(staff, "staff")
    query = "from=2021-04-01&to=2021-06-30"
    html = staff.get(f"/reports/progress?{query}").get_data(as_text=True)
    assert "The first 1 of 2 changes are listed here" in html
    assert html.count("Moved: csos-") == 1
    assert "The first 1 of " in html.split('id="not-updated-heading"')[1]
    csv = staff.get(f"/reports/progress.csv?{query}").get_data(as_text=True)
    assert "Moved: csos-support-comar" in csv and "Moved: csos-end-mpp" in csv
    token = csrf_token(staff, f"/reports/progress?{query}")
    response = staff.post("/reports/saved", data={"csrf_token": token, "from": "2021-04-01", "to": "2021-06-30"})
    assert response.status_code == 302
    saved = db_session.query(SavedReport).order_by(SavedReport.id.desc()).first()
    assert len(saved.content["changes"]) == 2 and saved.content["changes_total"] == 2
