"""What one page may cost the parser pool: its size, its time, a worker's memory.

Why budgets: a page is data from the web, and a hostile or broken one (a 50 MB body, a
report of a million words) must cost only its own parse, never the run. A page over the
size cap is not parsed at all (its raw bytes are still archived, the reason is recorded as
its parse error); a parse that runs past the timeout has its worker killed and replaced,
and the page is archived with the timeout as its error; a worker that asks for more memory
than its cap gets a MemoryError for that page (its parse error: "over memory budget"), and
is replaced too (a process that ran out of memory mid-parse is not trusted with the next
page). Without worker processes only the size cap applies. The crawl takes them from
Scrapy settings (``-s ARCHIVE_PARSE_TIMEOUT=...``), reparse from the environment; both under
the same names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from archive.errors import BadInput

# A decompressed page larger than this is archived but not parsed (bytes). Real articles,
# chrome included, are well under 1 MB; the parser takes about 2.5 s per MB.
DEFAULT_MAX_BYTES = 4 * 1024 * 1024
# A page still parsing after this long has its worker killed (seconds).
DEFAULT_TIMEOUT = 60.0
# The address space a parser worker may use (MB); a parse needing more fails alone.
DEFAULT_MEMORY_MB = 1024

SETTINGS = {
    "max_bytes": "ARCHIVE_PARSE_MAX_BYTES",
    "timeout": "ARCHIVE_PARSE_TIMEOUT",
    "memory_mb": "ARCHIVE_PARSE_MEMORY_MB",
}


@dataclass(frozen=True)
class ParseBudget:
    """Limits per page and per parser worker; 0 turns a limit off."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB

    @classmethod
    def from_values(cls, get: Callable[[str], object | None]) -> ParseBudget:
        """The budget from named settings (``get(NAME)``: a value, or None for the default);
        a value that is no number, or negative, is a one-line :class:`BadInput`."""
        default = cls()
        values: dict[str, float] = {}
        for field_name, setting in SETTINGS.items():
            raw = get(setting)
            if raw is None or raw == "":
                values[field_name] = getattr(default, field_name)
                continue
            try:
                value = float(str(raw))
            except ValueError:
                raise BadInput(f"{setting} must be a number, not {raw!r}") from None
            if value < 0:
                raise BadInput(f"{setting} must be 0 (no limit) or more, not {raw!r}")
            values[field_name] = value
        return cls(
            max_bytes=int(values["max_bytes"]),
            timeout=values["timeout"],
            memory_mb=int(values["memory_mb"]),
        )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> ParseBudget:
        env = os.environ if environ is None else environ
        return cls.from_values(env.get)

    def too_large(self, size: int) -> str | None:
        """Why a page of ``size`` bytes is not parsed, or None."""
        if self.max_bytes and size > self.max_bytes:
            return (
                f"page too large to parse: {size} bytes, more than "
                f"{SETTINGS['max_bytes']}={self.max_bytes}"
            )
        return None

    def timed_out(self) -> str:
        """The parse error of a page that ran past the timeout."""
        return f"parse timed out after {self.timeout:g} s ({SETTINGS['timeout']})"

    def out_of_memory(self) -> str:
        """The parse error of a page whose parse needed more memory than a worker has."""
        if self.memory_mb:
            return (
                f"over memory budget: the parse needed more than "
                f"{SETTINGS['memory_mb']}={self.memory_mb} (MemoryError)"
            )
        return "MemoryError"


NO_LIMITS = ParseBudget(max_bytes=0, timeout=0, memory_mb=0)
