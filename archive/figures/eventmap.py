"""`archive map`: the chosen events with coordinates, one circle per place (its area
proportional to the events there), as a PNG/SVG (matplotlib) or one self-contained HTML file.

The HTML map has no tiles and loads nothing: an inline SVG (equirectangular, scaled by the
cosine of the middle latitude so that Britain keeps its shape), a title on each circle for
the place and count, and the events' spots as GeoJSON in a ``<script type="application/geo+json">``
block for reuse (e.g. in QGIS or Leaflet).
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

from archive.errors import BadInput
from archive.figures.chart import DPI, _pyplot
from archive.figures.counting import Spot

MAP_FORMATS = ("png", "svg", "html")
SVG_WIDTH = 800
MARGIN = 30
MAX_RADIUS = 24.0


def map_format(out: Path) -> str:
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in MAP_FORMATS:
        raise BadInput(f"--out: {out} must end in .png, .svg or .html")
    return fmt


def _radius(events: int, most: int) -> float:
    return max(2.5, MAX_RADIUS * math.sqrt(events / most)) if most else 2.5


def geojson(spots: list[Spot]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [s.longitude, s.latitude]},
                "properties": {"place": s.place, "events": s.events},
            }
            for s in spots
        ],
    }


def draw_map(spots: list[Spot], out: Path, *, title: str, caption: str) -> None:
    fmt = map_format(out)
    try:
        if fmt == "html":
            out.write_text(map_html(spots, title=title, caption=caption), encoding="utf-8")
        else:
            _draw_image(spots, out, fmt, title=title, caption=caption)
    except OSError as exc:
        raise BadInput(f"--out: cannot write {out}: {exc.strerror or exc}") from exc


def _draw_image(spots: list[Spot], out: Path, fmt: str, *, title: str, caption: str) -> None:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.5, 8))
    try:
        most = max((s.events for s in spots), default=0)
        if spots:
            ax.scatter(
                [s.longitude for s in spots],
                [s.latitude for s in spots],
                s=[(_radius(s.events, most) ** 2) for s in spots],
                alpha=0.6,
                edgecolors="black",
                linewidths=0.5,
            )
            for s in spots[:10]:  # the ten busiest places, named
                ax.annotate(
                    s.place,
                    (s.longitude, s.latitude),
                    fontsize=7,
                    xytext=(4, 4),
                    textcoords="offset points",
                )
            middle = (min(s.latitude for s in spots) + max(s.latitude for s in spots)) / 2
            ax.set_aspect(1 / max(0.1, math.cos(math.radians(middle))))
        else:
            ax.text(
                0.5,
                0.5,
                "no events with coordinates",
                ha="center",
                va="center",
                transform=ax.transAxes,
            )
        ax.set_xlabel("longitude (degrees east)")
        ax.set_ylabel("latitude (degrees north)")
        ax.set_title(title, fontsize=10)
        ax.grid(True, linewidth=0.3)
        fig.text(0.01, 0.01, caption, fontsize=7, ha="left", va="bottom", wrap=True)
        fig.tight_layout(rect=(0, 0.04, 1, 1))
        fig.savefig(out, format=fmt, dpi=DPI)
    finally:
        plt.close(fig)


def map_html(spots: list[Spot], *, title: str, caption: str) -> str:
    """One HTML file: the map as inline SVG, its data as GeoJSON; nothing fetched."""
    if spots:
        west = min(s.longitude for s in spots)
        east = max(s.longitude for s in spots)
        south = min(s.latitude for s in spots)
        north = max(s.latitude for s in spots)
    else:
        west, east, south, north = -8.0, 2.0, 50.0, 59.0  # Britain and Ireland
    pad = 0.5
    west, east, south, north = west - pad, east + pad, south - pad, north + pad
    scale_x = math.cos(math.radians((south + north) / 2))
    span_x = (east - west) * scale_x
    span_y = north - south
    inner = SVG_WIDTH - 2 * MARGIN
    k = inner / max(span_x, span_y * 0.75, 1e-9)
    width = span_x * k + 2 * MARGIN
    height = span_y * k + 2 * MARGIN
    most = max((s.events for s in spots), default=0)
    circles = []
    for s in sorted(spots, key=lambda s: -s.events):  # small circles drawn over large ones
        x = MARGIN + (s.longitude - west) * scale_x * k
        y = MARGIN + (north - s.latitude) * k
        label = html.escape(f"{s.place}: {s.events} event{'s' if s.events != 1 else ''}")
        circles.append(
            f'<circle class="spot" cx="{x:.1f}" cy="{y:.1f}" r="{_radius(s.events, most):.1f}" '
            f'data-events="{s.events}" data-place="{html.escape(s.place)}"><title>{label}</title></circle>'
        )
    graticule = []
    for lon in range(math.ceil(west), math.floor(east) + 1):
        x = MARGIN + (lon - west) * scale_x * k
        graticule.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height:.1f}"/>')
        graticule.append(f'<text x="{x + 2:.1f}" y="{height - 4:.1f}">{lon}°</text>')
    for lat in range(math.ceil(south), math.floor(north) + 1):
        y = MARGIN + (north - lat) * k
        graticule.append(f'<line x1="0" y1="{y:.1f}" x2="{width:.1f}" y2="{y:.1f}"/>')
        graticule.append(f'<text x="2" y="{y - 2:.1f}">{lat}°N</text>')
    data = json.dumps(geojson(spots), ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: sans-serif; margin: 1em; }}
svg {{ background: #eef3f7; border: 1px solid #999; max-width: 100%; height: auto; }}
.grid line {{ stroke: #c8d3dc; stroke-width: 0.5; }}
.grid text {{ fill: #789; font-size: 9px; }}
.spot {{ fill: #d62728; fill-opacity: 0.55; stroke: #600; stroke-width: 0.7; }}
.spot:hover {{ fill-opacity: 0.9; }}
figcaption {{ font-size: 0.8em; color: #444; }}
</style></head>
<body>
<figure>
<h1 style="font-size:1.1em">{html.escape(title)}</h1>
<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.1f} {height:.1f}" role="img" aria-label="{html.escape(title)}">
<g class="grid">{"".join(graticule)}</g>
<g class="spots">{"".join(circles)}</g>
</svg>
<figcaption>{html.escape(caption)} Circle area is proportional to the events at a place;
longitude and latitude in degrees. Hover a circle for its place and count.</figcaption>
</figure>
<script type="application/geo+json" id="events">{data}</script>
</body></html>
"""
