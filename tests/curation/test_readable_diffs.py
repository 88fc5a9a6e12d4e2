"""A revision's diff names actors and themes as people read them, not by their slugs."""

import re

import pytest

from tests.updates.helpers import recommendation
from tracker.accounts.tokens import create_api_token


@pytest.fixture()
def staff_headers(db_session, make_user):
    _token, raw = create_api_token(db_session, make_user("staff"), "diff tests")
    return {"Authorization": f"Bearer {raw}"}


def test_the_history_shows_names_roles_and_theme_names(client, db_session, staff_headers):
    rec = recommendation(db_session)
    old_addressee = rec.addressees[0]
    makers = [{"actor": link.actor.slug, "role": link.role} for link in rec.maker_links if link.actor.slug != "wola"]
    response = client.patch(
        f"/api/recommendations/{rec.id}",
        headers=staff_headers,
        json={
            "version": rec.version,
            "reason": "Readable diff",
            "addressees": ["dhs"],
            "makers": makers + [{"actor": "wola", "role": "co-signer"}],
            "themes": ["title-42"],
        },
    )
    assert response.status_code == 200, response.get_json()
    history = client.get(f"/recommendations/{rec.id}/history").get_data(as_text=True)
    newest = history.split('class="revision"')[1]
    inserted = re.findall(r"<ins>(.*?)</ins>", newest)
    deleted = re.findall(r"<del>(.*?)</del>", newest)
    assert "Department of Homeland Security (DHS)" in inserted
    assert "Washington Office on Latin America (WOLA) (Co-signers)" in inserted
    assert "Title 42" in inserted
    assert old_addressee.display_name in deleted
    assert "dhs" not in inserted and "wola (co-signer)" not in inserted
    # The API keeps the slugs: they are the data.
    revision = client.get(f"/api/recommendations/{rec.id}/revisions").get_json()["items"][0]
    assert revision["changes"]["addressees"][1] == ["dhs"]
