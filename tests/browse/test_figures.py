"""`archive chart` and `archive map` on both backends: the counts drawn are the counts the
filters choose, the words say what is drawn, the HTML map fetches nothing."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from archive.figures.counting import next_period, period_label, period_start
from tests.conftest import Archive
from tests.support.cli import Cli, one_line_error
from tests.support.research_archive import build

PNG = b"\x89PNG\r\n\x1a\n"


def test_chart_png_and_svg(cli: Cli, archive: Archive, tmp_path: Path) -> None:
    build(archive)
    png = tmp_path / "by-month.png"
    code, out, err = cli("chart", "--by", "month", "--group", "type", "--out", str(png))
    assert code == 0, err
    assert png.read_bytes().startswith(PNG) and png.stat().st_size > 5000
    assert out.startswith("6 events in 11 months")  # 2016-03 .. 2017-01; the march has no date
    svg = tmp_path / "rallies.svg"
    code, out, err = cli("chart", "--by", "year", "--type", "rally", "--out", str(svg))
    assert code == 0, err
    assert out.startswith("3 events in 2 years")
    drawing = svg.read_text(encoding="utf-8")
    published = tmp_path / "published.png"
    code, out, err = cli("chart", "--date", "published", "--out", str(published))
    assert code == 0, err
    assert out.startswith("7 events in ")  # the undated march counts by its article's date
    for words in ("Events per year: type rally", "rules version", "events per year", "as of"):
        assert words in drawing


def test_map_html_is_offline_and_counts_add_up(cli: Cli, archive: Archive, tmp_path: Path) -> None:
    build(archive)
    page = tmp_path / "london.html"
    code, out, err = cli("map", "--place", "London", "--out", str(page))
    assert code == 0, err
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|https?://(?!www\.w3\.org)", text)
    counts = [int(n) for n in re.findall(r'data-events="(\d+)"', text)]
    assert sum(counts) == 4 and out.startswith("4 events at 4 places")
    data = json.loads(re.search(r'id="events">(.*?)</script>', text, re.S).group(1))  # type: ignore[union-attr]
    assert sorted(f["properties"]["place"] for f in data["features"]) == [
        "Camden", "Hackney", "Kilburn", "Walthamstow",
    ]  # fmt: skip
    assert "Events by place: place London" in text
    png = tmp_path / "all.png"
    code, out, err = cli("map", "--out", str(png))
    assert code == 0, err
    assert png.read_bytes().startswith(PNG)


def test_figures_bad_input_is_one_line(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("chart", "--out", str(tmp_path / "x.gif"))
    assert code == 2
    one_line_error(err, "must end in .png or .svg")
    code, _, err = cli("map", "--out", str(tmp_path / "x.pdf"))
    assert code == 2
    one_line_error(err, ".html")
    code, _, err = cli("chart", "--type", "banquet", "--out", str(tmp_path / "x.png"))
    assert code == 2
    one_line_error(err, "banquet")


def test_periods() -> None:
    day = date(2016, 12, 31)
    assert period_start(day, "month") == date(2016, 12, 1)
    assert next_period(date(2016, 12, 1), "month") == date(2017, 1, 1)
    assert period_start(day, "week") == date(2016, 12, 26)
    assert period_label(date(2016, 12, 26), "week") == "2016-W52"
    assert period_label(period_start(day, "year"), "year") == "2016"
