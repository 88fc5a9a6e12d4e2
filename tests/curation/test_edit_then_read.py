"""After each kind of edit, every reading is right at once: the list and
its total, facet counts, search, the Atom feed and the progress report."""

from datetime import date

from sqlalchemy import select

from tests.updates.helpers import recommendation
from tracker.actors.models import Actor
from tracker.actors.operations import merge_actors
from tracker.documents.models import Document
from tracker.documents.operations import retire_document
from tracker.recommendations.operations import Maker, update_recommendation
from tracker.recommendations.restructure import Part, merge_recommendations, split_recommendation
from tracker.themes.models import Theme
from tracker.themes.operations import retire_theme
from tracker.updates.operations import append_update

REPORT = "/reports/progress.csv?from=2020-01-01&to={today}"


def total(client, query="") -> int:
    return client.get(f"/api/recommendations?{query}").get_json()["total"]


def report_rows(client) -> str:
    return client.get(REPORT.format(today=date.today().isoformat())).get_data(as_text=True)


def test_merge_moves_history_into_feed_and_report_and_counts(client, db_session, login):
    login(client, "staff")
    kept, duplicate = recommendation(db_session), recommendation(db_session, "wola-report-vulnerability-criteria")
    append_update(
        db_session,
        duplicate,
        user_id=None,
        new_status="in_progress",
        effective_on=date(2023, 3, 1),
        note="Work started on vulnerability criteria",
    )
    db_session.commit()
    before_total, before_report = total(client), report_rows(client)
    assert duplicate.key in before_report
    merge_recommendations(db_session, duplicate, kept, user=None, reason="Same ask")
    db_session.commit()
    assert total(client) == before_total - 1
    feed = client.get(f"/updates.atom?recommendation={kept.id}").get_data(as_text=True)
    assert "Work started on vulnerability criteria" in feed
    after_report = report_rows(client)
    assert kept.key in after_report and duplicate.key not in after_report
    assert total(client, "status=in_progress") >= 1


def test_split_adds_to_list_and_search_at_once(client, db_session):
    rec = recommendation(db_session)
    before = total(client)
    start, end = rec.quote_start, rec.quote_end
    middle = (start + end) // 2
    split_recommendation(
        db_session,
        rec,
        [Part("Zanzibar first half", start, middle), Part("Zanzibar second half", middle, end)],
        user=None,
        reason="Two asks",
        expected_version=rec.version,
    )
    db_session.commit()
    assert total(client) == before + 1 and total(client, "q=zanzibar") == 2


def test_maker_edit_moves_maker_facets_and_actor_filters(client, db_session):
    rec = recommendation(db_session)
    wola = db_session.scalar(select(Actor).where(Actor.slug == "wola"))
    before = total(client, "maker=wola")
    update_recommendation(
        db_session,
        rec,
        user=None,
        reason="Co-signer",
        expected_version=rec.version,
        makers=[*(Maker(link.actor, link.role) for link in rec.maker_links), Maker(wola, "co-signer")],
    )
    db_session.commit()
    assert total(client, "maker=wola") == before + 1


def test_actor_merge_moves_counts_and_old_slug_filters_still_work(client, db_session):
    before = total(client, "maker=kids-in-need-of-defense")
    merged = db_session.scalar(select(Actor).where(Actor.slug == "kind-mexico"))
    kept = db_session.scalar(select(Actor).where(Actor.slug == "kids-in-need-of-defense"))
    made_by_merged = total(client, "maker=kind-mexico")
    merge_actors(db_session, merged, kept, user=None, reason="Same body")
    db_session.commit()
    assert total(client, "maker=kids-in-need-of-defense") >= max(before, made_by_merged)
    assert client.get("/actors/kind-mexico").status_code == 301
    assert total(client, "maker=kind-mexico") == total(client, "maker=kids-in-need-of-defense")


def test_document_and_theme_retirement_leave_counts(client, db_session):
    document = db_session.scalar(select(Document).where(Document.slug == "wola-mexico-must-ensure-safety"))
    in_document = total(client, f"document={document.slug}")
    before = total(client)
    retire_document(db_session, document, user=None, reason="Duplicate upload")
    db_session.commit()
    assert total(client) == before - in_document and total(client, f"document={document.slug}") == 0
    theme = db_session.scalar(select(Theme).where(Theme.slug == "title-42"))
    retire_theme(db_session, theme, user=None, reason="Not used any more")
    db_session.commit()
    assert 'theme=title-42"' not in client.get("/recommendations").get_data(as_text=True)
