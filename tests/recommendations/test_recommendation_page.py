"""One recommendation's page."""

from sqlalchemy import select

from tracker.recommendations.models import Recommendation


def rec_by_key(db_session, key):
    return db_session.scalar(select(Recommendation).where(Recommendation.key == key))


def test_shows_summary_quote_makers_addressees_themes_and_status(client, db_session):
    rec = rec_by_key(db_session, "csos-support-comar")
    html = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Provide additional support to COMAR" in html
    assert rec.quote in html
    for signatory in ("Asylum Access México", "Sin Fronteras", "IMUMI"):
        assert signatory in html
    assert "/actors/us-government" in html
    assert "COMAR" in html and "/recommendations?theme=comar" in html
    assert "Not assessed" in html


def test_links_to_the_quote_in_its_document(client, db_session):
    rec = rec_by_key(db_session, "hrf-increase-processing-sites")
    html = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    link = f"/documents/{rec.document.slug}?rec={rec.id}#rec-{rec.id}"
    assert link in html
    document_html = client.get(link).get_data(as_text=True)
    assert f'id="rec-{rec.id}"' in document_html
    assert f'class="quote-mark current"\n           href="/recommendations/{rec.id}"' in document_html


def test_addressees_show_their_parents(client, db_session):
    rec = rec_by_key(db_session, "hrf-increase-processing-sites")
    html = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Alejandro Mayorkas" in html and "/actors/dhs" in html and "/actors/us-government" in html


def test_missing_recommendation_is_a_404_page(client):
    response = client.get("/recommendations/999999")
    assert response.status_code == 404
    assert "There is no recommendation 999999." in response.get_data(as_text=True)


def test_the_quote_is_shown_marked_inside_its_sentence(client, db_session):
    rec = rec_by_key(db_session, "hrf-increase-processing-sites")
    html = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "<mark>increase MPP processing sites</mark>" in html
    assert "The letter calls on the Biden administration to" in html
