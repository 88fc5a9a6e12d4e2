"""Adding a document and reviewing its candidates through the real app (CSRF on)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.intake.helpers import LETTER, decide_in_review, document_form, make_pdf, upload
from tracker.audit.models import AuditEvent
from tracker.documents.models import Document
from tracker.intake.models import IntakeCandidate, IntakeSubmission, RelatedRecommendation
from tracker.recommendations.models import Recommendation


@pytest.fixture()
def uploads(app, tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(folder))
    return folder


@pytest.fixture()
def advocate(client, login):
    return login(client, "advocate")


def add(client, csrf_token, **fields):
    data = document_form(**fields)
    data["csrf_token"] = csrf_token(client, "/intake/new")
    return client.post("/intake/new", data=data, content_type="multipart/form-data")


def documents(db_session) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(Document))


def candidates(db_session, document_id=None):
    db_session.expire_all()  # the app changed them in its own requests
    query = select(IntakeCandidate).order_by(IntakeCandidate.quote_start)
    if document_id:
        query = query.where(IntakeCandidate.document_id == document_id)
    return db_session.scalars(query).all()


def test_pasting_a_letter_proposes_its_asks_with_makers_and_addressees(client, csrf_token, advocate, db_session):
    response = add(client, csrf_token)
    assert response.status_code == 302
    document = db_session.scalar(select(Document).where(Document.title == "Letter to Secretary Mayorkas"))
    assert document.text == LETTER.strip("\n")
    found = candidates(db_session, document.id)
    assert [c.quote for c in found] == [
        "end the Migrant Protection Protocols",
        "restore access to asylum at ports of entry",
        "stop expelling asylum seekers under Title 42",
    ]
    for c in found:
        assert document.text[c.quote_start : c.quote_end] == c.quote
        assert [a["slug"] for a in c.addressees] == ["alejandro-mayorkas"]
        assert [m["slug"] for m in c.makers] == ["wola", "human-rights-first"]
        assert c.status == "pending"
    assert "title-42" in found[2].themes
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "End the Migrant Protection Protocols" in page and "Accept selected" in page
    assert (
        db_session.scalar(
            select(func.count()).select_from(Recommendation).where(Recommendation.document_id == document.id)
        )
        == 0
    ), "nothing is a recommendation before someone accepts it"


def decide(client, candidate, **fields):
    page = client.get(f"/intake/documents/{candidate.document_id}")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    return client.post(f"/intake/candidates/{candidate.id}", data={"csrf_token": token, **fields})


def test_accepting_with_edits_creates_an_audited_recommendation(client, csrf_token, advocate, db_session):
    add(client, csrf_token)
    first = candidates(db_session)[0]
    # Untick a proposed maker; add an addressee by its acronym in the picker.
    response = decide_in_review(
        client,
        first,
        untick={"human-rights-first"},
        add={"addressees": "DHS"},
        changes={"summary": "End MPP for good", "themes": ["mpp-wind-down"]},
    )
    assert response.status_code == 302, re.findall(
        r"field-errors[^>]*>(.*?)</ul>", response.get_data(as_text=True), re.S
    )
    db_session.expire_all()
    rec = db_session.get(IntakeCandidate, first.id).recommendation
    assert (rec.summary, rec.status, rec.quote) == (
        "End MPP for good",
        "not_assessed",
        "end the Migrant Protection Protocols",
    )
    assert [(m.actor.slug, m.role) for m in rec.maker_links] == [("wola", "signatory")]
    assert sorted(a.slug for a in rec.addressees) == ["alejandro-mayorkas", "dhs"]
    assert [t.slug for t in rec.themes] == ["mpp-wind-down"]
    event = db_session.scalar(
        select(AuditEvent).where(AuditEvent.action == "recommendation.created", AuditEvent.target_id == rec.id)
    )
    assert event.user_id == advocate.id
    # The other source documents asked to end MPP too: shown together on its page.
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Also asked by" in page and "End the Migrant Protection Protocols (“Remain in Mexico”)" in page


def test_rejections_are_remembered_when_the_document_is_processed_again(client, csrf_token, advocate, db_session):
    add(client, csrf_token)
    first, second, third = candidates(db_session)
    assert decide(client, first, action="reject", summary=first.summary).status_code == 302
    assert (
        decide(
            client,
            second,
            action="merge",
            summary=second.summary,
            merge_into=str(db_session.scalar(select(Recommendation.id).limit(1))),
        ).status_code
        == 302
    )
    client.post(
        f"/intake/documents/{first.document_id}/reprocess", data={"csrf_token": csrf_token(client, "/intake/new")}
    )
    assert [c.status for c in candidates(db_session)] == ["rejected", "merged", "pending"]
    assert (
        db_session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action.in_(("intake.candidate_rejected", "intake.candidate_merged")))
        )
        == 2
    )


def test_bulk_accept_creates_one_recommendation_per_candidate(client, csrf_token, advocate, db_session):
    add(client, csrf_token)
    found = candidates(db_session)
    response = client.post(
        f"/intake/documents/{found[0].document_id}/bulk",
        data={
            "csrf_token": csrf_token(client, "/intake/new"),
            "action": "accept",
            "candidate": [str(c.id) for c in found[1:]],
        },
    )
    assert response.status_code == 302
    assert [c.status for c in candidates(db_session)] == ["pending", "accepted", "accepted"]
    assert "2 candidates accepted." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_decision_needs_what_it_needs_and_keeps_the_input(client, csrf_token, advocate, db_session):
    add(client, csrf_token)
    first = candidates(db_session)[0]
    response = decide(client, first, action="merge", summary="Typed summary")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose the recommendation this candidate is the same as." in page and 'value="Typed summary"' in page
    db_session.expire_all()
    assert db_session.get(IntakeCandidate, first.id).status == "pending"


def test_uploads_of_each_type_are_read_and_kept_under_a_generated_name(
    client, csrf_token, advocate, db_session, uploads
):
    html = (
        b"<html><body><h1>Appeal</h1><p>We call on the Mexican government to close the detention centres."
        b"</p><script>steal()</script></body></html>"
    )
    pdf = make_pdf(["The Mexican government must release detained children."])
    for name, content, title in (
        ("appeal.html", html, "HTML appeal"),
        ("appeal.pdf", pdf, "PDF appeal"),
        ("notes.md", b"# Notes\n\nCongress should fund shelters.\n", "Markdown notes"),
    ):
        response = add(client, csrf_token, text="", title=title, upload=upload(name, content))
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
        document = db_session.scalar(select(Document).where(Document.title == title))
        submission = db_session.scalar(select(IntakeSubmission).where(IntakeSubmission.document_id == document.id))
        assert submission.original_filename == name and submission.stored_name != name
        assert (uploads / submission.stored_name).read_bytes() == content
        assert candidates(db_session, document.id), f"{name}: no candidate"
        assert "steal" not in document.text
    assert [
        c.addressees[0]["slug"] for c in candidates(db_session) if "detain" in c.quote or "detention" in c.quote
    ] == ["mexican-government", "mexican-government"]


BAD_INPUT = [
    ({"text": "", "upload": None}, "Paste the document’s text or upload a file."),
    ({"text": "   \n  "}, "Paste the document’s text or upload a file."),
    ({"text": "We urge\x00 you"}, "invisible NUL character"),
    ({"title": "T" * 501}, "Field cannot be longer than 500 characters."),
    ({"url": "javascript:alert(1)"}, "is not a web address"),
    ({"text": "", "upload": ("fake.pdf", b"We urge you to act, this is not a PDF.")}, "named .pdf but is not a PDF"),
    ({"text": "", "upload": ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)}, "is not a text file"),
    ({"text": "", "upload": ("letter.docx", b"PK\x03\x04 ...")}, "Upload a .txt, .md, .html or .pdf file."),
    ({"text": "", "upload": ("big.txt", b"a" * (5 * 1024 * 1024 + 1))}, "larger than 5 MB"),
    ({"text": "", "upload": ("nul.txt", b"We urge\x00 you to act")}, "NUL"),
    ({"upload": ("also.txt", b"We urge you to act.")}, "Paste text or upload a file, not both."),
    ({"published_on": "2999-01-01"}, "cannot be in the future"),
]


@pytest.mark.parametrize("fields,message", BAD_INPUT)
def test_bad_input_is_refused_with_a_message_keeping_what_was_typed(
    client, csrf_token, advocate, db_session, uploads, fields, message
):
    before = documents(db_session)
    fields = dict(fields)
    if fields.get("upload"):
        fields["upload"] = upload(*fields["upload"])
    else:
        fields.pop("upload", None)
    fields.setdefault("new_publisher", "Typed Publisher")
    response = add(client, csrf_token, **fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page, re.findall(r"field-errors[^>]*>(.*?)</ul>", page, re.S)
    assert 'value="Typed Publisher"' in page, "what the user typed is kept"
    assert documents(db_session) == before
    assert not uploads.exists() or not any(uploads.iterdir()), "nothing stored"


def test_viewers_cannot_add_documents_and_the_header_link_is_for_advocates(client, login, app):
    login(client, "viewer")
    assert client.get("/intake/new").status_code == 403
    assert "Add a document" not in client.get("/").get_data(as_text=True)
    advocate_client = app.test_client()
    login(advocate_client, "advocate")
    assert 'href="/intake/new"' in advocate_client.get("/").get_data(as_text=True)


def test_related_pairs_can_be_confirmed_or_dismissed(client, csrf_token, advocate, db_session):
    from tracker.intake.related import refresh_related

    assert refresh_related(db_session) > 0
    pair = db_session.scalars(select(RelatedRecommendation).order_by(RelatedRecommendation.score.desc())).first()
    token = csrf_token(client, f"/recommendations/{pair.first_id}")
    response = client.post(
        f"/intake/related/{pair.id}", data={"csrf_token": token, "decision": "dismiss", "from": pair.first_id}
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(RelatedRecommendation, pair.id).status == "dismissed"
    assert refresh_related(db_session) == 0, "a dismissed pair is not suggested again"
    page = client.get(f"/recommendations/{pair.first_id}").get_data(as_text=True)
    assert (
        pair.other(pair.first_id).summary not in page.split('id="related"')[-1].split("</section>")[0]
        or 'id="related"' not in page
    )
