"""The export's file written and hashed on a thread (archive.export.hashedfile)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from archive.export.hashedfile import DEPTH, HashedFile


def test_the_file_holds_the_bytes_in_order_and_their_hash(tmp_path: Path) -> None:
    path = tmp_path / "out.bin"
    parts = [bytes([i % 256]) * (i * 37 % 5000) for i in range(DEPTH * 20)]
    with HashedFile(path) as out:
        for part in parts:
            out.write(part)
    data = b"".join(parts)
    assert path.read_bytes() == data
    assert out.sha256 == hashlib.sha256(data).hexdigest()


def test_a_failed_write_is_raised_in_the_writers_thread(tmp_path: Path) -> None:
    path = tmp_path / "out.bin"
    out = HashedFile(path)
    out._fh.close()  # every write on the thread now fails
    with pytest.raises(ValueError, match="closed file"):
        for _ in range(DEPTH * 4):  # more than the queue holds: put() must not block
            out.write(b"x" * 10)
        out.close()
    with pytest.raises(ValueError):
        out.close()  # and again, not hidden by a second close
