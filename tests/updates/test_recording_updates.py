"""Advocates record what happened: a status, a note, evidence, an effective date."""

from datetime import date, timedelta

from sqlalchemy import func, select

from tests.updates.helpers import recommendation, submit_update
from tracker.updates.models import StatusUpdate


def count_updates(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(StatusUpdate))


def test_an_advocate_records_a_status_change_with_evidence(client, db_session, login):
    advocate = login(client, "advocate")
    rec = recommendation(db_session)
    response = submit_update(
        client,
        rec.id,
        status="in_progress",
        note="DHS opened two more processing sites.",
        effective_on="2021-06-01",
        evidence_links="https://example.org/news/sites\nhttp://example.com/press",
        evidence_quotation="Two new sites opened in Tijuana.",
        evidence_source="DHS press release, 1 June 2021",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/recommendations/{rec.id}#timeline")

    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Update saved." in page
    assert "DHS opened two more processing sites." in page
    assert "https://example.org/news/sites" in page and "Two new sites opened in Tijuana." in page
    assert "June 1, 2021" in page
    assert advocate.display_name in page
    db_session.expire_all()
    assert rec.status == "in_progress"

    listed = client.get("/recommendations?status=in_progress").get_data(as_text=True)
    assert f"/recommendations/{rec.id}" in listed


def test_a_note_alone_keeps_the_status(client, db_session, login):
    login(client, "advocate")
    rec = recommendation(db_session)
    submit_update(client, rec.id, status="in_progress", note="Started.", effective_on="2021-06-01")
    response = submit_update(client, rec.id, status="", note="Still waiting for the third site.")
    assert response.status_code == 302
    db_session.expire_all()
    assert rec.status == "in_progress"
    latest = db_session.scalars(
        select(StatusUpdate).where(StatusUpdate.recommendation_id == rec.id).order_by(StatusUpdate.id.desc())
    ).first()
    assert latest.from_status == latest.to_status == "in_progress"


def test_the_latest_effective_date_decides_the_current_status(client, db_session, login):
    login(client, "advocate")
    rec = recommendation(db_session)
    submit_update(client, rec.id, status="implemented", note="Done.", effective_on="2022-01-10")
    # Recorded later, but it happened earlier: history, not the current status.
    submit_update(client, rec.id, status="in_progress", note="Earlier step.", effective_on="2021-07-01")
    db_session.expire_all()
    assert rec.status == "implemented"


def test_a_correction_says_what_it_corrects(client, db_session, login):
    login(client, "advocate")
    rec = recommendation(db_session)
    submit_update(client, rec.id, status="implemented", note="Wrongly marked.", effective_on="2021-06-01")
    wrong = db_session.scalars(select(StatusUpdate).where(StatusUpdate.recommendation_id == rec.id)).one()
    submit_update(
        client,
        rec.id,
        status="in_progress",
        note="Correction: only partly done.",
        effective_on="2021-06-01",
        corrects=str(wrong.id),
    )
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert f'corrects <a href="#update-{wrong.id}">' in page
    assert "Wrongly marked." in page  # the corrected update stays in the history


def test_html_in_a_note_is_stored_as_text_and_rendered_inert(client, db_session, login):
    login(client, "advocate")
    rec = recommendation(db_session)
    note = '<script>alert("x")</script><b>bold</b>'
    assert submit_update(client, rec.id, note=note).status_code == 302
    stored = db_session.scalar(select(StatusUpdate.note).where(StatusUpdate.recommendation_id == rec.id))
    assert stored == note
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_bad_input_gets_a_clear_message_keeps_the_input_and_stores_nothing(client, db_session, login):
    login(client, "advocate")
    rec = recommendation(db_session)
    before = count_updates(db_session)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    cases = [
        ({"note": ""}, "Write a note"),
        ({"note": "x" * 5001}, "5000"),
        ({"note": "null\x00byte"}, "NUL"),
        ({"effective_on": tomorrow}, "cannot be in the future"),
        ({"effective_on": "31/13/2021"}, "is not a day of the calendar"),
        ({"effective_on": "someday"}, "is not a date"),
        ({"evidence_links": "javascript:alert(1)"}, "is not a web address"),
        ({"evidence_links": "ftp://example.org/file"}, "is not a web address"),
        ({"evidence_links": "https://example.org/" + "a" * 2000}, "longer than 2000"),
        ({"evidence_quotation": "A passage with no source"}, "Say where the quoted passage comes from"),
        ({"evidence_source": "s" * 501, "evidence_quotation": "q"}, "500"),
        ({"status": "finished"}, "Not a valid choice"),
    ]
    for fields, message in cases:
        typed = dict({"note": "My careful note that must survive."}, **fields)
        response = submit_update(client, rec.id, **typed)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, fields
        assert message in page, (fields, message)
        assert page.count('class="error-summary"') == 1 and 'role="alert"' in page
        if fields.get("note") is None and "\x00" not in typed["note"]:
            assert "My careful note that must survive." in page
    assert count_updates(db_session) == before


def test_viewers_cannot_update(client, db_session, login):
    login(client, "viewer")
    rec = recommendation(db_session)
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert 'name="note"' not in page
    response = client.post(f"/recommendations/{rec.id}/updates", data={"note": "x"})
    assert response.status_code in (400, 403)
    assert count_updates(db_session) == 0


def test_anonymous_visitors_are_invited_to_sign_in(client, db_session):
    rec = recommendation(db_session)
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Sign in" in page and 'name="note"' not in page


def test_history_offers_no_edit_or_delete(app):
    for rule in app.url_map.iter_rules():
        if "updates" in rule.rule:
            assert not ({"PUT", "PATCH", "DELETE"} & rule.methods), rule


def test_every_update_is_in_the_audit_log(client, db_session, login):
    from tracker.audit.models import AuditEvent

    advocate = login(client, "advocate")
    rec = recommendation(db_session)
    submit_update(client, rec.id, status="no_action", note="Nothing happened.")
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "status_update.created")).one()
    assert (event.user_id, event.target_type, event.target_id) == (advocate.id, "recommendation", rec.id)
    assert "not_assessed → no_action" in event.summary


def test_every_error_of_the_form_is_listed_once_at_the_top_with_a_link_to_its_field(client, db_session, login):
    login(client, "advocate")
    rec = recommendation(db_session)
    response = submit_update(
        client, rec.id, note="", effective_on="31/13/2021", evidence_links="javascript:alert(1)", status="finished"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert "autofocus" in page.split('class="error-summary"')[0][-200:] + summary[:120]
    for field_id in ("status", "effective_on", "evidence_links"):
        assert f'href="#{field_id}"' in summary, field_id
    assert page.count('role="alert"') == 1  # one banner, not a flash message as well
