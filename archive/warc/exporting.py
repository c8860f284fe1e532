"""``archive export-warc``: a site's stored snapshots written out as WARC response records.

Why: a snapshot is the bytes a page had and the HTTP facts kept with them, which is what a
WARC response record holds; written out, the archive's pages can be replayed (pywb,
ReplayWeb.page), shared with other web archives, or imported into another archive with
``archive import-warc`` (the round trip gives the same snapshots and events). One record per
snapshot, oldest first: its URL, its fetch time as WARC-Date (to the microsecond, WARC/1.1),
its status, Content-Type, ETag and Last-Modified, and the body as fetched. The file is
written beside its destination and moved into place at the end, so a failure never leaves a
half-written WARC under the name asked for.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import store
from archive.errors import BadInput
from archive.models import Source
from archive.progress import Progress
from scraper.urls import site_domain

WARC_VERSION = "1.1"
SOFTWARE = "campaign-archive export-warc"


@dataclass(frozen=True)
class ExportSummary:
    domain: str
    path: Path
    records: int
    bytes: int


def warc_date(when: datetime) -> str:
    """A WARC/1.1 date: UTC, to the microsecond when it has any."""
    when = when.astimezone(UTC)
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    if when.microsecond:
        text += f".{when.microsecond:06d}"
    return text + "Z"


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def response_record(writer: WARCWriter, snapshot: store.StoredSnapshot) -> object:
    """The WARC response record of one snapshot."""
    headers = [
        (name, value)
        for name, value in (
            ("Content-Type", snapshot.content_type),
            ("ETag", snapshot.etag),
            ("Last-Modified", snapshot.last_modified),
        )
        if value
    ]
    headers.append(("Content-Length", str(len(snapshot.body))))
    status = f"{snapshot.http_status} {_reason(snapshot.http_status)}".strip()
    return writer.create_warc_record(
        snapshot.url,
        "response",
        payload=io.BytesIO(snapshot.body),
        length=len(snapshot.body),
        http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": warc_date(snapshot.fetched_at)},
    )


def export_site(
    sessions: sessionmaker[Session],
    domain: str,
    out: Path,
    *,
    overwrite: bool = False,
    progress: Callable[[int], Progress] | None = None,
) -> ExportSummary:
    """Write every snapshot of ``domain``'s articles to ``out`` (gzipped per record when
    the name ends in ``.gz``, the usual ``.warc.gz``)."""
    site = site_domain(domain)
    if out.exists() and not overwrite:
        raise BadInput(f"{out}: already exists (give --force to replace it)")
    if not out.parent.is_dir():
        raise BadInput(f"{out.parent}: no such directory")
    part = out.with_name(f".{out.name}.part")
    written = 0
    with sessions() as session:
        if session.scalar(select(Source.id).where(Source.domain == site)) is None:
            raise BadInput(f"no site {site} in the archive")
        bar = progress(store.site_snapshot_count(session, site)) if progress else None
        try:
            with part.open("wb") as fh:
                writer = WARCWriter(fh, gzip=out.name.endswith(".gz"), warc_version=WARC_VERSION)
                info = {"software": SOFTWARE, "format": "WARC File Format 1.1", "site": site}
                writer.write_record(writer.create_warcinfo_record(out.name, info))
                for snapshot in store.site_snapshots(session, site):
                    writer.write_record(response_record(writer, snapshot))
                    written += 1
                    if bar is not None:
                        bar.advance()
            part.replace(out)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        finally:
            if bar is not None:
                bar.close()
    return ExportSummary(site, out, written, out.stat().st_size)
