"""Fixtures of the team-workflow tests."""

import pytest

from tracker.accounts.tokens import create_api_token


@pytest.fixture()
def api(app, db_session, make_user):
    """``api(role_or_user)`` → (client, headers, user) for a token of a new user with that role."""

    def make(role="advocate"):
        user = make_user(role) if isinstance(role, str) else role
        _, raw = create_api_token(db_session, user, "test")
        return app.test_client(), {"Authorization": f"Bearer {raw}"}, user

    return make
