"""Venues and speakers: the building an event was held in and the people who spoke, as a
researcher would read them from one report.

Venues end in a word naming a kind of building or spot ("Guildhall", "Corn Exchange",
"the Royal Mail delivery office"); speakers are listed after "Speakers … included", with or
without the event named between ("Speakers at the meeting included …").
"""

from __future__ import annotations

import pytest

from tests.rules.phrases import field, norm, row

VENUES = [
    row(
        "guildhall",
        "Around 200 people rallied at Elmford Guildhall on Saturday against the library cuts.",
        "Elmford Guildhall",
    ),
    row(
        "corn-exchange",
        "The meeting at the Thornbury Corn Exchange on Thursday drew 120 people.",
        "Thornbury Corn Exchange",
    ),
    row(
        "delivery-office",
        "Pickets at the Royal Mail delivery office in Crewe were joined by 30 supporters on Monday.",
        "Royal Mail delivery office",
    ),
    row(
        "sorting-office",
        "Forty postal workers picketed the Redhill sorting office on Tuesday morning.",
        "Redhill sorting office",
    ),
    row(
        "bus-garage",
        "Drivers held a lively picket outside the Westgate bus garage in Oldham on Friday.",
        "Westgate bus garage",
    ),
    row(
        "hall",
        "Sixty residents packed into Progress Hall in Leyton on Wednesday to oppose the sell-off.",
        "Progress Hall",
    ),
]


@pytest.mark.parametrize(("text", "expected"), VENUES)
def test_venue(text: str, expected: str | None) -> None:
    assert norm(field("venue", text)) == norm(expected)


SPEAKERS = [
    row(
        "speakers-included",
        "Speakers included Jo Banks and Ray Patel at the rally in Hexham on Saturday.",
        ["Jo Banks", "Ray Patel"],
    ),
    row(
        "speakers-at-the-meeting-included",
        "Speakers at the meeting in Otley on Tuesday included Jo Banks of Unison and Ray Patel,"
        " and 60 people attended.",
        ["Jo Banks", "Ray Patel"],
    ),
    row(
        "speakers-on-the-platform-were",
        "Speakers on the platform at the rally in Selby were Dana Whitfield and Omar Quayle.",
        ["Dana Whitfield", "Omar Quayle"],
    ),
    row(
        "addressed-by",
        "The lobby of the council in Sefton on Monday was addressed by Carla Denton.",
        ["Carla Denton"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPEAKERS)
def test_speakers(text: str, expected: list[str]) -> None:
    assert field("speakers", text) == expected
