"""`archive chart` and `archive map`: figures for papers, from the events that `archive
events` would list with the same filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from archive import db
from archive.cli.filters import event_filters, read_filters
from archive.export import check_cut
from archive.figures import captions
from archive.figures.chart import draw_chart, image_format
from archive.figures.counting import DATES, GROUPS, PERIODS, count_by_period, count_by_place
from archive.figures.eventmap import draw_map, map_format

_OUT = click.Path(dir_okay=False, path_type=Path)


@click.command("chart")
@event_filters
@click.option("--by", "period", type=click.Choice(PERIODS), default="month", show_default=True)
@click.option("--group", type=click.Choice(GROUPS), default=None, help="Stack the bars by this.")
@click.option(
    "--date",
    "by_date",
    type=click.Choice(DATES),
    default="event",
    show_default=True,
    help="Count by the event's own date, or by its article's publication date.",
)
@click.option("--out", type=_OUT, required=True, help="FILE.png or FILE.svg")
def chart_command(period: str, group: str | None, by_date: str, out: Path, **options: Any) -> None:
    """Events per month, week or year as a bar chart (PNG or SVG), optionally stacked by
    event type or site, by the events' own dates (or --date published: their articles'). The title names the filters; the caption the rules version, the
    archive's moment and the events without a date (not drawn).

    Example: archive chart --by month --group type --place London --out london.png
    """
    filters, cut = read_filters(options)
    image_format(out)
    engine, factory = db.open_archive()
    try:
        with factory() as session:
            check_cut(session, cut)
        series = count_by_period(engine, filters, cut, period=period, group=group, by_date=by_date)
    finally:
        engine.dispose()
    what = f"Events per {period}" + (f" by {group}" if group else "")
    if by_date == "published":
        what += " (publication dates)"
    draw_chart(
        series,
        out,
        title=captions.title(what, filters),
        caption=captions.caption(
            cut,
            series.total,
            series.undated,
            "without a date" if by_date == "event" else "without a publication date",
        ),
        group=group,
    )
    click.echo(f"{series.total} events in {len(series.starts)} {period}s -> {out}")


@click.command("map")
@event_filters
@click.option("--out", type=_OUT, required=True, help="FILE.png, FILE.svg or FILE.html")
def map_command(out: Path, **options: Any) -> None:
    """The events with coordinates on a map: one circle per place, its area the number of
    events there. HTML is one self-contained file (SVG and GeoJSON inside, nothing fetched).

    Example: archive map --type rally --from 2016-01-01 --to 2016-12-31 --out rallies.html
    """
    filters, cut = read_filters(options)
    map_format(out)
    engine, factory = db.open_archive()
    try:
        with factory() as session:
            check_cut(session, cut)
        spots, missing = count_by_place(engine, filters, cut)
    finally:
        engine.dispose()
    drawn = sum(s.events for s in spots)
    draw_map(
        spots,
        out,
        title=captions.title("Events by place", filters),
        caption=captions.caption(cut, drawn, missing, "without coordinates"),
    )
    click.echo(f"{drawn} events at {len(spots)} places -> {out}")
