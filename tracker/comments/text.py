"""Comment text: stored as typed (plain text); shown with links made clickable, sanitised by nh3."""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup, escape

URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9._%+-]+(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)")
TRAILING = ".,;:!?)]}'\""


def render(body: str) -> Markup:
    """The comment as HTML: escaped text, http(s) links clickable, line breaks kept.

    nh3 then allows nothing but <a href> (http/https, rel="nofollow noopener noreferrer")
    and <br>, whatever the text contained.
    """
    parts, last = [], 0
    for match in URL.finditer(body):
        url = match.group(0)
        stripped = url.rstrip(TRAILING)
        end = match.start() + len(stripped)
        parts.append(str(escape(body[last : match.start()])))
        parts.append(f'<a href="{escape(stripped)}">{escape(stripped)}</a>')
        last = end
    parts.append(str(escape(body[last:])))
    html = "".join(parts).replace("\r\n", "\n").replace("\n", "<br>")
    return Markup(
        nh3.clean(
            html,
            tags={"a", "br"},
            attributes={"a": {"href"}},
            url_schemes={"http", "https"},
            link_rel="nofollow noopener noreferrer",
        )
    )


def mention_handles(body: str) -> set[str]:
    """The ``@handle``s in a comment, lowercased (a handle is an e-mail address or its
    part before the @)."""
    return {match.group(1).rstrip(TRAILING).lower() for match in MENTION.finditer(body)}
