"""A period with more changes than a page can hold lists the first ones and counts them all."""
from tracker.reports import computation
from tests.updates.helpers import recommendation, submit_update


def test_the_changes_list_is_capped_but_counted_in_full(app, db_session, login, monkeypatch):
    advocate = app.test_client()
    login(advocate, "advocate")
    for key in ("csos-support-comar", "csos-end-mpp"):
        submit_update(advocate, recommendation(db_session, key).id, status="in_progress",
                      note=f"Moved: {key}", effective_on="2021-05-10")
    monkeypatch.setattr(computation, "CHANGES_LIMIT", 1)
    staff = app.test_client()
    login(staff, "staff")
    html = staff.get("/reports/progress?from=2021-04-01&to=2021-06-30").get_data(as_text=True)
    assert "The first 1 of 2 changes are listed here" in html
    assert html.count("Moved: csos-") == 1
    assert "/export/status-updates.csv" in html
