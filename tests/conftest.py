"""Shared fixtures.

The database is built once per run through the real Alembic migrations and loaded
with the real seeds; every test then runs inside a transaction that is rolled back.
Set TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/tracker_test)
to run the suite against PostgreSQL; the default is a temporary SQLite file.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from tracker import PROJECT_ROOT, create_app
from tracker import db as tracker_db
from tracker import migrate
from tracker.seeding.loader import load_seeds


def _reset_database(url: str) -> None:
    """Drop everything in the test database so migrations start from empty."""
    if url.startswith("postgresql"):
        engine = tracker_db.make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    _reset_database(url)
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key", "TESTING": True})
    with tracker_db.get_sessionmaker(app)() as session:
        load_seeds(session, PROJECT_ROOT / "seeds")
        session.commit()
    yield app
    tracker_db.engine(app).dispose()


@pytest.fixture()
def db_session(app):
    """A session inside a transaction that is rolled back after the test.

    The app's requests and CLI commands use the same connection, so everything a test
    does through the app is rolled back too; commits become savepoint releases.
    """
    original = tracker_db.get_sessionmaker(app)
    connection = tracker_db.engine(app).connect()
    transaction = connection.begin()
    factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    tracker_db.set_sessionmaker(app, factory)
    session = factory()
    try:
        yield session
    finally:
        session.close()
        tracker_db.set_sessionmaker(app, original)
        transaction.rollback()
        connection.close()


@pytest.fixture()
def client(app, db_session):
    return app.test_client()


@pytest.fixture()
def cli(app, db_session):
    return app.test_cli_runner()
