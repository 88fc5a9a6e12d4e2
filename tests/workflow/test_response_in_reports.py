"""The government's response beside the assessed status on the dashboard and in progress reports."""

import csv
import io
from datetime import date

from tests.updates.helpers import submit_update
from tests.workflow.helpers import mexico_recommendations
from tests.workflow.test_government_response import ACCEPTED, respond


def test_dashboard_and_progress_report_show_what_the_government_says_beside_our_assessment(client, db_session, login):
    login(client, "staff")
    claimed, other = mexico_recommendations(db_session)[:2]
    respond(client, claimed.id, dict(ACCEPTED, claims_implemented="y"))
    respond(client, other.id, dict(ACCEPTED, response="rejected"))
    submit_update(client, claimed.id, status="no_action", note="Nothing changed.", effective_on="2021-04-01")

    dashboard = client.get("/reports").get_data(as_text=True)
    section = dashboard.split("What the government says, beside our assessment")[1]
    assert "1 recommendation: the government says it is implemented, we disagree" in section
    assert 'href="/recommendations?disputed=1"' in section

    today = date.today().isoformat()
    report = client.get(f"/reports/progress?from=2021-01-01&to={today}&addressee=mexican-government")
    page = report.get_data(as_text=True)
    assert report.status_code == 200
    disputed = page.split("Government says implemented, advocates disagree")[1]
    assert claimed.summary in disputed and other.summary not in disputed.split("</ul>")[0]
    assert "https://gob.mx/comunicado/123" in disputed
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(f"/reports/progress.csv?from=2021-01-01&to={today}&addressee=mexican-government").get_data(
                    as_text=True
                )
            )
        )
    )
    assert [r["recommendation"] for r in rows if r["section"] == "government_disputed"] == [claimed.key]
    counts = {(r["name"], r["status"]): int(r["value"]) for r in rows if r["section"] == "government" and r["status"]}
    assert counts[("accepted", "no_action")] == 1 and counts[("rejected", "not_assessed")] == 1
    assert counts[("no_response", "not_assessed")] == 6

    # As of a period that ended before the response, the government had not answered yet.
    early = client.get("/reports/progress?from=2021-01-01&to=2021-02-01&addressee=mexican-government")
    assert "No recommendation in scope: the government and our assessment" in early.get_data(as_text=True)
