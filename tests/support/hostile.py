"""Hostile pages of a chosen size, for the parse budgets' tests and benchmarks/hostile_pages.py.

Why these two shapes: they are the two ways a page grows without bound. One long report (a
single paragraph of sentences naming places, never "<place> and ...", so that every search
for a constituency runs to the end of the text) is what made the parse cost grow with the
square of the page's size; a page of many short reports (heading, report, sign-off) is
what makes the number of events grow with it. Both are invented text, deterministic for a
size. A long report that quotes people (:func:`quoted_report`) is the one with quotations
in it: a scan of every quotation per hit made that one quadratic.
"""

from __future__ import annotations

import random

PLACES = (
    "Leeds", "Bradford", "Hull", "Derby", "Harrogate", "Walthamstow", "Kilburn", "Cardiff",
    "Swansea", "Bristol", "Manchester", "Liverpool", "Sheffield", "Nottingham", "Leicester",
    "Coventry", "Norwich", "Exeter", "Plymouth", "Brighton",
)  # fmt: skip
LONG_SENTENCES = (
    "Campaigners in {a} held a rally of over {n} people outside the town hall on Saturday.",
    "We sold {n} papers in {a} city centre, raising £{n} for the fighting fund.",
)
QUOTED_SENTENCES = (
    *LONG_SENTENCES,
    "“We will not stop,” said one striker in {a}, as {n} people joined the picket.",
    "Jo Smith, a nurse from {a}, said: “The cuts must be reversed now.”",
)
SHORT_SENTENCES = (
    "Campaigners in {a} and {b} held a rally of over {n} people outside the town hall.",
    "We sold {n} papers in {a} city centre and raised £{n} for the fighting fund.",
    "The meeting in {a} voted {n} to {m} to back the strike, with speakers from {b}.",
)


def _page(title: str, body: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{body}</article></body></html>"
    ).encode()


def _one_report(size: int, sentences: tuple[str, ...]) -> bytes:
    """One paragraph of about ``size`` bytes of ``sentences`` (seeded by the size), signed off."""
    rnd = random.Random(size)
    parts: list[str] = []
    total = 0
    while total < size:
        sentence = rnd.choice(sentences).format(a=rnd.choice(PLACES), n=rnd.randint(10, 900))
        parts.append(sentence)
        total += len(sentence) + 1
    body = "<p>" + " ".join(parts) + "</p><p><em>Jo Bloggs, Leeds Socialist Party</em></p>"
    return _page("A long report", body)


def long_report(size: int) -> bytes:
    """One report of about ``size`` bytes: one paragraph, one sign-off."""
    return _one_report(size, LONG_SENTENCES)


def quoted_report(size: int) -> bytes:
    """One report of about ``size`` bytes like :func:`long_report`, half of whose sentences
    quote someone: every hit is asked whether it stands in quoted speech (once the square of
    the page's size, when each question scanned every quotation)."""
    return _one_report(size, QUOTED_SENTENCES)


def many_reports(size: int) -> bytes:
    """About ``size`` bytes of short reports, each with a heading and a sign-off."""
    rnd = random.Random(size)
    parts: list[str] = []
    total = 0
    while total < size:
        a = rnd.choice(PLACES)
        sentence = rnd.choice(SHORT_SENTENCES).format(
            a=a, b=rnd.choice(PLACES), n=rnd.randint(10, 900), m=rnd.randint(1, 9)
        )
        part = (
            f"<h3>{a} rally</h3><p>{sentence}</p>"
            f"<p><em>Reporter {len(parts)}, {a} Socialist Party</em></p>"
        )
        parts.append(part)
        total += len(part)
    return _page("Roundup", "".join(parts))


def nested_tags(depth: int, tag: str = "div") -> bytes:
    """A page whose body opens ``depth`` ``<tag>`` elements and never closes them, with a
    report inside the innermost."""
    report = (
        "<h3>Hull rally</h3><p>Over 300 people rallied in Hull on Saturday against the "
        "closure of the library.</p><p><em>Jo Bloggs, Hull Socialist Party</em></p>"
    )
    return _page("Deep", f"<{tag}>" * depth + report)
