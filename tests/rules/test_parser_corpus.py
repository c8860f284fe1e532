"""The parser against the fixture corpus (tests/fixtures/parsers/<site>/<case>/).

One test per (case, check), so a failure reads "socialistparty/roundup-003 / attendance":
the author's hand-written facts about each article, the text checks, and the golden file
that pins the whole output (a deliberate rules change shows up as its diff; refresh it with
``python tests/refresh_golden.py --write CASE``).
"""

from __future__ import annotations

import difflib

import pytest

from tests.support.corpus import (
    REFRESH_COMMAND,
    Case,
    checks_for,
    discover,
    golden_text,
    parse_case,
    rendered_source,
)

CASES = discover()


def _params() -> list[pytest.ParameterSet]:
    params = []
    for case in CASES:
        for name in checks_for(case):
            params.append(pytest.param(case, name, id=f"{case.id} / {name}"))
    return params


def test_corpus_is_big_enough() -> None:
    """The issue asks for at least 40 articles over at least five sites."""
    sites = {case.id.split("/")[0] for case in CASES}
    assert len(CASES) >= 40, f"only {len(CASES)} cases"
    assert len(sites) >= 5, f"only sites {sorted(sites)}"


@pytest.mark.parametrize(("case", "check"), _params())
def test_fact(case: Case, check: str) -> None:
    parsed = parse_case(case)
    problems = checks_for(case)[check](case, parsed)
    assert not problems, f"{case.id} / {check} ({case.description}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c.id} / input") for c in CASES])
def test_input_is_reproducible(case: Case) -> None:
    """input.html is what source.txt renders to: run `python tests/build_corpus.py` after
    editing a source or tests/support/sitegen/."""
    expected = rendered_source(case)
    if expected is None:
        pytest.skip(f"{case.id} has no source.txt (a hand-made page)")
    assert case.input_bytes() == expected, (
        f"{case.id}/input.html is stale: run `python tests/build_corpus.py {case.id}`"
    )


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c.id} / golden") for c in CASES])
def test_golden(case: Case) -> None:
    if not case.expected_path.exists():
        pytest.fail(
            f"{case.id} has no expected.json: once its facts pass, run "
            f"`{REFRESH_COMMAND} {case.id}` and review the file before committing it"
        )
    expected = case.expected_path.read_text(encoding="utf-8")
    actual = golden_text(parse_case(case))
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                "expected.json",
                "current output",
            )
        )
        pytest.fail(
            f"{case.id}: output differs from expected.json. If the rules changed on purpose, "
            f"bump PARSER_VERSION and run `{REFRESH_COMMAND} {case.id}`.\n{diff}"
        )
