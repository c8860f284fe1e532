"""A streaming writer of Stata 118 (``.dta``, Stata 15+, Unicode) files.

Why our own writer: pandas' ``to_stata`` needs the whole table as a frame (561 MB for 100k
events), because a ``.dta`` file fixes every variable's storage type, and so every string's
width, before the first record. We read the rows once, as they stream: pass 1 encodes each
row (UTF-8 bytes, Stata's day and millisecond counts), measures it (the widest string in bytes,
the smallest and largest integer, the row count) and spools it to a temporary file beside the
output; pass 2 reads the spool back and writes each record at its final width, and each long
string (``strL``) to a second temporary file, copied after the data where the format wants it.
Memory is flat in the number of rows (one row at a time); the disk holds the spool until the
file is written. Why a spool and not a second query: one read of the database is consistent by
construction (no snapshot to hold across two queries) and costs half the database time.

The file is what pandas writes for the same frame (``DataFrame.to_stata(version=118)``, with
nullable ``Int64``/``Float64`` columns and ``convert_dates`` ``td``/``tc``), byte for byte
(tests/archive/test_stata.py checks it), with two exceptions whose values read back the same:
pandas stores a repeated ``strL`` once and we store it once per cell (holding every long string
seen so far would not be flat); and for a missing integer in a column stored as ``double``
pandas writes a value past ``.z`` where we write Stata's ``.``. So the semantics are pandas':
integers are Stata ``long`` with the missing value ``.`` (``double`` when a value does not fit
a ``long``), numbers, dates (``%td``) and times (``%tc``, milliseconds since 1960, naive UTC)
are ``double``, strings are ``str1``..``str2045`` and ``strL`` beyond 2045 bytes, with no
missing value (``""``).

The layout follows Stata's ``help dta``: ``<header>``, ``<map>`` (the byte offset of every
section, filled in once the file is written), variable types, names, sort list, formats, value label
names, variable labels, characteristics, ``<data>``, ``<strls>``, ``<value_labels>``.
"""

from __future__ import annotations

import marshal
import math
import shutil
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, Literal

Kind = Literal["integer", "number", "string", "date", "datetime"]

RELEASE = 118
MAX_STR = 2045  # the widest fixed-width string, in bytes
STRL = 32768
DOUBLE = 65526
LONG = 65528
LONG_RANGE = (-2_147_483_647, 2_147_483_620)  # what a long holds besides its missing values
LONG_MISSING = 2_147_483_621
DOUBLE_MISSING = struct.unpack("<d", b"\x00\x00\x00\x00\x00\x00\xe0\x7f")[0]  # 2**1023
EPOCH = date(1960, 1, 1)
EPOCH_TIME = datetime(1960, 1, 1)
NAME_BYTES = 129  # varnames and value label names: 128 bytes of UTF-8 and a NUL
FORMAT_BYTES = 57
LABEL_BYTES = 321
LABEL_CHARS = 80
# 118 stores a strL's (variable, observation) in 8 bytes: v in the low 2, o in the high 6.
O_SHIFT = 16
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SECTIONS = (
    "stata_data",
    "map",
    "variable_types",
    "varnames",
    "sortlist",
    "formats",
    "value_label_names",
    "variable_labels",
    "characteristics",
    "data",
    "strls",
    "value_labels",
    "stata_data_close",
    "end-of-file",
)


@dataclass(frozen=True)
class Variable:
    """One column of the file: its name, what its values are and its label (<= 80 chars)."""

    name: str
    kind: Kind
    label: str = ""


@dataclass
class _Measure:
    """What pass 1 learns of a column: the widest string (bytes), the integer range."""

    width: int = 0
    low: int | None = None
    high: int | None = None

    def see_integer(self, value: int | None) -> None:
        if value is not None:
            self.low = value if self.low is None else min(self.low, value)
            self.high = value if self.high is None else max(self.high, value)


@dataclass(frozen=True)
class _Storage:
    """How a column is stored: Stata type code, display format, struct code."""

    code: int
    fmt: str
    packing: str

    @property
    def strl(self) -> bool:
        return self.code == STRL


def _storage(var: Variable, seen: _Measure) -> _Storage:
    if var.kind == "string":
        width = max(seen.width, 1)
        if width <= MAX_STR:
            return _Storage(width, f"%{width}s", f"{width}s")
        return _Storage(STRL, "%9s", "Q")
    if var.kind == "integer":
        fits = seen.low is None or (
            seen.low >= LONG_RANGE[0] and seen.high is not None and seen.high <= LONG_RANGE[1]
        )
        return _Storage(LONG, "%12.0g", "i") if fits else _Storage(DOUBLE, "%10.0g", "d")
    fmt = {"number": "%10.0g", "date": "%td", "datetime": "%tc"}[var.kind]
    return _Storage(DOUBLE, fmt, "d")


def _days(value: date | None) -> float:
    if value is None:
        return DOUBLE_MISSING
    if isinstance(value, datetime):
        value = value.date()
    return float((value - EPOCH).days)


def _milliseconds(value: datetime | None) -> float:
    if value is None:
        return DOUBLE_MISSING
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    delta = value - EPOCH_TIME
    micro = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return float(micro // 1000)


def _number(value: float | None) -> float:
    if value is None or not math.isfinite(value):
        return DOUBLE_MISSING
    return float(value)


# Pass 1 writes each encoded row to the spool with marshal: the values are only bytes, int,
# float and None, written and read back by this module in one call (never another's file);
# marshal reads plain values back, never objects of classes a file names, as pickle would.
def _encoders(variables: Sequence[Variable]) -> list[Callable[[Any], Any]]:
    def text(value: str | None) -> bytes:
        return b"" if value is None else value.encode("utf-8")

    by_kind: dict[str, Callable[[Any], Any]] = {
        "string": text,
        "integer": lambda value: value,  # long or double: known only once all are seen
        "number": _number,
        "date": _days,
        "datetime": _milliseconds,
    }
    return [by_kind[v.kind] for v in variables]


def spool_rows(
    rows: Iterable[Sequence[Any]], variables: Sequence[Variable], spool: IO[bytes]
) -> tuple[list[_Storage], int]:
    """Pass 1: each row encoded into ``spool``; returns each column's storage and the count."""
    encoders = _encoders(variables)
    seen = [_Measure() for _ in variables]
    strings = [i for i, v in enumerate(variables) if v.kind == "string"]
    integers = [i for i, v in enumerate(variables) if v.kind == "integer"]
    n = 0
    for row in rows:
        encoded = [encode(value) for encode, value in zip(encoders, row, strict=True)]
        for i in strings:
            m = seen[i]
            if len(encoded[i]) > m.width:
                m.width = len(encoded[i])
        for i in integers:
            seen[i].see_integer(encoded[i])
        marshal.dump(encoded, spool)
        n += 1
    return [_storage(v, m) for v, m in zip(variables, seen, strict=True)], n


def _unspool(spool: IO[bytes], n: int) -> Iterator[list[Any]]:
    spool.seek(0)
    for _ in range(n):
        yield marshal.load(spool)


def _tag(name: str, body: bytes) -> bytes:
    return f"<{name}>".encode() + body + f"</{name}>".encode()


def _padded(text: str, size: int) -> bytes:
    return text.encode("utf-8").ljust(size, b"\x00")


def _timestamp(moment: datetime) -> bytes:
    text = f"{moment:%d} {MONTHS[moment.month - 1]} {moment:%Y %H:%M}"
    return b"\x11" + text.encode()


class _Writer:
    """Pass 2: writes the sections in order, noting each one's offset for the map."""

    def __init__(self, fh: IO[bytes], variables: Sequence[Variable], storage: list[_Storage]):
        self.fh = fh
        self.variables = variables
        self.storage = storage
        self.offsets = dict.fromkeys(SECTIONS, 0)
        self.record = struct.Struct("<" + "".join(s.packing for s in storage))
        self.strl_columns = [i for i, s in enumerate(storage) if s.strl]

    def section(self, name: str, body: bytes) -> None:
        self.offsets[name] = self.fh.tell()
        self.fh.write(_tag(name, body))

    def header(self, nobs: int, data_label: str, moment: datetime) -> None:
        label = data_label[:LABEL_CHARS].encode("utf-8")
        body = (
            _tag("release", str(RELEASE).encode())
            + _tag("byteorder", b"LSF")
            + _tag("K", struct.pack("<H", len(self.variables)))
            + _tag("N", struct.pack("<Q", nobs))
            + _tag("label", struct.pack("<H", len(label)) + label)
            + _tag("timestamp", _timestamp(moment))
        )
        self.fh.write(b"<stata_dta>" + _tag("header", body))

    def descriptors(self) -> None:
        nvar = len(self.variables)
        self.section("map", struct.pack("<14Q", *self.offsets.values()))
        self.section("variable_types", struct.pack(f"<{nvar}H", *(s.code for s in self.storage)))
        self.section("varnames", b"".join(_padded(v.name[:32], NAME_BYTES) for v in self.variables))
        self.section("sortlist", b"\x00" * 2 * (nvar + 1))
        self.section("formats", b"".join(_padded(s.fmt, FORMAT_BYTES) for s in self.storage))
        self.section("value_label_names", b"\x00" * NAME_BYTES * nvar)
        for v in self.variables:
            if len(v.label) > LABEL_CHARS:
                raise ValueError(f"{v.name}: a Stata variable label holds {LABEL_CHARS} chars")
        self.section(
            "variable_labels", b"".join(_padded(v.label, LABEL_BYTES) for v in self.variables)
        )
        self.section("characteristics", b"")

    def data(self, rows: Iterable[list[Any]], strls: IO[bytes]) -> None:
        """The spooled rows as records, and each non-empty strL as a GSO in ``strls``."""
        self.offsets["data"] = self.fh.tell()
        self.fh.write(b"<data>")
        longs = [i for i, s in enumerate(self.storage) if s.code == LONG]
        doubles = [
            i
            for i, (v, s) in enumerate(zip(self.variables, self.storage, strict=True))
            if v.kind == "integer" and s.code == DOUBLE
        ]
        pack, write = self.record.pack, self.fh.write
        gso = struct.Struct("<3sIQBI")
        for o, row in enumerate(rows, start=1):
            for i in longs:
                if row[i] is None:
                    row[i] = LONG_MISSING
            for i in doubles:
                row[i] = DOUBLE_MISSING if row[i] is None else float(row[i])
            for i in self.strl_columns:
                text = row[i]
                if text:
                    strls.write(gso.pack(b"GSO", i + 1, o, 130, len(text) + 1) + text + b"\x00")
                    row[i] = (i + 1) | (o << O_SHIFT)
                else:
                    row[i] = 0
            write(pack(*row))
        self.fh.write(b"</data>")

    def strls(self, spool: IO[bytes]) -> None:
        self.offsets["strls"] = self.fh.tell()
        self.fh.write(b"<strls>")
        spool.seek(0)
        shutil.copyfileobj(spool, self.fh)
        self.fh.write(b"</strls>")

    def close(self) -> None:
        self.section("value_labels", b"")
        self.offsets["stata_data_close"] = self.fh.tell()
        self.fh.write(b"</stata_dta>")
        self.offsets["end-of-file"] = self.fh.tell()
        self.fh.seek(self.offsets["map"])
        self.fh.write(_tag("map", struct.pack("<14Q", *self.offsets.values())))


def write_dta(
    rows: Iterable[Sequence[Any]],
    path: Path,
    variables: Sequence[Variable],
    *,
    data_label: str = "",
    time_stamp: datetime | None = None,
) -> int:
    """Write ``rows`` (each a sequence of Python values in ``variables`` order: str, int,
    float, date, datetime or None) to ``path`` as Stata 118; returns the number of rows. The
    temporary files are made beside ``path`` and removed when done."""
    moment = time_stamp if time_stamp is not None else datetime.now()  # pandas' local stamp
    with (
        tempfile.TemporaryFile(dir=path.parent) as spool,
        tempfile.TemporaryFile(dir=path.parent) as strls,
    ):
        storage, n = spool_rows(rows, variables, spool)
        with path.open("w+b") as fh:
            writer = _Writer(fh, variables, storage)
            writer.header(n, data_label, moment)
            writer.descriptors()
            writer.data(_unspool(spool, n), strls)
            writer.strls(strls)
            writer.close()
    return n
