"""Re-run the extraction rules over stored snapshots: new versions only where output changed.

One module per part: :mod:`~archive.reparse.options` (what to do), :mod:`~.selection` (which
snapshots, streamed), :mod:`~.run` (the loop: parse in the shared parser pool, write batches),
:mod:`~.summary` (counts, errors and dry-run diffs).
"""

from archive.reparse.options import DEFAULT_BATCH_SIZE, ReparseOptions
from archive.reparse.run import ReparseFailed, reparse
from archive.reparse.summary import FieldChange, ReparseSummary

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "FieldChange",
    "ReparseFailed",
    "ReparseOptions",
    "ReparseSummary",
    "reparse",
]
