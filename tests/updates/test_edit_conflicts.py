"""No lost updates: a save based on an outdated page is refused, and nothing typed is lost."""

from sqlalchemy import select

from tests.updates.helpers import hidden_fields, open_form, recommendation, submit_update
from tracker.updates.models import StatusUpdate


def test_the_second_of_two_simultaneous_edits_is_refused_with_input_kept(app, db_session, make_user, login):
    first, second = app.test_client(), app.test_client()
    login(first, make_user(role="advocate", email="ana@example.org"))
    login(second, make_user(role="advocate", email="ben@example.org"))
    rec = recommendation(db_session)

    ana_form = open_form(first, rec.id)
    ben_form = open_form(second, rec.id)
    assert (
        submit_update(first, rec.id, ana_form, status="in_progress", note="Ana: two sites opened.").status_code == 302
    )

    refused = submit_update(
        second, rec.id, ben_form, status="rejected", note="Ben: DHS said no.", evidence_links="https://example.org/ben"
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Someone else updated this recommendation while you were editing" in page
    assert "Ben: DHS said no." in page and "https://example.org/ben" in page  # input kept
    assert "Ana: two sites opened." in page  # what changed
    notes = db_session.scalars(select(StatusUpdate.note).where(StatusUpdate.recommendation_id == rec.id)).all()
    assert notes == ["Ana: two sites opened."]

    # Having seen Ana's change, Ben can save deliberately: the refused page carries the new version.
    again = submit_update(second, rec.id, hidden_fields(page), status="rejected", note="Ben: DHS said no.")
    assert again.status_code == 302
    db_session.expire_all()
    assert rec.status == "rejected"
