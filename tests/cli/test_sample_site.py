"""The sample site `archive demo` serves (scraper/sample_site/) is exactly what
tests/build_sample_site.py renders with tests/support/sitegen/: a layout change shows up as a
stale sample site here, not as a demo that quietly drifts from the layouts."""

from __future__ import annotations

from tests.build_sample_site import SAMPLE_DIR, build


def test_shipped_sample_site_is_up_to_date() -> None:
    files = build()
    stale = [name for name, body in files.items() if (SAMPLE_DIR / name).read_bytes() != body]
    assert not stale, f"re-run python -m tests.build_sample_site ({', '.join(stale)})"
    assert {p.name for p in SAMPLE_DIR.iterdir() if p.name != "__init__.py"} >= set(files)
