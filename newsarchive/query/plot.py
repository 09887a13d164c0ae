"""The articles-per-month-by-section chart, as a PNG (matplotlib, Agg, no display)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

# More stacked colours than this stop being readable; the rest are summed as "Other".
MAX_SECTIONS = 9


def plot_articles_per_month(
    counts: Iterable[tuple[str, str | None, int]],
    path: Path,
    *,
    title: str = "Articles per month by section",
) -> int:
    """Write a stacked bar chart of (month `YYYY-MM`, section, count) rows to `path`.

    Months without articles appear as gaps, so the time axis stays honest. Returns the
    number of months plotted.
    """
    from matplotlib.figure import Figure  # no pyplot: no global state, no display
    from matplotlib.ticker import MaxNLocator

    per_month: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    for month, section, count in counts:
        label = section or "(no section)"
        per_month[month][label] += count
        totals[label] += count
    months = _month_range(sorted(per_month))
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    shown = ranked[:MAX_SECTIONS]
    if len(ranked) > MAX_SECTIONS:
        shown.append("Other")
        for month in per_month.values():
            month["Other"] = sum(n for s, n in month.items() if s not in shown[:-1])

    # Wide enough for a bar per month, but never wider than a screen.
    figure = Figure(figsize=(min(16.0, max(8.0, 0.16 * len(months) + 4)), 6.0), dpi=110)
    axes = figure.add_subplot()
    bottoms = [0] * len(months)
    colours = _palette(len(shown))
    if shown and shown[-1] == "Other":
        colours[-1] = OTHER_COLOUR
    positions = range(len(months))
    for section, colour in zip(shown, colours, strict=True):
        heights = [per_month.get(m, {}).get(section, 0) for m in months]
        axes.bar(
            positions, heights, bottom=bottoms, label=section, color=colour, width=0.85
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_title(title)
    axes.set_ylabel("articles")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    step = max(1, len(months) // 24)
    axes.set_xticks(list(positions)[::step], months[::step], rotation=60, ha="right")
    axes.set_xlim(-0.6, len(months) - 0.4)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(
        title="section", fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1)
    )
    figure.tight_layout()
    figure.savefig(path, format="png")
    return len(months)


def _month_range(months: list[str]) -> list[str]:
    if not months:
        return []
    year, month = map(int, months[0].split("-"))
    last = tuple(map(int, months[-1].split("-")))
    result = []
    while (year, month) <= last:
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


OTHER_COLOUR = "#c7c7c7"


def _palette(count: int) -> list:
    from matplotlib import colormaps

    # tab10 without its grey, which is kept for "Other".
    colours = [c for i, c in enumerate(colormaps["tab10"].colors) if i != 7]
    return [colours[i % len(colours)] for i in range(count)]
