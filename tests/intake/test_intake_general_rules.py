"""General rules learnt from the enlarged development half, written as specifications.

Every text here was written for these tests (none is taken from the corpus): each states
one grammatical shape that real letters and press releases use, in English or Spanish.
"""

import pytest

from tracker import PROJECT_ROOT
from tracker.intake.evaluation import index_from_seed_actors
from tracker.intake.extraction import analyse
from tracker.intake.matching import propose_document
from tracker.seeding.reader import read_seeds


@pytest.fixture(scope="module")
def index():
    return index_from_seed_actors(read_seeds(PROJECT_ROOT / "seeds").actors)


def propose(text, index):
    return propose_document(text, index, [])


def maker_names(text, index):
    result = propose(text, index)
    return {maker.name for candidate in result.candidates for maker in candidate.makers}


def addressee_names(text, index):
    return [[a.name for a in candidate.addressees] for candidate in propose(text, index).candidates]


# --- Makers ---------------------------------------------------------------------------


def test_signatories_listed_in_a_sentence_are_makers_and_a_description_is_not(index):
    text = (
        "Más de 40 organizaciones enviaron una carta al gobernador pidiendo que se abra un albergue.\n"
        "Laura Gómez Ruiz, Pedro Salas, y organizaciones como Casa Refugio del Norte, Voces Libres y Puentes "
        "son algunos de los nombres que firman la carta."
    )
    names = maker_names(text, index)
    assert {"Laura Gómez Ruiz", "Pedro Salas", "Casa Refugio del Norte", "Voces Libres", "Puentes"} <= names
    assert not any(name.startswith("Más de 40") and "organizaciones" not in name for name in names)


def test_the_agent_of_a_publishing_verb_is_the_publisher(index):
    text = "La carta, difundida por Observatorio Fronterizo Ciudadano, exige que se garantice el acceso al asilo."
    assert "Observatorio Fronterizo Ciudadano" in maker_names(text, index)
    text = "A statement released by Northern Border Legal Aid urged the governor to reopen the shelter."
    assert "Northern Border Legal Aid" in maker_names(text, index)


def test_a_source_quoted_with_segun_is_not_a_maker(index):
    text = (
        "Las detenciones no deben quedar impunes, según lo publicado por Diario Central. Por ello, la "
        "Red Norte insta a las autoridades a investigar los hechos."
    )
    assert not any("Central" in name for name in maker_names(text, index))


def test_a_reported_speaker_and_their_organisation_make_the_ask(index):
    text = (
        "Al llegar a la plaza, Marta Ruiz Peña del Centro de Apoyo al Migrante dijo que es urgente "
        "abrir más albergues en la frontera."
    )
    assert {"Marta Ruiz Peña", "Centro de Apoyo al Migrante"} <= maker_names(text, index)
    text = "El dirigente de la Unión de Jornaleros, Tomás Ibarra, exigió al ayuntamiento reabrir el comedor."
    assert {"Tomás Ibarra", "Unión de Jornaleros"} <= maker_names(text, index)
    text = (
        "Ana Beltrán, directora ejecutiva de Frontera Digna, denunció la falta de agua y exigió que se "
        "instalen bebederos en la garita."
    )
    assert {"Ana Beltrán", "Frontera Digna"} <= maker_names(text, index)


def test_a_one_word_name_leading_a_coalition_is_a_maker(index):
    text = (
        "BorderAid and more than 60 partner organizations today urged Congress to fund legal "
        "representation for children."
    )
    assert "BorderAid" in maker_names(text, index)


def test_a_headline_describing_the_makers_is_not_proposed_as_a_name(index):
    text = (
        "Faith Groups Gather in Phoenix, Urge Governor to Veto the Border Bill\n\n"
        "Today, Sonoran Interfaith Alliance and Desert Hope Network held a vigil to urge the governor "
        "to veto the bill."
    )
    names = maker_names(text, index)
    assert {"Sonoran Interfaith Alliance", "Desert Hope Network"} <= names
    assert not any("Groups" in name for name in names)


def test_experts_of_a_body_are_proposed_as_a_group(index):
    text = "UN experts today urged the Government of Chile to halt the expulsion of migrant children."
    assert "UN experts" in maker_names(text, index)


def test_a_spanish_legislator_by_lowercase_title_and_on_behalf_of_a_group(index):
    text = (
        "La diputada Rosa Elena Campos, a nombre del Grupo Parlamentario del Partido Verde, presentó un punto "
        "de acuerdo para exhortar a la Secretaría de Salud a vacunar a las personas migrantes."
    )
    assert {"Rosa Elena Campos", "Grupo Parlamentario del Partido Verde"} <= maker_names(text, index)


# --- Addressees -----------------------------------------------------------------------


def test_an_official_named_by_title_inside_a_body_is_the_most_specific_addressee(index):
    text = (
        "Advocates today wrote to Department of Homeland Security (DHS) Secretary Jane Roe expressing "
        "concern. \u201cWe urge you to end the detention of families,\u201d they wrote."
    )
    assert addressee_names(text, index) == [["Secretary Jane Roe"]]


def test_a_spanish_letter_addresses_the_official_it_is_sent_to(index):
    text = (
        "Las organizaciones enviaron una carta al gobernador del estado, Mario López Treviño, en donde "
        "pidieron abrir un albergue.\nEs necesario que quien gobierna escuche a las familias."
    )
    names = addressee_names(text, index)
    assert any("Mario López Treviño" in name for name in names[-1])


def test_por_parte_de_names_who_should_act(index):
    text = "Es necesario exigir una respuesta humanitaria por parte del gobierno estatal."
    assert addressee_names(text, index) == [["gobierno estatal"]]


def test_an_official_after_a_possessive_is_named_not_you(index):
    text = (
        "Los manifestantes acudieron a la Comisión de Refugio, donde solicitaron a su titular Ramón Díaz "
        "agilizar los trámites."
    )
    assert addressee_names(text, index) == [["titular Ramón Díaz"]]


def test_a_modal_subject_that_names_nobody_is_not_an_addressee(index):
    text = "We urge Congress to end family detention. Any such law should also fund legal counsel for children."
    assert addressee_names(text, index)[1] != ["Any such law"]


# --- Asks and polarity ----------------------------------------------------------------


def test_a_negation_carries_over_or_and_ni():
    asks = analyse("The groups demand the governor not close the shelter or cut its funding.", language="en").asks
    assert [(a.negated, a.summary) for a in asks] == [
        (True, "Do not close the shelter"),
        (True, "Do not cut its funding"),
    ]
    asks = analyse("Exigimos al gobierno no detener a las familias ni deportar a los niños.", language="es").asks
    assert [a.negated for a in asks] == [True, True]


def test_ensure_that_something_is_not_done_is_negated():
    asks = analyse("We urge Congress to ensure that these riders are not attached to the bill.", language="en").asks
    assert [a.negated for a in asks] == [True]


def test_a_cleft_sentence_names_who_must_act():
    asks = analyse(
        "Es el gobierno federal, por su mandato, quien debe garantizar el acceso al agua.", language="es"
    ).asks
    assert [(a.quote, a.addressee_phrase) for a in asks] == [
        ("debe garantizar el acceso al agua", "el gobierno federal")
    ]


def test_stressing_the_importance_of_doing_something_is_an_ask_and_each_action_counts():
    asks = analyse(
        "La organización destacó la importancia de localizar a las personas desaparecidas, además de "
        "proteger a sus familias.",
        language="es",
    ).asks
    assert [a.quote for a in asks] == ["localizar a las personas desaparecidas", "proteger a sus familias"]


def test_a_purpose_clause_stays_in_its_ask():
    asks = analyse(
        "Instamos a la fiscalía a investigar los hechos para esclarecerlos y sancionar a los responsables.",
        language="es",
    ).asks
    assert len(asks) == 1


def test_a_call_to_the_public_or_to_act_quickly_is_not_an_ask():
    assert analyse("La red hizo un llamado a la sociedad a firmar la petición.", language="es").asks == []
    assert analyse("Instamos al gobierno a actuar con prontitud.", language="es").asks == []


def test_a_quotation_mark_between_the_call_and_its_addressee_is_read_through():
    asks = analyse(
        "Las firmas buscan exigir \u201ca las autoridades investigar los abusos policiales\u201d.", language="es"
    ).asks
    assert [a.quote for a in asks] == ["investigar los abusos policiales"]


def test_a_cue_word_used_as_a_noun_is_not_a_call():
    text = "The bill would restrict legal challenges and appeals to prevent deportation."
    assert analyse(text, language="en").asks == []


def test_a_signature_block_skips_a_note_and_an_address_and_drops_titles(index):
    text = (
        "Dear Governor Alvarez:\n\nWe urge you to veto the detention bill.\n\nMost Sincerely,\n"
        "(Signatures continue on the next page)\n\nValley Refugee Coalition\nMaría Ortega - Director\n"
        "120 Main Street, Suite 4\n"
    )
    assert {"Valley Refugee Coalition", "María Ortega"} <= maker_names(text, index)


def test_signatories_named_after_entre_los_firmantes_or_firmantes_son(index):
    text = (
        "Las organizaciones pidieron al gobierno estatal abrir un albergue. Entre los firmantes de la carta "
        "se encuentran el Centro de Apoyo Fronterizo (CAF), Casa Abierta, Derechos Sin Fronteras y la red "
        "Familias en Camino, entre otras."
    )
    assert {
        "Centro de Apoyo Fronterizo (CAF)",
        "Casa Abierta",
        "Derechos Sin Fronteras",
        "Familias en Camino",
    } <= maker_names(text, index)


def test_an_order_in_a_letter_is_an_ask_of_its_addressee():
    asks = analyse("Dear Senator Poe:\nDo not allow the shelter to close. Please fund the clinic.", language="en").asks
    assert [(a.quote, a.negated) for a in asks] == [
        ("Do not allow the shelter to close", True),
        ("fund the clinic", False),
    ]
    assert analyse("Open letter to the county board on shelter funding", language="en").asks == []


def test_what_voters_believe_someone_should_do_is_not_an_ask():
    text = "Polls show that most voters believe that Congress should cut the budget."
    assert analyse(text, language="en").asks == []


def test_a_month_abbreviation_does_not_end_the_dateline_sentence(index):
    text = (
        "WASHINGTON, Dec. 3, 2024 /Newswire/ -- The Border Justice Project today released a letter urging "
        "the Senate to reject the bill."
    )
    assert "Border Justice Project" in maker_names(text, index)


@pytest.mark.parametrize(
    "text, language, quote",
    [
        (
            "Es necesario se les otorgue un documento migratorio a las familias.",
            "es",
            "se les otorgue un documento migratorio",
        ),
        ("It is time to close the family detention centers.", "en", "close the family detention centers"),
        (
            "The committee recommends the Ministry to publish its detention figures.",
            "en",
            "publish its detention figures",
        ),
    ],
)
def test_more_shapes_of_an_ask(text, language, quote):
    assert any(a.quote.startswith(quote) for a in analyse(text, language=language).asks)


def test_an_organisation_in_a_possessive_attribution_is_a_maker(index):
    text = (
        "\u201cThe state must stop returning children to danger,\u201d said Harbor Rights Watch\u2019s policy "
        "director Dana Cole."
    )
    assert {"Dana Cole", "Harbor Rights Watch"} <= maker_names(text, index)


def test_signatories_on_the_same_line_as_firman(index):
    text = "Exigimos al gobierno estatal abrir un albergue en la frontera.\n\nFirman: Red Norte, Casa Abierta y Voces del Sur."
    assert {"Red Norte", "Casa Abierta", "Voces del Sur"} <= maker_names(text, index)


def test_a_speaker_named_after_an_unquoted_ask_is_a_maker(index):
    text = (
        "The governor must end the curfew on migrant shelters, said Lena Morales, Americas director at "
        "Shelter Watch International."
    )
    assert {"Lena Morales", "Shelter Watch International"} <= maker_names(text, index)


def test_the_subject_of_a_present_tense_report_verb_is_the_publisher(index):
    text = (
        "El Colectivo Frontera Digna (CFD) manifiesta su preocupación por los desalojos y exige a la "
        "alcaldía detener los desalojos."
    )
    assert "Colectivo Frontera Digna (CFD)" in maker_names(text, index)
