"""Reading English and Spanish: cues, polarity, whole asks, makers, addressees and dates.

Every text here was written for these tests (none is taken from the corpus).
"""

import pytest

from tracker import PROJECT_ROOT
from tracker.intake.dates import publication_date
from tracker.intake.evaluation import index_from_seed_actors
from tracker.intake.extraction import analyse
from tracker.intake.language import detect_language
from tracker.intake.matching import ActorIndex, ActorRecord, propose_document
from tracker.seeding.reader import read_seeds


@pytest.fixture(scope="module")
def index():
    return index_from_seed_actors(read_seeds(PROJECT_ROOT / "seeds").actors)


def quotes(text, language=None):
    return [ask.quote for ask in analyse(text, language=language).asks]


def test_the_language_is_detected_and_can_be_overridden():
    spanish = "Exigimos al gobierno que garantice el derecho de las personas refugiadas a trabajar."
    assert detect_language(spanish) == "es"
    assert detect_language("We urge the government to protect the right of refugees to work.") == "en"
    assert analyse(spanish).language == "es"
    assert analyse(spanish, language="en").language == "en"


@pytest.mark.parametrize(
    "sentence, ask",
    [
        (
            "Exigimos que las autoridades liberen a las familias detenidas.",
            "las autoridades liberen a las familias detenidas",
        ),
        ("Instamos al gobierno de Guatemala a proteger a los defensores.", "proteger a los defensores"),
        ("Hacemos un llamado a la Fiscalía para que investigue las desapariciones.", "investigue las desapariciones"),
        (
            "Solicitamos a la Secretaría de Salud brindar atención médica en los albergues.",
            "brindar atención médica en los albergues",
        ),
        ("Demandamos el cierre de las estaciones migratorias.", "el cierre de las estaciones migratorias"),
        ("Pedimos al Congreso aprobar la reforma en materia de refugio.", "aprobar la reforma en materia de refugio"),
        ("Recomendamos al Estado revisar los protocolos de atención.", "revisar los protocolos de atención"),
        ("El municipio debe abrir un segundo albergue.", "debe abrir un segundo albergue"),
        ("Es urgente que se garantice el acceso al agua potable.", "se garantice el acceso al agua potable"),
    ],
)
def test_spanish_calls_modals_and_impersonal_forms_are_asks(sentence, ask):
    assert quotes("Texto de prueba.\n\n" + sentence, "es") == [ask]


def test_a_spanish_lead_in_introduces_a_numbered_list_which_ends_at_the_first_unnumbered_line():
    text = (
        "Por lo anterior, exigimos:\n1. Que se garantice la reunificación familiar.\n"
        "2. No separar a las familias en los puntos de entrada.\n"
        "Esta situación se repite en otras ciudades del país desde hace varios años."
    )
    assert quotes(text) == [
        "Que se garantice la reunificación familiar",
        "No separar a las familias en los puntos de entrada",
    ]


def test_descriptions_with_deber_in_a_relative_clause_are_not_asks():
    text = "Las personas que deben esperar en la frontera duermen en la calle durante semanas."
    assert quotes(text, "es") == []


@pytest.mark.parametrize(
    "text, language, summary",
    [
        (
            "The coalition urged the agency not to replace the program with a lottery.",
            "en",
            "Do not replace the program with a lottery",
        ),
        ("The ministry should never return children to danger.", "en", "Never return children to danger"),
        ("We ask that the board not approve the new fees.", "en", "Do not approve the new fees"),
        (
            "Recomendaciones:\n- No detener a personas solicitantes de asilo en estaciones migratorias.",
            "es",
            "No detener a personas solicitantes de asilo en estaciones migratorias",
        ),
        (
            "Exigimos que la policía no detenga a personas por su apariencia.",
            "es",
            "no detenga a personas por su apariencia",
        ),
    ],
)
def test_an_ask_not_to_do_something_keeps_its_negation(text, language, summary):
    asks = analyse(text, language=language).asks
    assert [ask.negated for ask in asks] == [True]
    assert summary.lower() in asks[0].summary.lower()


@pytest.mark.parametrize(
    "text, language",
    [
        ("The agency must ensure that no family is separated.", "en"),
        ("We urge the police to make sure nobody is held without a lawyer.", "en"),
        ("Exigimos garantizar que no se deporte a nadie sin audiencia.", "es"),
        ("La fiscalía debe asegurar que nadie sea detenido sin orden judicial.", "es"),
    ],
)
def test_an_ask_to_ensure_that_something_does_not_happen_is_negated(text, language):
    # The annotators' convention (corpus README): what is to be ensured is that something does not happen.
    asks = analyse(text, language=language).asks
    assert [ask.negated for ask in asks] == [True]


@pytest.mark.parametrize(
    "text, language",
    [
        ("The agency must ensure non-discrimination in every hearing.", "en"),
        ("The agency must ensure that no more than ten people share a room.", "en"),
        ("Exigimos garantizar que la ayuda llegue sin que nadie quede fuera.", "es"),
        ("El Estado debe asegurar que no solo los adultos reciban atención.", "es"),
        ("Pedimos al Estado que garantice su no devolución.", "es"),
    ],
)
def test_an_ask_to_ensure_something_with_a_negative_word_inside_is_not_negated(text, language):
    asks = analyse(text, language=language).asks
    assert [ask.negated for ask in asks] == [False]


def test_coordinated_asks_are_split_and_none_is_cut_before_its_object():
    text = (
        "We call on the agency to reopen the clinic at the port, end the use of the waiting list "
        "and restore and expand access to interpreters."
    )
    assert quotes(text, "en") == [
        "reopen the clinic at the port",
        "end the use of the waiting list",
        "restore and expand access to interpreters",
    ]
    text = "Instamos al gobierno a respetar el derecho a solicitar y recibir asilo y fortalecer la defensoría."
    assert quotes(text, "es") == ["respetar el derecho a solicitar y recibir asilo", "fortalecer la defensoría"]


def test_an_ask_ends_where_the_next_call_of_the_sentence_begins():
    text = "They urge the board not to cut the grant, and call on the mayor to fund the shelter."
    assert quotes(text, "en") == ["not to cut the grant", "fund the shelter"]


def makers_of(text, index, language=None):
    result = propose_document(text, index, [], language=language)
    return [(m.name, m.role) for m in result.makers]


def test_makers_are_read_from_the_dateline_and_a_coalition_led_by_an_organisation(index):
    text = (
        "CHICAGO — 40 organizations led by the Lakeside Legal Aid Society today sent a letter.\n\n"
        "The groups urge the city to fund legal representation."
    )
    assert makers_of(text, index) == [
        ("40 organizations led by the Lakeside Legal Aid Society", "lead"),
        ("Lakeside Legal Aid Society", "lead"),
    ]


def test_makers_include_an_organisation_and_more_than_n_others(index):
    text = (
        "DENVER — Today, Mountain Refugee Services and more than 30 organizations called on the governor to "
        "expand the resettlement office."
    )
    assert makers_of(text, index) == [
        ("Mountain Refugee Services", "lead"),
        ("more than 30 organizations", "co-signer"),
    ]


def test_makers_are_read_from_signatures_and_legislators_titles(index):
    text = (
        "Rep. Ana Torres led a letter signed by twelve colleagues.\n\nWe urge you to restore the program.\n\n"
        "Sincerely,\n\nValley Immigrant Coalition\nNorth Shore Legal Clinic\n"
    )
    assert makers_of(text, index) == [
        ("Ana Torres", "lead"),
        ("Valley Immigrant Coalition", "signatory"),
        ("North Shore Legal Clinic", "signatory"),
    ]
    text = (
        "Las organizaciones firmantes exigimos que se reabra el albergue.\n\nOrganizaciones firmantes:\n"
        "Red de Apoyo Fronterizo\nColectivo Caminos Seguros\n"
    )
    assert makers_of(text, index, "es") == [
        ("Red de Apoyo Fronterizo", "signatory"),
        ("Colectivo Caminos Seguros", "signatory"),
    ]


def test_a_quoted_ask_is_made_by_its_speaker_and_the_organisation_in_the_attribution(index):
    text = "«El gobierno debe cerrar la estación migratoria», dijo Laura Ríos, directora de Casa Refugio del Norte."
    candidate = propose_document(text, index, [], language="es").candidates[0]
    assert [(m.name, m.role) for m in candidate.makers] == [
        ("Laura Ríos", "spokesperson"),
        ("Casa Refugio del Norte", "lead"),
    ]


def addressees_of(text, index, language=None):
    return [
        [(a.name, a.slug) for a in c.addressees]
        for c in propose_document(text, index, [], language=language).candidates
    ]


def test_addressees_are_the_most_specific_actor_named_known_or_new(index):
    assert addressees_of("We urge Secretary Mayorkas to end the program.", index) == [
        [("Alejandro Mayorkas, Secretary of Homeland Security", "alejandro-mayorkas")]
    ]
    assert addressees_of("We urge the Attorney General to restore the asylum office.", index) == [
        [("Merrick Garland, Attorney General", "merrick-garland")]
    ]
    assert addressees_of("Solicitamos a la COMAR agilizar los trámites de refugio.", index, "es") == [
        [("Comisión Mexicana de Ayuda a Refugiados", "comar")]
    ]
    new = (
        propose_document(
            "Exigimos al Instituto Nacional de Migración (INM) liberar a los niños detenidos.", index, [], language="es"
        )
        .candidates[0]
        .addressees
    )
    assert [(a.name, a.slug, a.acronym, a.kind) for a in new] == [
        ("Instituto Nacional de Migración", None, "INM", "organisation")
    ] or new[0].acronym == "INM"
    assert addressees_of("It is time for Congress to pass the bill.", index)[0][0][0] == "Congress"


def test_a_new_agency_gets_the_government_the_document_names_as_parent():
    index = ActorIndex([ActorRecord("mx", "Gobierno de México", "government", aliases=("gobierno mexicano",))])
    text = (
        "El gobierno mexicano recibió la carta.\n\n"
        "Exigimos a la Secretaría de Bienestar abrir comedores en la frontera."
    )
    agency = propose_document(text, index, [], language="es").candidates[0].addressees[0]
    assert (agency.name, agency.slug, agency.parent) == ("Secretaría de Bienestar", None, "mx")


def test_you_in_a_letter_is_the_letters_addressee(index):
    text = "Dear Secretary Mayorkas,\n\nWe ask you to restore asylum at ports of entry.\n\nSincerely,\n\nA group\n"
    assert addressees_of(text, index) == [
        [("Alejandro Mayorkas, Secretary of Homeland Security", "alejandro-mayorkas")]
    ]
    text = (
        "Lic. Rosa Martínez\nComisionada Estatal de Migración\nPresente\n\n"
        "Le solicitamos respetuosamente reabrir la oficina de atención.\n"
    )
    assert addressees_of(text, index, "es")[0][0][0] == "Rosa Martínez"


@pytest.mark.parametrize(
    "text, stated",
    [
        ("Press release\n\nMay 3, 2023\n\nWe urge the council to act.", "2023-05-03"),
        ("Carta abierta\nGuadalajara, Jalisco, a 9 de febrero de 2022\n\nExigimos justicia.", "2022-02-09"),
        ("Boletín\nnoviembre de 2021\n\nPedimos apoyo.", "2021-11"),
        ("Annual statement\n2020\n\nWe call for change.", "2020"),
        (
            "Statement\n\nThe policy began on January 20, 2021, and was extended several times since then by "
            "the authorities, who cited reasons nobody has yet seen in writing.",
            None,
        ),
    ],
)
def test_the_publication_date_is_read_with_its_precision(text, stated):
    found = publication_date(text)
    assert (found.iso() if found else None) == stated


def test_asks_lettered_inside_a_paragraph_are_one_candidate_each():
    text = (
        "Las redes formulan al gobierno estatal una exigencia para, a) abrir un albergue para familias; "
        "b) contratar intérpretes en las oficinas; y c) publicar las cifras de detenciones."
    )
    assert quotes(text, "es") == [
        "abrir un albergue para familias",
        "contratar intérpretes en las oficinas",
        "publicar las cifras de detenciones",
    ]


def test_a_call_to_act_with_nothing_specific_is_not_an_ask_and_refraining_is_negated():
    assert quotes("We urge you to act immediately.", "en") == []
    asks = analyse("The agencies call on states to refrain from expelling families.", language="en").asks
    assert [(a.quote, a.negated) for a in asks] == [("refrain from expelling families", True)]
    asks = analyse("Ninguna persona solicitante de asilo debe ser detenida.", language="es").asks
    assert [(a.quote, a.negated) for a in asks] == [("Ninguna persona solicitante de asilo debe ser detenida", True)]


def test_a_hard_wrapped_paragraph_is_read_as_one():
    text = (
        "Comunicado de prensa de la comisión estatal sobre la situación de las personas migrantes\n"
        "La Comisión Estatal de Derechos insta a las autoridades municipales de la zona\n"
        "norte a garantizar el acceso al agua potable en los campamentos que se han\n"
        "instalado junto a las vías del tren desde el inicio del mes pasado, según datos\n"
        "de las organizaciones locales.\n"
    )
    asks = analyse(text, language="es").asks
    assert [a.quote.split()[0] for a in asks] == ["garantizar"]
    assert "\n" in asks[0].quote and text[asks[0].start : asks[0].end] == asks[0].quote
