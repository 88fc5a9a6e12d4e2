"""The dashboard: status bars with tables, recent changes, stale recommendations."""

from datetime import timedelta

from sqlalchemy import select

from tests.reports.history import A, build_history
from tracker.recommendations.models import Recommendation
from tracker.timeutil import utcnow
from tracker.updates.models import StatusUpdate


def test_charts_tables_recent_and_stale(app, client, db_session, make_user, login, monkeypatch):
    build_history(db_session, make_user("advocate", name="Ana Advocate"))
    monkeypatch.setitem(app.config, "STALE_AFTER_DAYS", 30)
    # Stale counts from the last status update, else from when the recommendation was made
    # (its document's date), else from when it was added: the seed documents are years old,
    # so every recommendation without an update is stale, whatever day the seeds were loaded.
    cutoff = (utcnow() - timedelta(days=30)).date()
    updated = set(db_session.scalars(select(StatusUpdate.recommendation_id)))
    stale_count = sum(
        1
        for rec in db_session.scalars(select(Recommendation))
        if rec.id not in updated and rec.document.published_on is not None and rec.document.published_on < cutoff
    )
    assert 0 < stale_count < db_session.query(Recommendation).count()
    login(client, "staff")
    response = client.get("/reports")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # One bar for everything, then one per addressee, maker and theme, each segment a link.
    for facet in ("addressee", "maker", "theme"):
        assert f'href="/recommendations?status=not_assessed&amp;{facet}=' in html
    assert html.count('<div class="scorebar">') > 4
    assert "The same numbers as a table" in html and 'style="' not in html and "<script" not in html
    assert "Stale: no update for 30 days" in html
    assert f"({stale_count})" in html
    assert "Ana Advocate" in html  # recently changed, with who recorded it
    a = db_session.scalar(select(Recommendation).where(Recommendation.key == A))
    assert f"/recommendations/{a.id}" in html


def test_nav_link_only_for_staff_and_admins(app, login):
    for role, visible in (("advocate", False), ("viewer", False), ("staff", True), ("admin", True)):
        client = app.test_client()
        login(client, role)
        assert ('href="/reports"' in client.get("/").get_data(as_text=True)) is visible, role
        assert client.get("/reports").status_code == (200 if visible else 403)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/reports/progress?from=2021-01-01&to=2021-03-31")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_stale_setting_comes_from_the_environment(monkeypatch, tmp_path):
    import pytest

    from tracker.config import ConfigurationError, load_config

    monkeypatch.setenv("TRACKER_STALE_AFTER_DAYS", "14")
    assert load_config(str(tmp_path), {"SECRET_KEY": "x"})["STALE_AFTER_DAYS"] == 14
    monkeypatch.setenv("TRACKER_STALE_AFTER_DAYS", "soon")
    with pytest.raises(ConfigurationError):
        load_config(str(tmp_path), {"SECRET_KEY": "x"})
    monkeypatch.delenv("TRACKER_STALE_AFTER_DAYS")
    assert load_config(str(tmp_path), {"SECRET_KEY": "x"})["STALE_AFTER_DAYS"] == 90
