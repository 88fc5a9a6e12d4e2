"""What a notification says, rendered in the current language (web page, API, e-mail)."""

from __future__ import annotations

from flask_babel import gettext as _

from tracker.notifications.models import FOLLOW_KINDS, Notification
from tracker.recommendations.statuses import STATUS_BY_CODE


def _status(code: str | None) -> str:
    status = STATUS_BY_CODE.get(code or "")
    return _(status.label) if status else (code or "")


def headline(notification: Notification) -> str:
    """One sentence: who did what."""
    who = notification.actor.display_name if notification.actor else _("Someone")
    details = notification.details or {}
    event = notification.event
    if event == "status_update":
        if details.get("from") != details.get("to"):
            return _(
                "%(who)s changed the status from %(old)s to %(new)s",
                who=who,
                old=_status(details.get("from")),
                new=_status(details.get("to")),
            )
        return _("%(who)s added a note (status stays %(status)s)", who=who, status=_status(details.get("to")))
    if event == "comment":
        return _("%(who)s commented", who=who)
    if event == "mention":
        return _("%(who)s mentioned you in a comment", who=who)
    if event == "new_recommendation":
        return _("New recommendation, from %(document)s", document=details.get("document", ""))
    if event == "data_edit":
        return _("%(who)s edited the recommendation's data", who=who)
    if event == "government_response":
        from tracker.responses.vocabulary import RESPONSE_BY_CODE

        response = RESPONSE_BY_CODE.get(details.get("response", ""))
        if response is None:
            return _("%(who)s recorded a government response", who=who)
        return _("%(who)s recorded the government's response: %(response)s", who=who, response=_(response.label))
    if event == "follow_up_due":
        return _("The follow-up date (%(date)s) has been reached", date=details.get("due_on", ""))
    if event == "report_review":
        return _("%(who)s asks you to review a report", who=who)
    return event


def excerpt(notification: Notification) -> str:
    """A short quote of the note or comment, if the event has one."""
    return (notification.details or {}).get("excerpt", "")


def reason(notification: Notification) -> str:
    """Why this person got it."""
    info = notification.reason or {}
    kind = info.get("kind")
    if kind in FOLLOW_KINDS:
        return _("You follow the %(kind)s “%(name)s”.", kind=_(FOLLOW_KINDS[kind]).lower(), name=info.get("name", ""))
    if kind == "mention":
        return _("You were mentioned.")
    if kind == "owner":
        return _("You own this recommendation.")
    if kind == "reviewer":
        return _("You were asked to review it.")
    return ""


def shorten(text: str, limit: int = 280) -> str:
    """``text`` on one line, cut at a word boundary near ``limit`` characters."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
