"""Place: the town, city, district or county where the report's event happened.

Compared as the dev set's scorer compares places (one name contains the other, case
folded), so "Stoke" and "Stoke-on-Trent" agree, but "Cambridge" and "London" do not.
"""

from __future__ import annotations

import pytest

from tests.rules.phrases import field, norm, row

TOWNS = [
    row("in-town", "About 300 people rallied in Oxford on Saturday.", "Oxford"),
    row("through-town", "About 500 people marched through Lincoln on Saturday.", "Lincoln"),
    row("town-first", "Leeds saw its biggest march for years on Saturday.", "Leeds"),
    row(
        "in-town-centre",
        "Our stall in Basingstoke town centre on Saturday was busy.",
        "Basingstoke",
    ),
    row(
        "hyphenated",
        "Around 40 pickets stood at the depot in Stoke-on-Trent on Monday.",
        "Stoke-on-Trent",
    ),
    row("short-form-hull", "About 80 people marched in Hull on Saturday.", "Hull"),
    row("welsh-town", "We ran a stall in Aberystwyth on Saturday.", "Aberystwyth"),
    row("scottish-city", "About 200 people rallied in Dundee on Saturday.", "Dundee"),
    row("irish-city", "About 200 people marched in Cork on Saturday.", "Cork"),
    row("reading-town", "About 60 people protested in Reading on Saturday.", "Reading"),
    row("bath-town", "About 60 people held a vigil in Bath on Sunday.", "Bath"),
    row(
        "wythenshawe",
        "Cleaners staged a walkout at the hospital in Wythenshawe on Monday.",
        "Wythenshawe",
    ),
    row(
        "falmer",
        "Students occupied the library at the university campus in Falmer on Monday.",
        "Falmer",
    ),
    row("newcastle", "About 500 people protested in Newcastle on Saturday.", "Newcastle"),
    row("all-caps-town", "DONCASTER: about 40 pickets were at the depot on Monday.", "Doncaster"),
]

LONDON = [
    row(
        "lewisham",
        "About 60 people protested outside the hospital in Lewisham on Saturday.",
        "Lewisham",
    ),
    row("catford", "Our stall in Catford on Saturday collected 200 signatures.", "Catford"),
    row("peckham", "About 50 people rallied in Peckham on Saturday.", "Peckham"),
    row("hackney", "Tenants marched to the town hall in Hackney on Monday.", "Hackney"),
    row(
        "tower-hamlets",
        "About 40 parents lobbied the council in Tower Hamlets on Tuesday.",
        "Tower Hamlets",
    ),
    row("haringey", "We held a public meeting in Haringey on Thursday.", "Haringey"),
    row("walthamstow", "Over 100 people marched through Walthamstow on Saturday.", "Walthamstow"),
    row("kilburn", "About 30 people picketed the library in Kilburn on Monday.", "Kilburn"),
    row("brixton", "About 300 people protested in Brixton on Saturday.", "Brixton"),
    row("deptford", "We held a stall in Deptford high street on Saturday.", "Deptford"),
    row("croydon", "About 70 people lobbied the council in Croydon on Monday.", "Croydon"),
    row("southwark", "Around 50 tenants protested in Southwark on Tuesday.", "Southwark"),
    row(
        "district-beats-city",
        "About 40 people protested in Stratford, east London, on Saturday.",
        "Stratford",
    ),
    row(
        "central-london", "About 5,000 people marched through central London on Saturday.", "London"
    ),
    row(
        "two-districts-city",
        "About 2,000 marched through Holborn and Bloomsbury in London on Saturday.",
        "London",
    ),
]

COUNTIES = [
    row("cumbria", "Campaigners in Cumbria held a vigil for the hospital on Sunday.", "Cumbria"),
    row(
        "county-town-wins", "About 80 people marched in Carlisle, Cumbria, on Saturday.", "Carlisle"
    ),
    row(
        "cornwall",
        "Nurses across Cornwall held a protest on Saturday outside the county hall.",
        "Cornwall",
    ),
    row("kent", "About 40 people picketed the depot in Kent on Monday.", "Kent"),
]

INSTITUTIONS = [
    row(
        "addenbrookes",
        "About 40 junior doctors picketed Addenbrooke's Hospital on Tuesday.",
        "Cambridge",
    ),
    row("soas", "Snow did not stop the picket at SOAS on Tuesday.", "London"),
    row(
        "academy-in-a-town",
        "Hundreds of students walked out of lessons at Hebburn Academy in Jarrow at 11am.",
        "Jarrow",
    ),
    row("home-office", "Around 60 people protested at the Home Office on Monday.", "London"),
    row(
        "ministry-elsewhere",
        "Around 60 people protested outside the Home Office in Croydon on Monday.",
        "Croydon",
    ),
    row("treasury", "Nurses lobbied the Treasury on Tuesday over pay.", "London"),
    row("ucl", "About 60 lecturers picketed UCL on Monday.", "London"),
    row("lse", "Students held a sit-in at the LSE on Monday.", "London"),
    row(
        "kingston-university",
        "About 30 lecturers picketed Kingston University on Monday.",
        "Kingston",
    ),
    row("university-of-leeds", "Lecturers picketed the University of Leeds on Monday.", "Leeds"),
    row(
        "leeds-general",
        "About 100 of us rallied outside Leeds General Infirmary on Monday.",
        "Leeds",
    ),
    row(
        "royal-liverpool",
        "Junior doctors picketed the Royal Liverpool Hospital on Tuesday.",
        "Liverpool",
    ),
    row(
        "northern-general",
        "Pickets lined the road to the Northern General on Tuesday.",
        "Sheffield",
    ),
    row(
        "royal-sussex",
        "Junior doctors picketed the Royal Sussex County Hospital on Tuesday.",
        "Brighton",
    ),
    row("goldsmiths", "About 50 students rallied at Goldsmiths on Tuesday.", "London"),
    row(
        "queen-elizabeth-gateshead",
        "Staff protested outside the Queen Elizabeth Hospital in Gateshead on Monday.",
        "Gateshead",
    ),
    row(
        "kings-cross",
        "RMT members held a lively picket at King's Cross station on Tuesday.",
        "London",
    ),
    row(
        "possessive-town",
        "Around 40 people joined the vigil in Bishop's Stortford on Saturday.",
        "Bishop's Stortford",
    ),
    row(
        "district-station",
        "Guards picketed outside Euston station on Thursday morning.",
        "London",
    ),
    row("march-route", "Around 40 people marched from Hull to Hessle on Saturday.", "Hull"),
    row("parliament", "Around 40 people protested outside Parliament on Monday.", "London"),
    row("unlisted-two-words", "Around 40 people protested in Moss Side on Saturday.", "Moss Side"),
    # a small town opening a sentence, named for its people, is where they were
    row("town-people", "Hexham activists ran a stall in the market on Saturday.", "Hexham"),
    row(
        "town-group-people",
        "Hexham Health activists put up a stall outside the market on Saturday.",
        "Hexham",
    ),
    row(
        "small-town-subject",
        "Ripponden had its first ever anti-war street stall on Saturday.",
        "Ripponden",
    ),
    row(
        "small-town-centre",
        "Darndale city centre drew around 300 protesters on Saturday.",
        "Darndale",
    ),
    row(
        "heading-small-town-event",
        (
            "h: Enormous Fordingbridge protest sends strong message",
            "Around 400 people joined the march on Saturday.",
        ),
        "Fordingbridge",
    ),
    # a mid-sized town followed by a capitalised word is the town, not a given name
    row(
        "town-then-word",
        "Bridgwater Unison members picketed the hospital on Saturday.",
        "Bridgwater",
    ),
    # pages write apostrophes curly as often as straight
    row(
        "curly-apostrophe",
        "RMT members held a lively picket in King’s Lynn on Tuesday.",
        "King’s Lynn",
    ),
    # a city's own station is the city
    row("city-station", "Pickets were at Leeds station from 6am on Monday.", "Leeds"),
]

VENUE_NAMES = [
    row(
        "bus-station-in-town",
        "We held a stall at Hanley bus station in Stoke-on-Trent on Saturday.",
        "Stoke",
    ),
    row("hanley-alone", "We held a stall in Hanley on Saturday.", "Hanley"),
    row(
        "park-named-for-town",
        "About 300 people gathered in Bute Park in Cardiff on Sunday.",
        "Cardiff",
    ),
    row(
        "station-names-town",
        "RMT members picketed Southampton Central station on Tuesday.",
        "Southampton",
    ),
    row("town-hall-of-town", "About 60 people lobbied Bolton town hall on Monday.", "Bolton"),
    row(
        "org-name-not-place",
        "Members of Bradford Trades Council joined the picket in Halifax on Monday.",
        "Halifax",
    ),
    row(
        "org-name-only",
        "Sheffield Socialist Party ran a stall in Rotherham on Saturday.",
        "Rotherham",
    ),
    row(
        "road-named-after-town",
        "We leafleted London Road in Leicester on Saturday with our petition.",
        "Leicester",
    ),
]

NOT_PLACES = [
    row(
        "month-march",
        "On Wednesday 6 March about 40 people held a vigil outside the hospital.",
        None,
    ),
    row("month-may", "In May we held a protest outside the library.", None),
    row("month-with-town", "On Wednesday 6 March about 40 people held a vigil in Leeds.", "Leeds"),
    row("no-place", "About 40 people held a vigil outside the hospital on Sunday.", None),
    # after "in", a capitalised word that names no place the gazetteer lacks
    row("in-language", "We ran a stall with leaflets in Urdu outside the mosque on Friday.", None),
    row("in-organisation", "Members in Unison picketed the hospital on Tuesday.", None),
    row("in-person", "About 30 people held a vigil in Jo Banks' memory on Sunday.", None),
    row("in-foreign", "We held a vigil in solidarity with people in Gaza on Sunday.", None),
    row("street-word", "About 40 people marched down the street on Saturday.", None),
    row("hope-word", "We held a vigil in hope on Sunday outside the town hall.", None),
    row(
        "surname-like-town",
        "Speaker Jo Preston addressed about 40 people at the meeting in Wigan on Thursday.",
        "Wigan",
    ),
]

TEXT_OVER_BRANCH = [
    row(
        "branch-town-in-signoff",
        (
            "About 40 people picketed the depot in Halifax on Monday.",
            "em: Jo Banks, Bradford Socialist Party",
        ),
        "Halifax",
    ),
    row(
        "branch-town-in-heading",
        ("h: Bradford Socialist Party", "We ran a stall in Keighley on Saturday."),
        "Keighley",
    ),
    row(
        "speaker-from-elsewhere",
        ("About 80 people rallied in Wakefield on Saturday, where a nurse from Leeds spoke.",),
        "Wakefield",
    ),
    row(
        "passing-town",
        (
            "Since the march in Sheffield, we have grown: 60 people came to the meeting in Barnsley on Thursday.",
        ),
        "Barnsley",
    ),
    row(
        "coach-from-elsewhere",
        ("A coach of 50 from Goole travelled to York for the demonstration on Saturday.",),
        "York",
    ),
    row(
        "campaigners-from-two-towns-joined",
        ("Campaigners from Howden and Selby joined the protest in Tadcaster on Saturday.",),
        "Tadcaster",
    ),
    row("workers-from-town-struck", ("Workers from Goole struck on Monday over pay.",), "Goole"),
    row(
        "host-named-for-its-town",
        (
            "Last Thursday (2 May) Stroud CLP held an all-member meeting, with two London regional organisers present. More than 200 members came.",
        ),
        "Stroud",
    ),
    row(
        "trades-council-organised",
        (
            "On Tuesday the Kettering Trades Council organised a rally outside the town hall. About 150 people came, with speakers from two London unions.",
        ),
        "Kettering",
    ),
    row(
        "council-named-but-not-host",
        ("About 60 people lobbied Bolton council's budget meeting in Wigan on Thursday.",),
        "Wigan",
    ),
    row(
        "future-town",
        (
            "About 50 people rallied in Derby on Saturday, and next month we will march in Nottingham.",
        ),
        "Derby",
    ),
]


def _same_place(expected: str | None, got: object) -> bool:
    if expected is None or got is None:
        return expected is got
    if not isinstance(got, str):
        return False
    a, b = norm(expected), norm(got)
    return a in b or b in a


@pytest.mark.parametrize(
    ("text", "expected"),
    TOWNS + LONDON + COUNTIES + INSTITUTIONS + VENUE_NAMES + NOT_PLACES + TEXT_OVER_BRANCH,
)
def test_place(text: str | tuple[str, ...], expected: str | None) -> None:
    lines = text if isinstance(text, tuple) else (text,)
    got = field("place", *lines)
    assert _same_place(expected, got), f"expected {expected!r}, got {got!r}"
