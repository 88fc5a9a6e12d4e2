"""A Host header that is not configured never ends up in an absolute URL."""

from __future__ import annotations

import pytest

from tracker import create_app
from tracker import db as tracker_db


@pytest.fixture()
def make_app(database_url, db_session, app, monkeypatch):
    """``make_app(**environment)``: a separate app configured from those environment variables."""
    created = []

    def make(**environment):
        for name in ("TRACKER_SERVER_NAME", "TRACKER_TRUSTED_HOSTS"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        configured = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key", "TESTING": True})
        created.append(tracker_db.engine(configured))
        tracker_db.set_sessionmaker(configured, tracker_db.get_sessionmaker(app))
        return configured

    yield make
    for engine in created:
        engine.dispose()


def _absolute_urls(client, host: str) -> list[str]:
    api = client.get("/api/recommendations?per_page=1", headers={"Host": host})
    feed = client.get("/updates.atom", headers={"Host": host})
    return [api, feed]


def test_an_unknown_host_is_refused_by_default(make_app):
    client = make_app().test_client()
    api, feed = _absolute_urls(client, "evil.example")
    assert api.status_code == feed.status_code == 400
    assert b"evil.example" not in api.data + feed.data
    assert b"not served under that host name" in api.data
    assert client.get("/api/recommendations", headers={"Host": "localhost:5000"}).status_code == 200
    assert client.get("/api/recommendations", headers={"Host": "127.0.0.1:5104"}).status_code == 200


def test_an_unknown_host_is_refused_in_private_mode_too(make_app, monkeypatch):
    monkeypatch.setenv("TRACKER_PUBLIC_READ", "false")
    client = make_app().test_client()
    response = client.get("/recommendations", headers={"Host": "evil.example"})
    assert response.status_code == 400 and b"evil.example" not in response.data


def test_the_server_name_is_used_in_absolute_urls_whatever_the_host_header(make_app):
    client = make_app(
        TRACKER_SERVER_NAME="tracker.example.org", TRACKER_TRUSTED_HOSTS="tracker.example.org, internal.example"
    ).test_client()
    api, feed = _absolute_urls(client, "internal.example")
    assert api.status_code == feed.status_code == 200
    assert api.json["next"].startswith("http://tracker.example.org/api/recommendations?")
    assert api.json["items"][0]["url"].startswith("http://tracker.example.org/recommendations/")
    assert b"internal.example" not in feed.data
    assert b"<id>http://tracker.example.org/updates.atom</id>" in feed.data
    api, feed = _absolute_urls(client, "evil.example")
    assert api.status_code == feed.status_code == 400


def test_trusted_hosts_only(make_app):
    client = make_app(TRACKER_TRUSTED_HOSTS="tracker.example.org").test_client()
    api, _feed = _absolute_urls(client, "tracker.example.org")
    assert api.status_code == 200 and api.json["next"].startswith("http://tracker.example.org/")
    assert client.get("/", headers={"Host": "localhost"}).status_code == 400


def test_any_host_only_when_asked_for(make_app):
    client = make_app(TRACKER_TRUSTED_HOSTS="*").test_client()
    assert client.get("/", headers={"Host": "whatever.example"}).status_code == 200
