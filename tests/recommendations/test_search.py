"""Full-text search over summaries, quotes and status notes, combined with every filter."""

import csv
import io

from sqlalchemy import select

from tests.recommendations.test_facet_index import exported_keys, facet_count
from tests.updates.helpers import recommendation, submit_update
from tracker.actors.models import Actor
from tracker.demo.generator import generate
from tracker.recommendations.models import Recommendation
from tracker.recommendations.operations import update_recommendation
from tracker.recommendations.search import highlight, search_terms


def keys_for(client, db_session, query: str) -> list[str]:
    body = client.get(f"/api/recommendations?per_page=100&{query}").get_json()
    return [item["key"] for item in body["items"]]


def test_finds_words_in_summaries_and_quotes_by_prefix(client, db_session):
    assert "csos-support-comar" in keys_for(client, db_session, "q=COMAR")
    # "expel" finds the quote's "expelling".
    assert "hrf-end-title-42-expulsions" in keys_for(client, db_session, "q=expel")


def test_every_word_must_match(client, db_session):
    both = keys_for(client, db_session, "q=safe+transportation")
    assert "hrf-safe-accessible-transportation" in both
    assert "csos-support-comar" not in both
    assert keys_for(client, db_session, "q=comar+zebra") == []


def test_status_notes_are_searched_as_soon_as_they_are_saved(client, db_session, login):
    login(client, "advocate")
    rec = recommendation(db_session, "kind-mexico-address-impunity")
    assert keys_for(client, db_session, "q=prosecutors") == []
    submit_update(client, rec.id, status="in_progress", note="Special prosecutors appointed in Tamaulipas.")
    assert keys_for(client, db_session, "q=prosecutors") == ["kind-mexico-address-impunity"]


def test_edited_summaries_are_searched_under_their_new_words(client, db_session):
    rec = recommendation(db_session, "csos-support-comar")
    rec.summary = "Provide additional support to the refugee agency xylophonic"
    db_session.flush()
    assert keys_for(client, db_session, "q=xylophonic") == ["csos-support-comar"]


def test_search_combines_with_filters_and_facets(client, db_session):
    mexico_only = keys_for(client, db_session, "q=migrants&addressee=mexican-government")
    everyone = keys_for(client, db_session, "q=migrants")
    assert mexico_only and set(mexico_only) < set(everyone)
    html = client.get("/recommendations?q=migrants&addressee=mexican-government").get_data(as_text=True)
    assert "Search: “migrants”" in html


def test_results_are_ranked_and_matches_highlighted(client):
    html = client.get("/recommendations?q=title+42").get_data(as_text=True)
    assert "<mark>Title</mark> <mark>42</mark>" in html
    assert 'value="relevance" selected' in html


def test_punctuation_and_operators_are_harmless(client):
    for query in ('"', "NEAR(", "a OR", "*", "-", "title:42", "'; DROP TABLE x; --", "((("):
        response = client.get("/recommendations", query_string={"q": query})
        assert response.status_code == 200, query


def test_an_overlong_search_is_a_readable_400(client):
    response = client.get("/recommendations", query_string={"q": "x" * 201})
    assert response.status_code == 400
    assert "at most 200 characters" in response.get_data(as_text=True)


def test_highlight_escapes_html():
    marked = str(highlight("<b>Title 42</b> expulsions", search_terms("title expul")))
    assert marked == "&lt;b&gt;<mark>Title</mark> 42&lt;/b&gt; <mark>expulsions</mark>"


def test_search_facet_counts_equal_the_matching_rows(client, db_session, login):
    # A search's facets are counted over its matches (statuses from the facet index, the
    # other values from each match's stored value list); every count must equal the rows
    # that adding that value lists, with and without a status filter, also after a
    # status update and an edit of the addressees.
    report = generate(db_session, 150, seed=5, updates_per_recommendation=2)
    db_session.flush()
    actors = list(
        db_session.scalars(select(Actor.slug).where(Actor.slug.like(report.prefix + "%")).order_by(Actor.id).limit(12))
    )
    candidates = {
        "status": ["not_assessed", "no_action", "in_progress", "implemented", "regressed"],
        "theme": ["mpp-wind-down", "title-42", "comar", "safe-transportation"],
        "addressee": actors + ["us-government", "mexican-government"],
        "maker": actors,
    }

    def check(search: str) -> None:
        listed = 0
        for facet, values in candidates.items():
            others = "&".join(part for part in search.split("&") if not part.startswith(f"{facet}="))
            for value in values:
                if f"{facet}={value}" in search:
                    continue  # a selected value's link removes it: facet_count reads another link
                expected = len(exported_keys(client, f"{others}&{facet}={value}"))
                assert facet_count(client, search, facet, value) == expected, (search, facet, value)
                listed += expected
        assert listed > 0

    check("q=detention")
    check("q=asylum&status=in_progress")
    rec = db_session.scalar(
        select(Recommendation)
        .where(Recommendation.key.like(report.prefix + "%"), Recommendation.summary.contains("detention"))
        .limit(1)
    )
    login(client, "advocate")
    assert submit_update(client, rec.id, status="regressed", note="Moved.").status_code == 302
    db_session.refresh(rec)
    update_recommendation(
        db_session,
        rec,
        user=None,
        reason="Readdressed",
        expected_version=rec.version,
        addressees=[db_session.scalar(select(Actor).where(Actor.slug == actors[-1]))],
    )
    db_session.commit()
    check("q=detention")


def test_pages_in_best_match_order_follow_the_ranking_of_the_export(client, db_session):
    # A page's ids are ranked on their own (SQLite: in the full-text index alone), the CSV
    # export orders every match in one statement: both give the same order, page by page.
    generate(db_session, 120, seed=7, updates_per_recommendation=1)
    db_session.flush()
    response = client.get("/recommendations.csv?q=detention+centres")
    assert response.status_code == 200
    exported = [row["key"] for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)))]
    paged = [
        item["key"]
        for page in (1, 2, 3)
        for item in client.get(f"/api/recommendations?q=detention+centres&per_page=5&page={page}").get_json()["items"]
    ]
    assert len(exported) > 10
    assert paged == exported[:15]
