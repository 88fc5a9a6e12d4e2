"""The recommendations list: combinable filters with facet counts, sorting, pagination."""

import re

from sqlalchemy import func, select

from tracker.recommendations.models import Recommendation

ITEM_LINK = re.compile(r'<h3><a href="/recommendations/(\d+)">')


def listed_ids(response) -> list[int]:
    return [int(i) for i in ITEM_LINK.findall(response.get_data(as_text=True))]


def key_of(db_session, rec_id):
    return db_session.scalar(select(Recommendation.key).where(Recommendation.id == rec_id))


def test_lists_every_recommendation_across_pages(client, db_session):
    total = db_session.scalar(select(func.count()).select_from(Recommendation))
    response = client.get("/recommendations?per_page=100")
    assert response.status_code == 200
    assert len(listed_ids(response)) == total
    assert f"of {total}" in response.get_data(as_text=True)


def test_pagination_splits_the_list_without_overlap(client):
    first = listed_ids(client.get("/recommendations?per_page=10"))
    second_page = client.get("/recommendations?per_page=10&page=2")
    second = listed_ids(second_page)
    assert len(first) == 10 and len(second) == 10
    assert not set(first) & set(second)
    html = second_page.get_data(as_text=True)
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_a_page_past_the_end_is_not_found(client):
    assert client.get("/recommendations?page=999").status_code == 404


def test_filter_by_addressee_includes_its_agencies_and_officials(client, db_session):
    ids = listed_ids(client.get("/recommendations?addressee=us-government&per_page=100"))
    keys = {key_of(db_session, i) for i in ids}
    # Addressed to Secretary Mayorkas (DHS) and colleagues, who are part of the US government.
    assert "hrf-increase-processing-sites" in keys
    # Addressed directly to the US government.
    assert "hrf-end-title-42-expulsions" in keys
    # Addressed to the Mexican government: not included.
    assert "kind-mexico-address-impunity" not in keys


def test_filter_by_an_official_excludes_other_officials_asks(client, db_session):
    keys = {
        key_of(db_session, i)
        for i in listed_ids(client.get("/recommendations?addressee=alejandro-mayorkas&per_page=100"))
    }
    assert "hrf-increase-processing-sites" in keys
    assert "hrf-end-title-42-expulsions" not in keys


def test_filters_combine_across_facets(client, db_session):
    both = listed_ids(
        client.get("/recommendations?addressee=mexican-government&maker=kids-in-need-of-defense&per_page=100")
    )
    mexico = listed_ids(client.get("/recommendations?addressee=mexican-government&per_page=100"))
    kind = listed_ids(client.get("/recommendations?maker=kids-in-need-of-defense&per_page=100"))
    assert both and set(both) == set(mexico) & set(kind)
    assert len(both) < len(mexico) or len(both) < len(kind)


def test_values_of_one_facet_are_alternatives(client):
    title42 = set(listed_ids(client.get("/recommendations?theme=title-42&per_page=100")))
    comar = set(listed_ids(client.get("/recommendations?theme=comar&per_page=100")))
    either = set(listed_ids(client.get("/recommendations?theme=title-42&theme=comar&per_page=100")))
    assert title42 and comar
    assert either == title42 | comar


def test_facet_counts_reflect_the_other_filters(client):
    html = client.get("/recommendations?document=mexican-csos-recommendations-to-biden").get_data(as_text=True)
    # The status facet counts only this document's seven recommendations.
    match = re.search(r'status=not_assessed[^"]*"[^>]*>.*?<span class="facet-count">(\d+)</span>', html, re.S)
    assert match and int(match.group(1)) == 7


def test_status_filter(client):
    assert listed_ids(client.get("/recommendations?status=implemented")) == []
    assert "No recommendation matches these filters." in client.get("/recommendations?status=implemented").get_data(
        as_text=True
    )
    assert len(listed_ids(client.get("/recommendations?status=not_assessed&per_page=100"))) > 30


def test_sorting_by_summary_is_alphabetical(client, db_session):
    ids = listed_ids(client.get("/recommendations?sort=summary&per_page=100"))
    summaries = [db_session.scalar(select(Recommendation.summary).where(Recommendation.id == i)) for i in ids]
    assert summaries == sorted(summaries, key=str.lower)


def test_the_url_holds_the_whole_state(client):
    html = client.get("/recommendations?theme=comar&sort=summary&per_page=50").get_data(as_text=True)
    # Links that change one thing keep the rest.
    assert "theme=comar" in html and "sort=summary" in html
    assert 'value="summary" selected' in html
    assert "/recommendations.csv?theme=comar" in html


def test_unknown_filter_values_get_a_readable_400(client):
    response = client.get("/recommendations?status=finished&addressee=atlantis")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Unknown status &#39;finished&#39;" in html or "Unknown status 'finished'" in html
    assert "atlantis" in html
    assert "Traceback" not in html


def test_malformed_numbers_get_a_readable_400(client):
    for query in ("page=abc", "page=0", "per_page=-5", "per_page=1000", "sort=random"):
        response = client.get(f"/recommendations?{query}")
        assert response.status_code == 400, query


def test_hostile_filter_values_are_escaped(client):
    response = client.get("/recommendations?theme=<script>alert(1)</script>")
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_matches_read_once_are_forgotten_after_a_change(db_session):
    # The ids of a filtered list are read once per request and reused by its facets; a
    # change in the same session (an ORM flush or a set-based write) is seen at once.
    from sqlalchemy import update

    from tracker.recommendations.filters import ListState
    from tracker.recommendations.matching import listed_matches
    from tracker.recommendations.queries import count_matching

    state = ListState(status=("implemented",), q="asylum")
    before = count_matching(db_session, state)
    rec = db_session.scalar(
        select(Recommendation)
        .where(Recommendation.status != "implemented", Recommendation.summary.ilike("%asylum%"))
        .limit(1)
    )
    rec.status = "implemented"
    db_session.flush()
    assert count_matching(db_session, state) == before + 1
    db_session.execute(update(Recommendation).where(Recommendation.id == rec.id).values(status="no_action"))
    assert count_matching(db_session, state) == before
    assert rec.id not in listed_matches(db_session, state)
