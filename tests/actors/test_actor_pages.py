"""Actors: the hierarchy and what each actor recommended or received."""


def test_index_shows_the_hierarchy_with_counts(client):
    html = client.get("/actors").get_data(as_text=True)
    us = html.index("/actors/us-government")
    dhs = html.index("/actors/dhs")
    mayorkas = html.index("/actors/alejandro-mayorkas")
    assert us < dhs < mayorkas
    assert "/recommendations?addressee=us-government" in html


def test_a_government_page_includes_what_was_addressed_to_its_officials(client):
    html = client.get("/actors/us-government").get_data(as_text=True)
    assert "Increase the number of MPP processing sites" in html
    assert "Recommendations addressed to it" in html


def test_an_organisation_page_lists_what_it_recommended(client):
    html = client.get("/actors/kids-in-need-of-defense").get_data(as_text=True)
    assert "Address impunity for crimes against migrants" in html
    # Wendy Young speaks for KIND: her asks count as KIND's.
    assert "Do not turn away" in html


def test_governments_of_the_region_is_its_own_addressee(client):
    html = client.get("/actors/governments-of-the-region").get_data(as_text=True)
    assert "Recommit to protecting the rights of migrants" in html
    assert "Increase the number of MPP processing sites" not in html


def test_missing_actor_is_a_404(client):
    assert client.get("/actors/nobody").status_code == 404
