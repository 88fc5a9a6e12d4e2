"""Bad input gets a clear message and keeps what was typed; never a 500."""

from datetime import date, timedelta

import pytest

from tests.reports.history import report_url


@pytest.fixture()
def staff(client, login):
    login(client, "staff")
    return client


@pytest.mark.parametrize("path", ["/reports/progress", "/reports/progress.pdf", "/reports/progress.csv"])
@pytest.mark.parametrize(
    "args,message",
    [
        ({"start": "2021-09-30", "end": "2021-07-01"}, "The period must end on or after its first day (2021-09-30)."),
        (
            {"start": "2021-13-01", "end": "2021-12-31"},
            "“2021-13-01” is not a day of the calendar: write it as day/month/year",
        ),
        ({"start": "yesterday", "end": "2021-12-31"}, "“yesterday” is not a date"),
        ({"start": "2021-01-01", "end": ""}, "Give the last day of the period."),
        ({"addressee": "atlantis"}, "Unknown addressee &#39;atlantis&#39;."),
        ({"theme": "nope", "maker": "nobody"}, "Unknown maker &#39;nobody&#39;."),
    ],
)
def test_bad_input_is_a_400_with_a_message(staff, path, args, message):
    args = dict(args)
    dates = {k: args.pop(k) for k in ("start", "end") if k in args}
    response = staff.get(report_url(path, **dates, **args))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "The report cannot be produced" in html


def test_a_future_end_is_refused(staff):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = staff.get(report_url(start="2021-01-01", end=tomorrow))
    assert response.status_code == 400
    assert "The period cannot end in the future" in response.get_data(as_text=True)


def test_the_form_keeps_the_input(staff):
    html = staff.get(report_url(start="2021-09-30", end="2021-07-01", addressee="mexican-government")).get_data(
        as_text=True
    )
    assert 'value="30/09/2021"' in html and 'value="01/07/2021"' in html  # shown day/month/year
    # The addressee is a ticked row of the actor picker.
    assert 'name="addressee-0-actor" value="mexican-government"' in html
    assert 'name="addressee-0-keep" value="1" checked' in html


def test_without_dates_the_page_shows_the_form_and_downloads_redirect(staff):
    page = staff.get("/reports/progress")
    assert page.status_code == 200 and "Choose a period" in page.get_data(as_text=True)
    for path in ("/reports/progress.pdf", "/reports/progress.csv"):
        response = staff.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/reports/progress")


def test_bad_saved_list_page_and_unknown_report(staff):
    assert staff.get("/reports/saved?page=abc").status_code == 400
    assert staff.get("/reports/saved?page=9").status_code == 404
    assert staff.get("/reports/saved/999999").status_code == 404
