"""The Atom feed of status updates, for everything or any list filter."""

import xml.etree.ElementTree as ET

from tests.updates.helpers import recommendation, submit_update

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, query=""):
    response = client.get(f"/updates.atom{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


def test_feed_lists_updates_and_follows_filters(client, db_session, login):
    login(client, "advocate")
    us_rec = recommendation(db_session, "hrf-increase-processing-sites")
    mx_rec = recommendation(db_session, "kind-mexico-address-impunity")
    submit_update(client, us_rec.id, status="in_progress", note="Sites <opening> & more")
    submit_update(client, mx_rec.id, status="no_action", note="Nothing yet.")

    everything = entries(client)
    assert any("Increase the number of MPP processing sites" in t for t in everything)
    assert any("Address impunity" in t for t in everything)
    mexico = entries(client, "?addressee=mexican-government")
    assert mexico and all("Address impunity" in t for t in mexico)
    one = entries(client, f"?recommendation={us_rec.id}")
    assert len(one) == 1


def test_an_empty_feed_is_still_valid_atom(client):
    assert entries(client, "?status=rejected") == []


def test_feed_rejects_bad_filters(client):
    assert client.get("/updates.atom?theme=nope").status_code == 400
    assert client.get("/updates.atom?recommendation=abc").status_code == 400
