"""Writing to the audit log. Every operation that changes state calls ``record_event``."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from sqlalchemy.orm import Session

from tracker.audit.models import ACTION_MAX, CLIENT_ADDRESS_MAX, TARGET_TYPE_MAX, AuditEvent
from tracker.timeutil import utcnow

# Keys that would put a secret in the log. Refusing them (rather than dropping them)
# makes the mistake visible in tests instead of silently losing information.
FORBIDDEN_DETAIL_KEYS = frozenset(
    {
        "password",
        "new_password",
        "current_password",
        "confirm",
        "password_hash",
        "token",
        "token_hash",
        "secret",
        "api_token",
    }
)

SUMMARY_MAX = 2000


class AuditError(ValueError):
    """Raised when an event would record a secret or is malformed."""


def record_event(
    session: Session,
    action: str,
    *,
    user=None,
    target_type: str | None = None,
    target_id: int | None = None,
    summary: str = "",
    details: dict | None = None,
) -> AuditEvent:
    """Add one audit event to ``session`` (flushed, committed with the request).

    ``action`` is a dotted verb such as ``"user.created"`` or ``"status.changed"``;
    ``user`` is who did it (None: anonymous or the command line). The client address
    is taken from the current request, if any. ``details`` must be JSON-serialisable
    and must not contain passwords or tokens (keys such as "password" are refused).
    """
    if not action or len(action) > ACTION_MAX:
        raise AuditError(f"An audit action must be 1–{ACTION_MAX} characters, got {action!r}.")
    if target_type is not None and len(target_type) > TARGET_TYPE_MAX:
        raise AuditError(f"An audit target type must be at most {TARGET_TYPE_MAX} characters.")
    details = _clean(details or {})
    _refuse_secrets(details)
    event = AuditEvent(
        occurred_at=utcnow(),
        user_id=getattr(user, "id", None),
        action=action,
        target_type=target_type,
        target_id=target_id,
        summary=_clean(summary)[:SUMMARY_MAX],
        details=details,
        client_address=_client_address(),
    )
    session.add(event)
    session.flush()
    return event


def _client_address() -> str | None:
    if not has_request_context():
        return None
    return (request.remote_addr or "")[:CLIENT_ADDRESS_MAX] or None


def _refuse_secrets(value: Any, path: str = "details") -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if str(key).lower() in FORBIDDEN_DETAIL_KEYS:
                raise AuditError(f"{path}[{key!r}] would put a secret in the audit log.")
            _refuse_secrets(inner, f"{path}[{key!r}]")
    elif isinstance(value, (list, tuple)):
        for index, inner in enumerate(value):
            _refuse_secrets(inner, f"{path}[{index}]")


def _clean(value: Any) -> Any:
    """Make text storable everywhere: PostgreSQL refuses NUL in text and JSON."""
    if isinstance(value, str):
        return value.replace("\x00", "\\x00")
    if isinstance(value, dict):
        return {str(_clean(k)): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value
