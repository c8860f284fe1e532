"""`archive parse`: JSON Lines in article order, a table, and one-line errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import main
from tests.support import seed


def run(args: list[str]) -> tuple[int, str, str]:
    """Run the console entry ``main`` (which turns ArchiveError into one line and exit 2)
    inside click's CliRunner isolation, capturing stdout and stderr separately."""
    runner = CliRunner()
    with runner.isolation() as streams:
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = streams[0].getvalue(), streams[1].getvalue()
    return code, out.decode("utf-8"), err.decode("utf-8")


def test_seed_as_json_lines(tmp_path: Path) -> None:
    page, url, _ = seed.render("socialistparty")
    path = tmp_path / "page.html"
    path.write_bytes(page)
    code, out, err = run(["parse", str(path), "--url", url])
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["segment"] for r in rows] == list(range(6))
    assert [r["reporter"] for r in rows] == [e["reporter"] for e in seed.EXPECTED]
    assert rows[0]["event_date"] == "2016-08-21"


def test_published_option_and_table(tmp_path: Path) -> None:
    page, _, _ = seed.render("blogger_cp1252")
    path = tmp_path / "page.html"
    # a URL without a date and a page whose dateline we drop: the option supplies the date
    path.write_bytes(page.replace(b"Posted on Wednesday, 24 August 2016", b""))
    code, out, err = run(
        [
            "parse",
            str(path),
            "--url",
            "https://example.org/x",
            "--published",
            "2016-08-24",
            "--format",
            "table",
        ]
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["seg", "date", "type"]
    assert len(lines) == 7
    assert "2016-08-21" in lines[1] and "Kilburn" in lines[1]


def test_article_without_events_prints_nothing(tmp_path: Path) -> None:
    path = tmp_path / "editorial.html"
    path.write_text(
        "<html><body><article><p>Rents rose by 8% in 2023 and 12% in 2024, figures show; "
        "wages fell behind prices for the third year running.</p></article></body></html>",
        encoding="utf-8",
    )
    code, out, err = run(["parse", str(path), "--url", "https://example.org/a"])
    assert (code, out, err) == (0, "", "")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\t", "is empty"),
        (b"just some words, no markup at all\n", "not an HTML file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not an HTML file"),
    ],
)
def test_bad_files_are_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    code, out, err = run(["parse", str(path), "--url", "https://example.org/a"])
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert "Traceback" not in err


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    code, _, err = run(["parse", str(tmp_path / "nope.html"), "--url", "https://e.org/"])
    assert code == 2 and len(err.strip().splitlines()) == 1 and "cannot read" in err
    code, _, err = run(["parse", str(tmp_path), "--url", "https://e.org/"])
    assert code == 2 and len(err.strip().splitlines()) == 1 and "directory" in err


def test_bad_published_date(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text("<p>hello</p>", encoding="utf-8")
    code, _, err = run(["parse", str(path), "--url", "https://e.org/", "--published", "24/08/2016"])
    assert code == 2 and "YYYY-MM-DD" in err and len(err.strip().splitlines()) == 1
