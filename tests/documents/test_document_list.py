"""The documents list: a page at a time, recommendations counted per listed document,
a title search that works as a plain GET form, an empty state, in English and Spanish."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from tracker.documents.models import Document
from tracker.documents.views import PER_PAGE
from tracker.recommendations.models import Recommendation
from tracker.timeutil import utcnow


def titles_on(html: str) -> list[str]:
    """The titles linked in the list's table, in order."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<td[^>]*><a href="/documents/[^"]+">([^<]+)</a></td>', body)


@pytest.fixture()
def bulletins(db_session):
    """PER_PAGE + 5 documents titled 'Zephyr bulletin NN', one a day from 1 January 2020."""
    documents = [
        Document(
            slug=f"zephyr-bulletin-{n:02d}",
            title=f"Zephyr bulletin {n:02d}",
            kind="report",
            language="en",
            text="Text.",
            published_on=date(2020, 1, 1 + n) if n < 28 else date(2020, 2, n - 27),
        )
        for n in range(PER_PAGE + 5)
    ]
    db_session.add_all(documents)
    db_session.flush()
    return documents


def test_the_list_is_cut_into_pages_newest_first(client, bulletins):
    first = client.get("/documents?q=zephyr").get_data(as_text=True)
    second = client.get("/documents?q=zephyr&page=2").get_data(as_text=True)
    newest_first = [d.title for d in sorted(bulletins, key=lambda d: d.published_on, reverse=True)]
    assert titles_on(first) == newest_first[:PER_PAGE]
    assert titles_on(second) == newest_first[PER_PAGE:]
    assert "Page 1 of 2" in first and 'href="/documents?page=2&amp;q=zephyr"' in first
    assert f"{PER_PAGE + 5} documents match “zephyr”." in first


def test_the_unfiltered_list_shows_one_page_and_counts_every_live_document(client, db_session, bulletins):
    live = db_session.scalar(select(func.count()).select_from(Document).where(Document.retired_at.is_(None)))
    html = client.get("/documents").get_data(as_text=True)
    assert len(titles_on(html)) == PER_PAGE
    assert f"{live} documents." in html
    pages = -(-live // PER_PAGE)
    assert f"Page 1 of {pages}" in html
    last = client.get(f"/documents?page={pages}").get_data(as_text=True)
    assert len(titles_on(last)) == live - (pages - 1) * PER_PAGE


def test_each_count_is_the_documents_live_recommendations(client, db_session):
    rec = db_session.scalar(select(Recommendation).where(Recommendation.retired_at.is_(None)).limit(1))
    rec.retired_at = utcnow()
    db_session.flush()
    document = rec.document
    live = db_session.scalar(
        select(func.count())
        .select_from(Recommendation)
        .where(Recommendation.document_id == document.id, Recommendation.retired_at.is_(None))
    )
    html = client.get("/documents", query_string={"q": document.slug}).get_data(as_text=True)
    link = f'href="/recommendations?document={document.slug}">{live}</a>'
    assert link in html


def test_retired_documents_are_not_listed(client, db_session, bulletins):
    bulletins[0].retired_at = utcnow()
    db_session.flush()
    html = client.get("/documents?q=zephyr").get_data(as_text=True)
    assert f"{PER_PAGE + 4} documents match" in html
    assert "Zephyr bulletin 00" not in html


def test_the_search_matches_titles_in_any_case_and_takes_like_characters_literally(client, bulletins):
    html = client.get("/documents?q=BULLETIN 07").get_data(as_text=True)
    assert titles_on(html) == ["Zephyr bulletin 07"]
    assert "1 document matches “BULLETIN 07”." in html
    assert "No documents match “Zephyr%”." in client.get("/documents?q=Zephyr%25").get_data(as_text=True)


def test_a_search_with_no_match_says_so_and_offers_the_whole_list(client):
    response = client.get("/documents?q=no+such+title+anywhere")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "No documents match “no such title anywhere”." in html
    assert 'href="/documents">Show all documents</a>' in html
    assert "<table" not in html


def test_the_search_form_is_a_plain_get_form_that_keeps_the_text(client):
    html = client.get("/documents?q=%3Cb%3Ezephyr").get_data(as_text=True)
    assert re.search(r'<form class="search-form" method="get" action="/documents"', html)
    assert 'name="q" type="search" value="&lt;b&gt;zephyr"' in html


@pytest.mark.parametrize("page", ["0", "-1", "two", "1.5", "100001"])
def test_a_bad_page_number_is_a_400_with_a_message(client, page):
    response = client.get(f"/documents?page={page}")
    assert response.status_code == 400
    assert "The page number must be a whole number" in response.get_data(as_text=True)


def test_a_page_beyond_the_last_is_a_404_that_says_how_many_there_are(client, bulletins):
    response = client.get("/documents?q=zephyr&page=3")
    assert response.status_code == 404
    assert "There is no page 3: there are 2." in response.get_data(as_text=True)


def test_the_list_speaks_spanish(client, bulletins):
    es = {"Accept-Language": "es"}
    html = client.get("/documents?q=zephyr", headers=es).get_data(as_text=True)
    assert "Buscar en los títulos de los documentos" in html
    assert f"{PER_PAGE + 5} documentos coinciden con «zephyr»." in html
    empty = client.get("/documents?q=nada+de+nada", headers=es).get_data(as_text=True)
    assert "Ningún documento coincide con «nada de nada»." in empty
