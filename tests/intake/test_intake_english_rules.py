"""English rules learnt from layouts the first development documents lacked, written as specifications.

Every text here was written for these tests (none is taken from the corpus): petitions with an
exclamation headline, numbered demands in the first person, calls stated as nouns before a
second call, legislators listed after a plural title, groups named in an aside, attributions
that put the title between the organisation and the person.
"""

import pytest

from tracker import PROJECT_ROOT
from tracker.intake.dates import publication_date
from tracker.intake.evaluation import index_from_seed_actors
from tracker.intake.extraction import analyse
from tracker.intake.matching import propose_document
from tracker.seeding.reader import read_seeds


@pytest.fixture(scope="module")
def index():
    return index_from_seed_actors(read_seeds(PROJECT_ROOT / "seeds").actors)


def quotes(text):
    return [ask.quote for ask in analyse(text, language="en").asks]


def maker_names(text, index):
    result = propose_document(text, index, [])
    return {maker.name for candidate in result.candidates for maker in candidate.makers}


# --- Asks -----------------------------------------------------------------------------


def test_the_speakers_own_demand_is_an_ask_whatever_its_object():
    assert quotes("We demand compensation for the families of the victims.") == [
        "compensation for the families of the victims"
    ]
    assert quotes("We call for a moratorium on new drilling permits.") == ["a moratorium on new drilling permits"]


def test_demand_that_an_authority_do_something_names_it_even_with_an_unlisted_verb():
    asks = analyse("We demand that the County Board answer every request within ten days.", language="en").asks
    assert [ask.quote for ask in asks] == ["answer every request within ten days"]
    assert asks[0].addressee_phrase == "the County Board"


def test_a_numbered_demand_ending_in_a_colon_is_still_an_ask():
    text = (
        "Our demands:\n"
        "  1. We demand that the Water Board publish the test results we listed:\n"
        "  2. We call on the Water Board to replace every lead pipe."
    )
    found = quotes(text)
    assert any(quote.startswith("publish the test results") for quote in found)
    assert any("replace every lead pipe" in quote for quote in found)


def test_a_call_by_noun_before_a_second_call_is_its_own_ask():
    found = quotes("We request a hearing on the permit and urge you to deny the permit.")
    assert found[0].startswith("a hearing on the permit")
    assert found[-1] == "deny the permit"


def test_calls_for_an_action_named_by_its_noun_without_an_article():
    assert quotes("Press group calls for release of detained reporters") == ["release of detained reporters"]


def test_an_aside_between_dashes_after_the_addressee_is_read_through():
    found = quotes(
        "We call on the governments holding these workers — including two in the northern province — "
        "to free them at once."
    )
    assert found == ["free them at once"]


def test_tell_x_to_and_calls_to_x_to_carry_an_ask_to_x():
    assert quotes("Tell the Parks Department to keep the pools open this summer.") == [
        "keep the pools open this summer"
    ]
    assert quotes("The report cites repeated calls to the ministry to close the mine.") == ["close the mine"]
    assert quotes("Nurses Tell Governor How to Reopen Rural Clinics") == []


def test_an_exclamation_headline_with_a_verb_is_an_order():
    assert quotes("Renters Can't Wait: Cancel the rent increase now!") == ["Cancel the rent increase now"]


def test_a_modal_in_a_relative_clause_after_a_preposition_or_where_does_not_ask():
    assert quotes("Training is one means by which states can reduce harm.") == []
    assert quotes("There is no county where a family can afford this rent.") == []


# --- Makers ---------------------------------------------------------------------------


def test_legislators_listed_after_a_plural_title_with_districts_or_states_are_all_makers(index):
    text = (
        "Today, Representatives Ana Ortiz (TX-16) and Paul K. Reed (OH-03) led 3 colleagues in sending a letter "
        "urging the agency to adopt the rule. The letter was signed by Representatives Mia Long (CA-12), "
        "Tom O’Hara (NY-07) and Lee Chan (WA-09).\n\nThe letter, signed by Sens. Jo Park, of Maine, Sam Hill and "
        "Ruth Ames, of Iowa, and Dan Cole, of Utah, urges the agency to adopt the rule."
    )
    names = maker_names(text, index)
    expected = {"Ana Ortiz", "Paul K. Reed", "Mia Long", "Tom O’Hara", "Lee Chan", "Jo Park", "Sam Hill"}
    assert expected | {"Ruth Ames", "Dan Cole"} <= names


def test_organisations_named_in_an_aside_after_groups_including_are_makers(index):
    text = (
        "The groups, including the Coastal Health Network, the Valley Nurses Association and the River "
        "Clinic Alliance, placed an advertisement calling on the state to ban the pesticide."
    )
    assert {"Coastal Health Network", "Valley Nurses Association", "River Clinic Alliance"} <= maker_names(text, index)


def test_an_attribution_with_the_title_between_organisation_and_person(index):
    text = (
        "“We call on the ministry to release the reporters today,” said Open Press Council Executive "
        "Director Jane Q. Smith."
    )
    assert {"Jane Q. Smith", "Open Press Council"} <= maker_names(text, index)


def test_a_person_described_after_a_comma_before_said_is_a_maker(index):
    text = (
        "“Parliament should adopt the law this year,” Ana Ruiz, the independent expert on housing, said in a statement."
    )
    assert "Ana Ruiz" in maker_names(text, index)


def test_the_names_before_a_shared_plural_head_and_members_of(index):
    text = "Members of the Haida, Nisga’a and Gitxsan nations are calling on the province to halt the logging."
    assert {"Haida", "Nisga’a", "Gitxsan"} <= maker_names(text, index)


def test_a_group_introduced_by_what_it_is_and_a_headline_verb_in_title_case(index):
    text = "Residents who formed the organization Clean Air Now met the mayor, calling on the city to close the plant."
    assert "Clean Air Now" in maker_names(text, index)
    text = "Harbor Workers United Demands Shade Breaks\n\nWe urge the port authority to provide shade breaks."
    assert "Harbor Workers United" in maker_names(text, index)


def test_a_closing_first_published_on_line_dates_the_text():
    text = "The council should act.\n\nThis story was first published on March 3, 2021."
    assert publication_date(text).iso() == "2021-03-03"


def test_a_letter_to_a_us_official_keeps_the_title_after_the_abbreviation():
    from tracker.intake.structure import default_addressees

    text = "Today, 24 members sent a letter to U.S. Secretary of Labor Jane Roe, urging the agency to act."
    assert default_addressees(text)[0] == "U.S. Secretary of Labor Jane Roe"


# --- Second fresh batch: passives, headings inside lists, subject lines -----------------


def addressees(text, index):
    return [[a.name for a in candidate.addressees] for candidate in propose_document(text, index, []).candidates]


def test_the_subject_of_a_passive_is_not_the_addressee_and_by_names_the_agent(index):
    assert addressees("Jailed reporters must be released.", index) == [[]]
    found = addressees("Mayors say the program should be funded by the Northern Province.", index)
    assert any("Northern Province" in name for name in found[0])


def test_a_modal_after_and_takes_the_subject_of_the_first_clause():
    assert quotes("Those detained are prisoners of conscience and should be released at once.") == [
        "should be released at once"
    ]


def test_the_speaker_of_says_is_not_the_subject_of_the_modal(index):
    asks = analyse("Mayors of the large towns say the Assembly should fund transit.", language="en").asks
    assert [ask.addressee_phrase for ask in asks] == ["the Assembly"]


def test_urge_x_with_a_bare_verb_and_a_second_verb_after_and_also():
    found = quotes("The league is urging Harbor County spend $2 million on shelters and also make them year-round.")
    assert found == ["spend $2 million on shelters", "make them year-round"]


def test_an_opportunity_and_the_responsibility_to_do_something():
    assert quotes("The new council has a rare opportunity and the responsibility to reform the police.") == [
        "has a rare opportunity and the responsibility to reform the police"
    ]


def test_headings_between_bullets_are_not_asks_and_an_order_after_a_bullet_is_one():
    text = (
        "We urge the ministry to:\n\nHousing\n\n  • Repair the shelters before winter. Halt evictions in "
        "the north.\n\nHealth\n\n  • Open two clinics."
    )
    assert quotes(text) == ["Repair the shelters before winter", "Halt evictions in the north", "Open two clinics"]


def test_a_subject_line_request_for_is_an_ask_and_time_for_after_a_quantity_is_not():
    assert quotes("RE: Docket 12: Request for Extension of the Comment Period") == ["Extension of the Comment Period"]
    assert quotes("Thirty days is too little time for tenants to respond to the notice.") == []


def test_a_hyphenated_verb_opens_an_exclamation_order():
    assert quotes("Re-Open the Library On Sundays Now!") == ["Re-Open the Library On Sundays Now"]


def test_the_agency_in_a_letter_to_an_agency_is_that_agency(index):
    text = "The senators sent a letter to the Water Board urging the agency to publish the test results."
    assert addressees(text, index) == [["Water Board"]]


def test_a_request_lead_in_names_the_addressee_before_its_verb(index):
    text = "The parents' council requests the School District immediately implement the following:\n\n  1. Free meals"
    assert addressees(text, index) == [["School District"]]


def test_a_definite_description_as_the_subject_of_a_call_points_back_to_a_named_organisation(index):
    text = (
        "Jane Roe is the chair of the Federation of Rural Towns.\n\n"
        "The federation is urging the province to fund rural clinics."
    )
    assert "Federation of Rural Towns" in maker_names(text, index)


def test_first_published_without_on_dates_the_text():
    assert publication_date("Fund the clinics.\n\nThis report was first published June 4, 2026.").iso() == "2026-06-04"


# --- Third fresh batch: negations, salutations, attributions ------------------------------


def test_negations_after_a_long_subject_a_duty_and_no_one():
    asks = analyse(
        "We call on you to ensure families who would face grave danger after being returned are not deported.",
        language="en",
    ).asks
    assert [ask.negated for ask in asks] == [True]
    asks = analyse(
        "The ministry has an obligation under the treaty to ensure that its rules, orders, and practices do "
        "not expose children to harm.",
        language="en",
    ).asks
    assert [ask.negated for ask in asks] == [True]
    asks = analyse("“No-one should be jailed for a peaceful march,” the experts said.", language="en").asks
    assert [ask.negated for ask in asks] == [True]


def test_an_order_after_a_colon_and_a_quoted_slogan_are_asks():
    assert quotes("Forty groups call on the regional council: Close the landfill by June") == [
        "Close the landfill by June"
    ]
    assert quotes('"Protect river defenders"') == ["Protect river defenders"]


def test_a_title_and_name_before_a_colon_and_dear_inside_a_run_on_text_address_the_letter(index):
    text = "Governor Jane Roe:\n\nWe urge you to veto the bill."
    assert addressees(text, index) == [["Governor Jane Roe"]]
    text = (
        "March 3, 2020 re: Item 4 Dear Members of the Harbor City Council, The Tenants Union of Harbor City "
        "writes in regard to Item 4. We urge you to reject the item."
    )
    assert any("Harbor City Council" in name for name in addressees(text, index)[0])
    assert "Tenants Union of Harbor City" in maker_names(text, index)


def test_a_dotted_abbreviation_does_not_end_the_sentence():
    assert quotes("A letter calls on B.C. Premier Jane Roe to halt the logging.") == ["halt the logging"]


def test_signatories_described_before_their_names_and_rapporteurs_listed_after_said(index):
    text = (
        "Signatories include Chief Ana Bell, former NASA scientist Tom Reyes and actor Dame Ivy Long.\n\n"
        "They call on the premier to halt the logging."
    )
    assert {"Tom Reyes", "Dame Ivy Long"} <= maker_names(text, index)
    text = (
        "“States should protect peaceful protesters,” said the Special Rapporteur on defenders of the Regional "
        "Commission, Ana Ruiz; and the United Nations Special Rapporteurs on assembly, Tom Reyes; and on "
        "expression, Ivy Long."
    )
    assert {"Ana Ruiz", "Tom Reyes", "Ivy Long"} <= maker_names(text, index)


def test_a_passive_ask_names_the_authorities_of_its_paragraph_and_plural_governments_are_addressees(index):
    text = (
        "The Valdorian authorities arrested dozens of peaceful marchers. Those arrested are at risk of "
        "ill-treatment and should be released at once."
    )
    assert addressees(text, index) == [["Valdorian authorities"]]
    assert any(
        "governments" in name
        for name in addressees("Experts urged governments worldwide to protect marchers.", index)[0]
    )


def test_legislators_with_party_tags_in_a_statement_paragraph_are_makers_by_name(index):
    text = (
        "Senate Budget Committee Ranking Member Ann Lee (D-Calif.) and House Rules Committee Chair Tom Reyes "
        "(R-Ohio) released the following statement:\n\n“We urge the administration to restore the program.”"
    )
    assert {"Ann Lee", "Tom Reyes"} <= maker_names(text, index)


def test_a_second_that_clause_of_the_same_call_is_its_own_ask():
    assert quotes("We urge you to ensure that no tenant is evicted and that every lease is renewed.") == [
        "ensure that no tenant is evicted",
        "that every lease is renewed",
    ]


def test_a_title_and_surname_take_the_full_name_the_document_gives_the_title_holder(index):
    text = "Governor Jane Roe\nState Capitol\n\nGovernor Roe:\n\nWe urge you to veto the bill."
    assert addressees(text, index) == [["Governor Jane Roe"]]
    assert addressees("Governor Roe:\n\nWe urge you to veto the bill.", index) == [["Governor Roe"]]


def test_a_lead_in_calling_on_a_plural_group_addresses_its_items_and_forego_doing_is_negated(index):
    text = "We call on all landlords to:\nForego collecting late fees this winter;\nRepair the heating in every flat."
    assert addressees(text, index) == [["landlords"], ["landlords"]]
    assert [ask.negated for ask in analyse(text, language="en").asks] == [True, False]


def test_the_author_of_a_relayed_statement_is_a_maker_and_its_acronym_is_expanded(index):
    text = "Following is a statement by The Harbor Nurses Guild:\n\nWe call on the council to reopen the clinic."
    assert "Harbor Nurses Guild" in maker_names(text, index)
    text = (
        "Members of the Valdor Centre for Press Photography joined the protests.\n\nHere is the VCPP statement in "
        "full:\n\nWe call on the government to release the reporters."
    )
    assert "Valdor Centre for Press Photography" in maker_names(text, index)


def test_an_ask_that_a_pronoun_does_something_starts_at_its_verb():
    assert quotes("I ask that you champion the rights of tenants in your city.") == [
        "champion the rights of tenants in your city"
    ]
