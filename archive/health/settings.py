"""How strict the health checks are: read from the environment (``ARCHIVE_HEALTH_*``) when a
run is judged, so a cron job or a test can tune them without code."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class HealthSettings:
    """Each field is the environment variable ``ARCHIVE_HEALTH_<NAME>`` (README: "Run health")."""

    runs: int = 10  # baseline: median over the site's last N finished runs that passed the check
    min_history: int = 3  # fewer earlier runs than this: judged against the fixed defaults
    drop: float = 0.5  # a yield or coverage figure fails below baseline * (1 - drop)
    rise: float = 0.25  # an error share fails above baseline + rise
    min_articles: int = 3  # fewest new articles that yield figures are judged on
    min_events: int = 5  # fewest new events that coverage figures are judged on
    min_pages: int = 5  # fewest bad pages (errors, 5xx...) a share fails on: a few dead links pass
    stale_factor: float = 3.0  # no new article for more than factor * the site's usual gap fails
    stale_min_days: float = 2.0  # ... and never fewer days than this
    stale_days: float = 14.0  # the limit while the site has no publishing history

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> HealthSettings:
        """The defaults, overridden by ``ARCHIVE_HEALTH_*``; a value that is not a number is
        a :class:`~archive.errors.BadInput`."""
        from archive.errors import BadInput

        env = os.environ if environ is None else environ
        values: dict[str, float | int] = {}
        for f in fields(cls):
            raw = env.get(f"ARCHIVE_HEALTH_{f.name.upper()}")
            if raw is None or not raw.strip():
                continue
            kind = int if f.type in ("int", int) else float
            try:
                value = kind(raw)
            except ValueError:
                raise BadInput(f"ARCHIVE_HEALTH_{f.name.upper()}={raw!r} is not a number") from None
            if value < 0:
                raise BadInput(f"ARCHIVE_HEALTH_{f.name.upper()}={raw!r} must not be negative")
            values[f.name] = value
        return cls(**values)  # type: ignore[arg-type]

    def as_record(self) -> dict[str, float | int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
