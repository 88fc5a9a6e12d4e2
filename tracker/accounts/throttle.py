"""Sign-in throttling, per account and per client address, stored in ``sign_in_attempts``.

Storing attempts in the database (not in memory) makes the limits hold across several
gunicorn workers and restarts. Limits come from the config:

- SIGN_IN_MAX_FAILURES_PER_ACCOUNT failed attempts for one email within the window
  (failures before that account's last successful sign-in do not count);
- SIGN_IN_MAX_FAILURES_PER_ADDRESS failed attempts from one address within the window,
  whichever accounts they were for (a success does not reset this one: otherwise an
  attacker with one valid account could reset the counter at will);
- SIGN_IN_THROTTLE_WINDOW_MINUTES, the window.

Counting is exact under parallel attempts: checking and recording one attempt happen in
one transaction that holds a lock on the account and on the address until it commits,
so a parallel attempt for the same account or address waits and then sees it. On
PostgreSQL the locks are transaction-level advisory locks; SQLite needs none, because
every POST's transaction takes the database's write lock when it starts (``BEGIN
IMMEDIATE`` in ``tracker.db``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from tracker.accounts.models import SignInAttempt
from tracker.timeutil import utcnow


@dataclass(frozen=True)
class Throttle:
    """Sign-in is refused until ``retry_at``; ``scope`` is "account" or "address"."""

    scope: str
    retry_at: datetime

    def minutes_left(self, now: datetime | None = None) -> int:
        """Whole minutes until the next attempt is allowed (at least 1)."""
        seconds = (self.retry_at - (now or utcnow())).total_seconds()
        return max(1, math.ceil(seconds / 60))

    def message(self, now: datetime | None = None) -> str:
        """What to tell the person: "Too many attempts, try again in N minutes"."""
        minutes = self.minutes_left(now)
        return ngettext(
            "Too many attempts, try again in %(num)s minute.",
            "Too many attempts, try again in %(num)s minutes.",
            minutes,
        )


def _limits() -> tuple[int, int, timedelta]:
    config = current_app.config
    return (
        int(config["SIGN_IN_MAX_FAILURES_PER_ACCOUNT"]),
        int(config["SIGN_IN_MAX_FAILURES_PER_ADDRESS"]),
        timedelta(minutes=int(config["SIGN_IN_THROTTLE_WINDOW_MINUTES"])),
    )


def check_throttle(session: Session, email: str, client_address: str, now: datetime | None = None) -> Throttle | None:
    """The throttle in force for this email or address, or None if an attempt is allowed."""
    _lock_attempts(session, email, client_address)
    now = now or utcnow()
    per_account, per_address, window = _limits()
    since = now - window

    last_success = session.scalar(
        select(func.max(SignInAttempt.occurred_at)).where(
            SignInAttempt.email == email, SignInAttempt.succeeded.is_(True)
        )
    )
    account_since = max(since, last_success) if last_success else since
    account_failures = _failure_times(session, SignInAttempt.email == email, account_since)
    address_failures = _failure_times(session, SignInAttempt.client_address == client_address, since)

    throttles = []
    if len(account_failures) >= per_account:
        # Allowed again once enough failures have left the window to be under the limit.
        throttles.append(Throttle("account", account_failures[len(account_failures) - per_account] + window))
    if len(address_failures) >= per_address:
        throttles.append(Throttle("address", address_failures[len(address_failures) - per_address] + window))
    return max(throttles, key=lambda t: t.retry_at) if throttles else None


# Advisory lock namespaces (the first key of the two-key form), one for each scope.
_ACCOUNT_LOCK, _ADDRESS_LOCK = 1_720_001, 1_720_002


def _lock_attempts(session: Session, email: str, client_address: str) -> None:
    """Hold, until the transaction ends, the locks that serialise attempts on this account and address.

    Always account first, then address, so two attempts cannot wait on each other.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for namespace, key in ((_ACCOUNT_LOCK, email), (_ADDRESS_LOCK, client_address)):
        session.execute(
            text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:key))"), {"namespace": namespace, "key": key}
        )


def _failure_times(session: Session, condition, since: datetime) -> list[datetime]:
    return list(
        session.scalars(
            select(SignInAttempt.occurred_at)
            .where(condition, SignInAttempt.succeeded.is_(False), SignInAttempt.occurred_at > since)
            .order_by(SignInAttempt.occurred_at)
        )
    )


def record_attempt(
    session: Session, email: str, client_address: str, succeeded: bool, now: datetime | None = None
) -> None:
    """Store one attempt, and forget attempts old enough to no longer matter."""
    now = now or utcnow()
    session.add(SignInAttempt(occurred_at=now, email=email, client_address=client_address, succeeded=succeeded))
    # Pruning here keeps the table small without a scheduled job. Attempts older than
    # the window no longer count (an old success only matters inside the window).
    _per_account, _per_address, window = _limits()
    cutoff = now - max(window, timedelta(days=1))
    session.execute(delete(SignInAttempt).where(SignInAttempt.occurred_at < cutoff))
    session.flush()
