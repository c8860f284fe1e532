"""A WARC (or ARC) file as a stream of HTTP captures, read with warcio.

Why checks of our own: warcio reads what it can and stops quietly where a file ends early
(a download cut short, a disk that filled up): the records before are fine, but the one cut
in half would come out with part of its page, and nothing would say the file was incomplete.
Here a gzipped file is decompressed by Python's gzip (which raises at a gzip stream that ends
early or is corrupt, where warcio would simply stop), and every record is read to its end and
checked against its Content-Length, so a truncated file is always an error
(:class:`BadWarc`) raised before any part of the cut record is used; the records before it
have been handed over whole.

A capture is a ``response`` (or ``revisit``) record of an ``http(s)`` URL with its HTTP
status and headers, or a ``resource`` record of an ``http(s)`` URL (a page stored without
its HTTP exchange, as tools that turn saved files into WARCs make them): a 200 with the
record's own Content-Type. Requests, warcinfo, metadata and records of other schemes
(``dns:``, ``urn:``) are counted and passed over.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import brotli
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException, ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from archive.errors import BadInput

READ_SIZE = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
CAPTURE_TYPES = ("response", "revisit", "resource")
WEB_SCHEMES = ("http:", "https:")
CHUNK_HEADER = re.compile(rb"[0-9a-fA-F]{1,8}(?:;[^\r\n]*)?\r\n")


class BadWarc(BadInput):
    """A file that is not a WARC, or that ends or breaks in the middle of a record."""


class Undecodable(Exception):
    """A whole record whose payload cannot be decoded (a Content-Encoding warcio cannot
    undo, or compressed data that breaks off): the page is not there to be read."""


@dataclass
class Capture:
    """One HTTP capture. ``body()`` reads its payload (decoded from any chunked or gzip
    transfer, as a browser or a crawler would see it); it can be called until the next
    capture is read. A revisit record has no payload of its own: ``payload_digest`` and the
    ``refers_to_*`` fields say which earlier response holds it."""

    record_type: str  # response | revisit | resource
    target: str  # WARC-Target-URI
    warc_date: datetime
    status: int | None  # None: a revisit record without HTTP headers
    headers: list[tuple[str, str]]
    index: int  # the record's number in its file (1-based), for messages
    payload_digest: str | None = None
    refers_to_url: str | None = None
    refers_to_date: datetime | None = None
    truncated: str | None = None  # WARC-Truncated: the crawler cut the payload (length, time)
    _record: Any = field(default=None, repr=False)
    _reader: WarcReader | None = field(default=None, repr=False)
    _body: bytes | None = field(default=None, repr=False)
    _undecodable: str | None = field(default=None, repr=False)

    def header(self, name: str) -> str | None:
        """The first HTTP header of that name (case-insensitive), if any."""
        low = name.lower()
        for key, value in self.headers:
            if key.lower() == low:
                return value
        return None

    def body(self) -> bytes:
        """The payload; :class:`Undecodable` (every time) when it cannot be decoded."""
        if self._undecodable is not None:
            raise Undecodable(self._undecodable)
        if self._body is None:
            assert self._reader is not None and self._record is not None
            try:
                self._body = self._reader.read_payload(self, self._record)
            except Undecodable as exc:
                self._undecodable = str(exc)
                raise
        return self._body


def warc_time(value: str | None) -> datetime | None:
    """A WARC-Date (ISO 8601, ``Z``, seconds or finer) as an aware UTC time, or None."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


class _GzipChecked:
    """A gzipped file, decompressed, whose early end or corruption is a :class:`BadWarc`."""

    def __init__(self, raw: IO[bytes], name: str) -> None:
        self._inner = gzip.GzipFile(fileobj=raw, mode="rb")
        self._name = name

    def read(self, size: int = -1) -> bytes:
        try:
            return self._inner.read(size)
        except EOFError:
            raise BadWarc(f"{self._name}: truncated (the file ends inside a gzip member)") from None
        except (gzip.BadGzipFile, zlib.error, OSError) as exc:
            raise BadWarc(f"{self._name}: corrupt gzip data ({exc})") from None

    def tell(self) -> int:
        return self._inner.tell()


class WarcReader:
    """Reads one file's captures (:meth:`captures`); counts every record by type."""

    def __init__(self, path: Path, name: str | None = None) -> None:
        self.path = path
        self.name = name or str(path)
        self.records = 0
        self.passed_over: Counter[str] = Counter()  # records that are no capture, by type
        self._raw: IO[bytes] | None = None
        self._warnings = io.StringIO()

    def position(self) -> int:
        """Bytes of the file read so far (for progress)."""
        return self._raw.tell() if self._raw is not None and not self._raw.closed else 0

    def captures(self) -> Iterator[Capture]:
        try:
            self._raw = self.path.open("rb")
        except OSError as exc:
            raise BadInput(f"{self.name}: cannot read ({exc.strerror or exc})") from None
        try:
            yield from self._captures(self._raw)
        finally:
            self._raw.close()

    def _captures(self, raw: IO[bytes]) -> Iterator[Capture]:
        head = raw.read(2)
        raw.seek(0)
        if not head:
            raise BadWarc(f"{self.name}: empty file, not a WARC file")
        stream: Any = _GzipChecked(raw, self.name) if head == GZIP_MAGIC else raw
        records = ArchiveIterator(stream, arc2warc=True)
        while True:
            record = self._next(records)
            if record is None:
                break
            self.records += 1
            capture = self._capture(record)
            if capture is None:
                self.passed_over[record.rec_type or "unknown"] += 1
            else:
                yield capture
            self._finish(record, capture.target if capture else None)
        if self.records == 0:
            raise BadWarc(f"{self.name}: no WARC records in it, not a WARC file")
        self._check_end(raw, stream, records.offset)

    def _check_end(self, raw: IO[bytes], stream: Any, last_end: int) -> None:
        """warcio ends quietly at a record whose headers are cut short: whatever follows the
        last whole record (and its blank lines) means the file was truncated there."""
        if isinstance(stream, _GzipChecked):
            while stream.read(READ_SIZE):
                pass
            total = stream.tell()
        else:
            total = os.fstat(raw.fileno()).st_size
        if total > last_end:
            raise BadWarc(
                f"{self.name}: truncated: {total - last_end} bytes after record {self.records} "
                "are no whole record"
            )

    def _next(self, records: ArchiveIterator) -> Any:
        """The next record; warcio's own complaints (it writes them to stderr and carries
        on) become an error, since the record boundaries can no longer be trusted."""
        errors = records.err_count
        try:
            with contextlib.redirect_stderr(self._warnings):
                record = next(records, None)
        except ArchiveLoadFailed as exc:
            detail = " ".join(str(exc).split())
            if self.records == 0:
                raise BadWarc(f"{self.name}: not a WARC file ({detail[:120]})") from None
            raise BadWarc(
                f"{self.name}: unreadable after record {self.records} ({detail[:120]})"
            ) from None
        except BadWarc:
            raise
        except (StatusAndHeadersParserException, ValueError, AttributeError, TypeError) as exc:
            # warcio on headers cut short or mangled (it assumes the headers it needs exist).
            raise BadWarc(
                f"{self.name}: record {self.records + 1} has unreadable headers "
                f"(a truncated or corrupt file: {type(exc).__name__})"
            ) from None
        if records.err_count != errors:
            raise BadWarc(
                f"{self.name}: record {self.records} is not followed by the next record where "
                "its Content-Length says (a truncated or corrupt file)"
            )
        length = record.rec_headers.get_header("Content-Length") if record is not None else "0"
        if not (length or "").strip().isdigit():
            raise BadWarc(
                f"{self.name}: record {self.records + 1} has no valid Content-Length "
                "(a truncated or corrupt file)"
            )
        return record

    def _capture(self, record: Any) -> Capture | None:
        kind = record.rec_type
        target = record.rec_headers.get_header("WARC-Target-URI") or ""
        if kind not in CAPTURE_TYPES or not target.lower().startswith(WEB_SCHEMES):
            return None
        rec = record.rec_headers
        when = warc_time(rec.get_header("WARC-Date"))
        if when is None:
            raise BadWarc(f"{self.name}: record {self.records} has no readable WARC-Date")
        http = record.http_headers
        if kind == "resource":
            status: int | None = 200
            ctype = rec.get_header("Content-Type")
            headers = [("Content-Type", ctype)] if ctype else []
        elif http is None:
            if kind == "response":
                return None  # a response without an HTTP exchange: nothing to read as a page
            status, headers = None, []
        else:
            status = _status(http.get_statuscode())
            headers = [(str(k), str(v)) for k, v in http.headers]
        return Capture(
            record_type=kind,
            target=target,
            warc_date=when,
            status=status,
            headers=headers,
            index=self.records,
            payload_digest=rec.get_header("WARC-Payload-Digest"),
            refers_to_url=rec.get_header("WARC-Refers-To-Target-URI"),
            refers_to_date=warc_time(rec.get_header("WARC-Refers-To-Date")),
            truncated=rec.get_header("WARC-Truncated"),
            _record=record,
            _reader=self,
        )

    def read_payload(self, capture: Capture, record: Any) -> bytes:
        """The payload, decoded, once the record is known to be whole."""
        raw = record.raw_stream.read()
        self._finish(record, capture.target)  # a truncated file is the error, if it is one
        return decode_payload(
            raw,
            capture.header("Transfer-Encoding") if capture.status is not None else None,
            capture.header("Content-Encoding"),
        )

    def _finish(self, record: Any, target: str | None) -> None:
        """Read the rest of the record and make sure it was all there."""
        stream = record.raw_stream
        while stream.read(READ_SIZE):
            pass
        missing = getattr(stream, "limit", 0)
        if missing:
            what = f" ({target})" if target else ""
            raise BadWarc(
                f"{self.name}: truncated: record {self.records}{what} ends {missing} bytes "
                "before its Content-Length"
            )


def decode_payload(raw: bytes, transfer: str | None, encoding: str | None) -> bytes:
    """An HTTP entity as stored in a record, back to the page: chunks joined (unless the
    recorder joined them already and kept the header, as browser recorders do), then the
    Content-Encoding undone. Strict where warcio is lenient: data that breaks off, in a chunk
    or a compressed stream, is :class:`Undecodable`, never part of a page."""
    data = raw
    if (transfer or "").strip().lower() == "chunked":
        try:
            data = ChunkedDataReader(io.BytesIO(raw), raise_exceptions=True).read()
        except ChunkedDataException:
            if CHUNK_HEADER.match(raw):
                raise Undecodable("its chunked data breaks off") from None
    coding = (encoding or "identity").strip().lower()
    try:
        if coding == "identity":
            return data
        if coding in ("gzip", "x-gzip"):
            # Sent plain under a gzip header (a misconfigured server): the page as it is.
            return gzip.decompress(data) if data[:2] == GZIP_MAGIC else data
        if coding == "deflate":
            try:
                return zlib.decompress(data)
            except zlib.error:
                return zlib.decompress(data, -zlib.MAX_WBITS)  # raw deflate, as some send it
        if coding == "br":
            return bytes(brotli.decompress(data))
    except (EOFError, OSError, zlib.error, brotli.error) as exc:
        raise Undecodable(f"its {coding} data breaks off ({type(exc).__name__})") from None
    raise Undecodable(f"Content-Encoding {coding}")


def _status(code: str | None) -> int | None:
    try:
        return int(code) if code else None
    except ValueError:
        return None
