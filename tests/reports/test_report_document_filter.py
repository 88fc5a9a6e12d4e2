"""The progress report's document filter is a search field, not a menu of every document:
words of a title (or a slug) become the report's ``document=slug``; several matches are
offered as links; none is explained; a chosen document is a ticked box to untick."""

from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from tests.curation.helpers import read_form
from tests.reports.history import DOCUMENT, report_url


@pytest.fixture()
def staff(client, login):
    login(client, "staff")
    return client


def submit_form(staff, url: str, **changes) -> object:
    """Fill the report form of ``url`` as a person would and send it."""
    fields = read_form(staff.get(url).get_data(as_text=True), "/reports/progress", exact=True)
    fields = [(k, changes.get(k, v)) for k, v in fields]
    return staff.get("/reports/progress", query_string=MultiDict(fields))


def test_the_form_has_no_menu_of_documents(staff):
    page = staff.get(report_url()).get_data(as_text=True)
    assert 'name="document_find"' in page
    assert '<select id="document"' not in page and "Asylum Seekers Returned to Mexico" not in page


def test_words_of_one_title_become_the_reports_document(staff):
    response = submit_form(staff, report_url(), document_find="well-being of asylum SEEKERS")
    assert response.status_code == 303
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["document"] == [DOCUMENT] and query["from"] == ["01/07/2021"]
    report = staff.get(response.headers["Location"])
    html = report.get_data(as_text=True)
    assert report.status_code == 200 and "Save as a numbered report" in html
    # The chosen document is a ticked box: unticking it removes the filter.
    fields = read_form(html, "/reports/progress", exact=True)
    assert ("document", DOCUMENT) in fields
    response = staff.get("/reports/progress", query_string=MultiDict([f for f in fields if f[0] != "document"]))
    assert "document" not in parse_qs(urlsplit(response.headers["Location"]).query)


def test_a_slug_names_its_document(staff):
    response = staff.get(report_url(document_find=DOCUMENT))
    assert response.status_code == 303
    assert parse_qs(urlsplit(response.headers["Location"]).query)["document"] == [DOCUMENT]


def test_several_matches_are_offered_as_links_without_a_report(staff):
    response = staff.get(report_url(document_find="asylum"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "4 documents match “asylum”: choose one." in html
    assert "Save as a numbered report" not in html
    assert f"document={DOCUMENT}" in html
    chosen = staff.get(
        next(
            href
            for href in html.replace("&amp;", "&").split('href="')[1:]
            if f"document={DOCUMENT}" in href.split('"')[0]
        ).split('"')[0]
    )
    assert chosen.status_code == 200 and "Save as a numbered report" in chosen.get_data(as_text=True)


@pytest.mark.parametrize("text", ["no such title anywhere", "100%_"])
def test_no_match_is_explained_and_kept(staff, text):
    response = staff.get(report_url(document_find=text))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"No document title or slug contains “{text}”." in html
    assert f'value="{text}"' in html
