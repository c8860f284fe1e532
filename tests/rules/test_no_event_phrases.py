"""Articles that report no event: the genre's negative controls.

Why: a campaign paper prints as many pieces that tell of no event (editorials, call-outs,
analysis full of strike statistics, obituaries, reviews, statements) as roundups, and each
is full of event words, dates and numbers. Every row must give no event at all.
"""

from __future__ import annotations

import pytest

from tests.rules.phrases import count, row

ARTICLES = [
    row(
        "editorial",
        (
            "The government must be stopped. Its cuts will devastate every town in Britain.",
            "We need a general strike. The unions should name the day and build for it in every workplace.",
            "Last year's 250,000-strong march in London showed the potential; now it is time to act.",
        ),
    ),
    row(
        "call-out",
        (
            "Join us on Saturday 18 May: assemble 11am at Hull Guildhall for a march through the city.",
            "Then on Tuesday 21 May, a public meeting at the Quaker hall in Leeds, 7pm.",
            "Coaches will leave from Grimsby at 8am.",
        ),
    ),
    row(
        "strike-statistics",
        (
            "Strike days rose to 2.5 million last year, the highest since 1989.",
            "In 2011, 750,000 public sector workers struck over pensions; in 2022, 100,000 rail workers did.",
            "The Tories' anti-union laws require a 50% turnout in ballots.",
        ),
    ),
    row(
        "obituary",
        (
            "Jo Banks, who has died aged 84, was a lifelong socialist from Hull.",
            "She led the 1972 dock strike picket lines and marched against every war since Suez.",
            "She will be sadly missed by all who knew her.",
        ),
    ),
    row(
        "book-review",
        (
            "This new history of the miners' strike tells of picket lines across Yorkshire in 1984.",
            "The author interviewed 200 strikers and their families.",
            "It is essential reading for every trade unionist.",
        ),
    ),
    row(
        "statement",
        (
            "Hull Socialist Party condemns the closure of the maternity unit.",
            "We call on all trade unionists to join the campaign.",
            "Contact us on 07700 900123 or email hull@example.org.",
        ),
    ),
]


@pytest.mark.parametrize("lines", ARTICLES)
def test_no_event(lines: tuple[str, ...]) -> None:
    assert count(*lines) == 0


def test_a_funeral_is_an_event_though_its_subject_died() -> None:
    assert (
        count(
            "Around 200 people attended the funeral of Jo Banks in Hull on Friday. She died last month aged 84."
        )
        == 1
    )
