"""The PDF parses and holds the figures; the CSV round-trips through a CSV reader."""

import csv
import io

import pypdf
import pytest

from tests.reports.history import DOCUMENT, EXPECTED_END, EXPECTED_FIGURES, A, build_history, report_url


@pytest.fixture()
def staff_client(client, db_session, make_user, login):
    build_history(db_session, make_user("advocate"))
    login(client, "staff")
    return client


def test_pdf_parses_and_contains_the_figures(staff_client):
    response = staff_client.get(report_url("/reports/progress.pdf", document=DOCUMENT))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="progress-report-2021-07-01-to-2021-09-30.pdf"' in response.headers["Content-Disposition"]
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    assert "Progress report" in text
    for phrase in ("3 changed status", "1 moved forward", "1 regressed", "1 unchanged", "4 recommendations in scope"):
        assert phrase in " ".join(text.split()), phrase
    assert "Programme suspended after two weeks." in text
    assert "Mexico Government Must Ensure" in text  # the filter is named


def test_csv_round_trips(staff_client):
    response = staff_client.get(report_url("/reports/progress.csv", document=DOCUMENT))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    figures = {r["name"]: int(r["value"]) for r in rows if r["section"] == "figure"}
    assert figures == EXPECTED_FIGURES
    end = {
        r["status"]: int(r["value"])
        for r in rows
        if r["section"] == "distribution" and r["name"] == "end" and r["value"] != "0"
    }
    assert end == EXPECTED_END
    changes = [r for r in rows if r["section"] == "change"]
    assert [c["recommendation"] for c in changes][0] == A and len(changes) == 4
    assert changes[0]["evidence"] == "https://example.org/launch"
    assert changes[2]["evidence"] == "“The programme is suspended.” — Official gazette"
    assert {r["value"] for r in rows if r["section"] == "filter"} == {DOCUMENT}
    mexico = {
        r["status"]: int(r["value"])
        for r in rows
        if r["section"] == "by_addressee" and r["name"] == "Government of Mexico" and r["status"]
    }
    assert {k: v for k, v in mexico.items() if v} == EXPECTED_END


def test_csv_keeps_formulas_as_text(app, db_session, make_user, client, login):
    from tests.reports.history import add_update

    add_update(db_session, make_user("advocate"), A, "in_progress", "2021-07-02", '=HYPERLINK("http://x")')
    login(client, "staff")
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(report_url("/reports/progress.csv", document=DOCUMENT)).get_data(as_text=True))
        )
    )
    assert [r["note"] for r in rows if r["section"] == "change"] == ['\'=HYPERLINK("http://x")']
