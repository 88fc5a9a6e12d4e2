"""Sending e-mail: through SMTP when SMTP_URL is set, else into instance/outbox/ as .eml files.

``SMTP_URL`` is ``smtp://[user:password@]host[:port]`` (plain, or STARTTLS when the
server offers it and ``?starttls=required`` is given), or ``smtps://...`` (TLS from the
first byte, port 465 by default). ``MAIL_FROM`` is the sender address.
"""

from __future__ import annotations

import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from flask import Flask


class MailConfigurationError(ValueError):
    """SMTP_URL cannot be understood."""


def parse_smtp_url(url: str) -> dict:
    """Host, port, TLS mode and credentials from an SMTP_URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailConfigurationError(
            f"SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465, not {parts.scheme or '?'}://…"
        )
    options = parse_qs(parts.query)
    return {
        "host": parts.hostname,
        "port": parts.port or (465 if parts.scheme == "smtps" else 25),
        "tls": parts.scheme == "smtps",
        "starttls": (options.get("starttls") or ["auto"])[0],
        "user": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
    }


def new_message(app: Flask, to: str, subject: str) -> EmailMessage:
    """A message with the sender, recipient, date, a Message-ID and "auto-generated" set."""
    message = EmailMessage()
    message["From"] = app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    domain = app.config["MAIL_FROM"].rsplit("@", 1)[-1].strip("> ") or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    return message


def send(app: Flask, message: EmailMessage) -> str:
    """Send ``message``; returns where it went ("smtp://host" or the .eml path)."""
    url = app.config.get("SMTP_URL")
    if not url:
        return str(_write_to_outbox(app, message))
    settings = parse_smtp_url(url)
    timeout = app.config.get("SMTP_TIMEOUT_SECONDS", 30)
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if settings["tls"]:
        client = smtplib.SMTP_SSL(settings["host"], settings["port"], timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(settings["host"], settings["port"], timeout=timeout)
    with client:
        client.ehlo()
        if not settings["tls"] and settings["starttls"] != "off":
            if client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            elif settings["starttls"] == "required":
                raise smtplib.SMTPException("The SMTP server does not offer STARTTLS (required by SMTP_URL).")
        if settings["user"]:
            client.login(settings["user"], settings["password"] or "")
        client.send_message(message)
    return f"smtp://{settings['host']}:{settings['port']}"


def outbox_folder(app: Flask) -> Path:
    """Where e-mails go when SMTP_URL is not set."""
    return Path(app.config["MAIL_OUTBOX"])


def _write_to_outbox(app: Flask, message: EmailMessage) -> Path:
    folder = outbox_folder(app)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{formatdate(usegmt=True)[5:25].replace(' ', '-').replace(':', '')}-{uuid.uuid4().hex[:12]}.eml"
    path = folder / name
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(bytes(message))
    temporary.replace(path)  # readers never see half a message
    return path
