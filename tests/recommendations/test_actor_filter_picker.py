"""Staff filter the list by maker or addressee with the actor picker: any actor, by name."""

from urllib.parse import parse_qs, urlsplit

from werkzeug.datastructures import MultiDict

from tests.curation.helpers import read_form


def picker_form(page: str, facet: str) -> list[tuple[str, str]]:
    """The fields of the facet's picker form (the n-th GET form to /recommendations holding it)."""
    forms = page.split('<form method="get" action="/recommendations" class="facet-picker">')
    for html in forms[1:]:
        if f'name="{facet}-new"' in html.split("</form>")[0]:
            return read_form('<form method="get" action="/recommendations">' + html, "/recommendations", exact=True)
    raise AssertionError(f"no {facet} picker")


def apply(client, fields):
    return client.get("/recommendations", query_string=MultiDict(fields))


def test_staff_add_an_actor_by_name_and_keep_the_other_filters(client, login):
    login(client, "staff")
    page = client.get("/recommendations?status=not_assessed&addressee=dhs&sort=summary").get_data(as_text=True)
    assert '<datalist id="actor-choices">' in page and "picker.js" in page
    fields = [(k, "Human Rights First" if k == "maker-new" else v) for k, v in picker_form(page, "maker")]
    response = apply(client, fields)
    assert response.status_code == 303
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query == {
        "status": ["not_assessed"],
        "addressee": ["dhs"],
        "sort": ["summary"],
        "maker": ["human-rights-first"],
    }
    listed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Filters (3 active)" in listed and "Made by: Human Rights First" in listed
    # The chosen actor is a ticked row; unticking it removes the filter, keeping the rest.
    fields = picker_form(listed, "maker")
    assert ("maker-0-actor", "human-rights-first") in fields and ("maker-0-keep", "1") in fields
    response = apply(client, [(k, v) for k, v in fields if k != "maker-0-keep"])
    assert parse_qs(urlsplit(response.headers["Location"]).query) == {
        "status": ["not_assessed"],
        "addressee": ["dhs"],
        "sort": ["summary"],
    }


def test_an_acronym_or_the_suggestion_text_works_and_an_unknown_name_is_explained(client, login):
    login(client, "staff")
    page = client.get("/recommendations").get_data(as_text=True)
    for typed in ("DHS", "Department of Homeland Security (DHS) [dhs]"):
        fields = [(k, typed if k == "addressee-new" else v) for k, v in picker_form(page, "addressee")]
        response = apply(client, fields)
        assert response.status_code == 303 and response.headers["Location"].endswith("addressee=dhs"), typed
    fields = [(k, "Ministry of Nowhere" if k == "addressee-new" else v) for k, v in picker_form(page, "addressee")]
    response = apply(client, fields)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "No actor is called “Ministry of Nowhere”. Choose one from the suggestions." in body
    assert 'value="Ministry of Nowhere"' in body and "Create a new actor" not in body


def test_people_who_are_not_staff_keep_the_facet_links_only(client, login):
    assert 'name="maker-new"' not in client.get("/recommendations").get_data(as_text=True)
    login(client, "advocate")
    assert 'name="maker-new"' not in client.get("/recommendations").get_data(as_text=True)
    # Picker fields in the address change nothing for them.
    response = client.get("/recommendations?maker-new=DHS&status=not_assessed")
    assert response.status_code == 200
