"""What `archive reparse` is asked to do: which snapshots, with how many workers, and how."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

DEFAULT_BATCH_SIZE = 100


@dataclass(frozen=True)
class ReparseOptions:
    """What to re-parse and how (the `archive reparse` options)."""

    all_snapshots: bool = False
    site: str | None = None
    since: date | None = None
    article_id: int | None = None
    workers: int | None = None
    force: bool = False
    dry_run: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    samples: int = 10

    def recorded(self) -> dict[str, Any]:
        """The options as stored on the parse run (JSON-ready)."""
        return {
            "all_snapshots": self.all_snapshots,
            "site": self.site,
            "since": self.since.isoformat() if self.since else None,
            "article_id": self.article_id,
            "workers": self.workers,
            "force": self.force,
            "batch_size": self.batch_size,
        }
