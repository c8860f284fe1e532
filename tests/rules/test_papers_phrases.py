"""Papers sold: copies of the paper sold at the event; money, leaflets, signatures and
people who bought something else are not papers."""

from __future__ import annotations

import pytest

from tests.rules.phrases import field, row

PAPERS = [
    row("titles-counted", "We sold over 40 Socialists at the rally in Hexham on Saturday.", 40),
    row(
        "bought-copies-of-the-title",
        "Strikers bought 19 copies of Socialist Worker on the picket line in Blyth on Monday.",
        19,
    ),
    row("shifted", "The stall in Hull on Saturday shifted 25 papers.", 25),
    row("got-rid-of", "At our stall in Hull on Saturday we got rid of 30 papers.", 30),
    row("tally-line", "Papers sold: 18. Our stall in Hull on Saturday was busy.", 18),
    row("sold-papers", "At our stall in Romford on Saturday we sold 27 papers.", 27),
    row(
        "sold-copies",
        "We sold 19 copies of the Socialist at the stall in Hastings on Saturday.",
        19,
    ),
    row(
        "bought-copies", "At our stall in Hastings on Saturday, 65 bought copies of the paper.", 65
    ),
    row(
        "people-bought-a-copy", "Nine people bought a copy at our stall in Lincoln on Saturday.", 9
    ),
    row(
        "bought-the-paper",
        "At the stall in Leicester on Saturday, 31 people bought the Socialist.",
        31,
    ),
    row("number-word", "We ran a stall in Bangor on Saturday and sold twelve papers.", 12),
    row("sold-out-of", "Our stall in Ely on Saturday sold out of the 14 papers we brought.", 14),
    row("papers-sold-noun", "Our stall in Crewe on Saturday: 23 papers sold and £40 raised.", 23),
    row(
        "sold-on-picket", "We sold 8 papers on the picket line at the depot in Widnes on Monday.", 8
    ),
    row("over-papers", "Over 40 papers were sold at the rally in Burnley on Saturday.", 40),
    row("around-papers", "At the march in Preston on Saturday we sold around 60 papers.", 60),
    row(
        "copies-of-paper-name",
        "We sold 33 copies of Socialist Worker at the rally in Derby on Saturday.",
        33,
    ),
    row(
        "papers-and-attendance",
        "About 200 people marched in Bolton on Saturday and we sold 18 papers.",
        18,
    ),
    row(
        "papers-went", "At our stall in Ipswich on Saturday, 22 papers went in the first hour.", 22
    ),
    row("copies-went", "We sold out: all 30 copies went at the picket in Luton on Tuesday.", 30),
    row(
        "bought-the-socialist-number-word",
        "At the stall in Ely on Saturday, fifteen people bought the Socialist.",
        15,
    ),
    row(
        "sold-plus-subs",
        "We sold 26 papers and two subscriptions at the stall in York on Saturday.",
        26,
    ),
    row(
        "ten-papers",
        "We set up near the freshers' tent in Keele on Tuesday and sold ten papers.",
        10,
    ),
]

NOT_PAPERS = [
    row(
        "socialists-are-people",
        "Around 40 socialists joined the picket in Blyth on Monday, and we sold papers.",
        None,
    ),
    row("money", "The stall in Margate on Saturday raised £120 for the fighting fund.", None),
    row("leaflets", "We handed out 1,000 leaflets at our stall in Warrington on Saturday.", None),
    row("signatures", "Our stall in Stafford on Saturday collected 312 signatures.", None),
    row("joined", "At our stall in Bath on Saturday, 4 people joined.", None),
    row("contacts", "At the stall in Bath on Saturday, 23 people left their details.", None),
    row("no-number", "We sold lots of papers at the stall in Dudley on Saturday.", None),
    row("bought-badges", "At the stall in Luton on Saturday, 15 people bought badges.", None),
    row(
        "bought-tickets",
        "At the meeting in Hythe on Monday, 20 people bought tickets for the coach.",
        None,
    ),
    row("attendance-only", "About 60 people joined the picket in Crewe on Monday.", None),
    row("posters", "At the rally in Dover on Saturday we gave out 200 posters.", None),
    row("papers-given-away", "We gave away 50 free papers at the rally in Hull on Saturday.", None),
    row(
        "bought-tea",
        "At the picket in Widnes on Monday, 12 passers-by bought the strikers tea.",
        None,
    ),
    row("sold-raffle", "At the public meeting in Hull on Friday we sold 50 raffle tickets.", None),
]


@pytest.mark.parametrize(("text", "expected"), PAPERS + NOT_PAPERS)
def test_papers_sold(text: str, expected: int | None) -> None:
    assert field("papers_sold", text) == expected
