"""Answer cards for the open questions of the pupil's views form: symbols with words.

A pupil who cannot write picks any number of cards (and may add words). Each bank belongs
to one question key of portal/pupil_views/questions.py. Words follow WORDS.md: everyday, short,
the pupil's own voice ("I help people"), never a label. The same idea has the same symbol
in every bank.

Symbols are OpenMoji 17.0.0 (https://openmoji.org, CC BY-SA 4.0), from the npm registry;
`SYMBOLS` names the OpenMoji hexcode each file was made from, and
scripts/symbols.sh copies and shrinks exactly those into static/img/symbols/. The credit is
on the accessibility statement.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

OPENMOJI_VERSION = "17.0.0"


@dataclass(frozen=True)
class Card:
    key: str
    words: object  # a lazy string
    symbol: str  # static/img/symbols/<symbol>.svg


# Symbol file name -> OpenMoji hexcode.
SYMBOLS = {
    "sym-animals": "1F436",
    "sym-art": "1F3A8",
    "sym-ask": "1F64B",
    "sym-bike": "1F6B2",
    "sym-brave": "1F981",
    "sym-build": "1F9F1",
    "sym-bus": "1F68C",
    "sym-calm": "1F60C",
    "sym-car": "1F697",
    "sym-change": "1F500",
    "sym-chat": "1F4AC",
    "sym-cinema": "1F3AC",
    "sym-clean": "1F9FC",
    "sym-clever": "1F4A1",
    "sym-club": "E249",
    "sym-college": "1F393",
    "sym-computer": "1F4BB",
    "sym-cook": "1F373",
    "sym-crowd": "1F465",
    "sym-dance": "1F483",
    "sym-dentist": "1F9B7",
    "sym-doctor": "1F9D1-200D-2695-FE0F",
    "sym-drama": "1F3AD",
    "sym-ear-defenders": "1F3A7",
    "sym-eat-out": "1F354",
    "sym-faith": "1F64F",
    "sym-family": "1F46A",
    "sym-fidget": "1FA80",
    "sym-fix": "1F527",
    "sym-food": "1F355",
    "sym-friends": "1F9D1-200D-1F91D-200D-1F9D1",
    "sym-funny": "1F602",
    "sym-games": "1F3AE",
    "sym-garden": "1F331",
    "sym-hair": "1F487",
    "sym-healthy-food": "1F966",
    "sym-help-others": "1F91D",
    "sym-home": "1F3E0",
    "sym-kind": "1F917",
    "sym-laundry": "1F9FA",
    "sym-listen": "1F442",
    "sym-lunch": "1F37D",
    "sym-maths": "1F522",
    "sym-medicine": "1F48A",
    "sym-money": "1FA99",
    "sym-more-time": "23F3",
    "sym-move": "1F3C3",
    "sym-music": "1F3B5",
    "sym-no-change": "1F44D",
    "sym-noise": "1F50A",
    "sym-outside": "1F333",
    "sym-pet": "1F431",
    "sym-phone": "1F4F1",
    "sym-pictures": "1F5BC",
    "sym-quiet": "1F92B",
    "sym-reading": "1F4D6",
    "sym-same": "1F501",
    "sym-screens-off": "1F4F5",
    "sym-seat": "1FA91",
    "sym-shop": "1F6D2",
    "sym-sleep": "1F634",
    "sym-sport": "26BD",
    "sym-swim": "1F3CA",
    "sym-teacher": "1F9D1-200D-1F3EB",
    "sym-test": "1F4DD",
    "sym-tidy": "1F9F9",
    "sym-time": "1F552",
    "sym-timetable": "1F5D3",
    "sym-toys": "1F9F8",
    "sym-try": "1F680",
    "sym-unkind": "1F620",
    "sym-wake-up": "23F0",
    "sym-water": "1F6B0",
    "sym-work-hard": "1F4AA",
    "sym-worried": "1F61F",
    "sym-writing": "270F",
    "sym-young-children": "1F9D2",
}

BANKS: dict[str, list[Card]] = {
    "good_at": [
        Card("reading", _l("Reading"), "sym-reading"),
        Card("writing", _l("Writing"), "sym-writing"),
        Card("maths", _l("Maths"), "sym-maths"),
        Card("art", _l("Drawing and art"), "sym-art"),
        Card("music", _l("Music"), "sym-music"),
        Card("sport", _l("Sport"), "sym-sport"),
        Card("dance", _l("Dancing"), "sym-dance"),
        Card("building", _l("Building things"), "sym-build"),
        Card("computers", _l("Computers"), "sym-computer"),
        Card("animals", _l("Looking after animals"), "sym-animals"),
        Card("cooking", _l("Cooking"), "sym-cook"),
        Card("helping", _l("Helping people"), "sym-help-others"),
    ],
    "liked": [
        Card("kind", _l("I am kind"), "sym-kind"),
        Card("funny", _l("I am funny"), "sym-funny"),
        Card("friend", _l("I am a good friend"), "sym-friends"),
        Card("helpful", _l("I help people"), "sym-help-others"),
        Card("hard_working", _l("I work hard"), "sym-work-hard"),
        Card("listener", _l("I listen well"), "sym-listen"),
        Card("calm", _l("I am calm"), "sym-calm"),
        Card("brave", _l("I am brave"), "sym-brave"),
        Card("clever", _l("I have good ideas"), "sym-clever"),
        Card("tries", _l("I try new things"), "sym-try"),
    ],
    "important": [
        Card("family", _l("My family"), "sym-family"),
        Card("friends", _l("My friends"), "sym-friends"),
        Card("pet", _l("My pet"), "sym-pet"),
        Card("home", _l("My home"), "sym-home"),
        Card("toys", _l("My toys"), "sym-toys"),
        Card("games", _l("Games"), "sym-games"),
        Card("music", _l("Music"), "sym-music"),
        Card("sport", _l("Sport"), "sym-sport"),
        Card("outside", _l("Being outside"), "sym-outside"),
        Card("food", _l("Food I like"), "sym-food"),
        Card("phone", _l("My phone or tablet"), "sym-phone"),
        Card("faith", _l("My faith"), "sym-faith"),
    ],
    "helps": [
        Card("quiet_place", _l("A quiet place"), "sym-quiet"),
        Card("movement_break", _l("A movement break"), "sym-move"),
        Card("visual_timetable", _l("A picture timetable"), "sym-timetable"),
        Card("explain_again", _l("An adult explaining again"), "sym-teacher"),
        Card("work_with_friend", _l("Working with a friend"), "sym-friends"),
        Card("ear_defenders", _l("Ear defenders"), "sym-ear-defenders"),
        Card("more_time", _l("More time"), "sym-more-time"),
        Card("pictures", _l("Pictures and symbols"), "sym-pictures"),
        Card("fidget", _l("A fidget toy"), "sym-fidget"),
        Card("computer", _l("Using a computer"), "sym-computer"),
        Card("seat", _l("A good place to sit"), "sym-seat"),
        Card("drink", _l("A drink of water"), "sym-water"),
    ],
    "hard": [
        Card("reading", _l("Reading"), "sym-reading"),
        Card("writing", _l("Writing"), "sym-writing"),
        Card("maths", _l("Maths"), "sym-maths"),
        Card("noise", _l("Noise"), "sym-noise"),
        Card("crowds", _l("Lots of people"), "sym-crowd"),
        Card("changes", _l("Changes to my day"), "sym-change"),
        Card("lunch", _l("Break and lunch time"), "sym-lunch"),
        Card("friends", _l("Making friends"), "sym-friends"),
        Card("sitting_still", _l("Sitting still"), "sym-seat"),
        Card("listening", _l("Listening for a long time"), "sym-listen"),
        Card("tests", _l("Tests"), "sym-test"),
        Card("worry", _l("Feeling worried"), "sym-worried"),
    ],
    "better": [
        Card("reading", _l("Reading"), "sym-reading"),
        Card("writing", _l("Writing"), "sym-writing"),
        Card("maths", _l("Maths"), "sym-maths"),
        Card("talking", _l("Talking to people"), "sym-chat"),
        Card("friends", _l("Making friends"), "sym-friends"),
        Card("calm", _l("Staying calm"), "sym-calm"),
        Card("asking", _l("Asking for help"), "sym-ask"),
        Card("sport", _l("Sport"), "sym-sport"),
        Card("time", _l("Telling the time"), "sym-time"),
        Card("money", _l("Using money"), "sym-money"),
        Card("tidy", _l("Keeping things tidy"), "sym-tidy"),
    ],
    "job": [
        Card("animals", _l("Working with animals"), "sym-animals"),
        Card("children", _l("Working with children"), "sym-young-children"),
        Card("caring", _l("Caring for people"), "sym-doctor"),
        Card("building", _l("Building or fixing things"), "sym-fix"),
        Card("cooking", _l("Cooking and food"), "sym-cook"),
        Card("computers", _l("Computers and games"), "sym-computer"),
        Card("art", _l("Art and design"), "sym-art"),
        Card("shops", _l("Shops"), "sym-shop"),
        Card("sport", _l("Sport and fitness"), "sym-sport"),
        Card("cars", _l("Cars and driving"), "sym-car"),
        Card("drama", _l("Music or drama"), "sym-drama"),
        Card("hair", _l("Hair and beauty"), "sym-hair"),
        Card("outdoors", _l("Gardens and outdoors"), "sym-garden"),
        Card("college", _l("Going to college"), "sym-college"),
    ],
    "own": [
        Card("cooking", _l("Cooking a meal"), "sym-cook"),
        Card("bus", _l("Going on the bus"), "sym-bus"),
        Card("money", _l("Using money"), "sym-money"),
        Card("shopping", _l("Shopping"), "sym-shop"),
        Card("getting_up", _l("Getting up on time"), "sym-wake-up"),
        Card("washing_clothes", _l("Washing my clothes"), "sym-laundry"),
        Card("tidy", _l("Keeping my room tidy"), "sym-tidy"),
        Card("going_out", _l("Going out with friends"), "sym-friends"),
        Card("phone", _l("Using a phone"), "sym-phone"),
        Card("medicine", _l("Taking my medicine"), "sym-medicine"),
        Card("own_home", _l("Living in my own home"), "sym-home"),
    ],
    "health": [
        Card("healthy_food", _l("Eating healthy food"), "sym-healthy-food"),
        Card("water", _l("Drinking water"), "sym-water"),
        Card("sleep", _l("Sleeping well"), "sym-sleep"),
        Card("exercise", _l("Moving and sport"), "sym-move"),
        Card("doctor", _l("Seeing the doctor"), "sym-doctor"),
        Card("dentist", _l("Seeing the dentist"), "sym-dentist"),
        Card("medicine", _l("Taking my medicine"), "sym-medicine"),
        Card("washing", _l("Keeping clean"), "sym-clean"),
        Card("feelings", _l("Talking about my feelings"), "sym-chat"),
        Card("screens", _l("Time away from screens"), "sym-screens-off"),
    ],
    "community": [
        Card("park", _l("Going to the park"), "sym-outside"),
        Card("sport", _l("Playing sport"), "sym-sport"),
        Card("club", _l("A club or group"), "sym-club"),
        Card("gaming", _l("Gaming with friends"), "sym-games"),
        Card("shopping", _l("Shopping"), "sym-shop"),
        Card("cinema", _l("Going to the cinema"), "sym-cinema"),
        Card("swimming", _l("Swimming"), "sym-swim"),
        Card("bike", _l("Riding a bike"), "sym-bike"),
        Card("eating_out", _l("Eating out"), "sym-eat-out"),
        Card("worship", _l("My place of worship"), "sym-faith"),
        Card("helping", _l("Helping in my area"), "sym-help-others"),
    ],
    "happen": [
        Card("help_in_class", _l("More help in class"), "sym-teacher"),
        Card("quiet_place", _l("A quiet place to go"), "sym-quiet"),
        Card("breaks", _l("More movement breaks"), "sym-move"),
        Card("friends", _l("Help to make friends"), "sym-friends"),
        Card("more_time", _l("More time for my work"), "sym-more-time"),
        Card("reading", _l("Help with reading"), "sym-reading"),
        Card("worry", _l("Help when I feel worried"), "sym-worried"),
        Card("talk", _l("Someone to talk to"), "sym-chat"),
        Card("same", _l("Things to stay the same"), "sym-same"),
        Card("nothing", _l("Nothing needs to change"), "sym-no-change"),
    ],
}

# What a pupil's worry is about (portal/worries/): the same idea keeps its symbol from the
# banks above.
WORRY_CARDS: list[Card] = [
    Card("friends", _l("My friends"), "sym-friends"),
    Card("unkind", _l("Someone is unkind to me"), "sym-unkind"),
    Card("work", _l("My school work"), "sym-writing"),
    Card("worried", _l("Feeling worried"), "sym-worried"),
    Card("home", _l("Home"), "sym-home"),
    Card("noise", _l("Noise"), "sym-noise"),
    Card("crowds", _l("Lots of people"), "sym-crowd"),
    Card("changes", _l("Changes to my day"), "sym-change"),
    Card("lunch", _l("Break and lunch time"), "sym-lunch"),
    Card("online", _l("Something online"), "sym-phone"),
    Card("health", _l("My body or health"), "sym-doctor"),
    Card("other", _l("Something else"), "sym-chat"),
]

_BY_KEY = {question: {card.key: card for card in cards} for question, cards in BANKS.items()}


def bank_for(question_key: str) -> list[Card]:
    """The cards offered on this question, or none."""
    return BANKS.get(question_key, [])


def card(question_key: str, card_key: str) -> Card | None:
    return _BY_KEY.get(question_key, {}).get(card_key)


def chosen_cards(question_key: str, keys) -> list[Card]:
    """The cards picked, in the bank's order; keys no longer in the bank are left out."""
    wanted = set(keys or [])
    return [c for c in bank_for(question_key) if c.key in wanted]


def valid_keys(question_key: str, keys) -> list[str]:
    """Only keys of this question's bank, each once, in the bank's order."""
    return [c.key for c in chosen_cards(question_key, keys)]
