"""Sign-in throttling per account and per client address, kept in the database."""

from datetime import timedelta

from sqlalchemy import func, select

from tracker.accounts.models import SignInAttempt
from tracker.accounts.throttle import check_throttle, record_attempt
from tracker.timeutil import utcnow

PASSWORD = "correct horse battery staple"


def _attempt(client, csrf_token, email, password, address="10.0.0.1"):
    token = csrf_token(client)
    return client.post(
        "/sign-in",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
    )


def test_an_account_is_throttled_after_five_failures_even_with_the_right_password(client, make_user, csrf_token):
    user = make_user()
    for _ in range(5):
        assert _attempt(client, csrf_token, user.email, "wrong password!!").status_code == 200
    response = _attempt(client, csrf_token, user.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts, try again in 15 minutes." in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "user_id" not in session


def test_the_account_limit_applies_from_every_address_and_to_unknown_emails(client, csrf_token):
    for number in range(5):
        _attempt(client, csrf_token, "ghost@example.org", "wrong password!!", address=f"10.0.1.{number}")
    response = _attempt(client, csrf_token, "GHOST@example.org", "wrong password!!", address="10.0.2.1")
    # Same answer as for a real account, so throttling does not reveal which accounts exist.
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_an_address_is_throttled_after_twenty_failures_across_accounts(client, make_user, csrf_token):
    victim = make_user()
    for number in range(20):
        _attempt(client, csrf_token, f"guess{number}@example.org", "wrong password!!", address="10.9.9.9")
    blocked = _attempt(client, csrf_token, victim.email, PASSWORD, address="10.9.9.9")
    assert blocked.status_code == 429
    assert "Too many attempts, try again in" in blocked.get_data(as_text=True)
    # The account itself is fine from elsewhere.
    assert _attempt(client, csrf_token, victim.email, PASSWORD, address="10.1.1.1").status_code == 302


def test_a_success_resets_the_account_count_but_not_the_address_count(db_session, app):
    now = utcnow()
    with app.test_request_context():
        for minute in range(4):
            record_attempt(db_session, "a@example.org", "10.0.0.5", False, now=now - timedelta(minutes=10 - minute))
        record_attempt(db_session, "a@example.org", "10.0.0.5", True, now=now - timedelta(minutes=5))
        record_attempt(db_session, "a@example.org", "10.0.0.5", False, now=now - timedelta(minutes=4))
        assert check_throttle(db_session, "a@example.org", "10.0.0.6", now=now) is None


def test_the_wait_is_until_enough_failures_leave_the_window(db_session, app):
    now = utcnow()
    with app.test_request_context():
        for minutes_ago in (14, 12, 3, 2, 1):
            record_attempt(db_session, "b@example.org", "10.0.0.7", False, now=now - timedelta(minutes=minutes_ago))
        throttle = check_throttle(db_session, "b@example.org", "10.0.0.8", now=now)
        assert throttle.scope == "account"
        assert throttle.minutes_left(now) == 1  # the failure 14 minutes ago leaves in 1 minute
        assert throttle.message(now) == "Too many attempts, try again in 1 minute."
        assert (
            check_throttle(db_session, "b@example.org", "10.0.0.8", now=now + timedelta(minutes=1, seconds=1)) is None
        )


def test_throttled_attempts_are_not_recorded_so_the_lock_does_not_grow(client, make_user, csrf_token, db_session):
    user = make_user()
    for _ in range(5):
        _attempt(client, csrf_token, user.email, "wrong password!!")
    count = db_session.scalar(select(func.count()).select_from(SignInAttempt).where(SignInAttempt.email == user.email))
    for _ in range(3):
        assert _attempt(client, csrf_token, user.email, "wrong password!!").status_code == 429
    assert (
        db_session.scalar(select(func.count()).select_from(SignInAttempt).where(SignInAttempt.email == user.email))
        == count
        == 5
    )


def test_old_attempts_are_pruned(db_session, app):
    now = utcnow()
    with app.test_request_context():
        record_attempt(db_session, "c@example.org", "10.0.0.9", False, now=now - timedelta(days=2))
        record_attempt(db_session, "c@example.org", "10.0.0.9", False, now=now)
    assert (
        db_session.scalar(select(func.count()).select_from(SignInAttempt).where(SignInAttempt.email == "c@example.org"))
        == 1
    )


def test_a_wrong_current_password_counts_towards_the_account_limit(client, login, csrf_token):
    user = login(client)
    for _ in range(5):
        response = client.post(
            "/account/password",
            data={
                "current_password": "wrong password!!",
                "new_password": "a brand new passphrase",
                "confirm": "a brand new passphrase",
                "csrf_token": csrf_token(client, "/account"),
            },
        )
        assert "That is not your current password." in response.get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
            "csrf_token": csrf_token(client, "/account"),
        },
    )
    assert response.status_code == 429
    assert "Too many attempts, try again in" in response.get_data(as_text=True)
    assert user.email
