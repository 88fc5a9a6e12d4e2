"""The interface in English and Spanish: choosing the language, remembering it, and what
stays in the language of its document."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import force_locale, format_date, format_decimal

from tests.updates.helpers import recommendation

SPANISH = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_english_by_default_and_for_unsupported_languages(client):
    assert html_lang(client.get("/")) == "en"
    response = client.get("/recommendations", headers={"Accept-Language": "de-DE,fr;q=0.8"})
    assert html_lang(response) == "en"
    assert ">Recommendations</a>" in response.get_data(as_text=True)


def test_accept_language_chooses_spanish(client):
    response = client.get("/recommendations", headers=SPANISH)
    page = response.get_data(as_text=True)
    assert html_lang(response) == "es"
    assert ">Recomendaciones</a>" in page
    assert "Sin evaluar" in page  # a status label
    assert "Título 42" in page  # a theme name from the seeds
    assert "Accept-Language" in response.headers["Vary"]


def test_the_language_links_set_a_cookie_that_wins_over_the_browser(client):
    page = client.get("/documents").get_data(as_text=True)
    assert 'href="/language/es?next=/documents"' in page and 'lang="es"' in page
    response = client.get("/language/es?next=/documents")
    assert response.status_code == 303 and response.headers["Location"] == "/documents"
    assert "lang=es" in response.headers["Set-Cookie"]
    again = client.get("/documents", headers={"Accept-Language": "en"})
    assert html_lang(again) == "es" and "Documentos" in again.get_data(as_text=True)
    back = client.get("/language/en?next=/documents")
    assert back.status_code == 303
    assert html_lang(client.get("/documents", headers=SPANISH)) == "en"


def test_the_language_switch_goes_back_only_to_this_site(client):
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/\\evil.example"):
        response = client.get("/language/es", query_string={"next": target})
        assert response.headers["Location"] == "/", target
    unknown = client.get("/language/xx?next=/actors")
    assert unknown.headers["Location"] == "/actors" and "Set-Cookie" not in unknown.headers


def test_data_stays_in_the_language_of_its_document(client, db_session):
    rec = recommendation(db_session)
    page = client.get(f"/recommendations/{rec.id}", headers=SPANISH).get_data(as_text=True)
    assert "Estado actual" in page
    assert rec.summary in page.replace("&#39;", "'").replace("&#34;", '"')
    assert f'<blockquote lang="{rec.document.language}">' in page


def test_dates_and_numbers_follow_the_language(app):
    with app.test_request_context(headers=SPANISH):
        assert format_date(date(2021, 5, 18), "long") == "18 de mayo de 2021"
        assert format_decimal(12345) == "12.345"
        assert app.jinja_env.filters["date"](None) == "Fecha desconocida"
    with app.test_request_context():
        assert format_date(date(2021, 5, 18), "long") == "May 18, 2021"
        assert format_decimal(12345) == "12,345"
    with app.test_request_context(), force_locale("es"):
        assert format_date(date(2021, 5, 18), "long") == "18 de mayo de 2021"


def test_counts_are_written_as_babel_writes_them_in_every_language(app):
    number = app.jinja_env.filters["number"]
    values = [0, 7, 999, 1000, 1234, 12345, 999999, 1234567, 10**12, -5, -1234, 2.5, 1234.567]
    for headers in ({}, SPANISH):
        with app.test_request_context(headers=headers):
            assert [number(v) for v in values] == [format_decimal(v) for v in values]
    with app.test_request_context(headers=SPANISH):
        assert number(1234567) == "1.234.567"


def test_error_pages_and_form_errors_are_translated(client, csrf_token):
    missing = client.get("/recommendations/999999", headers=SPANISH)
    assert missing.status_code == 404
    assert "No encontrado" in missing.get_data(as_text=True)
    client.get("/language/es")
    response = client.post("/sign-in", data={"email": "", "password": "", "csrf_token": csrf_token(client)})
    page = response.get_data(as_text=True)
    assert "Escriba su dirección de correo electrónico." in page
    assert 'for="email">Correo electrónico</label>' in page


def test_the_switch_is_on_every_page_type(client):
    for path in ("/", "/recommendations", "/documents", "/actors", "/sign-in", "/api/docs", "/nowhere"):
        page = client.get(path).get_data(as_text=True)
        assert 'aria-label="Language"' in page and ">Español</a>" in page, path
