"""WARC files made in tests, shaped like the ones real tools write: Heritrix (WARC/1.0, request
and response records, revisit records for payloads seen before, dns: records, warcinfo),
Webrecorder (WARC/1.1, request/response pairs, urn: resource records), and Wayback captures
(records named by their replay URL, the site's headers as X-Archive-Orig-*, Memento-Datetime).

Written with warcio itself, so what the import reads is what the library writes; the pages
are the parser corpus's (tests/fixtures/parsers/), real-sized and with the events their
facts name.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.support.corpus import CORPUS_DIR, Case, load_case

WAYBACK = "https://web.archive.org/web"


def at(text: str) -> datetime:
    """``"2019-03-01T12:34:56"`` -> an aware UTC time."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def iso(when: datetime) -> str:
    text = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    if when.microsecond:
        text += f".{when.microsecond:06d}"
    return text + "Z"


def wayback_url(url: str, when: datetime, modifier: str = "id_") -> str:
    return f"{WAYBACK}/{when.strftime('%Y%m%d%H%M%S')}{modifier}/{url}"


def corpus_case(case_id: str) -> Case:
    return load_case(CORPUS_DIR / case_id)


def first_edition(roundup_001: bytes) -> bytes:
    """An earlier edition of socialistparty/roundup-001: its first report read otherwise
    (a phrase its facts say the report holds), so that its events differ from today's."""
    phrase = b"running a hospital on goodwill"
    assert phrase in roundup_001
    return roundup_001.replace(phrase, b"running a hospital on hope and goodwill")


@dataclass(frozen=True)
class Written:
    """What a response record said, for a revisit of it."""

    url: str
    when: datetime
    digest: str


class WarcFile:
    """A WARC being written: records added in order, closed on leaving the ``with``."""

    def __init__(self, path: Path, *, gzip: bool = True, version: str = "1.0") -> None:
        self.path = path
        self._fh: IO[bytes] = path.open("wb")
        self.writer = WARCWriter(self._fh, gzip=gzip, warc_version=version)

    def __enter__(self) -> WarcFile:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._fh.close()

    def warcinfo(self, software: str = "Heritrix/3.4.0") -> None:
        record = self.writer.create_warcinfo_record(self.path.name, {"software": software})
        self.writer.write_record(record)

    def request(self, url: str, when: datetime) -> None:
        host = url.split("/")[2]
        http = StatusAndHeaders(
            f"GET /{url.split('/', 3)[3] if url.count('/') >= 3 else ''} HTTP/1.1",
            [("Host", host), ("User-Agent", "test")],
            is_http_request=True,
        )
        record = self.writer.create_warc_record(
            url, "request", http_headers=http, warc_headers_dict={"WARC-Date": iso(when)}
        )
        self.writer.write_record(record)

    def response(
        self,
        url: str,
        body: bytes,
        when: datetime,
        *,
        status: str = "200 OK",
        content_type: str | None = "text/html; charset=utf-8",
        headers: list[tuple[str, str]] | None = None,
        warc_headers: dict[str, str] | None = None,
    ) -> Written:
        fields = [("Content-Type", content_type)] if content_type else []
        fields += headers or []
        fields.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(status, fields, protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": iso(when), **(warc_headers or {})},
        )
        self.writer.write_record(record)
        return Written(url, when, record.rec_headers.get_header("WARC-Payload-Digest"))

    def wayback(
        self,
        url: str,
        body: bytes,
        captured: datetime,
        fetched: datetime,
        *,
        status: str = "200 OK",
        etag: str | None = None,
        memento: bool = True,
        modifier: str = "id_",
    ) -> Written:
        """A page fetched from the Wayback Machine at ``fetched``, captured at ``captured``."""
        headers = [("Server", "nginx"), ("ETag", '"wayback-own"')]
        if memento:
            headers.append(("Memento-Datetime", format_datetime(captured, usegmt=True)))
        if etag:
            headers.append(("X-Archive-Orig-ETag", etag))
        return self.response(
            wayback_url(url, captured, modifier), body, fetched, status=status, headers=headers
        )

    def revisit(
        self,
        url: str,
        when: datetime,
        original: Written,
        *,
        with_http: bool = True,
        refers_to: bool = True,
    ) -> None:
        http = (
            StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            if with_http
            else None
        )
        record = self.writer.create_revisit_record(
            url,
            digest=original.digest,
            refers_to_uri=original.url,
            refers_to_date=iso(original.when),
            http_headers=http,
            warc_headers_dict={"WARC-Date": iso(when)},
        )
        if not refers_to:
            record.rec_headers.remove_header("WARC-Refers-To-Target-URI")
            record.rec_headers.remove_header("WARC-Refers-To-Date")
        self.writer.write_record(record)

    def resource(self, url: str, body: bytes, when: datetime, content_type: str) -> None:
        record = self.writer.create_warc_record(
            url,
            "resource",
            payload=io.BytesIO(body),
            length=len(body),
            warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": iso(when)},
        )
        self.writer.write_record(record)

    def dns(self, host: str, when: datetime) -> None:
        self.resource(
            f"dns:{host}", b"20190301123456\nhost. 300 IN A 127.0.0.1\n", when, "text/dns"
        )
