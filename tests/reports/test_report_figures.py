"""A report computed from a known history gives exactly the expected figures."""

from datetime import date

import pytest
from sqlalchemy import event
from werkzeug.datastructures import MultiDict

from tests.reports.history import (
    DOCUMENT,
    EXPECTED_END,
    EXPECTED_FIGURES,
    EXPECTED_START,
    PERIOD,
    A,
    B,
    C,
    D,
    build_history,
    report_url,
)
from tracker import db as tracker_db
from tracker.recommendations.filters import parse_list_args
from tracker.reports.computation import compute_report
from tracker.reports.period import (
    Period,
    direction,
    last_month,
    last_quarter,
    last_year,
    since,
    this_quarter_so_far,
    this_year_so_far,
)


@pytest.fixture()
def history(db_session, make_user):
    build_history(db_session, make_user("advocate"))


def compute(db_session, app, **filters):
    with app.test_request_context():
        state = parse_list_args(db_session, MultiDict([(k, v) for k, v in filters.items()]))
        return compute_report(db_session, Period(date.fromisoformat(PERIOD[0]), date.fromisoformat(PERIOD[1])), state)


def test_figures_distribution_and_lists(app, db_session, history):
    content = compute(db_session, app, document=DOCUMENT)
    assert content["figures"] == EXPECTED_FIGURES
    start = {row["status"]: row["start"] for row in content["distribution"] if row["start"]}
    end = {row["status"]: row["end"] for row in content["distribution"] if row["end"]}
    assert start == EXPECTED_START and end == EXPECTED_END
    # Every change in the period, in order; A's implementation and its reversal both appear;
    # B's change after the period and the other document's change do not.
    changes = [(c["recommendation_key"], c["from_status"], c["to_status"], c["direction"]) for c in content["changes"]]
    assert changes == [
        (A, "no_action", "implemented", "forward"),
        (B, "not_assessed", "in_progress", "forward"),
        (A, "implemented", "regressed", "regressed"),
        (D, "not_assessed", "no_action", "other"),
    ]
    assert content["changes"][0]["evidence"] == [
        {"url": "https://example.org/launch", "quotation": None, "source": None}
    ]
    assert content["changes"][2]["note"] == "Programme suspended after two weeks."
    assert content["not_updated"]["total"] == 1
    assert [i["recommendation_key"] for i in content["not_updated"]["items"]] == [C]
    assert content["period"] == {"from": "2021-07-01", "to": "2021-09-30", "start_as_of": "2021-06-30"}
    assert content["filters"]["document"][0]["slug"] == DOCUMENT


def test_per_addressee_and_maker_tables(app, db_session, history):
    content = compute(db_session, app, document=DOCUMENT)
    mexico = next(row for row in content["by_addressee"] if row["slug"] == "mexican-government")
    assert mexico["total"] == 4
    assert {k: v for k, v in mexico["counts"].items() if v} == EXPECTED_END
    assert (mexico["changed"], mexico["forward"], mexico["regressed"]) == (3, 1, 1)
    wola = next(row for row in content["by_maker"] if row["slug"] == "wola")
    assert wola["total"] == 4 and wola["counts"]["regressed"] == 1


def test_filtered_to_one_government_includes_its_agencies(app, client, db_session, history, login):
    content = compute(db_session, app, addressee="mexican-government")
    login(client, "viewer")
    expected_total = client.get("/api/recommendations?addressee=mexican-government&per_page=1").json["total"]
    assert content["figures"]["total"] == expected_total
    # Only the WOLA recommendations moved in the period among those addressed to Mexico.
    assert content["figures"]["changed"] == 3 and content["figures"]["unchanged"] == expected_total - 3
    assert all(c["recommendation_key"] != "csos-end-mpp" for c in content["changes"])


def test_unfiltered_report_counts_every_recommendation(app, db_session, history):
    content = compute(db_session, app)
    assert content["figures"]["total"] == 35
    assert content["figures"]["changed"] == 4  # the four above plus csos-end-mpp, less unchanged C
    assert content["figures"]["forward"] == 2


def test_the_page_shows_the_figures(client, db_session, history, login):
    login(client, "staff")
    page = client.get(report_url(document=DOCUMENT))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for name, value in EXPECTED_FIGURES.items():
        if name != "other":
            assert f'data-figure="{name}">{value}<' in html
    assert "Programme suspended after two weeks." in html and "Official gazette" in html
    # Start and end as horizontal bars, on one scale, and no internal key beside the items.
    assert html.count('class="hbar-row"') == 7 and 'class="hbar-fill textured status-' in html
    assert "rec-key" not in html
    assert 'style="' not in html  # the Content-Security-Policy forbids inline styles


def test_fixed_number_of_statements_whatever_the_size(app, db_session, history, make_user):
    """No N+1: a report over 35 recommendations issues as many statements as one over 4."""
    statements = []
    engine = tracker_db.engine(app)

    def count(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        sizes = []
        for filters in ({"document": DOCUMENT}, {}):
            statements.clear()
            compute(db_session, app, **filters)
            sizes.append(len(statements))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # The unfiltered report runs no statement to resolve filter names.
    assert sizes[0] - 2 == sizes[1] or sizes[0] == sizes[1], sizes
    assert max(sizes) <= 15


@pytest.mark.parametrize(
    "start,end,expected",
    [
        ("no_action", "in_progress", "forward"),
        ("not_assessed", "implemented", "forward"),
        ("implemented", "partially_implemented", "regressed"),
        ("in_progress", "rejected", "regressed"),
        ("regressed", "rejected", "regressed"),
        ("rejected", "no_action", "other"),
        ("not_assessed", "no_action", "other"),
        ("regressed", "in_progress", "forward"),
        ("implemented", "implemented", "unchanged"),
    ],
)
def test_direction(start, end, expected):
    assert direction(start, end) == expected


def test_period_shortcuts():
    today = date(2026, 11, 22)
    assert last_month(today) == Period(date(2026, 10, 1), date(2026, 10, 31))
    assert last_quarter(today) == Period(date(2026, 7, 1), date(2026, 9, 30))
    assert last_quarter(date(2026, 2, 3)) == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert last_year(today) == Period(date(2025, 1, 1), date(2025, 12, 31))
    assert last_month(date(2026, 1, 15)) == Period(date(2025, 12, 1), date(2025, 12, 31))
    assert since(date(2026, 9, 30), today) == Period(date(2026, 10, 1), today)
    assert since(today, today) == Period(today, today)
    assert Period(date(2021, 7, 1), date(2021, 9, 30)).start_as_of == date(2021, 6, 30)
    assert this_quarter_so_far(today) == Period(date(2026, 10, 1), today)
    assert this_quarter_so_far(date(2026, 3, 31)) == Period(date(2026, 1, 1), date(2026, 3, 31))
    assert this_year_so_far(today) == Period(date(2026, 1, 1), today)


def test_the_progress_page_offers_this_quarter_and_this_year_so_far(client, login):
    login(client, "staff")
    page = client.get("/reports/progress").get_data(as_text=True)
    today = date.today()
    quarter = this_quarter_so_far(today)
    assert "This quarter so far" in page and "This year so far" in page
    assert f"from={quarter.start.isoformat()}&amp;to={today.isoformat()}" in page
    assert f"from={today.year}-01-01&amp;to={today.isoformat()}" in page
