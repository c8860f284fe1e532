"""`archive export`: one data file, its checksum and a Frictionless ``datapackage.json``.

Why a data package: a researcher who receives ``events.csv`` alone must guess what each column
means and whether the file is whole. The package names every column with its type and the
codebook's description, records the filters and the state of the archive it was cut from (and
the release, if any), and carries the file's size and SHA-256, which ``events.csv.sha256``
repeats in the form ``sha256sum -c`` reads.

The file is written beside its final name and moved there only once complete, so an export
that fails or is interrupted leaves no half-written file under the real name.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from archive import codebook
from archive.errors import BadInput
from archive.export.formats import EXTENSIONS, MEDIATYPES, WRITERS, write_csv, write_jsonl
from archive.export.selection import Cut, Filters, check_cut, columns, count_events, stream_rows
from archive.export.sqlcsv import can_write, write_csv_copy, write_csv_sql
from archive.progress import Progress
from archive.timeutil import utcnow
from scraper.parsers import PARSER_VERSION

RESOURCE = "events"
CHUNK = 1 << 20


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    sha256: str
    size: int
    package: Path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashSink(io.TextIOBase):
    """A text stream that only hashes what is written to it (UTF-8), counting bytes."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.digest.update(data)
        self.size += len(data)
        return len(text)


def text_checksums(engine: Engine, filters: Filters, cut: Cut) -> dict[str, Any]:
    """SHA-256 and size of the CSV and JSON Lines exports of a cut, computed without writing
    them (what a release records). The text formats are byte-for-byte reproducible."""
    out: dict[str, Any] = {"columns": list(columns())}
    cols = columns()
    for fmt, write in (("csv", write_csv), ("jsonl", write_jsonl)):
        sink = _HashSink()
        with engine.connect() as conn:
            rows = write(stream_rows(conn, filters, cut), sink, cols)
        out[fmt] = {"sha256": sink.digest.hexdigest(), "bytes": sink.size, "rows": rows}
    return out


def _with_progress(rows: Iterable[dict[str, Any]], progress: Progress | None) -> Iterator[Any]:
    for row in rows:
        yield row
        if progress is not None:
            progress.advance()


def _write(
    conn: Connection,
    fmt: str,
    path: Path,
    cols: tuple[str, ...],
    filters: Filters,
    cut: Cut,
    text: bool,
    progress: Progress | None,
) -> tuple[int, str | None]:
    """Write the file: CSV by the database's own formatting of each line when every value
    allows it (:mod:`archive.export.sqlcsv`, the same bytes, several times faster at a
    million events), else, and for every other format, by the reference writers. The rows,
    and the file's SHA-256 if it was hashed as it was written (the fast paths)."""
    if fmt == "csv" and can_write(conn, cols):
        fast = write_csv_sql if conn.dialect.name == "sqlite" else write_csv_copy
        written = fast(
            conn, filters, cut, path, cols, text=text,
            advance=progress.advance if progress is not None else None,
        )  # fmt: skip
        if written is not None:
            return written.rows, written.sha256
        if progress is not None:
            progress.done = 0
    rows = WRITERS[fmt](
        _with_progress(stream_rows(conn, filters, cut, text=text), progress), path, cols
    )
    return rows, None


def _field(name: str, fmt: str) -> dict[str, Any]:
    entry = codebook.column(name)
    kind = entry.type
    if kind == "array" and fmt in ("csv", "dta"):
        kind = "string"  # items joined with "; "
    if kind == "object" and fmt == "dta":
        kind = "string"  # JSON text
    field: dict[str, Any] = {"name": name, "type": kind, "description": entry.description}
    if kind == "datetime":
        field["format"] = "any"
    if entry.unit:
        field["unit"] = entry.unit
    if entry.values:
        field["constraints"] = {"enum": list(entry.values)}
    if entry.missing != "never missing":
        field["missing"] = entry.missing
    else:
        field.setdefault("constraints", {})["required"] = True
    return field


def datapackage(
    *,
    fmt: str,
    path: Path,
    rows: int,
    sha256: str,
    size: int,
    cols: tuple[str, ...],
    filters: Filters,
    cut: Cut,
    archive_url: str,
    release: dict[str, Any] | None = None,
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": RESOURCE,
        "path": path.name,
        "profile": "tabular-data-resource",
        "format": fmt,
        "mediatype": MEDIATYPES[fmt],
        "bytes": size,
        "hash": f"sha256:{sha256}",
        "rows": rows,
        "schema": {
            "fields": [_field(c, fmt) for c in cols],
            "primaryKey": ["event_uid"],
            "missingValues": [""],
        },
    }
    if fmt in ("csv", "jsonl"):
        resource["encoding"] = "utf-8"
    if fmt == "csv":
        resource["dialect"] = {
            "delimiter": ",",
            "quoteChar": '"',
            "doubleQuote": True,
            "header": True,
            "lineTerminator": "\n",
        }
    doc: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "campaign-archive-events",
        "title": "Campaign events from the campaign-event archive",
        "created": utcnow().isoformat(),
        "resources": [resource],
        "campaign_archive": {
            "software_rules_version": PARSER_VERSION,
            "archive": archive_url,
            "filters": filters.as_dict(),
            "cut": cut.as_dict() or {"as_of": "now"},
            "codebook": "archive codebook --format md",
        },
    }
    if release is not None:
        doc["campaign_archive"]["release"] = release
    return doc


def datasette_metadata(database: str, cols: tuple[str, ...]) -> dict[str, Any]:
    """Column descriptions for Datasette (``datasette events.sqlite -m metadata.json``)."""
    return {
        "title": "Campaign events",
        "databases": {
            database: {
                "tables": {
                    "events": {
                        "description": "One row per event report; see the codebook table.",
                        "columns": {c: codebook.column(c).description for c in cols},
                    },
                    "codebook": {"description": "What every column of events means."},
                    "event_types": {"description": "Every event type, defined, with an example."},
                }
            }
        },
    }


def run_export(
    engine: Engine,
    session: Session,
    *,
    fmt: str,
    out_dir: Path,
    filters: Filters,
    cut: Cut,
    text: bool = True,
    force: bool = False,
    progress_stream: TextIO | None = None,
    release: dict[str, Any] | None = None,
    only: tuple[str, ...] | None = None,
) -> ExportResult:
    """Write ``out_dir/events.<ext>``, its ``.sha256`` and ``datapackage.json``.

    ``only``: these columns, in this order (a release's, so that exporting it again with
    newer code that has more columns still gives the release's bytes)."""
    if fmt not in WRITERS:
        raise BadInput(f"--format: unknown format {fmt!r} (known: {', '.join(WRITERS)})")
    check_cut(session, cut)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"--out: cannot create {out_dir}: {exc.strerror or exc}") from exc
    if not out_dir.is_dir():
        raise BadInput(f"--out: {out_dir} is not a directory")
    path = out_dir / f"{RESOURCE}.{EXTENSIONS[fmt]}"
    package_path = out_dir / "datapackage.json"
    if not force and (path.exists() or package_path.exists()):
        raise BadInput(f"--out: {path} or {package_path} exists (give --force to replace)")
    cols = columns(text)
    if only is not None:
        missing = [c for c in only if c not in cols]
        if missing:
            raise BadInput(f"this code cannot export the columns {', '.join(missing)}")
        cols = only
    stream = progress_stream if progress_stream is not None else sys.stderr
    progress = (
        Progress(count_events(session, filters, cut), stream, label="export")
        if stream.isatty()
        else None
    )
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with engine.connect() as conn:
            rows, hashed = _write(conn, fmt, partial, cols, filters, cut, text, progress)
        if progress is not None:
            progress.close()
        os.replace(partial, path)
    except ImportError as exc:
        raise BadInput(
            f"--format {fmt} needs {exc.name}: pip install 'campaign-archive[export]'"
        ) from exc
    finally:
        partial.unlink(missing_ok=True)
    sha256 = hashed if hashed is not None else file_sha256(path)
    size = path.stat().st_size
    path.with_name(path.name + ".sha256").write_text(f"{sha256}  {path.name}\n", encoding="utf-8")
    doc = datapackage(
        fmt=fmt,
        path=path,
        rows=rows,
        sha256=sha256,
        size=size,
        cols=cols,
        filters=filters,
        cut=cut,
        archive_url=engine.url.render_as_string(hide_password=True),
        release=release,
    )
    package_path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if fmt == "sqlite":
        meta = datasette_metadata(path.stem, cols)
        (out_dir / "metadata.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return ExportResult(path, rows, sha256, size, package_path)
