"""Dates typed by people: every date field and the as-of filter read the same forms in
both languages (ISO, day/month/year, month names in English or Spanish)."""

from datetime import date

import pytest

from tests.updates.helpers import recommendation, submit_update
from tracker.dates import DateNotUnderstood, display_date, parse_user_date


@pytest.mark.parametrize(
    "text",
    [
        "2021-12-31",
        "31/12/2021",
        "31-12-2021",
        "31.12.2021",
        " 31 / 12 / 2021 ",
        "31 December 2021",
        "December 31, 2021",
        "31 Dec 2021",
        "31 diciembre 2021",
        "31 de diciembre de 2021",
        "31 DIC 2021",
        "31 de dic. de 2021",
    ],
)
def test_the_same_day_written_many_ways(text):
    assert parse_user_date(text) == date(2021, 12, 31)


def test_spanish_month_names_with_accents_and_variants():
    assert parse_user_date("1 de septiembre de 2020") == date(2020, 9, 1)
    assert parse_user_date("1 setiembre 2020") == date(2020, 9, 1)
    assert parse_user_date("2 de marzo de 2020") == date(2020, 3, 2)


@pytest.mark.parametrize("text", ["", "yesterday", "12/31/2021", "31/02/2021", "2021-13-01", "31 Mar", "ju 2021 3"])
def test_what_is_not_a_date_says_how_to_write_one(text):
    with pytest.raises(DateNotUnderstood) as error:
        parse_user_date(text)
    assert "day/month/year, for example 31/12/2021" in str(error.value)


def test_fields_show_dates_as_day_month_year():
    assert display_date(date(2021, 3, 4)) == "04/03/2021"
    assert display_date(None) == ""


def test_a_status_update_takes_a_typed_spanish_date(client, login, db_session):
    login(client, "advocate")
    rec = recommendation(db_session)
    client.get("/language/es")
    response = submit_update(client, rec.id, status="in_progress", effective_on="3 de marzo de 2021")
    assert response.status_code == 302
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "3 de marzo de 2021" in page  # the timeline, in Spanish


def test_a_date_that_is_not_one_is_reported_on_the_field_and_kept(client, login, db_session):
    login(client, "advocate")
    rec = recommendation(db_session)
    response = submit_update(client, rec.id, status="in_progress", effective_on="31/02/2021")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "is not a day of the calendar" in html and 'value="31/02/2021"' in html


def test_the_as_of_filter_reads_typed_dates_and_links_stay_iso(client):
    html = client.get("/recommendations?as_of=31/12/2021").get_data(as_text=True)
    assert 'value="31/12/2021"' in html and "as_of=2021-12-31" in html
    response = client.get("/recommendations?as_of=soon")
    assert response.status_code == 400 and "is not a date" in response.get_data(as_text=True)


def test_a_report_period_can_be_typed_day_first(client, login):
    login(client, "staff")
    response = client.get("/reports/progress?from=01/07/2021&to=30/09/2021")
    assert response.status_code == 200
    assert "from=2021-07-01" in response.get_data(as_text=True)
