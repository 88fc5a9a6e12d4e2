"""Extraction finds each ask with its verbatim quote and offsets (pure functions, no database)."""

from tracker import PROJECT_ROOT
from tracker.intake.evaluation import index_from_seed_actors
from tracker.intake.extraction import analyse, summarise
from tracker.intake.matching import ActorIndex, ActorRecord, propose
from tracker.intake.sources import html_to_text
from tracker.seeding.reader import read_seeds


def quotes(text):
    return [ask.quote for ask in analyse(text).asks]


def test_a_list_of_asks_after_calls_on_becomes_one_candidate_per_ask():
    text = (
        "The letter calls on the government to end family detention; to release children; "
        "fund shelters; and better coordinate with local groups."
    )
    assert quotes(text) == [
        "end family detention",
        "release children",
        "fund shelters",
        "better coordinate with local groups",
    ]


def test_every_quote_is_at_its_offsets():
    text = "Intro.\n\nThe ministry must urgently protect migrants and provide shelter.\n"
    for ask in analyse(text).asks:
        assert text[ask.start : ask.end] == ask.quote
    assert quotes(text) == ["must urgently protect migrants", "provide shelter"]


def test_items_after_recommendations_regarding_are_one_candidate_each():
    text = (
        "Recommendations for the government, including recommendations regarding:\n"
        "- Support for shelters;\n- Providing additional support to the refugee agency; and\n- Ending detention\n"
        "Other text follows here, long enough to be a paragraph of its own and not a list item at all."
    )
    assert quotes(text)[:3] == [
        "Support for shelters",
        "Providing additional support to the refugee agency",
        "Ending detention",
    ]


def test_modals_in_relative_and_subordinate_clauses_are_not_asks():
    text = (
        "It speaks to the urgency of protecting those who must migrate. "
        "A fact sheet outlines how the administration can end the policy."
    )
    assert quotes(text) == []


def test_a_quoted_ask_names_its_speaker():
    text = "“The government must close the camps,” said Senior Researcher Ana María Ruiz of the group."
    ask = analyse(text).asks[0]
    assert ask.speaker == "María Ruiz" or ask.speaker == "Ana María Ruiz"


def test_summaries_are_short_imperatives():
    assert summarise("Providing additional support to COMAR") == "Provide additional support to COMAR"
    assert summarise("must not turn its back on migrants") == "Do not turn its back on migrants"
    assert len(summarise("end " + "very long clause " * 20)) <= 141


def test_officials_are_found_by_title_and_surname_and_governments_by_their_president():
    bundle = read_seeds(PROJECT_ROOT / "seeds")
    index = index_from_seed_actors(bundle.actors)
    assert index.slugs_in("a letter to Secretary Mayorkas") == ["alejandro-mayorkas"]
    assert index.ancestors("alejandro-mayorkas")[0] == "dhs"
    assert index.slugs_in("Dear President Biden") == ["us-government"]
    assert index.slugs_in("Attorney General Garland and the Mexican government") == [
        "merrick-garland",
        "mexican-government",
    ]
    # Acronyms only in capitals: "kind" the adjective is not KIND the organisation.
    assert index.slugs_in("a kind word") == []


def test_makers_and_addressees_are_proposed_or_new():
    index = ActorIndex(
        [
            ActorRecord("ngo", "Frontera Watch", "organisation"),
            ActorRecord("mx", "Government of Mexico", "government", aliases=("Mexican government",)),
        ]
    )
    text = (
        "“The Ministry of Security must release detained children,” said Lucia Herrera, researcher at "
        "Frontera Watch.\n\nThe Mexican government should also fund shelters."
    )
    first, second = propose(text, index, [], None)
    assert [(m.name, m.role, m.slug) for m in first.makers] == [
        ("Lucia Herrera", "spokesperson", None),
        ("Frontera Watch", "lead", "ngo"),
    ]
    assert [(a.name, a.kind, a.slug) for a in first.addressees] == [("Ministry of Security", "agency", None)]
    assert [a.slug for a in second.addressees] == ["mx"]


def test_html_is_converted_to_text_without_scripts_or_styles():
    text = html_to_text(
        "<html><head><title>x</title><style>p{}</style></head><body><p>We urge the "
        "government to act.</p><script>alert('x')</script><ul><li>One</li><li>Two &amp; three</li>"
        "</ul></body></html>"
    )
    assert "alert" not in text and "p{}" not in text
    assert text == "We urge the government to act.\n\n- One\n\n- Two & three"
