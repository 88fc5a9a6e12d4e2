"""Sign-in throttling counts exactly under parallel attempts (SQLite and PostgreSQL).

These attempts must really run in parallel, each in its own committed transaction, so
this test uses its own app and engine on the test database (not the rolled-back test
connection) and removes what it created afterwards.
"""

from __future__ import annotations

import re
import threading
import uuid

import pytest
from sqlalchemy import delete, func, select

from tracker import create_app
from tracker import db as tracker_db
from tracker.accounts.models import SignInAttempt, User, UserSession
from tracker.accounts.passwords import hash_password
from tracker.audit.models import AuditEvent

PARALLEL = 12
LIMIT = 5
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture()
def real_app(database_url, app):
    real = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "TESTING": True,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8,
            "ARGON2_PARALLELISM": 1,
        }
    )
    email = f"parallel-{uuid.uuid4().hex[:10]}@example.org"
    factory = tracker_db.get_sessionmaker(real)
    with real.app_context(), factory() as session:
        user = User(
            email=email,
            name="Parallel",
            role="viewer",
            password_hash=hash_password("a right password 123"),
            is_active=True,
            session_epoch=0,
        )
        session.add(user)
        session.commit()
        user_id = user.id
    yield real, email
    with factory() as session:
        session.execute(delete(SignInAttempt).where(SignInAttempt.email == email))
        session.execute(delete(AuditEvent).where(AuditEvent.target_type == "user", AuditEvent.target_id == user_id))
        session.execute(delete(UserSession).where(UserSession.user_id == user_id))
        session.execute(delete(User).where(User.id == user_id))
        session.commit()
    tracker_db.engine(real).dispose()


def test_parallel_wrong_passwords_are_checked_exactly_up_to_the_limit(real_app):
    app, email = real_app
    clients, tokens = [], []
    for _ in range(PARALLEL):
        client = app.test_client()
        tokens.append(_CSRF.search(client.get("/sign-in").get_data(as_text=True)).group(1))
        clients.append(client)
    barrier = threading.Barrier(PARALLEL)
    statuses = [None] * PARALLEL

    def attempt(number: int) -> None:
        barrier.wait()
        response = clients[number].post(
            "/sign-in",
            data={"email": email, "password": "a wrong password 123", "csrf_token": tokens[number]},
            environ_base={"REMOTE_ADDR": f"10.77.0.{number}"},
        )
        statuses[number] = response.status_code

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    with tracker_db.get_sessionmaker(app)() as session:
        checked = session.scalar(
            select(func.count())
            .select_from(SignInAttempt)
            .where(SignInAttempt.email == email, SignInAttempt.succeeded.is_(False))
        )
    print(
        f"\n[throttle] {tracker_db.engine(app).dialect.name}: {PARALLEL} parallel wrong passwords, "
        f"{checked} checked (limit {LIMIT}), statuses {sorted(statuses)}"
    )
    assert checked == LIMIT
    assert sorted(statuses) == [200] * LIMIT + [429] * (PARALLEL - LIMIT)
