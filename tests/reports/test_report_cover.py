"""A report fit to send: a PDF cover (period, filters, author, reviewer, executive summary),
no internal keys, headers that do not run into each other, and a wide CSV with one row
per recommendation."""

import csv
import io

import pypdf
from sqlalchemy import select

from tests.reports.history import DOCUMENT, A, B, C, D, build_history, report_url
from tests.reports.test_saved_reports import save
from tracker.audit.models import AuditEvent
from tracker.recommendations.models import Recommendation
from tracker.reports.models import SavedReport


def pdf_text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = pypdf.PdfReader(io.BytesIO(response.data)).pages
    return "\n".join(" ".join(page.extract_text().split()) for page in pages)


def saved_report(app, client, db_session, make_user, login, csrf_token) -> SavedReport:
    build_history(db_session, make_user("advocate"))
    login(client, make_user("staff", name="Sam Staff"))
    assert save(client, csrf_token, document=DOCUMENT).status_code == 302
    return db_session.scalar(select(SavedReport).order_by(SavedReport.id.desc()))


def write_summary(client, csrf_token, report, text):
    token = csrf_token(client, f"/reports/saved/{report.id}")
    return client.post(f"/reports/saved/{report.id}/summary", data={"csrf_token": token, "summary": text})


def test_the_executive_summary_is_written_rewritten_and_printed_on_the_cover(
    app, client, db_session, make_user, login, csrf_token
):
    report = saved_report(app, client, db_session, make_user, login, csrf_token)
    before = pdf_text(client.get(f"/reports/saved/{report.id}.pdf"))
    first_page = before.split("Headline figures")[0]
    for phrase in (
        "Progress report #",
        "July 1, 2021 to September 30, 2021",
        "Sam Staff",
        "Not reviewed yet",
        "Mexico Government Must Ensure",
        "No executive summary has been written",
    ):
        assert phrase in first_page, phrase

    response = write_summary(client, csrf_token, report, "Two steps forward, one back: MPP returned.")
    assert response.status_code == 302
    page = client.get(f"/reports/saved/{report.id}").get_data(as_text=True)
    assert "Executive summary saved." in page and "Two steps forward, one back: MPP returned." in page
    assert "Two steps forward, one back: MPP returned." in pdf_text(client.get(f"/reports/saved/{report.id}.pdf"))
    assert write_summary(client, csrf_token, report, "Rewritten.").status_code == 302
    db_session.expire_all()
    assert db_session.get(SavedReport, report.id).executive_summary == "Rewritten."
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "report.summary_written")) is not None
    assert write_summary(client, csrf_token, report, "   ").status_code == 302
    db_session.expire_all()
    assert db_session.get(SavedReport, report.id).executive_summary is None


def test_a_bad_summary_is_refused_with_a_message_and_kept_in_the_form(
    app, client, db_session, make_user, login, csrf_token
):
    report = saved_report(app, client, db_session, make_user, login, csrf_token)
    response = write_summary(client, csrf_token, report, "x" * 5001)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The executive summary was not saved" in html and "x" * 5001 in html
    assert write_summary(client, csrf_token, report, "nul \x00 byte").status_code == 422
    db_session.expire_all()
    assert db_session.get(SavedReport, report.id).executive_summary is None


def test_the_pdf_prints_no_internal_keys(app, client, db_session, make_user, login, csrf_token):
    report = saved_report(app, client, db_session, make_user, login, csrf_token)
    text = pdf_text(client.get(f"/reports/saved/{report.id}.pdf"))
    for key in (A, B, C, D):
        assert key not in text


def test_the_wide_csv_has_one_row_per_recommendation(app, client, db_session, make_user, login, csrf_token):
    report = saved_report(app, client, db_session, make_user, login, csrf_token)
    for url in (report_url("/reports/progress.wide.csv", document=DOCUMENT), f"/reports/saved/{report.id}.wide.csv"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        assert list(rows[0]) == [
            "id",
            "key",
            "summary",
            "document",
            "addressees",
            "status_start",
            "status_end",
            "change",
            "owners",
            "response",
            "response_date",
        ]
        by_key = {row["key"]: row for row in rows}
        assert set(by_key) == {A, B, C, D}
        moves = {key: (row["status_start"], row["status_end"], row["change"]) for key, row in by_key.items()}
        changes = sorted(change for _, _, change in moves.values())
        assert changes == ["forward", "other", "regressed", "unchanged"]
        for start, end, change in moves.values():
            assert (start == end) == (change == "unchanged")
        ids = {r.key: r.id for r in db_session.execute(select(Recommendation.key, Recommendation.id))}
        assert all(int(row["id"]) == ids[key] for key, row in by_key.items())


def test_the_wide_csv_names_the_owners_and_the_latest_response_of_the_period(
    app, client, db_session, make_user, login, csrf_token
):
    from datetime import date

    from tests.reports.history import rec
    from tracker.responses.operations import ResponseInput, record_response
    from tracker.workflow.operations import add_owners

    staff = make_user("staff", name="Sam Staff")
    olga, ben = make_user("advocate", name="Olga Owner"), make_user("advocate", name="Ben Owner")
    add_owners(db_session, rec(db_session, A), [olga, ben], staff)
    add_owners(db_session, rec(db_session, B), [olga], staff)
    for key, response, day in (
        (A, "noted", "2021-06-01"),
        (A, "accepted", "2021-08-01"),
        (A, "rejected", "2021-11-01"),  # after the period: not yet the latest
        (C, "partially_accepted", "2021-09-30"),
    ):
        record_response(
            db_session,
            rec(db_session, key),
            staff,
            ResponseInput(response=response, claims_implemented=False, responded_on=date.fromisoformat(day)),
        )
    report = saved_report(app, client, db_session, make_user, login, csrf_token)
    for url in (report_url("/reports/progress.wide.csv", document=DOCUMENT), f"/reports/saved/{report.id}.wide.csv"):
        rows = {row["key"]: row for row in csv.DictReader(io.StringIO(client.get(url).get_data(as_text=True)))}
        assert (rows[A]["owners"], rows[A]["response"], rows[A]["response_date"]) == (
            "Ben Owner; Olga Owner",
            "accepted",
            "2021-08-01",
        )
        assert (rows[B]["owners"], rows[B]["response"], rows[B]["response_date"]) == ("Olga Owner", "", "")
        assert (rows[C]["owners"], rows[C]["response"], rows[C]["response_date"]) == (
            "",
            "partially_accepted",
            "2021-09-30",
        )
        assert (rows[D]["owners"], rows[D]["response"]) == ("", "")
