"""`archive chart`: events per month, week or year as bars (stacked by type or site),
drawn with matplotlib to PNG or SVG."""

from __future__ import annotations

from pathlib import Path

from archive.errors import BadInput
from archive.figures.counting import Series, period_label

IMAGE_FORMATS = ("png", "svg")
MAX_GROUPS = 8  # more stacked colours than this cannot be told apart: the rest are "other"
DPI = 150


def image_format(out: Path) -> str:
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in IMAGE_FORMATS:
        raise BadInput(f"--out: {out} must end in .png or .svg")
    return fmt


def _pyplot():  # type: ignore[no-untyped-def]
    try:
        import matplotlib
    except ImportError as exc:
        raise BadInput("charts need matplotlib: pip install 'campaign-archive[browse]'") from exc
    matplotlib.use("Agg")  # files only: no display needed
    import matplotlib.pyplot as plt

    return plt


def _grouped(series: Series) -> dict[str, tuple[int, ...]]:
    if len(series.counts) <= MAX_GROUPS:
        return series.counts
    names = list(series.counts)
    kept = {g: series.counts[g] for g in names[: MAX_GROUPS - 1]}
    rest = [series.counts[g] for g in names[MAX_GROUPS - 1 :]]
    kept["other"] = tuple(sum(col) for col in zip(*rest, strict=True))
    return kept


def draw_chart(series: Series, out: Path, *, title: str, caption: str, group: str | None) -> None:
    """Write the chart to ``out`` (.png or .svg)."""
    fmt = image_format(out)
    plt = _pyplot()
    labels = [period_label(s, series.period) for s in series.starts]
    fig, ax = plt.subplots(figsize=(max(6.0, min(16.0, 0.25 * len(labels) + 3)), 4.5))
    try:
        bottom = [0] * len(labels)
        positions = list(range(len(labels)))
        for name, counts in _grouped(series).items():
            ax.bar(positions, counts, bottom=bottom, label=name or "events", width=0.8)
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        step = max(1, len(labels) // 24)
        ax.set_xticks(positions[::step], labels[::step], rotation=60, ha="right", fontsize=8)
        ax.set_xlabel(series.period)
        ax.set_ylabel(f"events per {series.period}")
        ax.set_title(title, fontsize=10)
        if group is not None and series.counts:
            ax.legend(title=group, fontsize=8, title_fontsize=8, frameon=False)
        if not labels:
            ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes)
        ax.yaxis.get_major_locator().set_params(integer=True)
        fig.text(0.01, 0.01, caption, fontsize=7, ha="left", va="bottom", wrap=True)
        fig.tight_layout(rect=(0, 0.05, 1, 1))
        try:
            fig.savefig(out, format=fmt, dpi=DPI)
        except OSError as exc:
            raise BadInput(f"--out: cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        plt.close(fig)
