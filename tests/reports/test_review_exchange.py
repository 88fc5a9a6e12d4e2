"""A reviewer requests changes; the author revises (a new snapshot) and resubmits; the report
keeps the whole exchange."""

from sqlalchemy import select

from tests.reports.history import DOCUMENT, EXPECTED_FIGURES, C, D, add_update, build_history
from tests.reports.test_saved_reports import save
from tracker.reports.models import SavedReport


def test_request_changes_revise_resubmit_then_review(app, db_session, make_user, login, csrf_token):
    advocate = make_user("advocate")
    build_history(db_session, advocate)
    author_client, reviewer_client = app.test_client(), app.test_client()
    author = login(author_client, make_user("staff", name="Ana Author"))
    assert save(author_client, csrf_token, document=DOCUMENT).status_code == 302
    report = db_session.scalar(select(SavedReport).order_by(SavedReport.id.desc()))
    url = f"/reports/saved/{report.id}"
    login(reviewer_client, make_user("staff", name="Rita Reviewer"))
    page = reviewer_client.get(url).get_data(as_text=True)
    assert "Request changes" in page and "Mark reviewed" in page
    waiting = reviewer_client.get("/my-work").get_data(as_text=True)
    assert f"Report #{report.id}" in waiting.split("Waiting for your review")[1]

    empty = reviewer_client.post(
        url + "/review",
        data={"csrf_token": csrf_token(reviewer_client, url), "comment": " ", "decision": "request_changes"},
    )
    assert empty.status_code == 422
    asked = reviewer_client.post(
        url + "/review",
        data={
            "csrf_token": csrf_token(reviewer_client, url),
            "comment": "Include the September decree.",
            "decision": "request_changes",
        },
    )
    assert asked.status_code == 302
    db_session.expire_all()
    assert report.review_state == "changes_requested" and not report.is_reviewed
    # Nobody can mark it reviewed while its author revises it.
    again = reviewer_client.post(
        url + "/review", data={"csrf_token": csrf_token(reviewer_client, url), "comment": "Fine after all."}
    )
    assert again.status_code == 409 and "revising" in again.get_data(as_text=True)

    # The author sees the request on My work, revises with new data and resubmits.
    my_work = author_client.get("/my-work").get_data(as_text=True)
    assert "Rita Reviewer asks: “Include the September decree.”" in my_work
    add_update(db_session, advocate, D, "implemented", "2021-09-15", "Found the September decree.")
    add_update(db_session, advocate, C, "implemented", "2021-08-01", "Criteria published.")
    assert (
        reviewer_client.post(
            url + "/resubmit", data={"csrf_token": csrf_token(reviewer_client, url), "comment": "Mine now"}
        ).status_code
        == 403
    )
    done = author_client.post(
        url + "/resubmit", data={"csrf_token": csrf_token(author_client, url), "comment": "Added the decree."}
    )
    assert done.status_code == 302
    db_session.expire_all()
    assert report.review_state == "waiting" and report.revision == 2
    assert report.content["figures"] != EXPECTED_FIGURES  # a new snapshot with today's data
    assert report.exchange[-1].previous_content["figures"] == EXPECTED_FIGURES  # the old one is kept
    assert (
        author_client.post(
            url + "/resubmit", data={"csrf_token": csrf_token(author_client, url), "comment": "Again"}
        ).status_code
        == 409
    )

    reviewed = reviewer_client.post(
        url + "/review",
        data={"csrf_token": csrf_token(reviewer_client, url), "comment": "Good now.", "decision": "reviewed"},
    )
    assert reviewed.status_code == 302
    page = author_client.get(url).get_data(as_text=True)
    exchange = page.split("Review exchange")[1]
    assert (
        exchange.index("Include the September decree.")
        < exchange.index("Added the decree.")
        < exchange.index("Good now.")
    )
    assert "Rita Reviewer" in exchange and "Ana Author" in exchange and author.id
    db_session.expire_all()
    assert [e.kind for e in report.exchange] == ["changes_requested", "resubmitted", "reviewed"]
    assert report.is_reviewed and report.review_comment == "Good now."
