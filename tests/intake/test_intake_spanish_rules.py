"""Spanish rules learnt from the third enlargement of the development half (2026-11-30).

Every text here was written for these tests (none is taken from the corpus): each states
one grammatical shape of Mexican and Latin American statements, letters, legislators'
"puntos de acuerdo" and newspaper reports of demands.
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


def quotes(text):
    return [ask.quote for ask in analyse(text, language="es").asks]


def addressees(text, index):
    return [[a.name for a in candidate.addressees] for candidate in propose_document(text, index, []).candidates]


def makers(text, index):
    result = propose_document(text, index, [])
    return {maker.name for candidate in result.candidates for maker in candidate.makers}


# --- What is asked ------------------------------------------------------------------


def test_a_noun_naming_what_is_asked_for_follows_the_call():
    assert quotes("Los vecinos exigimos respeto y defensa de los manantiales del valle.") == [
        "respeto y defensa de los manantiales del valle"
    ]
    assert quotes("Además, pidieron protección para las maestras amenazadas en la sierra.") == [
        "protección para las maestras amenazadas en la sierra"
    ]


def test_the_object_after_the_addressee_may_be_a_noun_or_a_verb_after_a_comma(index):
    text = "Los colectivos exigieron a los tres niveles de gobierno el esclarecimiento de las agresiones."
    assert quotes(text) == ["el esclarecimiento de las agresiones"]
    assert addressees(text, index) == [["tres niveles de gobierno"]]
    text = "Demandaron al Gobernador Juan Pérez Soto, suspenda las obras de la presa."
    assert quotes(text) == ["suspenda las obras de la presa"]
    assert addressees(text, index) == [["Gobernador Juan Pérez Soto"]]


def test_an_article_after_a_preposition_is_still_part_of_the_addressee():
    assert quotes("Hicimos un llamado al gobierno estatal ante la crisis del agua.") == []


def test_a_call_to_do_something_has_no_addressee_before_its_infinitive():
    asks = analyse("Asimismo, llamaron a evitar los desalojos y reabrir los comedores.", language="es").asks
    assert [(a.quote, a.negated, a.addressee_phrase) for a in asks] == [
        ("evitar los desalojos", True, None),
        ("reabrir los comedores", False, None),
    ]


def test_a_date_between_the_call_and_its_object_is_skipped():
    assert quotes("Las colectivas exigimos este 8 de marzo (2024), el cese de la violencia institucional.") == [
        "el cese de la violencia institucional"
    ]


def test_one_signatory_asking_in_the_first_person_singular():
    assert quotes("Le solicito atentamente que reciba a las familias afectadas.") == ["reciba a las familias afectadas"]


def test_demands_listed_as_nouns_are_one_ask_each():
    assert quotes(
        "Entre las exigencias del pliego se incluyen el pago de salarios atrasados, uniformes para el personal, "
        "y cese al acoso laboral."
    ) == ["el pago de salarios atrasados", "uniformes para el personal", "cese al acoso laboral"]


def test_a_modal_in_the_imperfect_subjunctive_asks():
    assert quotes("La declaración concluye que el Estado debiera garantizar la consulta previa.") == [
        "debiera garantizar la consulta previa"
    ]


def test_what_a_law_establishes_is_not_an_ask():
    assert quotes("La reforma establece que el aprovechamiento del agua debe hacerse con medición.") == []


def test_urgent_action_alone_is_not_an_ask():
    assert quotes("Organizaciones exigen acción urgente del Gobierno.") == []


def test_a_plural_noun_ending_like_an_infinitive_with_nos_is_not_a_verb():
    asks = analyse(
        "Se exhorta a la Secretaría de Turismo y a los gobiernos municipales a limpiar las playas.", language="es"
    ).asks
    assert [a.quote for a in asks] == ["limpiar las playas"]


# --- Whom it is asked of ------------------------------------------------------------


def test_a_list_item_with_its_own_call_takes_its_own_addressee(index):
    text = (
        "La comisión aprobó exhortos a diversas dependencias para atender problemas urgentes:\n"
        "- Bosques: Se pide a la Comisión Nacional Forestal reforzar la vigilancia contra incendios.\n"
        "- Salud: Se exhorta a la Secretaría de Salud a ampliar la vacunación.\n"
    )
    assert addressees(text, index) == [["Comisión Nacional Forestal"], ["Secretaría de Salud"]]


def test_an_addressee_before_se_le_pide_and_a_second_addressee_after_y_a(index):
    text = (
        "Se solicita al gobierno de Oaxaca proteger los manglares, y a la Procuraduría Agraria se le pide "
        "revisar los títulos."
    )
    assert addressees(text, index) == [["gobierno de Oaxaca"], ["Procuraduría Agraria"]]
    text = (
        "Se llama a los gobiernos municipales a limpiar los ríos y a todas las entidades federativas a medir el agua."
    )
    assert addressees(text, index) == [["gobiernos municipales"], ["todas las entidades federativas"]]


def test_an_impersonal_modal_names_no_addressee():
    asks = analyse("Según la red, en la investigación se debe considerar la labor del periodista.", language="es").asks
    assert [a.addressee_phrase for a in asks] == [None]


def test_the_office_the_demands_were_delivered_to_addresses_them(index):
    text = (
        "Los trabajadores entregaron un pliego petitorio en la Secretaría del Trabajo, donde fueron recibidos. "
        "Entre sus demandas están el pago de horas extra, y la basificación del personal eventual."
    )
    assert addressees(text, index) == [["Secretaría del Trabajo"], ["Secretaría del Trabajo"]]


def test_the_state_named_by_no_one_before_is_still_the_addressee(index):
    assert addressees("La declaración dice que el Estado debiera garantizar agua potable.", index) == [["Estado"]]


def test_the_subjunctive_connector_a_que_is_not_read_inside_the_addressee(index):
    text = "Tras analizar el caso, la Comisión solicitó a Honduras que:\n1. proteja la vida del periodista;\n"
    assert addressees(text, index) == [["Honduras"]]


# --- Who asks -----------------------------------------------------------------------


def test_a_body_that_approves_exhortos_makes_them_not_its_chair(index):
    text = (
        "La Comisión de Pesca del Senado, presidida por la senadora Ana Ruiz Mora, aprobó un dictamen para "
        "exhortar a la Secretaría de Marina a vigilar las vedas."
    )
    assert makers(text, index) == {"Comisión de Pesca del Senado"}


def test_a_chamber_named_with_honorable_exhorts(index):
    text = "PRIMERO.- La Cámara de Diputados del honorable Congreso de la Unión exhorta a la Semarnat a proteger el humedal."
    assert "Cámara de Diputados del honorable Congreso de la Unión" in makers(text, index)


def test_an_impersonal_call_in_a_labelled_item_names_no_maker(index):
    text = "La comisión aprobó 3 puntos de acuerdo:\n- Agua Potable: Se exhorta a la Conagua a revisar las tarifas.\n"
    assert "Agua Potable" not in makers(text, index)


def test_organisations_listed_after_que_incluyen_are_makers(index):
    text = (
        "Las organizaciones, que incluyen a la Red Mujeres del Sur, Tejiendo, el Colectivo Río Vivo y ALMA, "
        "exigieron al gobierno estatal reabrir los albergues."
    )
    assert {"Red Mujeres del Sur", "Tejiendo", "Colectivo Río Vivo", "ALMA"} <= makers(text, index)


def test_a_letter_signed_muy_atentamente_by_one_person(index):
    text = "Lic. Laura Gómez\nPresente.\nLe pido que atienda este asunto.\nMuy atentamente.\nJOSÉ LUIS PRADO\n"
    assert "JOSÉ LUIS PRADO" in makers(text, index)


def test_a_union_leader_quoted_after_the_quotation_and_the_union(index):
    text = (
        "“No vamos a ceder”, afirmó el secretario general del Sindicato Único de Trabajadores del Agua (SUTA) "
        "Sección 3, Pedro Salas Ríos.\n"
        "Entre las exigencias entregadas se incluyen el pago de bonos, y la compra de equipo."
    )
    assert {"Pedro Salas Ríos", "Sindicato Único de Trabajadores del Agua (SUTA)"} <= makers(text, index)


# --- Second round: headlines, subjunctives, descriptors, clitics ----------------------


def test_a_headline_puts_the_verb_before_its_subject(index):
    text = "Urge CNDH a garantizar el agua en las colonias de Hermosillo\nEl organismo emitió una recomendación."
    assert quotes(text)[0] == "garantizar el agua en las colonias de Hermosillo"
    assert "CNDH" in makers(text, index)
    assert addressees("Demandan colectivos a SEDENA cancelación del cuartel en la sierra", index) == [["SEDENA"]]


def test_a_subjunctive_right_after_a_named_addressee_starts_the_ask(index):
    text = "La red pidió a la COMAR agilice los trámites de las familias."
    assert quotes(text) == ["agilice los trámites de las familias"]
    assert addressees(text, index) == [["Comisión Mexicana de Ayuda a Refugiados"]]


def test_a_descriptor_and_a_leading_channel_are_not_part_of_the_makers_name(index):
    text = "A través de un comunicado, la organización civil Techo Digno exigió al municipio suspender los desalojos."
    assert makers(text, index) == {"Techo Digno"}
    text = "En conferencia de prensa, integrantes del Frente Cívico del Valle pidieron al Congreso aprobar la ley."
    assert makers(text, index) == {"Frente Cívico del Valle"}


def test_le_exigimos_points_back_to_the_body_named_earlier_in_the_sentence(index):
    text = "Decimos al gobierno estatal que aún puede actuar y que le exigimos atención médica para los desplazados."
    assert addressees(text, index) == [["gobierno estatal"]]


def test_a_statement_addressed_to_a_body_addresses_its_unaddressed_asks(index):
    text = (
        "El comunicado dirigido a la Secretaría de Bienestar, firmado por 40 colectivos, denuncia recortes. "
        "Las organizaciones pidieron protección para las cocinas comunitarias."
    )
    assert addressees(text, index) == [["Secretaría de Bienestar"]]


def test_a_spanish_signature_heading_names_the_list_that_follows(index):
    text = (
        "Exigimos a la Fiscalía investigar las amenazas.\n\nOrganizaciones y colectivos firmantes:\n"
        "Colectivo Voces del Río\nRed Jarocha de Defensoras\n"
    )
    assert {"Colectivo Voces del Río", "Red Jarocha de Defensoras"} <= makers(text, index)


# --- Third round: obligations, quoted phrases, clitics, countries ---------------------


def test_an_obligation_or_a_duty_states_an_ask():
    asks = analyse(
        "Las autoridades municipales tienen la obligación de reabrir la clínica y evitar a toda costa los cortes de agua.",
        language="es",
    ).asks
    assert [(a.quote, a.negated) for a in asks] == [
        ("tienen la obligación de reabrir la clínica", False),
        ("evitar a toda costa los cortes de agua", True),
    ]


def test_a_relative_clause_with_its_own_named_subject_asks():
    asks = analyse("Es un momento ante el cual el Estado peruano debe proteger a los testigos.", language="es").asks
    assert [(a.quote, a.addressee_phrase) for a in asks] == [("debe proteger a los testigos", "el Estado peruano")]


def test_ensuring_that_something_does_not_happen_is_negated():
    asks = analyse("Las autoridades deben asegurarse de que los agresores no queden impunes.", language="es").asks
    assert [a.negated for a in asks] == [True]


def test_a_quoted_phrase_inside_the_reporters_sentence_does_not_end_the_ask():
    asks = analyse(
        "La relatora pidió al Estado “proteger a los testigos” en ese proceso y publicar “todos los expedientes”.",
        language="es",
    ).asks
    assert len(asks) == 2
    assert asks[0].addressee_phrase == "Estado"


def test_a_quotation_after_a_modal_or_a_necessity_is_read_through():
    assert quotes("Subrayó que es necesario “revisar el protocolo de búsqueda”.") == [
        "revisar el protocolo de búsqueda"
    ]
    assert quotes("Insistió en que Colombia debe “proteger a los firmantes de paz”.") == [
        "Colombia debe “proteger a los firmantes de paz”"
    ]


def test_insisting_that_someone_act_is_a_call():
    assert quotes("Los obispos insistieron en que el gobierno estatal reabra el hospital rural.") == [
        "el gobierno estatal reabra el hospital rural"
    ]


def test_lo_conmino_points_back_to_the_person_met(index):
    text = "La relatora se reunió con el gobernador Luis Mora Peña y lo conminó a “liberar a los detenidos”."
    assert addressees(text, index) == [["Luis Mora Peña"]]


def test_the_state_points_back_to_the_last_country_named(index):
    text = "La Comisión visitó Nicaragua esta semana. La Comisión pidió al Estado liberar a los presos políticos."
    assert addressees(text, index) == [["Nicaragua"]]


def test_the_makers_own_statement_after_a_semicolon_is_not_an_ask():
    assert quotes("El Estado debe proteger a las familias; no vemos una crisis sino una emergencia.") == [
        "debe proteger a las familias"
    ]


def test_a_headlines_addressee_does_not_carry_over_to_a_list_after_a_call(index):
    text = (
        "Chile debe proteger a las personas refugiadas\n"
        "Las redes hacemos un llamado al gobierno chileno ante la crisis.\n"
        "Demandas:\n"
        "1. Que se abran vías de regularización.\n"
    )
    assert addressees(text, index)[-1] == ["gobierno chileno"]


def test_a_spokesperson_who_said_something_in_the_opening_sentence_is_a_maker(index):
    text = (
        "La Comisión Andina de Juristas (CAJ) dijo que la reforma es regresiva y pidió al Congreso archivar la reforma."
    )
    assert "Comisión Andina de Juristas (CAJ)" in makers(text, index) or "Comisión Andina de Juristas" in makers(
        text, index
    )


# --- Fourth round: invitations, wishes, signatures without a heading, passive agents ----


def test_an_invitation_a_renewed_invitation_and_a_wish_are_asks(index):
    text = (
        "La vecina invita al alcalde Pedro Ruiz a recorrer el mercado. También expresó su deseo de que se repare "
        "el drenaje. Al final le reitera la invitación para caminar por la colonia."
    )
    assert len(quotes(text)) == 3
    assert addressees(text, index)[0] == ["alcalde Pedro Ruiz"]


def test_organisations_listed_one_per_line_at_the_end_sign_the_statement(index):
    text = (
        "Como Coordinadora de Colectivos del Sur, exigimos:\n"
        "1. Que el gobierno regional reabra las escuelas rurales.\n\n"
        "*Colectivo Tierra Viva\nRed de Mujeres Rurales\nAsociación Agua Limpia\n"
    )
    assert {"Coordinadora de Colectivos del Sur", "Colectivo Tierra Viva", "Red de Mujeres Rurales"} <= makers(
        text, index
    )


def test_the_agent_of_a_passive_ask_is_its_addressee(index):
    text = "Los derechos de las comunidades deben ser respetados y garantizados por el Estado de Bolivia."
    assert addressees(text, index) == [["Estado de Bolivia"]]


def test_a_message_sent_to_a_body_addresses_its_impersonal_asks(index):
    text = (
        "–La Defensoría del Pueblo envió un mensaje claro al Ministerio de Vivienda: «Se deben suspender los "
        "desalojos de inmediato»."
    )
    assert addressees(text, index) == [["Ministerio de Vivienda"]]
    assert "Defensoría del Pueblo" in makers(text, index)


def test_spanish_month_abbreviations_and_hyphenated_dates_are_publication_dates():
    from tracker.intake.dates import publication_date

    assert publication_date("Defensoría alerta\n- Mié, 21 ene 2026\nTexto.").iso() == "2026-01-21"
    assert publication_date("Dictamen\nPublicación en Gaceta: 26-Abril-2011\nTexto.").iso() == "2011-04-26"


# --- Fifth round: infinitive calls with a noun, members of an organisation, past obligations -


def test_an_infinitive_call_with_a_noun_object_asks():
    assert quotes("Los padres acudieron a la escuela para pedir explicaciones sobre el cierre del comedor.") == [
        "explicaciones sobre el cierre del comedor"
    ]
    assert quotes("Familias piden avances en la búsqueda de sus hijos") == ["avances en la búsqueda de sus hijos"]


def test_what_should_have_been_done_is_still_asked():
    assert quotes("Ello implica que la concesión debió ser revocada de inmediato.") == [
        "debió ser revocada de inmediato"
    ]
    assert quotes("El ministro debió enfrentar una crisis en su primer mes.") == []


def test_a_member_of_an_organisation_named_in_the_sentence_makes_its_asks(index):
    text = (
        "Así lo aseguró la integrante del Colectivo Madres del Norte, Rosa Ibarra Luna, quien también hizo un "
        "llamado a la fiscalía estatal a reabrir las carpetas."
    )
    assert {"Rosa Ibarra Luna", "Colectivo Madres del Norte"} <= makers(text, index)
    text = "El titular de la Secretaría de Salud, Juan Pérez Soto, recibió a las familias, que pidieron medicinas para el hospital."
    assert "Juan Pérez Soto" not in makers(text, index)


def test_a_text_opening_with_whose_view_it_reports_names_a_maker(index):
    text = (
        "Para la organización ambientalista Mar Vivo, la Secretaría sabía de las irregularidades. "
        "Ello implica que el permiso debió ser revocado."
    )
    assert "Mar Vivo" in {maker.name for maker in propose_document(text, index, []).makers}


def test_a_copular_statement_after_a_semicolon_is_not_an_ask():
    assert quotes("Colectivos piden a la Fiscalía apoyar la búsqueda de personas; es un derecho humano, señalan") == [
        "apoyar la búsqueda de personas"
    ]


def test_a_quoted_ask_is_made_by_its_speaker_and_by_the_organisations_the_text_names_as_speaking(index):
    text = (
        "Para la organización ambientalista Mar Vivo, la Secretaría sabía de las irregularidades.\n"
        "“El permiso debió ser revocado”, dijo Ana Ríos Peña, directora de Costa Limpia."
    )
    candidate_makers = {maker.name for maker in propose_document(text, index, []).candidates[0].makers}
    assert {"Costa Limpia", "Mar Vivo", "Ana Ríos Peña"} <= candidate_makers


# --- From the fifth fresh batch (petitions, an ombudsman's suggestions, union and NGO reports) ---------------


def test_a_quoted_speaker_keeps_a_first_name_and_both_surnames_and_drops_a_title(index):
    text = "“La alcaldía debe reabrir el albergue”, dijo Ana Ríos Peña, coordinadora de la Red Verde."
    assert {"Ana Ríos Peña", "Red Verde"} <= makers(text, index)
    text = "“La alcaldía debe reabrir el albergue”, dijo Directora Luisa Gómez Ortiz."
    assert "Luisa Gómez Ortiz" in makers(text, index)


def test_whoever_started_a_petition_makes_its_asks_and_whom_it_is_directed_to_is_addressed(index):
    text = (
        "Pedimos un parque en la colonia\n\nPedro Gómez Ruiz ha iniciado esta petición dirigida a Laura Méndez "
        "(Alcaldesa)\n\nLos vecinos pedimos una zona de juegos para los niños del barrio."
    )
    assert makers(text, index) == {"Pedro Gómez Ruiz"}
    assert ["Laura Méndez"] in addressees(text, index) or ["Laura Méndez (Alcaldesa)"] in addressees(text, index)


def test_a_directed_to_line_addresses_a_petition(index):
    text = "Más árboles en la avenida\nDirigida a: Ayuntamiento de Toledo\nPor eso pido que se planten árboles en la avenida."
    assert addressees(text, index) == [["Ayuntamiento de Toledo"]]


def test_a_described_organisation_asking_through_a_channel_names_the_official_in_the_clause(index):
    text = "La organización Selvaviva solicita a través de su web, que el gobernador Ramírez detenga los desmontes."
    assert quotes(text) == ["el gobernador Ramírez detenga los desmontes"]
    assert makers(text, index) == {"Selvaviva"}
    assert addressees(text, index) == [["gobernador Ramírez"]]


def test_a_second_addressee_after_y_al_is_its_own_addressee(index):
    text = "Los vecinos pedimos al alcalde y al ayuntamiento de Tarifa un parque infantil."
    assert addressees(text, index) == [["alcalde", "ayuntamiento de Tarifa"]]


def test_a_government_body_presenting_a_bill_is_not_the_publisher_and_a_union_below_the_headline_is(index):
    text = (
        "Maestros anuncian huelga por salarios\n\n"
        "La Federación Estatal de Maestros confirmó una huelga de dos días. Rechazan el presupuesto presentado "
        "por el Ministerio de Hacienda. Los maestros exigen un aumento del 6% para todo el magisterio."
    )
    found = {maker.name for maker in propose_document(text, index, []).makers}
    assert "Federación Estatal de Maestros" in found and "Ministerio de Hacienda" not in found


def test_infinitive_paragraphs_under_a_suggestion_heading_are_asks_and_its_record_fields_are_not(index):
    text = (
        "SUGERENCIA:\n\nInstalar cámaras en los pasillos de la comisaría.\n\nFecha: 01/02/2021\n"
        "Administración: Dirección General de la Policía. Ministerio del Interior\nRespuesta: Aceptada\n\n"
        "SUGERENCIA:\n\nDar formación a los agentes sobre el trato a las personas detenidas.\n\nFecha: 01/02/2021"
    )
    assert quotes(text) == [
        "Instalar cámaras en los pasillos de la comisaría",
        "Dar formación a los agentes sobre el trato a las personas detenidas",
    ]
    assert ["Dirección General de la Policía", "Ministerio del Interior"] in addressees(text, index)


def test_demands_insisted_on_held_essential_or_needed_are_asks():
    assert quotes("Los sindicatos insistieron en la aprobación inmediata del escalafón.") == [
        "la aprobación inmediata del escalafón"
    ]
    assert quotes("Los dirigentes consideran fundamental la actualización de los tabuladores.") == [
        "la actualización de los tabuladores"
    ]
    assert quotes("Los maestros marcharon exigiendo reajuste salarial para el magisterio.") == [
        "reajuste salarial para el magisterio"
    ]
    assert quotes("Ya existe la ley, pero ahora necesitamos que se aplique en todo el estado.") == [
        "se aplique en todo el estado"
    ]
