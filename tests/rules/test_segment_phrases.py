"""How many reports a short roundup holds: the shapes that divide running text into
reports (a new place with its own happening) and those that do not (quotes, context,
history, announcements, summaries, a lead that speaks of a whole county).

Why a table: each row is a roundup a coder would split the same way; counting events is
the first thing the rules must get right, before any field.
"""

from __future__ import annotations

import pytest

from tests.rules.phrases import count, row

HULL = "About 40 people picketed the depot in Hull on Monday."

ROUNDUPS = [
    row(
        "meanwhile",
        (HULL, "Meanwhile in Grimsby, 25 strikers rallied outside the town hall on Tuesday."),
        2,
    ),
    row(
        "elsewhere", (HULL, "Elsewhere, in Grimsby, 25 strikers rallied outside the town hall."), 2
    ),
    row(
        "place-first",
        (
            "In Hull, about 40 people picketed the depot on Monday.",
            "In Grimsby, 25 strikers rallied outside the town hall on Tuesday.",
            "In Scunthorpe a street stall sold 12 papers on Saturday.",
        ),
        3,
    ),
    row(
        "quote-continues",
        (HULL, "“We won't back down,” said driver Jo Banks.", "The strike continues on Friday."),
        1,
    ),
    row(
        "headed",
        (
            "h: Hull",
            "About 40 people picketed the depot on Monday.",
            "h: Grimsby",
            "25 strikers rallied outside the town hall on Tuesday.",
        ),
        2,
    ),
    row(
        "signed",
        (
            HULL,
            "em: Jo Banks",
            "25 strikers rallied outside the town hall in Grimsby on Tuesday.",
            "em: Sam Patel",
        ),
        2,
    ),
    row(
        "listed",
        (
            "li: Hull: about 40 people picketed the depot on Monday.",
            "li: Grimsby: 25 strikers rallied outside the town hall on Tuesday.",
        ),
        2,
    ),
    row(
        "same-town-two-events",
        (HULL, "On Tuesday a public meeting in Hull heard from the strikers; 60 attended."),
        2,
    ),
    row(
        "county-lead",
        (
            "Workers across Yorkshire struck on Monday over pay.",
            "In Hull about 40 people picketed the depot.",
            "In Leeds 60 rallied outside the civic hall.",
        ),
        2,
    ),
    row(
        "there-was-also",
        (HULL, "There was also a picket at the Grimsby depot, where 20 turned out."),
        2,
    ),
    row(
        "while-clause",
        (
            "About 40 people picketed the depot in Hull on Monday, while in Grimsby 20 joined a rally.",
        ),
        1,
    ),
    row(
        "supporters-from-elsewhere-continue",
        (HULL, "Strikers from Beverley came to support the picket line."),
        1,
    ),
    row(
        "delegation-from-elsewhere-continues",
        (HULL, "A delegation from Goole and Selby also came, bringing a banner."),
        1,
    ),
    row(
        "workers-from-elsewhere-struck",
        (HULL, "Workers from Grimsby struck on Tuesday over the same pay offer."),
        2,
    ),
    row(
        "report-ending-in-a-name-is-no-heading",
        (
            "About 40 people picketed the depot in Hull on Monday. Jo Banks",
            "In Grimsby, 25 strikers rallied outside the town hall on Tuesday.",
        ),
        2,
    ),
    row(
        "lead-in-report-with-no-event-word-under-a-lead",
        (
            "Nurses were out on picket lines across the region on Tuesday.",
            "h: Otley – Jo Banks",
            "About 40 nurses and supporters were on the picket line from 8am.",
            "Kit Marlow reported from Ilkley:",
            "quote: The hospital gates were lively, with drivers honking all morning.",
        ),
        2,
    ),
    row(
        "lead-in-with-no-event-word-and-no-lead",
        (
            "About 40 nurses picketed the hospital in Otley on Tuesday.",
            "em: Jo Banks",
            "Kit Marlow reported from Ilkley:",
            "quote: The town was lively, with drivers honking all morning.",
        ),
        1,
    ),
    row(
        "round-of-visits-moves-on",
        (
            "Our reporters went round the picket lines on Tuesday.",
            "At the Hull depot, about 40 pickets kept the gates shut from 5am.",
            "Over at the Grimsby depot, rep Jo Banks explained: “We have had no rise in years.”",
        ),
        2,
    ),
    row(
        "meanwhile-at-in-a-round",
        (
            "Our reporters visited the picket lines on Tuesday.",
            "At the Hull depot, about 40 pickets kept the gates shut from 5am.",
            "Meanwhile at Grimsby, steward Sam Patel said the mood was the best in years.",
        ),
        2,
    ),
    row(
        "meanwhile-with-no-round-is-no-report",
        (
            "About 40 people marched through Hull on Saturday against the hospital cuts.",
            "Meanwhile in Grimsby, the council leader admitted that the cuts were unpopular.",
        ),
        1,
    ),
    row(
        "round-moves-on-to-what-will-happen",
        (
            "Our reporters went round the picket lines on Tuesday.",
            "At the Hull depot, about 40 pickets kept the gates shut from 5am.",
            "Over at Grimsby, strikers will hold a rally on Friday.",
        ),
        1,
    ),
    row("future-call", (HULL, "A demonstration will be held in Grimsby on Saturday 18 May."), 1),
    row("summary-after", (HULL, "Pickets were out in dozens of towns across the country."), 1),
    row("history-after", (HULL, "The last strike in Hull, in 2019, won a 5% rise."), 1),
]


@pytest.mark.parametrize(("lines", "expected"), ROUNDUPS)
def test_reports_in_roundup(lines: tuple[str, ...], expected: int) -> None:
    assert count(*lines) == expected
