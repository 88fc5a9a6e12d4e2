"""The progress report's addressee and maker filters use the actor picker: any actor, by name."""

from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from tests.curation.helpers import read_form


@pytest.fixture()
def staff(client, login):
    login(client, "staff")
    return client


def report_form(staff, url: str) -> list[tuple[str, str]]:
    return read_form(staff.get(url).get_data(as_text=True), "/reports/progress", exact=True)


def test_an_actor_typed_by_name_becomes_the_reports_filter(staff):
    page = staff.get("/reports/progress").get_data(as_text=True)
    assert 'name="addressee-new"' in page and 'name="maker-new"' in page and 'list="actor-choices"' in page
    assert '<select id="addressee"' not in page and "picker.js" in page
    fields = [
        (
            k,
            {
                "from": "01/01/2021",
                "to": "31/12/2021",
                "addressee-new": "DHS",
                "maker-new": "Human Rights First",
                "theme": "title-42",
            }.get(k, v),
        )
        for k, v in report_form(staff, "/reports/progress")
    ]
    response = staff.get("/reports/progress", query_string=MultiDict(fields))
    assert response.status_code == 303
    assert parse_qs(urlsplit(response.headers["Location"]).query) == {
        "from": ["01/01/2021"],
        "to": ["31/12/2021"],
        "theme": ["title-42"],
        "addressee": ["dhs"],
        "maker": ["human-rights-first"],
    }
    report = staff.get(response.headers["Location"])
    assert report.status_code == 200
    html = report.get_data(as_text=True)
    assert "Save as a numbered report" in html
    # The chosen actors are ticked rows; unticking one removes it from the report's filters.
    fields = read_form(html, "/reports/progress", exact=True)
    assert ("maker-0-actor", "human-rights-first") in fields and ("maker-0-keep", "1") in fields
    response = staff.get(
        "/reports/progress", query_string=MultiDict([(k, v) for k, v in fields if k != "maker-0-keep"])
    )
    assert "maker" not in parse_qs(urlsplit(response.headers["Location"]).query)


def test_an_unknown_name_is_explained_and_kept(staff):
    fields = [
        (k, {"from": "01/01/2021", "to": "31/12/2021", "addressee-new": "Ministry of Nowhere"}.get(k, v))
        for k, v in report_form(staff, "/reports/progress")
    ]
    response = staff.get("/reports/progress", query_string=MultiDict(fields))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The report cannot be produced" in html
    assert "No actor is called “Ministry of Nowhere”. Choose one from the suggestions." in html
    assert 'value="Ministry of Nowhere"' in html and "Create a new actor" not in html
