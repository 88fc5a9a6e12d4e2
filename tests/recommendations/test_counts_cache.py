"""Cached totals and facet counts are reused while nothing changes, and never go stale."""
import re

import pytest
from sqlalchemy import event

from tracker import db as tracker_db
from tests.updates.helpers import recommendation, submit_update


@pytest.fixture()
def cache_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "COUNTS_CACHE_SECONDS", 60)
    app.extensions.pop("tracker.counts_cache", None)
    yield
    app.extensions.pop("tracker.counts_cache", None)


def in_progress_count(client) -> int:
    html = client.get("/recommendations").get_data(as_text=True)
    match = re.search(r'status=in_progress"[^>]*>.*?<span class="facet-count">(\d+)</span>', html, re.S)
    return int(match.group(1))


def statements_for(app, client, url) -> int:
    executed = []
    connection = tracker_db.engine(app)  # the test's connection (see conftest)
    listener = lambda *args: executed.append(args[2])  # noqa: E731
    event.listen(connection, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(connection, "before_cursor_execute", listener)
    return len(executed)


def test_a_repeated_request_reuses_the_counts(app, client, db_session, cache_on):
    first = statements_for(app, client, "/recommendations?theme=title-42")
    second = statements_for(app, client, "/recommendations?theme=title-42")
    assert second < first


def test_a_saved_update_is_counted_at_once(client, db_session, login, cache_on):
    assert in_progress_count(client) == 0
    login(client, "advocate")
    rec = recommendation(db_session)
    submit_update(client, rec.id, status="in_progress", note="Started.")
    assert in_progress_count(client) == 1


def addressee_count(client, slug) -> int:
    html = client.get("/recommendations").get_data(as_text=True)
    match = re.search(r'addressee=%s"[^>]*>.*?<span class="facet-count">(\d+)</span>' % slug, html, re.S)
    return int(match.group(1)) if match else 0


def test_actor_counts_survive_status_updates_but_not_new_links(app, client, db_session, login, cache_on):
    from sqlalchemy import select

    from tracker.actors.models import Actor
    from tracker.recommendations.operations import update_recommendation

    cold = statements_for(app, client, "/recommendations")
    before = addressee_count(client, "governments-of-the-region")
    login(client, "advocate")
    rec = recommendation(db_session, "csos-support-comar")
    submit_update(client, rec.id, status="in_progress", note="Started.")
    # Statuses changed, links did not: status and totals are recounted, actor counts reused.
    after_update = statements_for(app, client, "/recommendations")
    assert after_update < cold
    assert addressee_count(client, "governments-of-the-region") == before
    # An edit through the operations moves the links counter when it commits.
    db_session.refresh(rec)
    update_recommendation(db_session, rec, user=None, reason="Missing addressee", expected_version=rec.version,
                          addressees=[*rec.addressees, db_session.scalar(
                              select(Actor).where(Actor.slug == "governments-of-the-region"))])
    db_session.commit()
    assert addressee_count(client, "governments-of-the-region") == before + 1
