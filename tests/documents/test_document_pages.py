"""Documents: the list, and each text with every recommendation highlighted and linked."""

import re

from sqlalchemy import select

from tracker.documents.highlight import segment_text
from tracker.documents.models import Document
from tracker.recommendations.models import Recommendation


def test_list_shows_dates_or_unknown(client):
    html = client.get("/documents").get_data(as_text=True)
    assert "May 18, 2021" in html
    assert "January 29, 2021" in html
    assert html.count("Date unknown") == 3


def test_every_recommendation_is_highlighted_and_linked(client, db_session):
    for document in db_session.scalars(select(Document)):
        html = client.get(f"/documents/{document.slug}").get_data(as_text=True)
        rec_ids = db_session.scalars(select(Recommendation.id).where(Recommendation.document_id == document.id)).all()
        for rec_id in rec_ids:
            assert f'id="rec-{rec_id}"' in html
            assert f'href="/recommendations/{rec_id}"' in html


def test_highlighted_text_is_the_quote(client, db_session):
    rec = db_session.scalar(select(Recommendation).where(Recommendation.key == "csos-support-comar"))
    html = client.get(f"/documents/{rec.document.slug}?rec={rec.id}").get_data(as_text=True)
    marked = re.search(
        rf'class="quote-mark current"\s+href="/recommendations/{rec.id}"\s+title="[^"]*">([^<]*)</a>', html
    )
    assert marked and marked.group(1) == rec.quote


def test_the_full_text_is_shown(client, db_session):
    document = db_session.scalar(
        select(Document).where(Document.slug == "msf-why-is-the-us-sending-asylum-seekers-back")
    )
    html = client.get(f"/documents/{document.slug}").get_data(as_text=True)
    plain = re.sub(r"<[^>]+>", "", html.split('class="document-text"', 1)[1].split("</div>", 1)[0].split(">", 1)[1])
    import html as html_lib

    assert html_lib.unescape(plain) == document.text


def test_missing_document_is_a_404(client):
    assert client.get("/documents/no-such-document").status_code == 404


def test_segments_cover_the_text_and_handle_overlaps():
    segments = segment_text("abcdefghij", [(1, 2, 6), (2, 4, 8)])
    assert "".join(s.text for s in segments) == "abcdefghij"
    by_text = {s.text: s.recommendation_ids for s in segments}
    assert by_text == {"ab": (), "cd": (1,), "ef": (1, 2), "gh": (2,), "ij": ()}
