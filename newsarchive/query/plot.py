"""Charts for `stats --plot`, drawn to go into a report (matplotlib, no display).

- Over time (`--by month|week|year`): small multiples: every matching article in a
  first panel, then one panel per big section (the rest summed in a last panel) on a
  scale the section panels share, so sections compare at a glance; with a single
  section, one panel.
- By category (`--by section|author|tag|site`): horizontal bars of the biggest, the rest
  grouped when they add up.
Every chart has a title naming the filters and the date range, axis labels, and a
caption with the source archive and the article count. PNG (200 dpi), SVG or PDF,
chosen by the file name's extension.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from newsarchive.query.errors import UnwritableOutput
from newsarchive.query.stats import OTHER_SECTIONS, CountTable, SectionSeries

PLOT_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
PNG_DPI = 200
TOP_CATEGORIES = 15
PANEL_COLUMNS = 3
OTHER_COLOUR = "#7f7f7f"
TOTAL_COLOUR = "#333333"
ALL_ARTICLES = "All matching articles"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip


def plot_format(path: Path | str) -> str:
    """`png`, `svg` or `pdf` from the file name; `UnwritableOutput` for anything else."""
    suffix = Path(str(path)).suffix.lower()
    if suffix not in PLOT_FORMATS:
        raise UnwritableOutput(
            f"--plot {path}: the chart is written as PNG, SVG or PDF, chosen by the "
            "file name's extension; end it with .png, .svg or .pdf"
        )
    return PLOT_FORMATS[suffix]


@dataclass(kw_only=True)
class ChartText:
    title: str
    """What is counted, e.g. "Articles per month by section"."""
    context: str
    """The filters and the date range."""
    caption: str
    """Source archive and article count."""


def describe_range(first_day: str | None, last_day: str | None) -> str:
    """`Jan 2019 – Mar 2026` from two `YYYY-MM-DD` days (empty without data)."""
    if not first_day or not last_day:
        return "no dated articles"

    def month(day: str) -> str:
        return f"{_MONTHS[int(day[5:7]) - 1]} {day[:4]}"

    first, last = month(first_day), month(last_day)
    return first if first == last else f"{first} \u2013 {last}"


def plot_series(
    series: SectionSeries, out: IO[bytes], *, fmt: str, text: ChartText
) -> int:
    """Write the small multiples of `series`; returns the number of periods drawn."""
    figure = _figure()
    names = list(series.sections)
    # A first panel with every matching article when there are sections to compare;
    # it has its own scale, the section panels share one.
    panels = [ALL_ARTICLES, *names] if len(names) > 1 else names
    columns = 1 if len(panels) == 1 else PANEL_COLUMNS
    rows = -(-len(panels) // columns)
    figure.set_size_inches(11.0 if columns > 1 else 10.0, 1.6 + 2.2 * rows + 0.5)
    grid = figure.subplots(rows, columns, sharex=True, squeeze=False)
    x = [_period_date(period) for period in series.periods]
    colours = _palette(len(names))
    section_peak = max((max(c, default=0) for c in series.sections.values()), default=0)
    for index, name in enumerate(panels):
        axes = grid[index // columns][index % columns]
        if name == ALL_ARTICLES:
            counts, colour = series.totals, TOTAL_COLOUR
        else:
            counts = series.sections[name]
            colour = (
                OTHER_COLOUR if name == OTHER_SECTIONS else colours[names.index(name)]
            )
            axes.set_ylim(0, max(section_peak, 1) * 1.08)
        axes.plot(x, counts, color=colour, linewidth=1.4)
        axes.fill_between(x, counts, color=colour, alpha=0.15, linewidth=0)
        if len(panels) > 1:
            axes.set_title(f"{name} ({sum(counts):,})", fontsize=10, loc="left")
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", alpha=0.3)
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(labelsize=8, labelbottom=True)
        axes.yaxis.get_major_locator().set_params(integer=True)
    for index in range(len(panels), rows * columns):
        grid[index // columns][index % columns].set_visible(False)
    scale_note = (
        "Section panels share one scale; the first panel has its own."
        if len(panels) > 1
        else ""
    )
    # The x label under the middle of the bottom row (constrained layout makes room
    # for axes labels, not for a figure-wide one moved above the caption).
    last_row = [grid[(len(panels) - 1) // columns][c] for c in range(columns)]
    visible = [axes for axes in last_row if axes.get_visible()]
    visible[len(visible) // 2].set_xlabel(f"{series.unit} of publication (UTC)")
    figure.supylabel(f"articles per {series.unit}", fontsize=10)
    _label(figure, text, note=scale_note)
    _save(figure, out, fmt)
    return len(series.periods)


def plot_categories(
    table: CountTable,
    out: IO[bytes],
    *,
    fmt: str,
    text: ChartText,
    value_label: str = "articles",
) -> int:
    """Write horizontal bars of `table`'s rows (biggest on top); returns the bar count."""
    labels = [str(row[table.by]) for row in table.rows]
    counts = [row["articles"] for row in table.rows]
    colours = ["#1f77b4"] * len(labels)
    if table.omitted_keys and table.omitted_articles:
        labels.append(f"{table.omitted_keys:,} other {table.by}s")
        counts.append(table.omitted_articles)
        colours.append(OTHER_COLOUR)
    figure = _figure()
    figure.set_size_inches(10.0, 1.9 + 0.32 * max(len(labels), 3))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    bars = axes.barh(positions, counts, color=colours, height=0.7)
    axes.set_yticks(positions, [_short(label) for label in labels], fontsize=9)
    axes.bar_label(
        bars, labels=[f"{count:,}" for count in counts], padding=3, fontsize=8
    )
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", alpha=0.3)
    axes.set_xlim(right=max(counts or [1]) * 1.12)
    axes.xaxis.get_major_locator().set_params(integer=value_label == "articles")
    note = ""
    if table.omitted_keys and not table.omitted_articles:
        note = f"{table.omitted_keys:,} smaller {table.by}s not shown."
    axes.set_xlabel(value_label)
    axes.set_ylabel(table.by)
    _label(figure, text, note=note)
    _save(figure, out, fmt)
    return len(labels)


def _figure():
    from matplotlib.figure import Figure  # no pyplot: no global state, no display

    return Figure(layout="constrained")


def _label(figure, text: ChartText, *, note: str) -> None:
    """Title and context in a band at the top, the caption in one at the bottom (fixed
    heights in inches), the axes and their labels laid out in between."""
    height = figure.get_figheight()
    top_band, bottom_band = 0.85 / height, 0.3 / height
    figure.get_layout_engine().set(rect=(0, bottom_band, 1, 1 - top_band - bottom_band))
    figure.text(
        0.5, 1 - 0.12 / height, text.title,
        ha="center", va="top", fontsize=14, fontweight="bold",
    )  # fmt: skip
    figure.text(
        0.5, 1 - 0.48 / height, text.context,
        ha="center", va="top", fontsize=10, color="#444444",
    )  # fmt: skip
    caption = f"{text.caption}   {note}" if note else text.caption
    figure.text(
        0.01,
        0.08 / height,
        caption,
        ha="left",
        va="bottom",
        fontsize=8,
        color="#555555",
    )


def _save(figure, out: IO[bytes], fmt: str) -> None:
    from matplotlib import rc_context

    options = {"dpi": PNG_DPI} if fmt == "png" else {}
    metadata = {"Creator": "newsarchive"} if fmt in ("svg", "pdf") else None
    # SVG text stays text (editable and searchable in a report), not outlines.
    with rc_context({"svg.fonttype": "none"}):
        figure.savefig(out, format=fmt, metadata=metadata, **options)


def _period_date(period: str) -> date:
    if "-W" in period:
        year, week = period.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    if len(period) == 4:
        return date(int(period), 1, 1)
    return date(int(period[:4]), int(period[5:7]), 1)


def _palette(count: int) -> list:
    from matplotlib import colormaps

    # tab10 without its grey, which is kept for the grouped rest.
    colours = [c for i, c in enumerate(colormaps["tab10"].colors) if i != 7]
    return [colours[i % len(colours)] for i in range(count)]


def _short(label: str, width: int = 40) -> str:
    if len(label) <= width:
        return label
    cut = label[: width - 1].rsplit(" ", 1)[0]
    return cut + "\u2026"
