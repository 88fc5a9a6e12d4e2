"""Helpers for status-update tests: read the form's hidden fields and submit it like a browser."""

import html
import re
from datetime import date

from sqlalchemy import select

from tracker.recommendations.models import Recommendation

HIDDEN = re.compile(
    r'<input[^>]*name="(csrf_token|version)"[^>]*value="([^"]*)"|<input[^>]*value="([^"]*)"[^>]*name="(csrf_token|version)"'
)


def recommendation(db_session, key="hrf-increase-processing-sites") -> Recommendation:
    return db_session.scalar(select(Recommendation).where(Recommendation.key == key))


def hidden_fields(page_html: str) -> dict:
    fields = {}
    for name, value, value2, name2 in HIDDEN.findall(page_html):
        fields[name or name2] = html.unescape(value or value2)
    return fields


def open_form(client, rec_id: int) -> dict:
    """Load the recommendation page and return the form's hidden fields (CSRF token, version)."""
    page = client.get(f"/recommendations/{rec_id}")
    assert page.status_code == 200
    fields = hidden_fields(page.get_data(as_text=True))
    assert "version" in fields, "the signed-in user should see the update form"
    return fields


def submit_update(client, rec_id: int, hidden: dict | None = None, **fields):
    """POST the update form; ``fields`` override defaults (a note, today's date)."""
    hidden = hidden if hidden is not None else open_form(client, rec_id)
    data = {
        "status": "",
        "note": "Checked the news.",
        "effective_on": date.today().isoformat(),
        "evidence_links": "",
        "evidence_quotation": "",
        "evidence_source": "",
        "corrects": "",
    }
    data.update(hidden)
    data.update(fields)
    return client.post(f"/recommendations/{rec_id}/updates", data=data)
