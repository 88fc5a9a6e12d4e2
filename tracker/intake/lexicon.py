"""Word lists used by extraction and matching (general English and policy vocabulary)."""

import re

# Verbs that open an ask ("… and provide", "…; ensure"): splitting at "and <verb>"
# needs to know that the next word is a verb, and there is no tagger offline.
ACTION_VERBS = frozenset(
    """
abolish accept acknowledge act address adopt allocate allow amend apologize apologise appoint appropriate
assess assist authorize authorise avoid ban bring build cease close codify collaborate commit compensate
condemn conduct consider consult continue convene cooperate coordinate create deliver deploy designate
develop disclose dismantle do eliminate end enforce exempt engage enact ensure establish evaluate expand expedite
extend facilitate fix fulfil fulfill fund give grant guarantee halt hire hold honor honour identify implement
improve include increase inform introduce invest investigate issue keep lift limit maintain make meet
monitor move offer open oppose parole pass pause permit phase prevent prioritize prioritise process prohibit
prosecute protect provide publish raise reallocate receive recognize recognise recommit reconsider redirect
reduce refrain reform register reinstate reject release remedy remove reopen repeal report require rescind
resolve respect restore resume rethink return reunite reverse review revoke safeguard scale share
shut simplify stop streamline strengthen suspend take terminate track train treat uphold vote waive welcome
withdraw work
renounce abandon cancel drop revise deny detain deport expel separate criminalize criminalise punish cut lock
""".split()
)

# Words that mark a government or an official as the subject ("the U.S. government can …").
AUTHORITY_WORDS = frozenset(
    """
government governments administration department ministry secretary congress senate house president
authorities agency office commission minister ambassador governor state states u.s. united dhs doj
legislature parliament
""".split()
)

# Addressee phrases that only point back to someone named elsewhere.
PRONOUNS = frozenset(
    {
        "it",
        "they",
        "them",
        "you",
        "he",
        "she",
        "him",
        "her",
        "the administration",
        "the government",
        "this administration",
        "your administration",
        "your office",
        "the department",
        "the agency",
        "the agencies",
        "your agency",
        "your agencies",
        "the ministry",
        "its",
        "their",
        "usted",
        "ustedes",
        "le",
        "les",
        "el gobierno",
        "las autoridades",
        "el estado",
        "ella",
        "ellos",
    }
)

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    {
        "U.S",
        "U.N",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Rep",
        "Reps",
        "Sen",
        "Sens",
        "St",
        "No",
        "Gov",
        "Sec",
        "Gen",
        "Jr",
        "Sr",
        "A.C",
        "Inc",
        "Ltd",
        "vs",
        "e.g",
        "i.e",
        "etc",
        "Hon",
        "Prof",
        "approx",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    }
)

# Common words that say nothing about a theme or a recommendation's subject.
STOP_WORDS = frozenset(
    """
a an and are as at be been being but by can could do does for from had has have he her his how i if in
into is it its itself more most must no not of on or our should so such than that the their them then
there these they this those through to too under up us was we were what when where which while who whom
why will with would you your also all any each other some same very just only own new including
""".split()
)

# Words an ask never ends on: it would stop before its object ("leaders to restore").
FUNCTION_WORDS = frozenset(
    """
a an the to of for by with from in on at into as and or but that which who whose than its their our your
his her this these those such any all more most not no nor be being been is are was were will would shall
may might must should can could do does did has have had including include includes about between
el la los las un una unos unas de del al y e o u que en con por para sin sobre entre su sus se lo le les
como ni ser sea sean es son fue
""".split()
)

# Countries of the Americas (and a few others often addressed), as Spanish texts name them: "el Estado" or
# "el gobierno" with no known government named before points back to the last of these the text names.
COUNTRIES = (
    "México",
    "Guatemala",
    "Honduras",
    "El Salvador",
    "Nicaragua",
    "Costa Rica",
    "Panamá",
    "Colombia",
    "Venezuela",
    "Ecuador",
    "Perú",
    "Bolivia",
    "Chile",
    "Argentina",
    "Uruguay",
    "Paraguay",
    "Brasil",
    "Cuba",
    "Haití",
    "República Dominicana",
    "Estados Unidos",
    "Canadá",
    "España",
)
_COUNTRY = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in COUNTRIES) + r")\b")


def last_country(text: str) -> str | None:
    """The last country of ``COUNTRIES`` that ``text`` names, if any."""
    found = _COUNTRY.findall(text)
    return found[-1] if found else None
