"""Votes: the counts of a vote the meeting itself took (label -> count; as the dev set's
scorer does, only the sorted counts are compared). Group sizes, percentages and ballots
elsewhere are not votes."""

from __future__ import annotations

import pytest

from tests.rules.phrases import field, row

VOTES = [
    row(
        "voted-to", "The branch meeting in Stockport on Thursday voted 41 to 3 to strike.", [3, 41]
    ),
    row(
        "by-votes-to",
        "The meeting in Kendal on Tuesday backed the motion by 94 votes to 33.",
        [33, 94],
    ),
    row(
        "for-against",
        "At the meeting in Carlisle on Thursday, 52 voted for and 7 against.",
        [7, 52],
    ),
    row("named-candidates", "Walthamstow CLP met on Thursday: Corbyn 205, Smith 103.", [103, 205]),
    row(
        "nominated",
        "The all-member meeting in Hove on Monday nominated Jeremy Corbyn by 120 votes to 48.",
        [48, 120],
    ),
    row(
        "council-vote",
        "At the council meeting in Hastings on Monday, the cuts budget passed by 24 votes to 13.",
        [13, 24],
    ),
    row(
        "with-abstentions",
        "The AGM in Barnstaple on Thursday voted 30 to 4, with 2 abstentions, to affiliate.",
        [2, 4, 30],
    ),
    row("dash-score", "The meeting in Frome on Thursday voted 61–2 for the motion.", [2, 61]),
    row(
        "carried-by",
        "At the branch meeting in Hexham on Monday the motion was carried by 58 votes to 4.",
        [4, 58],
    ),
    row(
        "fell-by",
        "The motion to suspend the strike fell by 12 votes to 30 at the mass meeting in Corby on Tuesday.",
        [12, 30],
    ),
    row(
        "to-nominate",
        "The CLP meeting in Bootle on Thursday voted 205 to 103 to nominate Corbyn.",
        [103, 205],
    ),
    row(
        "votes-against-with-word",
        "The meeting in Selby on Monday voted by 71 votes to nine to reject the offer.",
        [9, 71],
    ),
    row(
        "against-first",
        "Only 6 voted against and 48 for at the meeting in Malton on Tuesday.",
        [6, 48],
    ),
    row(
        "mass-meeting",
        "The mass meeting of drivers in Widnes on Monday voted 212 to 17 to reject the offer.",
        [17, 212],
    ),
    row("in-favour", "The AGM in Thirsk on Sunday voted 33 in favour, 2 against.", [2, 33]),
    row(
        "unanimous-with-number",
        "The union meeting in Yeovil on Tuesday voted by 45 to nil to ballot.",
        [0, 45],
    ),
]

NOT_VOTES = [
    row(
        "group-sizes",
        "The meeting in Brighton on Monday heard from 24 Labour and 13 Green councillors.",
        None,
    ),
    row(
        "percent-ballot",
        "The rally in Barnsley on Saturday heard that 92% had voted for strikes.",
        None,
    ),
    row("attendance", "About 60 people came to the meeting in Stroud on Thursday.", None),
    row(
        "ballot-result-elsewhere",
        "The picket in Leigh on Monday celebrated the national ballot, won by 70% on a 55% turnout.",
        None,
    ),
    row(
        "unanimous-no-number",
        "The branch meeting in Kendal on Tuesday voted unanimously to strike.",
        None,
    ),
    row("signatures", "Our stall in Stafford on Saturday collected 312 signatures.", None),
    row("ages", "The meeting in Ripon on Thursday heard from students aged 16 to 18.", None),
    row(
        "strike-days",
        "The rally in Selby on Saturday heard the strike would run for 3 to 5 days.",
        None,
        xfail="0 events: 'heard the strike would run' ('would' in a reported clause) drops the rally",
    ),
    row("score-like-time", "The meeting in Ripon on Thursday ran from 7 to 9pm.", None),
]


@pytest.mark.parametrize(("text", "expected"), VOTES + NOT_VOTES)
def test_votes(text: str, expected: list[int] | None) -> None:
    got = field("votes", text)
    assert (sorted(got.values()) if isinstance(got, dict) else got) == expected
