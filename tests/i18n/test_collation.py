"""Names are sorted as a reader of the interface language expects (ICU collation)."""

import re

from tracker.collation import sort_key


def test_spanish_readers_see_accents_ignored_and_n_tilde_after_n():
    names = ["Ñandú", "Zacatecas", "Órgano", "Nuevo León", "asilo", "Niñez"]
    assert sorted(names, key=lambda n: sort_key(n, "es")) == [
        "asilo",
        "Niñez",
        "Nuevo León",
        "Ñandú",
        "Órgano",
        "Zacatecas",
    ]


def _facet_labels(html: str, position: int) -> list[str]:
    section = html.split('<details class="facet"')[position + 1].split("</details>")[0]
    return re.findall(r'<span class="facet-label">([^<]*)</span>', section)


def test_the_theme_filter_is_sorted_by_the_names_shown_in_spanish(client):
    spanish = client.get("/recommendations", headers={"Accept-Language": "es"}).get_data(as_text=True)
    english = client.get("/recommendations", headers={"Accept-Language": "en"}).get_data(as_text=True)
    themes_es, themes_en = _facet_labels(spanish, 3), _facet_labels(english, 3)  # status, addressee, maker, theme
    assert len(themes_es) >= 10 and "Niñez" in themes_es
    assert themes_es == sorted(themes_es, key=lambda n: sort_key(n, "es"))
    assert themes_en == sorted(themes_en, key=lambda n: sort_key(n, "en"))
