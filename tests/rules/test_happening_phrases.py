"""Happenings: is a text a report of something that happened (an event record), or an
announcement, a call-out, a preview, an appeal, an argument, a vote in parliament?

A report is an event because it tells of a happening, not because it has a headcount or a
day (issue: "a stall with no figure, a picket on the first day of the strike, a lobby").
The first table counts the events of whole mini-articles; the second reads the flags
``find_happenings`` gives one event word.
"""

from __future__ import annotations

import pytest

from scraper.parsers.fields import find_happenings
from tests.rules.phrases import count, row

REPORTS = [
    row(
        "stall-no-figure",
        ("We ran our usual stall outside the market hall in Wakefield on Saturday.",),
        1,
    ),
    row(
        "stall-no-day",
        ("We had a stall outside the library in Keswick, and shoppers were friendly.",),
        1,
    ),
    row("stall-no-place", ("We ran a stall outside the library on Saturday.",), 1),
    row("earlier-this-week", ("Earlier this week 60 strikers rallied in Leeds.",), 1),
    row(
        "report-with-a-collection",
        (
            "About 80 strikers rallied in Leeds on Saturday, and the fighting fund raised £300 from a bucket collection.",
        ),
        1,
    ),
    row(
        "picket-first-day",
        ("Drivers picketed the depot in Leyland on the first day of the strike.",),
        1,
    ),
    row(
        "lobby-no-figure", ("Parents lobbied the education committee at county hall in Truro.",), 1
    ),
    row("lobby-noun", ("The lobby of the council in Sefton on Monday was loud and angry.",), 1),
    row("leafleting", ("Campaigners leafleted the estate in Tamworth on Saturday morning.",), 1),
    row("pickets-out", ("Pickets were out in force at the sorting office in Crewe.",), 1),
    row("vigil-adjective", ("The vigil in Ripon on Sunday was moving.",), 1),
    row(
        "banner-drop",
        ("Our banner drop from the footbridge in Lancaster on Monday got plenty of hoots.",),
        1,
    ),
    row(
        "blockaded",
        ("Residents blockaded the entrance to the tip in Kingsbury for two hours on Monday.",),
        1,
    ),
    row(
        "was-called-by",
        ("The rally in Hessle on Saturday was called by the trades council and 300 people came.",),
        1,
    ),
    row(
        "was-set-up",
        ("A picket was set up at the gates of the depot in Leyland at 6am on Monday.",),
        1,
    ),
    row(
        "meeting-voted-for-strike-action",
        ("The branch meeting in Goole on Tuesday voted for strike action by 40 votes to 2.",),
        1,
    ),
    row(
        "year-dates-only-its-noun-phrase",
        ("The 1984 picket was remembered at a rally in Maltby on Saturday.",),
        1,
    ),
    row(
        "the-following-day",
        ("The following day, 30 people marched to the council offices in Blyth.",),
        1,
    ),
    row(
        "the-previous-evening",
        ("The previous evening, 50 tenants had packed a meeting in the church hall in Blyth.",),
        1,
    ),
    row("hustings", ("The hustings in Hitchin on Wednesday heard all five candidates.",), 1),
    row(
        "ongoing-occupation",
        ("The occupation of the library in Kensal Rise is now in its third week.",),
        1,
    ),
    row(
        "walked-out-and-rallied",
        (
            "Students walked out of lectures at noon and rallied on the steps of the university in Leeds.",
        ),
        1,
    ),
    row(
        "teach-in",
        ("Lecturers held a teach-in on the picket line at the university in Exeter on Monday.",),
        1,
    ),
    row(
        "forum",
        ("The residents' forum in Salford on Tuesday heard from six families facing eviction.",),
        1,
    ),
    row(
        "public-meeting",
        ("Our public meeting in Kendal on Thursday discussed the closure of the maternity unit.",),
        1,
    ),
    row("agm", ("The trades council AGM in Barnstaple on Thursday elected a new secretary.",), 1),
    row(
        "congress",
        ("Delegates at the youth congress in Blackpool on Saturday backed the campaign.",),
        1,
    ),
    row(
        "die-in",
        ("Climate campaigners staged a die-in outside the bank in Norwich on Saturday.",),
        1,
    ),
    row("sit-in", ("Students began a sit-in at the registry in Canterbury on Tuesday.",), 1),
    row("canvass", ("We canvassed the Hillside estate in Tamworth on Saturday.",), 1),
    row("rally-not-big", ("The rally in Bury on Saturday was not big, but it was loud.",), 1),
    row("nobody-crossed", ("Nobody crossed the picket line at the depot in Widnes on Monday.",), 1),
    row(
        "no-figure-dateline-only",
        ("Nurses picketed the infirmary in Bradford, and drivers hooted in support.",),
        1,
    ),
    row(
        "past-history-and-now",
        (
            "Miners marched through Barnsley in 1984; on Saturday their grandchildren marched again.",
        ),
        1,
    ),
    row(
        "two-paragraph-report",
        (
            "About 40 people picketed the depot in Halifax on Monday.",
            "Drivers told us they would not go back for less.",
        ),
        1,
    ),
    row(
        "signed-report-no-figure",
        (
            "We took the campaign to the market in Dewsbury on Saturday.",
            "em: Jo Banks, Kirklees Socialist Party",
        ),
        1,
    ),
    row(
        "signed-we-were-there",
        (
            "We were at the gates of the depot in Batley at 6am on Monday.",
            "em: Jo Banks, Kirklees Socialist Party",
        ),
        1,
    ),
]

NOT_REPORTS = [
    row(
        "signed-but-future",
        (
            "We will take the campaign to the market in Dewsbury on Saturday 18 May.",
            "em: Jo Banks, Kirklees Socialist Party",
        ),
        0,
    ),
    row(
        "signed-but-no-day",
        (
            "We took the campaign to the market in Dewsbury, as we do most weeks.",
            "em: Jo Banks, Kirklees Socialist Party",
        ),
        0,
    ),
    row(
        "walked-out-of-the-talks",
        ("The union delegation walked out of the talks in Jarrow on Monday.",),
        0,
    ),
    row(
        "has-been-called-for",
        ("A protest has been called outside the council offices in Goole for Saturday 18 May.",),
        0,
    ),
    row("will-take-place", ("A march will take place in Derby on 5 November.",), 0),
    row(
        "fund-appeal-thanks-a-social",
        (
            "We need £5,000 by the end of the month to pay for our new press. Last month readers in Leeds raised £420 at a social.",
            "Please send what you can to the fighting fund.",
        ),
        0,
    ),
    row("will-march", ("We will march from the station in Derby on Saturday 18 May.",), 0),
    row("people-will-hold", ("In Grimsby, strikers will hold a rally on Friday.",), 0),
    row("called-a-demo", ("The union has called a demo outside the town hall in Wigan.",), 0),
    row(
        "join-the-protest",
        ("Join the protest outside the hospital in Bury on Saturday 18 May at noon.",),
        0,
    ),
    row(
        "expected",
        (
            "Around 40,000 people are expected in central London on Saturday for the national demonstration.",
        ),
        0,
    ),
    row("next-stall", ("Our next stall is in Kettering on Saturday 18 May.",), 0),
    row(
        "building-for", ("We are building for the national demonstration in London on 22 June.",), 0
    ),
    row(
        "would-picket", ("If the council presses ahead, we would picket every meeting in Hull.",), 0
    ),
    row(
        "no-protest-called", ("No protest has been called yet in Wigan, but anger is growing.",), 0
    ),
    row("history", ("In 1984 miners marched through Barnsley every week.",), 0),
    row("since-demo", ("Since the June demo in Leeds, the campaign has grown stronger.",), 0),
    row("parliament-vote", ("MPs voted by 323 to 302 to raise tuition fees to £9,000.",), 0),
    row(
        "ballot-result",
        ("Unison members at the council in Hull have voted by 87% for strike action.",),
        0,
    ),
    row(
        "ballot-result-per-cent",
        ("Teachers in Selby voted by a 91 per cent majority in favour of strike action.",),
        0,
    ),
    row(
        "call-out-list",
        (
            "Coming up in the region:",
            "li: Saturday 18 May, Leeds: march from the station, 11am",
            "li: Sunday 19 May, York: vigil at the minster, 7pm",
            "li: Tuesday 21 May, Hull: public meeting, Trades Club, 7.30pm",
        ),
        0,
    ),
    row(
        "message-of-support",
        (
            "Eastvale Trades Council sends solidarity greetings to the striking bin workers in Sheffield and pledges £200 to their hardship fund.",
        ),
        0,
        xfail="a message of support to 'the striking bin workers' is taken as a report of a strike",
    ),
    row(
        "fighting-fund",
        (
            "Please donate to our fighting fund: we need £5,000 by June to keep the paper going. Every pound counts, and 40 readers gave last month.",
        ),
        0,
    ),
    row(
        "editorial",
        (
            "The government's plans for the NHS would mean closures in every region.",
            "Thousands marched last year and the anger has not gone away. Now the unions must name the day for a national strike, and every branch should build for it.",
        ),
        0,
    ),
    row(
        "opinion-numbers",
        (
            "A turnout threshold of 50% would have blocked 73% of the strikes of the last decade.",
            "Only 34% of MPs were elected on such a turnout, yet 650 of them would vote to impose it on workers.",
        ),
        0,
    ),
    row(
        "preview",
        (
            "Tomorrow's march in Manchester is set to be the biggest for years: organisers expect 20,000 people to assemble at noon.",
        ),
        0,
    ),
    row(
        "appeal-for-reports",
        ("Send us your reports and photos of Saturday's protests, with your name and branch.",),
        0,
    ),
]


@pytest.mark.parametrize(("lines", "expected"), REPORTS + NOT_REPORTS)
def test_is_report(lines: tuple[str, ...], expected: int) -> None:
    assert count(*lines) == expected


# (text, the event word, expected (future, negated, passing)); None: no happening at all.
FLAGS = [
    row("fl-plain", "About 40 of us picketed the depot.", "picketed", (False, False, False)),
    row("fl-will", "A march will take place in Derby.", "march", (True, False, False)),
    row("fl-called", "We have called a demo outside the town hall.", "demo", (True, False, False)),
    row(
        "fl-planning", "The union is planning a rally in the spring.", "rally", (True, False, False)
    ),
    row("fl-next", "Our next stall is on Saturday.", "stall", (True, False, False)),
    row(
        "fl-people-will", "Strikers will hold a rally on Friday.", "strikers", (True, False, False)
    ),
    row(
        "fl-people-due-to",
        "Pickets are due to return to the gates on Monday.",
        "pickets",
        (True, False, False),
    ),
    row(
        "fl-people-then-will",
        "About 40 strikers picketed the gate, and they will return on Friday.",
        "strikers",
        (False, False, False),
    ),
    row("fl-no", "No protest had been called.", "protest", (False, True, False)),
    row("fl-there-was-no", "There was no march, only a rally.", "march", (False, True, False)),
    row("fl-only-a-rally", "There was no march, only a rally.", "rally", (False, False, False)),
    row("fl-not-big", "The rally was not big, but it was loud.", "rally", (False, False, False)),
    row(
        "fl-nobody-crossed", "Nobody crossed the picket line.", "picket line", (False, False, False)
    ),
    row("fl-since", "Since the June demo the campaign has grown.", "demo", (False, False, True)),
    row(
        "fl-last-years",
        "Unlike last year's march, this one was calm.",
        "march",
        (False, False, True),
    ),
    row("fl-ago", "They marched through the town two years ago.", "marched", (False, False, True)),
    row("fl-after", "After the protest we went to the pub.", "protest", (False, False, True)),
    row(
        "fl-the-earlier-march",
        "The earlier march had been bigger than this.",
        "march",
        (False, False, True),
    ),
    row(
        "fl-earlier-this-week",
        "Earlier this week 60 strikers rallied outside the civic hall.",
        "rallied",
        (False, False, False),
    ),
    row(
        "fl-earlier-comma",
        "Earlier, 40 pickets stood at the gates.",
        "pickets",
        (False, False, False),
    ),
    row("fl-strike-ballot", "The strike ballot closes on Friday.", "strike", None),
    row("fl-strike-fund", "We gave £50 to the strike fund.", "strike", None),
    row("fl-walked-out-of", "Students walked out of the lecture.", "walked out", None),
    row("fl-march-month", "On 6 March we met the council.", "March", None),
]


@pytest.mark.parametrize(("text", "word", "expected"), FLAGS)
def test_happening_flags(text: str, word: str, expected: tuple[bool, bool, bool] | None) -> None:
    hits = [h for h in find_happenings(text) if h.word.lower() == word.lower()]
    got = (hits[0].future, hits[0].negated, hits[0].passing) if hits else None
    assert got == expected
