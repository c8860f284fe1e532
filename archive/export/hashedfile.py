"""A file written and hashed (SHA-256) on a thread of its own, as the bytes come.

Why: an export's checksum read the whole file back once it was written, and at a million
events hashing it took more than a second of the export's time on its own. Written here on a
second thread, the hashing and the writes overlap the database making the next lines (SQLite
and psycopg let go of Python's lock while they work, and so do hashlib and file writes on
large buffers), and the file is never read again.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from pathlib import Path
from types import TracebackType

DEPTH = 8  # buffers waiting to be written at most (memory stays bounded)


class HashedFile:
    """Write bytes to ``path`` and hash them, on a thread; :attr:`sha256` once closed."""

    def __init__(self, path: Path) -> None:
        self._fh = path.open("wb")
        self._digest = hashlib.sha256()
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=DEPTH)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, name="export-writer", daemon=True)
        self._thread.start()
        self._closed = False
        self.sha256 = ""

    def _drain(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is not None:
                continue  # keep taking what is put, so that put() never blocks for ever
            try:
                self._digest.update(data)
                self._fh.write(data)
            except BaseException as exc:  # handed to the writer's thread by close()
                self._error = exc

    def write(self, data: bytes) -> None:
        if self._error is not None:
            self.close()
        self._queue.put(data)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._queue.put(None)
            self._thread.join()
            self._fh.close()
            self.sha256 = self._digest.hexdigest()
        if self._error is not None:
            raise self._error

    def __enter__(self) -> HashedFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
