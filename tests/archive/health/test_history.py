"""The health checks over a generated history: each fires exactly where the history says
and nowhere else, on both backends (tests/support/histories.py)."""

from __future__ import annotations

import pytest

from archive.health import HealthSettings
from tests.conftest import Archive
from tests.support.histories import RunPlan, nightly, record_run, scenario

# A layout change must fire these two; the coverage checks may fire with them (which fields
# the generic path still finds in the run-together text depends on the rules' version), but
# none of this family may fire anywhere else.
LAYOUT = {"selectors", "events_per_article"}
LAYOUT_FAMILY = LAYOUT | {
    "articles_without_events",
    "date_coverage",
    "place_coverage",
    "size_coverage",
    "reporter_coverage",
}
# The other checks, exactly: no new article for 4 nights (the usual gap is 1: the limit is
# 3 days), and at run 12 the server answers the revisits with 500s.
OTHERS: dict[int, set[str]] = {
    **{i: set() for i in range(1, 12)},
    12: {"stale", "fetch_errors", "http_5xx"},
    13: {"stale"},
    14: {"stale"},
}


def test_each_check_fires_where_the_history_changes(archive: Archive) -> None:
    settings = HealthSettings()
    got: dict[int, set[str]] = {}
    health = {}
    for i, plan in enumerate(scenario(), start=1):
        run = record_run(archive.sessions, plan, nightly(i), settings)
        assert run.health is not None
        health[i] = run.health
        got[i] = set(run.health["failed"])
    for i, failed in got.items():
        layout = failed & LAYOUT_FAMILY
        if 6 <= i <= 8:  # the redesigned runs
            assert layout >= LAYOUT, (i, failed)
        else:
            assert not layout, (i, failed)
        assert failed - LAYOUT_FAMILY == OTHERS[i], (i, failed)
    assert health[1]["note"].startswith("first judged run")
    first = {c["check"]: c for c in health[1]["checks"]}
    assert first["events_per_article"]["basis"].startswith("fixed default")
    sixth = {c["check"]: c for c in health[6]["checks"]}
    events = sixth["events_per_article"]
    assert (events["figure"], events["baseline"], events["limit"]) == (1.0, 3.0, 1.5)
    assert events["basis"] == "median of the site's last 5 runs"
    assert sixth["selectors"]["figure"] == 1.0 and sixth["selectors"]["baseline"] == 0.0
    # A quiet night's two dead links are no alarm.
    ninth = {c["check"]: c for c in health[9]["checks"]}
    assert ninth["fetch_errors"]["status"] == "ok" and ninth["fetch_errors"]["figure"] > 0.1
    twelfth = {c["check"]: c for c in health[12]["checks"]}
    assert twelfth["fetch_errors"]["urls"][0].endswith("(HTTP 500)")
    assert health[12]["verdict"] == "unhealthy" and health[11]["verdict"] == "healthy"


def test_all_listings_failing_is_unhealthy_even_on_a_first_run(archive: Archive) -> None:
    run = record_run(archive.sessions, RunPlan(listings=3, listings_failed=3), nightly(1))
    assert run.health is not None
    assert "listings" in run.health["failed"] and "http_5xx" in run.health["failed"]


@pytest.mark.parametrize("name", ["ARCHIVE_HEALTH_RUNS", "ARCHIVE_HEALTH_DROP"])
def test_settings_from_the_environment(name: str) -> None:
    from archive.errors import BadInput

    assert HealthSettings.from_env({name: "4"}).as_record()[name[15:].lower()] == 4
    with pytest.raises(BadInput, match=name):
        HealthSettings.from_env({name: "many"})
