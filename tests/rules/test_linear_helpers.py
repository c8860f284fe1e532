"""The helpers that keep a long report's parse linear in its size answer exactly as the code
they replaced (scraper/parsers/fields/report.py, normalise.py): a span lookup by bisection
as a scan of every span, the character before a hit as ``text[:pos].rstrip()[-1:]``, a
long text lowered in pieces as ``str.lower`` (final sigma, expanding mappings, non-ASCII)."""

from __future__ import annotations

import random

import pytest

from scraper.parsers.fields.report import Report, SpanIndex, char_before
from scraper.parsers.normalise import lower_text


@pytest.mark.parametrize("seed", range(5))
def test_span_index_answers_as_a_scan_of_every_span(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(200):
        spans = []
        for _ in range(rnd.randint(0, 12)):
            a = rnd.randint(0, 60)
            spans.append((a, a + rnd.randint(0, 20)))  # overlapping, empty, any order
        index = SpanIndex(tuple(spans))
        for pos in range(-2, 85):
            assert index.inside(pos) == any(a < pos < b for a, b in spans)
            assert index.covers(pos) == any(a <= pos < b for a, b in spans)


def test_in_quote_is_after_the_opening_mark_up_to_the_closing_one() -> None:
    report = Report(None, "He said “we won” and ‘they lost’ today.")
    opening = report.text.index("“")
    closing = report.text.index("”")
    assert not report.in_quote(opening)
    assert report.in_quote(opening + 1) and report.in_quote(closing)
    assert not report.in_quote(closing + 1) and not report.in_quote(len(report.text) - 1)


def test_char_before_is_the_last_character_of_the_stripped_text_before() -> None:
    rnd = random.Random(1)
    for _ in range(500):
        text = "".join(rnd.choice("ab.:\n \t\u00a0\u2003”") for _ in range(rnd.randint(0, 12)))
        for pos in range(len(text) + 2):
            assert char_before(text, pos) == text[:pos].rstrip()[-1:]


@pytest.mark.parametrize("seed", range(3))
def test_a_long_text_lowered_in_pieces_is_lowered_as_a_whole(seed: int) -> None:
    rnd = random.Random(seed)
    alphabet = "aAΣσς ΑΒΓ İ £é\u0345'.ß ΣΣ Σ. xΣ Σx\u00a0"
    for _ in range(20):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(60_000, 200_000)))
        assert lower_text(text) == text.lower()
    # long runs without a space, and all-ASCII text
    assert lower_text("Σ" * 200_000 + " ΑΣ") == ("Σ" * 200_000 + " ΑΣ").lower()
    assert lower_text("ABC " * 50_000) == "abc " * 50_000
