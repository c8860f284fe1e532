"""The rules' version answers for their output: each golden file's digest is pinned to it.

Why: ``archive reparse`` skips every snapshot already parsed by the current
``PARSER_VERSION``, so output that changes under an unchanged version never reaches the
archives built before the change (commit c29dbde did exactly that under 0.1.0).
tests/refresh_golden.py --write pins the version and the digests after a deliberate change;
a new corpus case is no change and needs no new version.
"""

from __future__ import annotations

from scraper.parsers import PARSER_VERSION
from tests.support.corpus import changed_under, golden_digests, pinned_version


def test_golden_outputs_are_pinned_to_the_rules_version() -> None:
    version, pinned = pinned_version()
    moved = changed_under(pinned, golden_digests())
    assert not (moved and version == PARSER_VERSION), (
        f"golden files changed ({', '.join(moved[:3])} …) but PARSER_VERSION is still {version}: "
        "bump it in scraper/parsers/__init__.py and run python tests/refresh_golden.py --write"
    )
    assert version == PARSER_VERSION, (
        f"PARSER_VERSION is {PARSER_VERSION} but tests/fixtures/parsers/VERSION pins {version}: "
        "review the output, then run python tests/refresh_golden.py --write"
    )


def test_a_changed_golden_file_under_the_same_version_is_caught() -> None:
    """The guard itself: a digest that moved under an unchanged version is reported."""
    pinned = {"site/case-001": "a" * 64, "site/case-002": "b" * 64}
    current = {"site/case-001": "a" * 64, "site/case-002": "c" * 64, "site/new-003": "d" * 64}
    assert changed_under(pinned, current) == ["site/case-002"]
