"""The words the rules read reports by, as data: one place for every word list.

Why one module: the same judgement ("is this a march?", "is this a future event?", "is this
a sign-off?") is needed by the splitter, the event test and several fields; word lists kept
beside each rule drifted apart. Patterns are built from these lists (:func:`alt`), never
the reverse, so adding a word is a one-line change here (README, "Changing the rules").

Lists are lower-case unless said otherwise; multi-word entries are matched as phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# ---------------------------------------------------------------- building patterns


def alt(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` (longest first, escaped). Refuses an empty group:
    an empty alternation would match everywhere (trafilatura's ``_alt`` has the same guard)."""
    items = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not items:
        raise ValueError("an empty word group would match everything")
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


def any_word_pattern(words: Iterable[str], flags: int = re.I) -> re.Pattern[str]:
    """``words`` as whole words, like :func:`word_pattern`, for tests of whether any of them
    stands in a text, or where the first does (``search``, ``fullmatch``, ``start()``):
    a prefix tree behind a test of the first letter, which the regex engine tries two to
    four times faster at each place of a text. Which word matches there may differ (the
    tree's order, not the longest first), so never for the words matched."""
    return re.compile(rf"\b{word_tree(words)}\b", flags)


def word_tree(words: Iterable[str]) -> str:
    """:func:`alt`'s language (a space standing for any white space) as a prefix tree
    behind a test of the first letter: for patterns whose matches are tested, or whose
    start is read, never the words they matched (see :func:`any_word_pattern`)."""
    items = [w for w in words if w]
    firsts = "".join(sorted({re.escape(w[0]) for w in items}))
    tree = trie_alt(items, r"\s+")
    return f"(?=[{firsts}]){tree}"


def trie_alt(words: Iterable[str], space: str = r"\ ") -> str:
    """A regex alternation of ``words`` (escaped; a space in a word written ``space``) as a
    prefix tree, so that the regex engine tries a character once for all the words it
    opens, not once per word. Which word matches at a place may differ from :func:`alt`'s
    (longest first): for tests of whether, or where, any of them stands."""
    items = sorted({w for w in words if w})
    if not items:
        raise ValueError("an empty word group would match everything")
    return _trie(items, space)


def _trie(words: list[str], space: str) -> str:
    heads: dict[str, list[str]] = {}
    ends_here = False
    for w in words:
        if w:
            heads.setdefault(w[0], []).append(w[1:])
        else:
            ends_here = True
    alts = [(space if c == " " else re.escape(c)) + _trie(rest, space) for c, rest in heads.items()]
    if not alts:
        return ""
    if ends_here:
        return "(?:" + "|".join(alts) + ")?"
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def word_pattern(words: Iterable[str], flags: int = re.I) -> re.Pattern[str]:
    """``words`` as whole words."""
    return re.compile(rf"\b{alt(words)}\b", flags)


# ---------------------------------------------------------------- event words
#
# Each event type's words, by the part they play: NOUNS name the event ("a rally"), VERBS
# tell of doing it ("they rallied"), PEOPLE name those taking part ("200 strikers"; weak
# evidence of the kind of event, since strikers also hold rallies and pickets).

EVENT_NOUNS: dict[str, tuple[str, ...]] = {
    "rally": ("rally", "rallies"),
    "meeting": (
        "meeting",
        "meetings",
        "hustings",
        "agm",
        "forum",
        "public meeting",
        "teach-in",
        "teach-ins",
        "debate",
        "branch meeting",
        "mass meeting",
        "general meeting",
        "speak-out",
        "speakout",
    ),
    "demonstration": ("demonstration", "demonstrations", "demo", "demos"),
    "march": (
        "march",
        "marches",
        "parade",
        "parades",
        "procession",
        "silent walk",
        "memorial walk",
    ),
    "picket": ("picket", "picket line", "picket lines"),
    "strike": ("strike", "strikes", "walkout", "walkouts", "walk-out", "walk-outs", "stoppage"),
    "protest": (
        "motorcade",
        "cavalcade",
        "protest",
        "protests",
        "lobby",
        "die-in",
        "blockade",
        "banner drop",
        "counter-protest",
        "counter-protests",
        "counter-demonstration",
        "sit-down",
        "flash mob",
        "stunt",
        "human chain",
    ),
    "stall": ("stall", "stalls", "street stall", "stand", "paper sale", "paper sales"),
    "vigil": ("vigil", "vigils"),
    "occupation": ("occupation", "occupations", "sit-in", "sit-ins"),
    "conference": ("conference", "conferences", "congress", "summit"),
    "other": (
        # "social" is mostly an adjective ("social distance"): only with a determiner
        "a social",
        "the social",
        "our social",
        "christmas social",
        "summer social",
        "fundraiser",
        "fundraising social",
        "fund social",
        "solidarity social",
        "quiz night",
        "film screening",
        "benefit gig",
    ),
}
EVENT_VERBS: dict[str, tuple[str, ...]] = {
    "rally": ("rallied", "rallying"),
    "demonstration": (
        "demonstrated",
        "demonstrating",
        "took to the streets",
        "taken to the streets",
        "taking to the streets",
    ),
    "march": ("marched", "marching", "paraded"),
    "picket": ("picketed", "picketing"),
    "strike": ("walked out", "struck", "striking", "downed tools"),
    "protest": (
        "protested",
        "protesting",
        "lobbied",
        "lobbying",
        "blockaded",
        "blocked",
        "unfurled a banner",
        "hung a banner",
        "dropped a banner",
        "handed in a petition",
        "handed in the petition",
        "delivered a petition",
        "delivered the petition",
        "presented a petition",
        "presented the petition",
        "handed a petition",
        "handed the petition",
        "handed over a petition",
        "handed over the petition",
    ),
    "occupation": ("occupied", "occupying", "took over", "sat in"),
    "stall": ("ran a stall", "ran the stall", "held a stall", "set up a stall"),
}
EVENT_PEOPLE: dict[str, tuple[str, ...]] = {
    "protest": ("protesters", "protestors", "counter-protesters", "lobbyists"),
    "demonstration": ("demonstrators",),
    "march": ("marchers",),
    "strike": ("strikers",),
    "picket": ("pickets", "picketers"),
    "vigil": ("mourners",),
}
# Verbs after "<people> from <place>" that make the place where they came from, not where
# the event was ("Strikers from Ashington came to support the picket", "A coach of 50 from
# Hull travelled to London").
ORIGIN_VERBS: tuple[str, ...] = (
    "came", "travelled", "traveled", "joined", "went", "arrived", "brought", "sent",
    "made the trip", "made the journey", "drove", "also came", "were also", "came along",
    "turned up to support", "showed their support",
)  # fmt: skip
# A purpose that makes people who turned out with no word for their event a protest
# ("150 turned out to defend the A&E", "gathered in solidarity with the strikers").
PROTEST_PURPOSES: tuple[str, ...] = (
    "to defend", "to oppose", "to save", "to protest", "to demand", "to stop", "to fight",
    "to resist", "in protest at", "in protest against", "in solidarity with", "in defence of",
)  # fmt: skip
# Case matters for these: "March" is a month and "Meeting" opens titles, so only the
# lower-case forms count; "AGM" only in capitals.
LOWER_CASE_ONLY = frozenset({"march", "marches", "meeting", "meetings", "stand", "forum", "debate"})
UPPER_CASE_ONLY = frozenset({"agm"})
# Nouns that also name things that are not events ("stand" of a stadium, "debate" on TV):
# they count only with a happening verb nearby or as the only evidence.
WEAK_NOUNS = frozenset({"stand", "debate", "stunt", "summit", "stoppage", "forum"})
# Nouns after an event word that make it a modifier of something that is no event ("strike
# ballots", "the strike fund", "RMT picket supervisor Mohammad Sheikh").
NOT_EVENT_AFTER = frozenset(
    {
        "ballot",
        "ballots",
        "fund",
        "funds",
        "pay",
        "vote",
        "votes",
        "notice",
        "notices",
        "bulletin",
        "bulletins",
        "leader",
        "leaders",
        "law",
        "laws",
        "legislation",
        "supervisor",
        "threshold",
        "thresholds",
        "organiser",
        "organisers",
        "rota",
        "calendar",
        "poster",
        "posters",
        "placard",
        "placards",
        "banner",
        "song",
        "songs",
        # statistics and talk about action, not an action ("strike days rose to 2.5m")
        "days",
        "figures",
        "statistics",
        "levels",
        "wave",
        "waves",
        "breakers",
        "breaking",
        "tracker",
    }
)
# "walked out of the talks" leaves a room; it is not a strike.
NOT_STRIKE_AFTER = ("of",)
# ... unless it is school or work they walk out of: a students' or workers' walkout.
WALKOUT_PLACES = frozenset(
    {
        "lessons",
        "lectures",
        "classes",
        "class",
        "school",
        "schools",
        "college",
        "work",
        "university",
    }
)

# Verbs that tell of people being somewhere together, with no kind of event in them.
HAPPENING_VERBS: tuple[str, ...] = (
    "gathered",
    "assembled",
    "turned out",
    "turned up",
    "came out",
    "took part",
    "attended",
    "packed",
    "filled",
    "crammed",
    "flooded",
    "lined",
    "set up",
    "were out",
    "was held",
    "were held",
    "took place",
    "got under way",
    "set off",
    "knelt",
    "sang",
    "leafleted",
    "leafleting",
    "canvassed",
    "canvassing",
    "shut down",
    "mounted",
    "staged",
    "are holding",
    "is holding",
    "were holding",
    "are out",
    "were there",
    "on the streets",
    "onto the streets",
    "handed out",
    "crowded into",
    "crowded round",
    "stood in silence",
    "fell silent",
    "held a minute's silence",
    "held a minute’s silence",
)

# ---------------------------------------------------------------- time and modality

# Words that put what follows in the future, the conditional or the wish: an announced
# event, not one that happened.
FUTURE_MARKERS: tuple[str, ...] = (
    "will",
    "'ll",
    "’ll",
    "shall",
    "going to",
    "plan to",
    "plans to",
    "planned",
    "planning",
    "is to",
    "are to",
    "is due",
    "are due",
    "due to",
    "set to",
    "expected",
    "hope to",
    "hoping to",
    "intend to",
    "would",
    "next",
    "upcoming",
    "forthcoming",
    "coming up",
    "building for",
    "build for",
    "called for",
    "calling for",
    "has called",
    "have called",
    "is calling",
    "join us",
    "join the",
    "be there",
    "invite",
    "tomorrow",
    "next week",
    "later this month",
    "in the new year",
    "should",
    "must",
    "could",
)
# Words that deny what follows ("no protest had been called").
NEGATIONS: tuple[str, ...] = ("no", "not", "never", "without", "nobody", "none", "n't", "n’t")
# Words just before an event word that make it a mention of another time ("since the 20
# June demo", "after last week's clashes", "the previous Saturday's protest").
PASSING_MARKERS: tuple[str, ...] = (
    "since",
    "unlike",
    "while",
    "whereas",
    "after",
    "following",
    "before",
    "like",
    "previous",
    "support to the",
    "support for the",
    "solidarity with the",
    "messages of support to",
    "last year's",
    "last week's",
    "last year’s",
    "last week’s",
    "earlier",
    "recent",
    "anniversary of",
    "remember",
    "recalled",
    "recalls",
    "to have",
)
# Words after "earlier" that make it the report's own time ("Earlier this week 60 strikers
# rallied", "Earlier, 40 pickets …"), not an earlier event ("the earlier march").
EARLIER_OWN_TIME: tuple[str, ...] = ("this", "that", "today", "tonight", "in the", "on", ",")
# Words naming a time of the report itself after "following" or "previous" ("the following
# day", "the previous evening").
DAY_PART_WORDS: tuple[str, ...] = (
    "day", "morning", "afternoon", "evening", "night", "lunchtime", "weekend", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip
# Words just after an event word that put it in another time ("demonstrated in London a
# year ago").
PASSING_AFTER: tuple[str, ...] = (
    # years and months ago are history; "two days ago" is the report's own time
    "years ago",
    "year ago",
    "months ago",
    "month ago",
    "decades ago",
    "decade ago",
    "last year",
    "the year before",
    "years earlier",
    "years before",
)
# Words anywhere earlier in the clause that put an event word in another time or in
# someone's mouth: what someone said or had done, not what the report tells.
CLAUSE_PASSING_MARKERS: tuple[str, ...] = (
    "said",
    "says",
    "argued",
    "explained",
    "claimed",
    "years ago",
    "year ago",
    "months ago",
    "decades ago",
    "history",
)

# ---------------------------------------------------------------- people and sign-offs

# Lower-case words a sign-off may hold ("A Walthamstow Labour Party member").
ROLE_WORDS = frozenset(
    {
        "member",
        "members",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "steward",
        "stewards",
        "shop",
        "rep",
        "reps",
        "activist",
        "activists",
        "supporter",
        "supporters",
        "worker",
        "workers",
        "striker",
        "strikers",
        "secretary",
        "chair",
        "organiser",
        "organisers",
        "student",
        "nurse",
        "nurses",
        "teacher",
        "teachers",
        "councillor",
        "delegate",
        "delegates",
        "convenor",
        "candidate",
        "campaigner",
        "campaigners",
        "team",
        "staff",
        "tenant",
        "tenants",
        "resident",
        "residents",
        "pickets",
        "picket",
        "local",
        "officer",
        "branch",
        "rank-and-file",
        "personal",
        "capacity",
        "committee",
        "youth",
        "section",
        "group",
    }
)
# A sign-off line's credit before its name ("Report and photos: Sam Patel").
SIGNOFF_CREDITS: tuple[str, ...] = (
    "report and photos", "report and photo", "report and pictures", "report and pics",
    "words and pictures", "words and photos", "text and photos", "text and photo",
    "photos and report", "photo and report", "story and photos",
)  # fmt: skip
# Verbs that make the person before them the reporter of what follows ("Clare Wilkins
# reported from Birmingham:", "From Leeds, Sam writes:", "Hannah emails from Cambridge:").
# The verbs of these that also name a report's writer after it ("…, reports Jo Banks.").
REPORT_VERBS_AFTER: tuple[str, ...] = ("reports", "reported", "writes", "wrote")
REPORT_VERBS: tuple[str, ...] = (
    *REPORT_VERBS_AFTER,
    "emails",
    "emailed",
    "sends",
    "sent",
    "sent us this report",
    "sent this report",
    "sends this report",
    "sent us a report",
    "sent a report",
    "sends a report",
    "texts",
    "tweets",
)
# Verbs of a reporter's visit that a lead-in ending in a colon names ("Nick Evans visited
# two picket lines:").
VISIT_VERBS: tuple[str, ...] = (
    "visited",
    "called in at",
    "went to",
    "went round",
    "dropped in at",
    "joined",
    "spoke to",
    "talked to",
    "was at",
    "were at",
)
# A report's own writer named inline: "one of the guards told Maria Hollis", "Hugh Caffrey
# talked to two of the doctors".
INTERVIEW_VERBS: tuple[str, ...] = (
    "talked to",
    "spoke to",
    "spoke with",
    "talked with",
    "interviewed",
)

# ---------------------------------------------------------------- figures

# Nouns that name a count that is never a headcount of those present.
NOT_HEADCOUNT_NOUNS: tuple[str, ...] = (
    "signatures",
    "signed",
    "leaflets",
    "papers",
    "copies",
    "posters",
    "contacts",
    "details",
    "names",
    "votes",
    "coaches",
    "buses",
    "stations",
    "arrests",
    "years",
    "jobs",
)

# ---------------------------------------------------------------- places and venues

# Words that end a venue's or an institution's name ("Hanley bus station", "Bute Park",
# "Medway Maritime Hospital"): a town's name before them is part of the name.
VENUE_WORDS: tuple[str, ...] = (
    "hall",
    "guildhall",
    "town hall",
    "city hall",
    "centre",
    "center",
    "civic centre",
    "church",
    "chapel",
    "cathedral",
    "mosque",
    "hotel",
    "pub",
    "inn",
    "library",
    "house",
    "park",
    "gardens",
    "green",
    "common",
    "street",
    "road",
    "lane",
    "avenue",
    "station",
    "bus station",
    "hospital",
    "infirmary",
    "school",
    "academy",
    "college",
    "university",
    "uni",
    "campus",
    "bridge",
    "market",
    "depot",
    "factory",
    "gate",
    "gates",
    "stadium",
    "ground",
    "arena",
    "quay",
    "embankment",
    "office",
    "offices",
    "headquarters",
    "jobcentre",
    "job centre",
    "airport",
    "docks",
    "works",
    "prison",
    "court",
    "crown court",
    "magistrates",
)
# Words that make the capitalised words before them an organisation's name ("Bolton
# council", "Leeds Socialist Party"), so a town among them is whose it is, not where.
ORG_NAME_WORDS: tuple[str, ...] = (
    "party",
    "socialist",
    "socialists",
    "union",
    "unison",
    "unite",
    "council",
    "campaign",
    "committee",
    "coalition",
    "branch",
    "labour",
    "trades",
    "tuc",
    "clp",
    "momentum",
    "group",
    "against",
    "marxists",
    "students",
    "partnership",
    "health",
    "network",
    "forum",
    "alliance",
    "coalition",
    "association",
    "federation",
    "society",
    "movement",
    "league",
    "collective",
    "trust",
    "people's assembly",
    "people’s assembly",
    "stop the war",
    "unites",
)
# Openings of a paragraph that move a round of visits to its next place ("Over at St
# Pancras, the RMT rep explained: ..."): a new report there, of the kind the lead announces
# ("went round the picket lines"), even when it then only quotes someone.
TOUR_OPENERS: tuple[str, ...] = (
    "over at", "over in", "down at", "up at", "across town at", "across the city at",
    "meanwhile at", "meanwhile, at", "meanwhile in", "meanwhile, in",
)  # fmt: skip
# Words of an article's own introduction to its reports ("Below are reports from Glasgow
# and Inverness", "Here are some of their reports"): the lead, never a report itself.
INTRO_MARKERS: tuple[str, ...] = (
    "below are",
    "below is",
    "here are",
    "here is",
    "reports from",
    "these reports",
    "a few reports",
    "some of their reports",
    "a selection of reports",
    "round-up",
    "roundup",
    "sent us these",
    "send us your reports",
    "write about a few",
    "welcome to our live",
    "good morning and welcome",
    "follow the",
)
# Words that say a text speaks of many places at once: a lead or a summary, not a report
# of one event ("protests in more than 30 towns", "across the country").
SUMMARY_MARKERS: tuple[str, ...] = (
    "across the country",
    "around the country",
    "all over the country",
    "up and down the country",
    "across britain",
    "across the uk",
    "around the uk",
    "across scotland",
    "across england",
    "across wales",
    "across europe",
    "across the world",
    "around the world",
    "across the globe",
    "across the nhs",
    "nationwide",
    "towns and cities",
    "in every",
    "every corner of",
    "in scores of",
    "in dozens of",
    "in many areas",
    "in many other",
    "in a lot of towns",
    "britain's streets",
    "britain’s streets",
    "around the country",
)

# ---------------------------------------------------------------- dates

# Words that spread a happening over several days or none in particular ("on both days of
# the strike", "that weekend"): the event has no single day.
DATE_SPAN_WORDS: tuple[str, ...] = (
    "both days",
    "each day",
    "every day",
    "all week",
    "that weekend",
    "this weekend",
    "last weekend",
    "over the weekend",
    "over the three days",
    "over the two days",
    "over three days",
    "over two days",
    "for three days",
    "for two days",
    "last week",
    "in recent weeks",
    "recent weeks",
    "most days",
    "earlier this month",
    "this month",
    "last month",
    "towards the end of",
    "a monday",
    "a tuesday",
    "a wednesday",
    "a thursday",
    "a friday",
    "a saturday",
    "a sunday",
)
# Cities whose railway termini are named for districts ("King's Cross station" is in
# London): a report placed only by such a station is placed in the city.
STATION_CITIES: tuple[str, ...] = ("London", "Manchester", "Birmingham", "Glasgow", "Leeds")
# Verbs after an organisation named for its place that make it the event's host, so its
# place is where ("Stroud CLP held an all-member meeting", "the Kettering Trades Council
# organised a rally"), not only part of a name ("Bolton council cut ...").
ORG_HOSTING_VERBS: tuple[str, ...] = (
    "held", "hosted", "organised", "organized", "staged", "ran", "put on", "mounted", "led",
)  # fmt: skip
# Words after a place opening a sentence that make the place its subject ("Ripponden had its
# first ever stall", "Darndale city centre drew 1,000"), so that even a small place counts.
PLACE_AS_SUBJECT_NEXT: tuple[str, ...] = (
    "had", "has", "saw", "sees", "held", "hosted", "staged", "witnessed", "turned out",
    "came out", "joined", "city centre", "town centre", "town hall", "high street", "market",
    "square", "village", "trades council",
)  # fmt: skip
# Capitalised words after "in" that never name an unlisted place ("in English", "in Lent",
# "in Parliament"); months, days and organisations are excluded by the place rule itself.
NOT_UNLISTED_PLACE_WORDS: tuple[str, ...] = (
    "English", "Welsh", "Gaelic", "Irish", "Scottish", "British", "Urdu", "Arabic", "Polish",
    "Punjabi", "Bengali", "Spanish", "French", "Lent", "Advent", "Ramadan", "Parliament",
    "Government", "Opposition", "Court", "Westminster", "Brussels", "Europe", "Britain",
    "England", "Scotland", "Wales", "Ireland", "Gaza", "Palestine", "Israel", "Ukraine",
    "Russia", "America", "Iraq", "Syria", "Afghanistan", "Africa", "Asia", "Autumn", "Spring",
    "Summer", "Winter", "January", "February", "April", "July", "September", "October",
    "November", "December", "Tuesday", "Wednesday", "Thursday", "Saturday", "Total", "Full",
    "Brief", "Short", "Particular", "Response", "Defence", "Memory", "Solidarity", "Support",
    "Protest", "Power", "Office", "Charge", "Favour", "Tory", "Labour",
)  # fmt: skip
# Whole lines of page furniture inside an article body (lower-case words only): the heading
# of a list of links, which would otherwise open a section and take the report's sign-off.
FURNITURE_LINES: tuple[str, ...] = (
    "read more", "related", "related articles", "related stories", "related posts",
    "related content", "related news", "see also", "more on this", "more on this story",
    "more like this", "further reading", "you may also like", "you might also like",
    "also read", "also on", "recommended", "recommended for you", "more from", "latest",
    "latest news", "most read", "popular", "trending", "tags", "share", "share this",
    "share this article", "share this story", "share this page", "follow us",
)  # fmt: skip
# The words a row of share buttons is made of ("Share this: Facebook Twitter Email").
SHARE_ROW_WORDS: tuple[str, ...] = (
    "share", "this", "article", "story", "page", "post", "on", "via", "tweet", "follow",
    "us", "facebook", "twitter", "x", "email", "e", "mail", "whatsapp", "linkedin",
    "reddit", "telegram", "bluesky", "threads", "mastodon", "pinterest", "print", "copy",
    "link", "messenger", "tumblr", "and", "or",
)  # fmt: skip
# Words near a count that make it a figure hoped for, not people present ("40,000 expected").
COUNT_FUTURE_WORDS: tuple[str, ...] = (
    "expected", "will", "hope", "hoping", "aim", "target", "need", "needed", "could",
)  # fmt: skip
# Gazetteer names that are months, days or feasts when capitalised in running text.
PLACE_NAMES_NOT_PLACES: tuple[str, ...] = (
    "March", "May", "June", "August", "Monday", "Friday", "Sunday", "Christmas", "Easter",
)  # fmt: skip
# Event nouns ending in "s" that are not plurals ("the hustings", "the news").
NOT_PLURAL_NOUNS: tuple[str, ...] = ("hustings", "congress", "news", "process")
# Capitalised words before a count that are no candidate's name ("The 205, …").
NOT_VOTE_LABELS: tuple[str, ...] = (
    "The", "A", "An", "It", "He", "She", "They", "We", "This", "That",
)  # fmt: skip
# Words for no votes at all ("by 45 to nil").
ZERO_WORDS: tuple[str, ...] = ("nil", "none")
# Lower-case words a title of capitalised words may hold ("University of Hertfordshire").
TITLE_SMALL_WORDS: tuple[str, ...] = ("of", "the", "and", "in", "at", "for", "on", "&")
# An article's first sentence that marks an obituary ("Jo Banks, who has died aged 84, …"):
# its subject's strikes and marches are a life's history, not reports.
OBITUARY_MARKERS: tuple[str, ...] = (
    "who has died", "has died aged", "died aged", "died peacefully",
    "died suddenly", "passed away", "obituary",
)  # fmt: skip
# An article's first sentence that marks an appeal for money ("We need £5,000 by the end of
# the month", "We have raised £14,230 so far this quarter"), with a sum in it: the socials
# and collections it thanks are the fund's news, not reports.
APPEAL_MARKERS: tuple[str, ...] = (
    "we need", "we have raised", "we've raised", "we’ve raised", "help us reach",
    "help us raise", "help us hit", "our target", "fighting fund", "building fund",
    "appeal fund", "please donate", "can you give",
)  # fmt: skip
# Crowd sizes given in words only: an event's size_text (attendance stays None).
VAGUE_SIZES: tuple[str, ...] = (
    "hundreds of thousands",
    "tens of thousands",
    "thousands",
    "hundreds",
    "dozens",
    "scores of",
    "a dozen",
    "a handful",
    "a packed hall",
    "a packed meeting",
    "a packed room",
    "a packed church",
    "a full hall",
    "packed out",
    "standing room only",
    "a large crowd",
    "a big crowd",
    "a huge crowd",
    "a sizeable crowd",
    "a good crowd",
    "a small crowd",
    "a lively crowd",
)
# Words opening a clause after "and" that turns to later plans ("… joined the picket on
# Saturday and agreed to return on 18 May", "… and will march again on 18 May"): the later
# day belongs to that clause, not to the happening before it.
FUTURE_CLAUSE_OPENERS: tuple[str, ...] = (
    "will",
    "agreed to",
    "plan to",
    "plans to",
    "planned to",
    "vowed to",
    "promised to",
    "pledged to",
    "decided to",
    "voted to",
    "intend to",
    "are going to",
    "are due to",
    "have called",
    "called",
)
# A time coarser than a day that a report gives its happening ("last week", "this month";
# month names are read by fields/dates.py): the event's date_precision, with no day.
WEEK_PERIODS: tuple[str, ...] = (
    "a week ago",
    "a few days ago",
    "last week",
    "this week",
    "earlier this week",
    "that week",
    "the week before",
    "last weekend",
    "this weekend",
    "that weekend",
    "over the weekend",
    "at the weekend",
    "all week",
)
MONTH_PERIODS: tuple[str, ...] = (
    "last month",
    "this month",
    "earlier this month",
    "that month",
    "earlier in the month",
)
# Places whose names are everyday words ("Hospital" in County Limerick, "Street" in
# Somerset, "Hope" in Derbyshire): a place only after "in"/"at" and never in a heading.
COMMON_WORD_PLACES: tuple[str, ...] = (
    "ash",
    "bridge",
    "church",
    "deal",
    "green",
    "hill",
    "hope",
    "hospital",
    "law",
    "moss",
    "mount",
    "power",
    "rush",
    "street",
    "tower",
    "trim",
    "ware",
    "wood",
)

# ---------------------------------------------------------------- headcounts

# Words for those who come to events: "200 strikers", "five of us", "60 junior doctors".
PEOPLE_NOUNS: tuple[str, ...] = (
    "people", "persons", "of us", "protesters", "protestors", "demonstrators", "marchers",
    "campaigners", "activists", "workers", "strikers", "pickets", "picketers", "trade unionists",
    "trade-unionists", "unionists", "students", "pupils", "parents", "residents", "supporters",
    "members", "nurses", "teachers", "doctors", "junior doctors", "tenants", "socialists",
    "comrades", "colleagues", "locals", "women", "men", "young people", "delegates",
    "participants", "attendees", "mourners", "families", "pensioners", "youth", "others",
    "staff", "anti-racists", "anti-fascists", "antiracists", "drivers", "cleaners", "porters",
    "carers", "lecturers", "postal workers", "firefighters", "midwives", "people from",
    "health workers", "care workers", "rail workers", "council workers", "dockers", "miners",
    "leafleters", "volunteers", "stewards", "children", "counter-protesters",
    "counter-demonstrators", "veterans", "refugees", "lobbyists", "voters", "commuters",
    "passengers", "shoppers", "patients", "lecturers", "academics", "councillors and",
    "individuals", "souls", "pickers", "workers and supporters",
)  # fmt: skip
# Qualifiers of a headcount ("over 3,500", "between 150 and 200", "some 800").
QUALIFIERS: tuple[str, ...] = (
    "well over", "just over", "a little over", "slightly over", "over", "under", "more than",
    "well more than", "fewer than", "less than", "around", "about", "roughly", "some",
    "nearly", "almost", "up to", "at least", "approximately", "approx", "an estimated",
    "estimated", "close to", "upwards of", "in excess of", "as many as", "at most",
    "somewhere between", "between", "a crowd of", "a total of",
)  # fmt: skip
# Verbs and phrases right after a count that say those people were there ("300 rallied",
# "Between 30 and 40 were on the picket", "over 100,000 on the streets").
PRESENT_AFTER: tuple[str, ...] = (
    "attended", "turned out", "turned up", "came", "came out", "joined", "took part", "marched",
    "gathered", "were there", "were present", "showed up", "rallied", "protested",
    "demonstrated", "picketed", "lobbied", "stayed", "stood", "lined", "braved", "filled",
    "packed", "crammed", "crowded", "held", "sat", "knelt", "assembled", "poured",
    "were on the", "were at the", "were outside the", "on the streets", "on the street",
    "on the picket", "on the line", "at the picket", "at the rally", "at the protest",
    "at the vigil", "at the meeting", "outside the", "joined the", "on the march",
    "were inside", "were outside", "stayed inside", "stayed outside", "occupied",
    "joining them", "joining us", "joining in", "taking part", "attending", "there", "present",
    # a headline's present tense: "300 march in Halifax", "100 join picket"
    "walk out", "join", "turn out", "pack", "fill",
)  # fmt: skip
# Headline verbs that are also nouns ("two picket lines", "a march"): they count people only
# when a preposition follows ("300 march in Halifax", "50 picket outside the depot").
_PRESENT_TENSE_ACTIONS = ("march", "rally", "protest", "picket", "strike", "demonstrate", "gather")
_ACTION_PREPOSITIONS = ("in", "at", "outside", "against", "through", "to", "on", "for", "over")
PRESENT_AFTER += tuple(f"{v} {p}" for v in _PRESENT_TENSE_ACTIONS for p in _ACTION_PREPOSITIONS)
# Words in a sentence that tell of people being at an event (raise a count's standing).
PRESENCE_WORDS: tuple[str, ...] = (
    "attend", "attended", "attending", "attendance", "turned out", "turned up", "turnout",
    "took part", "taking part", "joined", "joining", "gathered", "marched", "rallied", "came",
    "were there", "were present", "present", "packed", "crammed", "filled", "listened",
    "heard", "showed up", "assembled", "braved", "stood", "protested", "demonstrated",
    "picketed", "lobbied", "lined", "descended", "poured", "thronged", "squeezed",
    "addressed", "there were", "crowd", "audience", "on the streets", "drew", "drawing",
)  # fmt: skip
# What people counted did, when it is not being there: "43 people signed our petition",
# "Nine people bought the paper", "more than 30 people left their contact details".
NOT_PRESENT_AFTER: tuple[str, ...] = (
    "signed", "bought", "left their", "gave us", "gave their", "put their names",
    "joined the party", "joined the socialist party", "joined the union", "signed up",
    "voted", "work", "works", "worked", "are employed", "were employed", "died", "lost",
    "face", "could lose", "watched", "viewed", "are expected", "were expected", "expected",
    "wanted to", "want to", "asked", "queued up to ask", "took leaflets", "took a leaflet",
    "killed", "injured", "arrested", "were killed", "were arrested", "never", "did not",
    "didn't", "didn’t", "refused to cross", "expressed", "showed interest", "stayed away",
    "stayed at home", "stayed home",
)  # fmt: skip
# Words near a count that make it the other side's, the workforce's or a figure of
# something else ("40 fascists", "a workforce of 2,000", "9,000 employees").
NOT_OUR_SIDE: tuple[str, ...] = (
    "recruit", "recruited", "signed up", "signatures", "petition", "workforce", "employs",
    "employees", "employed", "jobs", "redundancies", "redundant", "ballot", "balloted",
    "voted", "votes", "threatened", "laid off", "sacked", "on strike for", "fascists", "edl",
    "bnp", "police", "officers", "racists", "far right", "far-right", "eligible", "viewers",
    "watched", "online", "catchments", "population",
)  # fmt: skip
# Nouns after "N-strong" that make it a crowd, not a team or a list ("a 250-strong
# demonstration", but "a 40-strong security team", "a 40-strong list").
STRONG_CROWDS: tuple[str, ...] = (
    "crowd", "demonstration", "demo", "march", "rally", "picket", "protest", "vigil",
    "delegation", "contingent", "meeting", "gathering", "group of", "turnout", "lobby",
    "occupation",
)  # fmt: skip

# ---------------------------------------------------------------- names

# Words that end or make an organisation's name ("Derby Socialist Party", "Unite").
ORG_WORDS = frozenset(
    {
        "party",
        "union",
        "council",
        "campaign",
        "committee",
        "coalition",
        "association",
        "federation",
        "society",
        "alliance",
        "front",
        "movement",
        "network",
        "momentum",
        "assembly",
        "collective",
        "congress",
        "clp",
        "tuc",
        "branch",
        "group",
        "forum",
        "league",
        "socialist",
        "socialists",
        "labour",
        "unite",
        "unison",
        "gmb",
        "rmt",
        "tssa",
        "neu",
        "nut",
        "pcs",
        "cwu",
        "ucu",
        "fbu",
        "bma",
        "rcn",
        "aslef",
        "usdaw",
        "nuj",
        "eis",
        "nasuwt",
        "bfawu",
        "cnd",
        "tusc",
        "swp",
        "nssn",
        "iwgb",
        "uvw",
        "acorn",
        "nus",
        "trades",
        "trade",
        "tory",
        "tories",
        "conservative",
        "conservatives",
        "green",
        "greens",
        "lib",
        "democrats",
        "snp",
        "plaid",
        "communist",
        "unions",
        "students",
        "youth",
        "nhs",
        "council's",
        "party's",
        "mp",
        "mps",
        "cllr",
        "nec",
        "government",
        "university",
        "college",
        "school",
        "hospital",
        "trust",
        "ltd",
        "plc",
    }
)
# Lower-case words that join the words of a name or a sign-off ("A Member of the …").
CONNECTORS = frozenset(
    {
        "and",
        "of",
        "the",
        "for",
        "a",
        "an",
        "in",
        "on",
        "at",
        "&",
        "from",
        "de",
        "van",
        "von",
        "da",
        "le",
        "la",
        "our",
        "to",
        "against",
    }
)
# Words that never open a person's name ("Members Ann Lee", "On Saturday").
NOT_GIVEN_NAMES = frozenset(
    {
        "a",
        "an",
        "the",
        "our",
        "one",
        "two",
        "three",
        "members",
        "member",
        "local",
        "north",
        "south",
        "east",
        "west",
        "central",
        "greater",
        "new",
        "old",
        "saint",
        "st",
        "mr",
        "mrs",
        "ms",
        "dr",
        "rev",
        "cllr",
        "sir",
        "dame",
        "lord",
        "lady",
        "comrade",
        "photo",
        "picture",
        "report",
        "reports",
        "reporter",
        "reporters",
        "by",
        "from",
        "and",
        "all",
        "we",
        "i",
        "he",
        "she",
        "they",
        "it",
        "this",
        "that",
        "these",
        "those",
        "when",
        "while",
        "after",
        "before",
        "as",
        "but",
        "if",
        "on",
        "in",
        "at",
        "over",
        "around",
        "speakers",
        "speaker",
        "jeremy's",
        "his",
        "her",
        "their",
        "there",
        "here",
        "other",
        "another",
        "many",
        "some",
        "most",
        "both",
        "every",
        "each",
        "also",
        "not",
        "no",
        "so",
        "then",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "unfortunately",
        "despite",
        "with",
        "without",
        "labour's",
        "socialist",
        "labour",
        "for",
        "to",
    }
)
# Titles before a name ("Cllr Dave Nellist").
TITLES = frozenset(
    {
        "Rev",
        "Revd",
        "Dr",
        "Cllr",
        "Councillor",
        "Professor",
        "Prof",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Comrade",
    }
)


# ---------------------------------------------------------------- speakers, organisations, money

# Verbs after a person's name that make them a speaker ("Dave Webb commented …").
SPEECH_VERBS: tuple[str, ...] = (
    "said", "says", "spoke", "speaks", "told", "declared", "commented", "explained", "argued",
    "addressed", "talked", "urged", "called", "pointed out", "added", "warned", "insisted",
    "opened", "chaired", "introduced", "welcomed", "thanked", "gave a speech", "emphasised",
    "stressed", "highlighted",
)  # fmt: skip
# Verbs after a quotation that name its speaker next ("…,” said Chris Clarke).
QUOTE_VERBS: tuple[str, ...] = ("said", "says", "added", "declared")
# Unions and campaigns named without a keyword in their name (case as written).
KNOWN_ORGS: tuple[str, ...] = (
    "Unison", "Unite", "GMB", "RMT", "TSSA", "NEU", "NUT", "PCS", "CWU", "UCU", "FBU", "BMA",
    "RCN", "Aslef", "ASLEF", "Usdaw", "NUJ", "EIS", "NASUWT", "BFAWU", "CND", "TUSC", "SWP",
    "NSSN", "Momentum", "TUC", "IWGB", "UVW", "ACORN", "Acorn", "NUS", "Unite the Union",
    "Young Socialists", "Socialist Students", "Youth Fight for Jobs", "Keep Our NHS Public",
)  # fmt: skip
KNOWN_ORGS_ANY_CASE: tuple[str, ...] = ("Stand Up to Racism",)
# Capitalised words that end an organisation's name ("Gloucestershire Trades Council").
ORG_KEYWORDS: tuple[str, ...] = (
    "Party", "Union", "Council", "Campaign", "Committee", "Coalition", "Association",
    "Federation", "Society", "Alliance", "Front", "Movement", "Network", "Assembly",
    "Collective", "Congress", "CLP", "TUC", "Group", "Forum", "League", "Branch", "Students",
    "Momentum", "Unite", "Unison", "GMB", "RMT", "NEU", "PCS", "CWU", "UCU", "FBU",
)  # fmt: skip
# Words after an organisation's name that show it took part: its people ("NEU members"),
# its officers, its own event, or what it did.
ORG_ROLE_WORDS: tuple[str, ...] = (
    "members?", "activists?", "supporters?", "drivers", "workers", "nurses", "teachers",
    "staff", "doctors", "porters", "cleaners", "carers", "lecturers", "officials?", "officers?",
    "secretary", "chair", "president", "convenor", "leaders?", "organisers?", "branch(?:es)?",
    "banners?", "contingents?", "reps?", "stewards?", "delegations?", "organised", "organized",
    "called", "hosted", "sponsored", "voted", "held", "rally", "meeting", "demo",
    "demonstration", "protest", "picket", "march", "stall", "vigil", "conference", "group",
    "comrades", "also", "stepped", "balloted", "launched", "led", "backed", "supported",
    "mobilised", "brought", "sent", "joined", "marched", "walked", "struck",
)  # fmt: skip
# Phrases before an organisation's name that give it a part ("organised by Stroud Against
# Cuts", "a contingent from Unite").
ORG_ROLE_BEFORE: tuple[str, ...] = (
    "organised by", "organized by", "called by", "hosted by", "sponsored by", "supported by",
    "backed by", "led by", "joined by", "alongside", "together with", "invited by", "run by",
    "set up by", "coordinated by", "members of", "contingent from", "delegation from",
    "banners? from", "union", "from", "with the", "of",
)  # fmt: skip
# Words in a sentence that make a sum of money raised at the event.
MONEY_RAISED_WORDS: tuple[str, ...] = (
    "raised", "raising", "collected", "collection", "donated", "donations?", "fighting fund",
    "whip-?round", "bucket", "appeal", "towards",
)  # fmt: skip
# Words just after a sum that make it pay or a budget, never money raised.
NOT_RAISED_AFTER: tuple[str, ...] = (
    "an hour", "a week", "per hour", "per week", "a year", "wage", "pay", "salary", "cuts?",
)  # fmt: skip
# What a count of papers is counted in, and the words that make them sold.
# Kinds of building named by a lower-case noun after a proper name ("Hanley bus station",
# "the Royal Mail delivery office"): the name and the noun are the venue.
VENUE_COMMON_WORDS: tuple[str, ...] = (
    "library", "children['’]s centre", "town hall", "civic centre", "community centre",
    "leisure centre", "bus station", "railway station", "station", "jobcentre", "hospital",
    "fire station", "health centre", "high street", "market square", "park",
    "delivery office", "sorting office", "mail centre", "bus garage", "bus depot",
)  # fmt: skip
PAPER_WORDS: tuple[str, ...] = ("copies", "papers", "issues")
SELLING_WORDS: tuple[str, ...] = (
    "sold", "sell", "selling", "sales?", "shifted", "shifting", "got rid of", "flogged",
    "bought", "buying",
)  # fmt: skip
# The papers' own names in the plural, as sellers count them ("we sold 40 Socialists"); case
# as written (a socialist is also a person).
PAPER_TITLES: tuple[str, ...] = (
    "Socialists", "Socialist Workers", "Morning Stars", "Militants", "Fighting Fund Specials",
)  # fmt: skip
# The words that end a venue's name, as written ("Progress Hall", "Clock Tower Gates"); a
# pattern, case as written (a venue is a proper name).
VENUE_NAME_WORDS: tuple[str, ...] = (
    "Hall",
    "Guildhall",
    "Exchange",
    "Pavilion",
    "Centre",
    "Center",
    "Church",
    "Chapel",
    "Hotel",
    "Pub",
    "Inn",
    "Arms",
    "Library",
    "House",
    "Square",
    "Park",
    "Street",
    "Road",
    "Lane",
    "Avenue",
    "Theatre",
    "Club",
    "Institute",
    "Building",
    "Station",
    "Hospital",
    "School",
    "Academy",
    "College",
    "University",
    "Gardens",
    "Green",
    "Common",
    "Rooms",
    "Room",
    "Tavern",
    "Bar",
    "Cafe",
    "Café",
    "Bridge",
    "Place",
    "Way",
    "Market",
    "Plaza",
    "Court",
    "Works",
    "Depot",
    "Factory",
    "Gates?",
    "Cathedral",
    "Mosque",
    "Temple",
    "Stadium",
    "Ground",
    "Arena",
    "Forum",
    "Quay",
    "Embankment",
    "Parade",
    "Crescent",
    "Terrace",
    "Row",
    "Circus",
    "Cross",
    "Office",
    "Offices",
    "Headquarters",
    "HQ",
    "Walk",
    "Precinct",
    "Mall",
    "Exchange",
    "Baths",
    "Pavilion",
    "Lodge",
    "Studios?",
    "Barracks",
    "Minster",
    "Abbey",
    "Cenotaph",
    "Memorial",
    "Monument",
)

# ---------------------------------------------------------------- continuity and bodies

# Words that open a paragraph continuing the report before it rather than starting one
# ("They moved the time …", "Speakers included …", "The march was followed by …").
CONTINUATION_OPENERS: tuple[str, ...] = (
    "they", "he", "she", "it", "this", "that", "these", "those", "its", "their", "his", "her",
    "one", "another", "afterwards", "later", "then", "earlier", "also", "after",
    "organisers", "speakers", "other", "many", "some", "most", "the crowd", "on the day",
    "on the night", "that day",
)  # fmt: skip
# An event referred back to with "the" ("The march was followed by a debate").
EVENT_BACK_REFERENCES: tuple[str, ...] = (
    "march", "rally", "protest", "demonstration", "demo", "event", "meeting", "picket", "vigil",
    "stall", "strike",
)  # fmt: skip
# Bodies whose votes or meetings make a report a meeting ("Walthamstow CLP voted …").
VOTING_BODIES: tuple[str, ...] = (
    "CLP",
    "branch",
    "ward",
    "committee",
    "council",
    "meeting",
    "members",
)
VOTING_VERBS: tuple[str, ...] = ("voted", "met", "backed", "nominated", "elected", "agreed")
# Verbs whose object is the event's headcount with no people named ("The rally drew 300",
# "the vigil attracted about 70"); "there were 45 at our meeting" opening its clause.
DRAW_VERBS: tuple[str, ...] = ("drew", "attracted", "pulled in", "brought out", "brought together")
# Verbs after "numbers" or "turnout" that give its figure ("numbers reached about 70").
TURNOUT_VERBS: tuple[str, ...] = (
    "was", "were", "of", "reached", "topped", "grew to", "swelled to", "rose to", "hit",
)  # fmt: skip
# Nouns a headcount is a count of: "a crowd of 800", "the turnout at well over 10,000".
CROWD_NOUNS: tuple[str, ...] = (
    "crowd", "audience", "turnout", "attendance", "gathering", "contingent", "march", "demo",
    "rally", "picket", "protest", "meeting", "vigil", "total", "numbers",
)  # fmt: skip
# Words of an article that argues rather than reports (an editorial, an opinion piece).
PRESCRIPTIVE_WORDS: tuple[str, ...] = (
    "must", "should", "need to", "needs to", "ought", "have to", "has to", "it is time",
    "we demand", "cannot", "can't", "can’t",
)  # fmt: skip
# Words in a lead's sentence that make its day the start of something longer ("began a
# five-day strike on Monday"): not the day of every report below it.
LONG_ACTION_WORDS: tuple[str, ...] = (
    "two-day", "three-day", "four-day", "five-day", "six-day", "seven-day", "week-long",
    "indefinite", "all-out", "rolling", "continuous", "48-hour", "72-hour",
)  # fmt: skip
