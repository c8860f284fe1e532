"""Reading WARC files: captures come out whole or not at all. A file cut anywhere (gzipped or
not) gives every record before the cut, whole, and then an error; never part of a page."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from archive.warc.reading import BadWarc, WarcReader
from tests.support.warcs import WarcFile, at

URL = "https://www.socialistparty.org.uk/articles/{}/01-03-2019/x"
# Bytes of every value, so that no cut lands in text that looks like a record's end.
BODY = b"<html><body>" + bytes(range(256)) * 4 + b"</body></html>"


def _write(path: Path, *, gzip: bool, records: int = 3) -> None:
    with WarcFile(path, gzip=gzip) as warc:
        warc.warcinfo()
        for i in range(records):
            warc.request(URL.format(i), at("2019-03-01T12:00:00"))
            warc.response(URL.format(i), BODY + str(i).encode(), at("2019-03-01T12:00:00"))


def _read(path: Path) -> tuple[list[tuple[str, bytes]], str | None]:
    got: list[tuple[str, bytes]] = []
    try:
        for capture in WarcReader(path).captures():
            got.append((capture.target, capture.body()))
    except BadWarc as exc:
        return got, str(exc)
    return got, None


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_every_cut_gives_whole_records_then_an_error(tmp_path: Path, gzipped: bool) -> None:
    whole = tmp_path / "whole.warc"
    _write(whole, gzip=gzipped)
    data = whole.read_bytes()
    expected, error = _read(whole)
    assert error is None and [b for _, b in expected] == [BODY + b"%d" % i for i in range(3)]
    cut = tmp_path / "cut.warc"
    # Every third byte of the compressed file (every fifth of the plain one): each kind of
    # cut (inside a header, a deflate block, a member's trailer) is met many times over.
    step = 3 if gzipped else 5
    clean_cuts = 0
    for size in range(0, len(data), step):
        cut.write_bytes(data[:size])
        got, error = _read(cut)
        assert got == expected[: len(got)], size  # whatever came out is whole and in order
        if error is None:
            # Only a cut between records leaves a valid, shorter file.
            clean_cuts += 1
            rest = data[size:].lstrip(b"\r\n")
            assert rest == b"" or rest.startswith((b"WARC/", b"\x1f\x8b")), size
        else:
            assert str(cut) in error and "\n" not in error
    assert clean_cuts <= 14  # at the record boundaries (and their blank lines), nowhere else


def test_not_a_warc(tmp_path: Path) -> None:
    for name, data, needle in [
        ("notes.txt", b"hello\nworld\n", "not a WARC file"),
        ("empty.warc", b"", "empty file"),
        ("page.html.gz", gzip.compress(b"<html>a page</html>\n"), "not a WARC file"),
        ("half.gz", gzip.compress(b"WARC/1.0\r\n" * 50)[:40], "truncated"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        got, error = _read(path)
        assert got == [] and error is not None and needle in error, (name, error)


def test_a_whole_file_gzipped_in_one_member_is_read(tmp_path: Path) -> None:
    plain = tmp_path / "plain.warc"
    _write(plain, gzip=False)
    one = tmp_path / "one.warc.gz"
    one.write_bytes(gzip.compress(plain.read_bytes()))
    assert _read(one) == _read(plain)


def test_record_types_that_are_no_capture_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc.gz"
    with WarcFile(path) as warc:
        warc.warcinfo()
        warc.dns("www.socialistparty.org.uk", at("2019-03-01T12:00:00"))
        warc.request(URL.format(1), at("2019-03-01T12:00:00"))
        warc.response(URL.format(1), BODY, at("2019-03-01T12:00:00"))
        warc.resource(
            "urn:pageinfo:" + URL.format(1), b"{}", at("2019-03-01T12:00:00"), "application/json"
        )
        warc.resource(URL.format(2), BODY, at("2019-03-01T12:00:01"), "text/html")
    reader = WarcReader(path)
    captures = [(c.record_type, c.target, c.status) for c in reader.captures()]
    assert captures == [("response", URL.format(1), 200), ("resource", URL.format(2), 200)]
    assert reader.records == 6
    assert reader.passed_over == {"warcinfo": 1, "resource": 2, "request": 1}


def _arc(records: list[tuple[str, str, bytes]]) -> bytes:
    """An ARC file (the Internet Archive's format before WARC), as Heritrix 1 wrote them."""
    desc = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://test.arc 0.0.0.0 20060928120000 text/plain %d\n" % len(desc) + desc + b"\n"
    for url, date, body in records:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        out += b"%s 127.0.0.1 %s text/html %d\n" % (url.encode(), date.encode(), len(http))
        out += http + b"\n"
    return out


def test_arc_files_are_read_too(tmp_path: Path) -> None:
    path = tmp_path / "old.arc.gz"
    url = "http://www.socialistparty.org.uk/articles/5466/28-09-06/pensions"
    path.write_bytes(gzip.compress(_arc([(url, "20060928120000", BODY)])))
    captures = [(c.target, c.warc_date, c.status, c.body()) for c in WarcReader(path).captures()]
    assert captures == [(url, at("2006-09-28T12:00:00"), 200, BODY)]
