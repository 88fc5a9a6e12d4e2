"""Every class of bad input that used to answer 500 is refused with a clear 4xx.

One test per class (see "Input rules" in docs/security.md); the property-based walk
over every route (test_fuzz_every_route.py) guards against the classes in general.
"""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from tests.transfer.transfer_helpers import HISTORY_COLUMNS, csv_text, import_text
from tests.updates.helpers import open_form, recommendation, submit_update
from tracker.actors.models import Actor
from tracker.audit.models import AuditEvent
from tracker.documents.models import Document
from tracker.intake.models import IntakeCandidate
from tracker.themes.models import Theme
from tracker.transfer.formats import DOCUMENT_COLUMNS

HUGE = "99999999999999999999999"


def _text(response) -> str:
    return response.get_data(as_text=True)


# --- Numbers that are not ASCII digits ------------------------------------------------


@pytest.mark.parametrize("query", ["page=²", "per_page=²", "page=٣", "per_page=1²"])
def test_list_numbers_must_be_ascii_digits(client, query):
    for url in (
        f"/recommendations?{query}",
        f"/api/recommendations?{query}",
        f"/recommendations.csv?{query}",
        f"/updates.atom?{query}",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "must be a whole number of at least 1" in _text(response)


def test_other_numbers_must_be_ascii_digits(client, login):
    assert client.get("/updates.atom?recommendation=²").status_code == 400
    assert client.get("/recommendations?maker=²").status_code == 400
    login(client, "admin")
    assert client.get("/admin/audit?page=²").status_code == 400
    assert client.get("/admin/audit?target_type=user&target_id=²").status_code == 200
    assert client.get("/reports/saved?page=²").status_code == 400


def test_bulk_candidate_ids_must_be_ascii_digits(client, login, csrf_token, db_session):
    document = db_session.scalar(select(Document).limit(1))
    candidate = IntakeCandidate(
        document=document,
        quote="x",
        quote_start=0,
        quote_end=1,
        summary="A candidate",
        makers=[],
        addressees=[],
        themes=[],
    )
    db_session.add(candidate)
    db_session.flush()
    login(client, "advocate")
    response = client.post(
        f"/intake/documents/{document.id}/bulk",
        data={"csrf_token": csrf_token(client), "action": "reject", "candidate": ["²", HUGE, str(candidate.id)]},
    )
    assert response.status_code == 302
    db_session.refresh(candidate)
    assert candidate.status == "rejected"


# --- Integers beyond what a column holds ------------------------------------------------


def test_integers_beyond_a_column_are_unknown(client):
    assert client.get(f"/updates.atom?recommendation={HUGE}").status_code == 400
    assert client.get(f"/recommendations/{HUGE}").status_code == 404
    assert client.get(f"/api/recommendations/{HUGE}").status_code == 404
    assert client.get(f"/api/recommendations/{HUGE}/updates").status_code == 404
    assert client.get(f"/documents/x?rec={HUGE}").status_code == 404
    response = client.get(f"/recommendations?maker={HUGE}")
    assert response.status_code == 400 and "Unknown maker" in _text(response)
    assert client.get(f"/recommendations?page={HUGE}").status_code == 400


def test_a_version_beyond_a_column_is_refused(client, login, db_session):
    login(client, "advocate")
    rec = recommendation(db_session)
    hidden = open_form(client, rec.id)
    response = submit_update(client, rec.id, hidden={**hidden, "version": HUGE})
    assert response.status_code == 422
    assert "version is not valid" in _text(response)


def test_a_version_beyond_a_column_is_refused_by_the_api(client, db_session, make_user):
    from tracker.accounts.tokens import create_api_token

    _token, raw = create_api_token(db_session, make_user("advocate"), "script")
    rec = recommendation(db_session)
    response = client.post(
        f"/api/recommendations/{rec.id}/updates",
        headers={"Authorization": f"Bearer {raw}"},
        json={"version": int(HUGE), "note": "A note."},
    )
    assert response.status_code == 422
    assert "version" in response.json["error"]["fields"]


# --- A numeric id in a list filter ------------------------------------------------------


def test_numeric_ids_filter_the_html_list_like_slugs(client, db_session):
    actor = db_session.scalar(select(Actor).where(Actor.slug == "us-government"))
    theme = db_session.scalar(select(Theme).limit(1))
    document = db_session.scalar(select(Document).limit(1))
    for facet, row in (("maker", actor), ("addressee", actor), ("theme", theme), ("document", document)):
        by_id = client.get(f"/recommendations?{facet}={row.id}")
        by_slug = client.get(f"/recommendations?{facet}={row.slug}")
        assert by_id.status_code == by_slug.status_code == 200, facet
        assert _showing(by_id) == _showing(by_slug), facet
    api = client.get(f"/api/recommendations?addressee={actor.id}&per_page=1")
    assert api.status_code == 200 and f"addressee={actor.slug}" in api.json["next"]


def _showing(response) -> str:
    match = re.search(r"Showing [^<]*", _text(response))
    return match.group(0) if match else "no results line"


# --- NUL in the address ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/documents/%00",
        "/actors/%00",
        "/actors/a%00b",
        "/recommendations?maker=hrf&maker=%00",
        "/recommendations?q=a&q=%00",
        "/api/recommendations?theme=x&theme=%00",
        "/documents/x?rec=%00",
    ],
)
def test_nul_in_the_address_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in _text(response)


def test_nul_in_a_form_field_is_refused_with_a_message(client, login, csrf_token):
    login(client, "admin")
    response = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf_token(client, "/admin/users/new"),
            "email": "a\x00@example.org",
            "name": "A\x00",
            "role": "viewer",
            "password": "",
        },
    )
    assert response.status_code == 422
    assert "invisible NUL character" in _text(response)


# --- CR/LF in a next parameter ------------------------------------------------------------


def test_cr_lf_in_next_is_ignored_and_the_sign_in_is_audited(client, make_user, csrf_token, db_session):
    user = make_user("viewer")
    page = client.get("/sign-in?next=/a%0D%0Ab")
    assert page.status_code == 200 and "/a\r\nb" not in _text(page)
    response = client.post(
        "/sign-in",
        data={
            "email": user.email,
            "password": "correct horse battery staple",
            "next": "/a\r\nSet-Cookie: x=1",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert (
        db_session.scalar(
            select(AuditEvent).where(AuditEvent.action == "sign_in.succeeded", AuditEvent.user_id == user.id)
        )
        is not None
    )


# --- Malformed URLs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "link", ["http://[::1", "http://example.org:port/", "https://exa mple.org", "ftp://example.org/"]
)
def test_malformed_evidence_links_are_refused(client, login, db_session, link):
    login(client, "advocate")
    rec = recommendation(db_session)
    response = submit_update(client, rec.id, evidence_links=link)
    assert response.status_code == 422
    assert "is not a web address starting with http:// or https://" in _text(response)


def test_malformed_document_urls_are_refused_by_intake(client, login, csrf_token):
    login(client, "advocate")
    response = client.post(
        "/intake/new",
        data={
            "csrf_token": csrf_token(client, "/intake/new"),
            "title": "A title",
            "text": "The government should act.",
            "url": "http://[::1",
            "language": "en",
            "kind": "statement",
            "publisher": "",
        },
    )
    assert response.status_code == 422
    assert "is not a web address" in _text(response)


def test_malformed_urls_in_imports_are_row_errors(db_session):
    evidence = json.dumps([{"url": "http://[::1"}])
    report = import_text(
        db_session,
        csv_text(
            HISTORY_COLUMNS,
            ["", "hrf-increase-processing-sites", "2021-06-01", "", "in_progress", "A note", evidence, "", "", ""],
        ),
    )
    assert not report.ok
    assert "is not a web address" in report.errors[0].message


# --- Deeply nested JSON --------------------------------------------------------------------


def test_deeply_nested_json_in_an_api_body_is_refused(client, db_session, make_user):
    from tracker.accounts.tokens import create_api_token

    _token, raw = create_api_token(db_session, make_user("advocate"), "script")
    rec = recommendation(db_session)
    for body in (
        "[" * 100_000 + "]" * 100_000,
        '{"note": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"version": 1, "note": "x", "evidence": [' + '{"a":' * 50 + "1" + "}" * 50 + "]}",
    ):
        response = client.post(
            f"/api/recommendations/{rec.id}/updates",
            data=body,
            headers={"Authorization": f"Bearer {raw}", "Content-Type": "application/json"},
        )
        assert response.status_code in (400, 422), body[:40]
        assert response.json["error"]["status"] == response.status_code


def test_deeply_nested_json_in_imported_evidence_is_a_row_error(db_session):
    evidence = "[" * 50_000 + "]" * 50_000
    report = import_text(
        db_session,
        csv_text(
            HISTORY_COLUMNS,
            ["", "hrf-increase-processing-sites", "2021-06-01", "", "in_progress", "A note", evidence, "", "", ""],
        ),
    )
    assert not report.ok
    assert "evidence" in report.errors[0].message


# --- Dates outside what the database or Python handle ----------------------------------------


@pytest.mark.parametrize(
    "recorded_at", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "0999-01-01T00:00:00"]
)
def test_imported_timestamps_out_of_range_are_row_errors(db_session, recorded_at):
    report = import_text(
        db_session,
        csv_text(
            HISTORY_COLUMNS,
            ["", "hrf-increase-processing-sites", "2021-06-01", "", "in_progress", "A note", "", "", recorded_at, ""],
        ),
    )
    assert not report.ok
    assert "recorded_at" in report.errors[0].message and "between 1000-01-01 and 9998-12-31" in report.errors[0].message


def test_imported_dates_out_of_range_are_row_errors(db_session):
    report = import_text(
        db_session,
        csv_text(
            HISTORY_COLUMNS,
            ["", "hrf-increase-processing-sites", "0001-01-01", "", "in_progress", "A note", "", "", "", ""],
        ),
    )
    assert not report.ok
    assert report.errors[0].message.startswith("effective_on")


def test_document_urls_in_imports_are_http_only(db_session):
    document = db_session.scalar(select(Document).limit(1))
    values = {
        "id": "",
        "slug": "imported-one",
        "title": "Imported",
        "publisher": "",
        "published_on": "",
        "date_note": "",
        "kind": document.kind,
        "language": "en",
        "url": "javascript:alert(1)",
        "source_file": "",
        "created_at": "",
        "text": "Some text.",
    }
    report = import_text(db_session, csv_text(DOCUMENT_COLUMNS, [values[c] for c in DOCUMENT_COLUMNS]))
    assert not report.ok
    assert report.errors[0].message.startswith("url:")
    values["url"] = "https://example.org/letter"
    assert import_text(db_session, csv_text(DOCUMENT_COLUMNS, [values[c] for c in DOCUMENT_COLUMNS])).ok


# --- The same intake candidate decided twice (at once: test_intake_decisions_at_once.py) ------


def test_the_page_says_already_decided_when_a_candidate_is_accepted_twice(client, login, csrf_token, db_session):
    document = db_session.scalar(select(Document).limit(1))
    candidate = IntakeCandidate(
        document=document,
        quote="x",
        quote_start=0,
        quote_end=1,
        summary="A candidate",
        makers=[],
        addressees=[],
        themes=[],
    )
    db_session.add(candidate)
    db_session.flush()
    login(client, "advocate")
    form = {"csrf_token": csrf_token(client), "action": "reject", "summary": "A candidate"}
    assert client.post(f"/intake/candidates/{candidate.id}", data=form).status_code == 302
    second = client.post(f"/intake/candidates/{candidate.id}", data=form, follow_redirects=True)
    assert second.status_code == 200
    assert "This candidate was already decided." in second.get_data(as_text=True)


# --- Dates near the ends of the calendar in forms and addresses ---------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/reports/progress?from=0001-01-01&to=0001-01-02",
        "/reports/progress.csv?from=0001-01-01&to=2021-01-01",
        "/reports/progress.pdf?from=0001-01-01&to=0001-01-02",
    ],
)
def test_report_periods_near_the_year_1_are_refused(client, login, url):
    login(client, "staff")
    response = client.get(url)
    assert response.status_code == 400  # the report form is shown again with its message
    assert "Give a date between 1000-01-01 and 9998-12-31." in _text(response)


def test_as_of_outside_the_calendar_range_is_refused(client):
    response = client.get("/recommendations?as_of=0001-01-01")
    assert response.status_code == 400 and "Give a date between 1000-01-01 and 9998-12-31." in _text(response)


def test_effective_dates_outside_the_calendar_range_are_refused(client, login, db_session):
    login(client, "advocate")
    rec = recommendation(db_session)
    response = submit_update(client, rec.id, effective_on="0001-01-01")
    assert response.status_code == 422
    assert "Give a date between 1000-01-01 and 9998-12-31." in _text(response)


def test_bulk_accepting_a_candidate_without_makers_says_what_to_do(client, login, csrf_token, db_session):
    document = db_session.scalar(select(Document).limit(1))
    candidate = IntakeCandidate(
        document=document,
        quote="x",
        quote_start=0,
        quote_end=1,
        summary="No maker found",
        makers=[],
        addressees=[],
        themes=[],
    )
    db_session.add(candidate)
    db_session.flush()
    login(client, "advocate")
    response = client.post(
        f"/intake/documents/{document.id}/bulk",
        data={"csrf_token": csrf_token(client), "action": "accept", "candidate": str(candidate.id)},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert f"candidate #{candidate.id} cannot be accepted as proposed" in _text(response)
    db_session.refresh(candidate)
    assert candidate.status == "pending"
