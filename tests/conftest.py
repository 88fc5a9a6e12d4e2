"""Shared fixtures.

The database is built once per run through the real Alembic migrations and loaded
with the real seeds; every test then runs inside a transaction that is rolled back.
Set TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/tracker_test)
to run the suite against PostgreSQL; the default is a temporary SQLite file.
"""

from __future__ import annotations

import itertools
import os
import re

import pytest
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from tracker import PROJECT_ROOT, create_app, migrate
from tracker import db as tracker_db
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


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The .mo catalogs, compiled from the committed .po files when missing or older
    (``make setup`` does the same), for the app and for servers started by tests."""
    from tracker.i18n import compile_catalogs

    compile_catalogs()


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


# --- Accounts: users, signing in, CSRF tokens ---------------------------------------
# CSRF protection stays ON in every test: forms are posted with the token read from
# the page, as a browser would.

TEST_PASSWORD = "correct horse battery staple"
_CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing(app):
    """argon2id at production cost takes ~0.2 s a hash; tests need the code path, not the cost."""
    app.config.update(ARGON2_TIME_COST=1, ARGON2_MEMORY_COST=8, ARGON2_PARALLELISM=1)


def read_csrf_token(client, url: str = "/sign-in") -> str:
    """The CSRF token of the form on ``url`` (any page works once the session has one)."""
    response = client.get(url)
    match = _CSRF_INPUT.search(response.get_data(as_text=True))
    assert match, f"No CSRF token on {url} (status {response.status_code})"
    return match.group(1)


@pytest.fixture()
def csrf_token():
    """``csrf_token(client, url="/sign-in")``: the CSRF token to post with."""
    return read_csrf_token


@pytest.fixture()
def make_user(app, db_session):
    """``make_user(role="advocate", email=None, password=TEST_PASSWORD, name=None, is_active=True)``.

    Builds the row directly (no password policy, no audit event) so tests can set up
    any state; the user is flushed in ``db_session`` and so visible to the app.
    """
    from tracker.accounts.models import User
    from tracker.accounts.passwords import hash_password

    counter = itertools.count(1)

    def make(
        role: str = "advocate",
        email: str | None = None,
        password: str = TEST_PASSWORD,
        name: str | None = None,
        is_active: bool = True,
    ) -> User:
        with app.app_context():  # the hashing cost is the app's (cheap in tests)
            password_hash = hash_password(password)
        user = User(
            email=(email or f"{role}-{next(counter)}@example.org").lower(),
            name=role.title() if name is None else name,
            role=role,
            password_hash=password_hash,
            is_active=is_active,
            session_epoch=0,
        )
        db_session.add(user)
        db_session.flush()
        return user

    return make


@pytest.fixture()
def login(make_user):
    """``login(client, user_or_role="advocate", password=TEST_PASSWORD) -> User`` via the real form."""

    def sign_in(client, user_or_role="advocate", password: str = TEST_PASSWORD):
        user = make_user(user_or_role) if isinstance(user_or_role, str) else user_or_role
        response = client.post(
            "/sign-in", data={"email": user.email, "password": password, "csrf_token": read_csrf_token(client)}
        )
        assert response.status_code == 302, (
            f"Signing in as {user.email} failed ({response.status_code}): {response.get_data(as_text=True)[:2000]}"
        )
        return user

    return sign_in


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser/ carries the ``browser`` marker (see pytest.ini)."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
