"""Reporter: the person's name as the sign-off or lead-in writes it, or the whole sign-off
when it names no person (README, "Parsing"). Photo credits, handles, copyright lines and
bylines are never reporters.

Three tables: sign-off lines (``signoff_reporter``, as the last line of a report), lead-ins
(``lead_in``), and whole mini-articles for the forms only the article shows (a dash at the
end of the last paragraph, "Place - Name" headings, inline "told Maria Hollis").
"""

from __future__ import annotations

import pytest

from scraper.parsers.split import lead_in, signoff_reporter
from tests.rules.phrases import field, norm, row

SIGNOFFS = [
    row("name-branch", "Paula Grainger, Leeds Socialist Party", "Paula Grainger"),
    row("name-only", "Tariq Mahmood", "Tariq Mahmood"),
    row("name-town", "Bethan Lloyd, Swansea", "Bethan Lloyd"),
    row("name-branch-no-comma", "Ruth Okafor Bristol South Socialist Party", "Ruth Okafor"),
    row("name-union-role", "Dave Kettle, Unite rep", "Dave Kettle"),
    row("two-names", "Jo Banks and Sam Ortiz, Leeds Socialist Party", "Jo Banks and Sam Ortiz"),
    row(
        "two-names-two-branches",
        "Amy Lowe, Bolton Unison and Pete Marsh, Bolton SP",
        "Amy Lowe and Pete Marsh",
    ),
    row(
        "personal-capacity",
        "Rhys Pugh, Swansea Unison branch secretary (personal capacity)",
        "Rhys Pugh",
    ),
    row("personal-capacity-short", "Nadia Rahman (personal capacity)", "Nadia Rahman"),
    row("all-caps-name", "MICK TOLLAND, Unison member", "MICK TOLLAND"),
    row("all-caps-name-only", "DEREK HOLLINS", "DEREK HOLLINS"),
    row("dash-first-name", "– Marie", "Marie"),
    row("hyphen-first-name", "- Dan", "Dan"),
    row("dash-full-name", "– Anne Carver", "Anne Carver"),
    row("middle-initial", "Claire M. Dawson, Hull Socialist Party", "Claire M. Dawson"),
    row("middle-initial-no-branch", "Omar J. Quayle", "Omar J. Quayle"),
    row("double-barrelled", "Sophie Hart-Wilson, Exeter", "Sophie Hart-Wilson"),
    row("apostrophe-name", "Sean O'Connell, Liverpool Socialist Party", "Sean O'Connell"),
    row("anon-reporters", "Socialist Party reporters", "Socialist Party reporters"),
    row("anon-members", "Hull Socialist Party members", "Hull Socialist Party members"),
    row("anon-a-member", "A Walthamstow Labour Party member", "A Walthamstow Labour Party member"),
    row("anon-town-marxists", "Swansea Marxists", "Swansea Marxists"),
    row("anon-town-students", "Leeds Socialist Students", "Leeds Socialist Students"),
    row("anon-steward", "A Unison steward", "A Unison steward"),
    row("anon-nurse", "A nurse at the Royal Infirmary", "A nurse at the Royal Infirmary"),
    row("anon-correspondent", "Our Cardiff correspondent", "Our Cardiff correspondent"),
    row("report-by", "Report by Jo Banks", "Jo Banks"),
    row("report-and-photos", "Report and photos: Sam Patel", "Sam Patel"),
    row("words-and-pictures", "Words and pictures: Kit Marlow, Hull", "Kit Marlow"),
    row("thanks-for-report", "Thanks to Rosa Kemp for this report", "Rosa Kemp"),
    row("sent-this-report", "Omar Quayle sent this report.", "Omar Quayle"),
]

NOT_SIGNOFFS = [
    row("photo-credit", "Photo: Dan Reeve", None),
    row("photo-credit-lower", "photo Dan Reeve", None),
    row("photo-by", "Photo by Dan Reeve", None),
    row("handle", "@redflagphotos", None),
    row("photo-handle", "Photo @redflagphotos", None),
    row("copyright", "© Eastvale Campaigner 2024", None),
    row("copyright-word", "Copyright Eastvale Campaigner", None),
    row("all-rights", "All rights reserved", None),
    row("sentence", "We sold 12 papers.", None),
    row("exclamation", "Join us next week!", None),
    row("question", "Can you help?", None),
    row("bare-town", "Leeds", None),
    row("date-line", "4 May 2024", None),
    row("share-line", "Share this", None),
    row("caption", "Pickets at the depot", None),
    row("slogan", "Defend our NHS", None),
]


@pytest.mark.parametrize(("text", "expected"), SIGNOFFS + NOT_SIGNOFFS)
def test_signoff_reporter(text: str, expected: str | None) -> None:
    assert norm(signoff_reporter(text, closing=True)) == norm(expected)


LEAD_INS = [
    row(
        "reported-from",
        "Dana Price reported from Derby: about 40 of us joined the picket.",
        False,
        "Dana Price",
    ),
    row("from-town-writes", "From Leeds, Sam writes:", False, "Sam"),
    row("emails-from", "Hannah emails from Cambridge:", False, "Hannah"),
    row("sent-this-report", "Aisha Bello sent this report from Luton:", False, "Aisha Bello"),
    row("writes-from", "Kofi Mensah writes from Reading:", False, "Kofi Mensah"),
    row(
        "visited-two-pickets",
        "Tomasz Nowak visited two picket lines in Bristol:",
        True,
        "Tomasz Nowak",
    ),
    row(
        "called-in-at",
        "Priya Shah called in at the picket line at the infirmary:",
        True,
        "Priya Shah",
    ),
    row("went-to", "Gary Holt went to the rally in Swindon:", True, "Gary Holt"),
    row("sends-from", "Lena Fischer sends this report from Norwich:", False, "Lena Fischer"),
    row(
        "two-writers",
        "Jo Banks and Sam Ortiz reported from Halifax:",
        False,
        "Jo Banks and Sam Ortiz",
    ),
]
NOT_LEAD_INS = [
    row("council-colon", "The council voted to close the library:", True, None),
    row("workers-told-us", "Workers told us:", True, None),
    row("plain-sentence", "About 40 of us joined the picket in Derby.", False, None),
    row("speaker-said", "Unison's Kath Moore said:", True, None),
]


@pytest.mark.parametrize(("text", "before_quote", "expected"), LEAD_INS + NOT_LEAD_INS)
def test_lead_in(text: str, before_quote: bool, expected: str | None) -> None:
    found = lead_in(text, before_quote=before_quote)
    assert norm(found[0] if found else None) == norm(expected)


IN_ARTICLE = [
    row(
        "reports-name-after-the-report",
        (
            "About 40 people held a vigil outside the hospital in Morpeth on Sunday, reports Jo Banks.",
        ),
        "Jo Banks",
    ),
    row(
        "writes-name-of-branch-after-the-report",
        (
            "Drivers picketed the bus garage in Ashington at dawn on Monday, writes Kit Marlow of"
            " Blyth Valley Socialist Party.",
        ),
        "Kit Marlow",
    ),
    row(
        "middle-initial-in-article",
        (
            "About 40 people held a vigil outside the hospital in Morpeth on Sunday.",
            "Claire M. Dawson, Tynedale Socialist Party",
        ),
        "Claire M. Dawson",
    ),
    row(
        "signoff-written-on-at-the-end",
        ("About 40 people picketed the depot in Todmorden on Monday. Jo Banks, Calderdale SP",),
        "Jo Banks",
    ),
    row(
        "name-opening-a-last-sentence",
        ("About 40 people picketed the depot in Todmorden on Monday. Jo Banks spoke",),
        None,
    ),
    row(
        "the-union-reports",
        (
            "About 40 people held a vigil outside the hospital in Morpeth on Sunday, the union reports.",
        ),
        None,
    ),
    row(
        "lead-in-present-tense",
        (
            "Jo Banks reports from Hull:",
            "About 40 people held a vigil outside the hospital in Hull on Sunday.",
        ),
        "Jo Banks",
    ),
    row(
        "particle-surname",
        (
            "About 40 people held a vigil outside the hospital in Hull on Sunday.",
            "em: Siobhán Ní Bhriain",
        ),
        "Siobhán Ní Bhriain",
    ),
    row(
        "name-in-brackets",
        (
            "About 40 people held a vigil outside the hospital in Hull on Sunday.",
            "Jo Banks (Hull Unison)",
        ),
        "Jo Banks",
    ),
    row(
        "two-reporters",
        (
            "About 40 people held a vigil outside the hospital in Hull on Sunday.",
            "Jo Banks and Sam Patel",
        ),
        "Jo Banks and Sam Patel",
    ),
    row(
        "signoff-line",
        (
            "About 40 people picketed the depot in Halifax on Monday.",
            "em: Jo Banks, Calderdale Socialist Party",
        ),
        "Jo Banks",
    ),
    row(
        "dash-end-of-paragraph",
        (
            "About 40 people picketed the depot in Halifax on Monday, and the drivers cheered every car that hooted. - Jo Banks",
        ),
        "Jo Banks",
    ),
    row(
        "dash-first-name-end",
        ("On 22 December around 60 of us sang carols outside the hospital in Lewisham. – Marie",),
        "Marie",
    ),
    row(
        "place-name-heading",
        ("h: Halifax - Jo Banks", "About 40 people picketed the depot on Monday."),
        "Jo Banks",
    ),
    row(
        "place-en-dash-heading",
        ("h: Goldsmiths, London – Ravi Patel", "Snow did not stop the picket on Tuesday."),
        "Ravi Patel",
    ),
    row(
        "told-inline",
        (
            'About 40 pickets were at the depot in Wigan on Monday. "We are not going back for less," one driver told Maria Hollis.',
        ),
        "Maria Hollis",
    ),
    row(
        "talked-to-inline",
        (
            "Pickets were out at the infirmary in Bradford on Tuesday. Hugo Baines talked to two of the doctors about the contract.",
        ),
        "Hugo Baines",
    ),
    row(
        "spoke-to-inline",
        (
            "Around 30 nurses picketed the hospital in Yeovil on Tuesday. Kim Tran spoke to the strikers.",
        ),
        "Kim Tran",
    ),
    row(
        "reports-inline",
        ("Eleanor Finch reports: about 60 people marched through Kendal on Saturday.",),
        "Eleanor Finch",
    ),
    row(
        "lead-in-paragraph",
        (
            "Dana Price reported from Derby:",
            "About 40 of us joined the picket at the depot on Monday.",
        ),
        "Dana Price",
    ),
    row(
        "blockquote-after-lead-in",
        (
            "Tomasz Nowak visited the picket line at the depot in Bristol:",
            "quote: About 40 drivers were out on Monday and nobody crossed.",
        ),
        "Tomasz Nowak",
    ),
    row(
        "from-town-writes-quote",
        ("From Leeds, Sam writes:", "quote: About 70 of us picketed the university on Tuesday."),
        "Sam",
    ),
    row(
        "two-reporters",
        ("About 40 people picketed the depot in Halifax on Monday.", "em: Jo Banks and Sam Ortiz"),
        "Jo Banks and Sam Ortiz",
    ),
    row(
        "anonymous",
        ("About 40 people marched through Swansea on Saturday.", "em: Swansea Marxists"),
        "Swansea Marxists",
    ),
    row(
        "all-caps",
        (
            "About 40 pickets were at the depot in Barking on Monday.",
            "em: MICK TOLLAND, Unison member",
        ),
        "MICK TOLLAND",
    ),
    row(
        "personal-capacity",
        (
            "About 40 pickets were at the depot in Barking on Monday.",
            "em: Rosa Kemp, Unite rep (personal capacity)",
        ),
        "Rosa Kemp",
    ),
    row(
        "photo-credit-not-reporter",
        ("About 40 people picketed the depot in Halifax on Monday.", "Photo: Dan Reeve"),
        None,
    ),
    row(
        "handle-not-reporter",
        ("About 40 people picketed the depot in Halifax on Monday.", "@redflagphotos"),
        None,
    ),
    row(
        "copyright-not-reporter",
        ("About 40 people picketed the depot in Halifax on Monday.", "© Eastvale Campaigner 2024"),
        None,
    ),
    row(
        "speaker-not-reporter",
        (
            "About 80 people rallied in Wakefield on Saturday. Nurse Jo Platt told the crowd the ward would close.",
        ),
        None,
    ),
    row(
        "speaker-told-crowd-not-reporter",
        (
            "About 80 people rallied in Wakefield on Saturday. Nurse Jo Platt told the crowd that staff were exhausted.",
        ),
        None,
    ),
    row(
        "report-and-photos-line",
        (
            "About 40 people picketed the depot in Halifax on Monday.",
            "em: Report and photos: Sam Patel",
        ),
        "Sam Patel",
    ),
    row(
        "thanks-for-report-line",
        (
            "About 40 people picketed the depot in Halifax on Monday.",
            "Thanks to Rosa Kemp for this report.",
        ),
        "Rosa Kemp",
    ),
    row(
        "thanks-for-support-not-reporter",
        (
            "About 40 people picketed the depot in Halifax on Monday.",
            "Thanks to Rosa Kemp for the tea.",
        ),
        None,
    ),
    row(
        "photo-then-signoff",
        (
            "About 40 people picketed the depot in Halifax on Monday.",
            "em: Jo Banks",
            "Photo: Dan Reeve",
        ),
        "Jo Banks",
    ),
]


@pytest.mark.parametrize(("lines", "expected"), IN_ARTICLE)
def test_reporter_in_article(lines: tuple[str, ...], expected: str | None) -> None:
    assert norm(field("reporter", *lines)) == norm(expected)
