"""Every facet link of the list adds or removes exactly one value and keeps the rest of the state."""

import html as html_lib
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from tracker.recommendations.filters import FACETS, ListState

FACET_LINK = re.compile(r'<a href="([^"]*)"\s+class="facet-link')

PAGES = [
    "/recommendations",
    "/recommendations?status=not_assessed&addressee=us-government&sort=summary&per_page=10&page=2",
    "/recommendations?maker=kids-in-need-of-defense&theme=title-42&theme=comar&q=asylum+ports",
    "/recommendations?document=mexican-csos-recommendations-to-biden&as_of=2023-01-01&priority=high",
]


def as_pairs(query: str) -> list[tuple[str, str]]:
    return parse_qsl(query, keep_blank_values=True)


@pytest.mark.parametrize("path", PAGES)
def test_a_facet_link_toggles_one_value_and_keeps_the_other_arguments(client, path):
    response = client.get(path)
    assert response.status_code == 200
    page_args = [(k, v) for k, v in as_pairs(urlsplit(path).query) if k != "page"]
    links = [html_lib.unescape(href) for href in FACET_LINK.findall(response.get_data(as_text=True))]
    assert len(links) > 10
    for link in links:
        args = as_pairs(urlsplit(link).query)
        assert "page" not in dict(args), link  # back to the first page
        added = [pair for pair in args if pair not in page_args]
        removed = [pair for pair in page_args if pair not in args]
        assert len(added) + len(removed) == 1, (link, added, removed)
        facet = (added + removed)[0][0]
        # The other arguments keep their order, so each list has one URL.
        assert [p for p in args if p[0] != facet] == [p for p in page_args if p[0] != facet]


def test_links_built_per_facet_are_the_single_link_strings():
    state = ListState(
        status=("in_progress", "implemented"),
        addressee=("us-government",),
        theme=("a b&c", "é/ü?"),
        sort="summary",
        page=3,
        per_page=50,
        q="asylum ports",
        priority=("high",),
        disputed=True,
    )
    for facet in FACETS:
        toggle = state.toggle_queries(facet)
        for value in ("in_progress", "implemented", "us-government", "a b&c", "é/ü?", "new=value", "x"):
            assert toggle(value) == state.toggle_query(facet, value)
    empty = ListState()
    assert empty.toggle_queries("status")("implemented") == "?status=implemented"
    assert ListState(status=("implemented",)).toggle_queries("status")("implemented") == ""
