"""An error page is rendered after the failed transaction is rolled back.

On PostgreSQL a failed statement aborts the transaction, and after a failed flush
SQLAlchemy refuses every further read until a rollback: an error page that reads the
signed-in user inside it failed a second time (a bare 500 without the page).
"""

from __future__ import annotations

import pytest
from flask import abort
from sqlalchemy import text

from tests.conftest import TEST_PASSWORD, read_csrf_token
from tracker import create_app
from tracker import db as tracker_db
from tracker.accounts.models import User


@pytest.fixture()
def failing_app(database_url, db_session, app):
    """A separate app with routes whose database work fails, sharing the test's connection."""
    failing = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "TESTING": True,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8,
            "ARGON2_PARALLELISM": 1,
        }
    )

    @failing.get("/fail/statement")
    def failed_statement():
        try:
            tracker_db.session().execute(text("SELECT * FROM no_such_table"))
        except Exception:
            abort(409, description="The statement failed.")

    @failing.get("/fail/flush")
    def failed_flush():
        session = tracker_db.session()
        existing = session.query(User).first()
        session.add(
            User(
                email=existing.email,
                name="Duplicate",
                role="viewer",
                password_hash="x",
                is_active=True,
                session_epoch=0,
            )
        )
        session.flush()  # a unique-key failure: an unexpected error

    own_engine = tracker_db.engine(failing)
    tracker_db.set_sessionmaker(failing, tracker_db.get_sessionmaker(app))
    yield failing
    own_engine.dispose()


def _signed_in_client(failing_app, make_user):
    user = make_user("staff")
    client = failing_app.test_client()
    response = client.post(
        "/sign-in", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": read_csrf_token(client)}
    )
    assert response.status_code == 302
    return client, user


def test_an_http_error_after_a_failed_statement_renders_its_page(failing_app, make_user):
    client, user = _signed_in_client(failing_app, make_user)
    response = client.get("/fail/statement")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "The statement failed." in page and user.email in page


def test_an_unexpected_error_after_a_failed_flush_renders_the_error_page(failing_app, make_user):
    client, user = _signed_in_client(failing_app, make_user)
    response = client.get("/fail/flush")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Nothing you entered was saved" in page and user.email in page
