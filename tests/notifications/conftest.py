"""Fixtures for following and notifications: a real SMTP server (aiosmtpd) on localhost."""

from __future__ import annotations

import email
import email.policy
import os
import threading

import pytest


class Inbox:
    """What the test SMTP server received: parsed messages with their envelope recipients."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        with self._lock:
            return [m for rcpts, m in self.messages if address in rcpts]


@pytest.fixture()
def smtp_server(app, monkeypatch):
    """A real SMTP server on a free local port; the app sends through it (SMTP_URL)."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:  # pragma: no cover - the requirement is pinned
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but aiosmtpd is not installed (requirements-test.txt)")
        pytest.skip("aiosmtpd is not installed")
    from tests.live_server import free_port

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{port}")
    try:
        yield inbox
    finally:
        controller.stop()


def body_text(message) -> str:
    """The plain-text part of a message."""
    return message.get_body(preferencelist=("plain",)).get_content()


def body_html(message) -> str:
    """The HTML part of a message."""
    return message.get_body(preferencelist=("html",)).get_content()
