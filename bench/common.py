"""Helpers shared by the bench/ scripts: timing summaries, tables, docs/benchmarks.md.

Bench scripts are run as `python bench/<name>.py` (so `import common` works from them);
each prints a Markdown table and, with `--write`, replaces its own `## <Section>` of
docs/benchmarks.md.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS_DOC = REPO_ROOT / "docs" / "benchmarks.md"

DOC_INTRO = """# Benchmarks

Figures measured by the scripts in `bench/` (scripts, not tests: each prints a table
and, with `--write`, replaces its own section below). Every section names the exact
command, the machine size and the replica settings it used, so a figure can be
re-measured.
"""

T = TypeVar("T")


def timed_ms(function: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    """Call `function`; return its result and the wall time it took in milliseconds."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, (time.perf_counter() - started) * 1000.0


def median_mean(samples: Sequence[float]) -> tuple[float, float]:
    """Median and mean of timing samples (NaN for an empty list)."""
    if not samples:
        return float("nan"), float("nan")
    return statistics.median(samples), statistics.fmean(samples)


def percent(hits: int, total: int) -> str:
    """`hits/total` as a percentage with one decimal ("n/a" when there is nothing)."""
    return "n/a" if total == 0 else f"{100.0 * hits / total:.1f}%"


def markdown_table(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], right_align_from: int = 1
) -> str:
    """A Markdown table, padded so it also reads well in a terminal.

    Columns from `right_align_from` on are right-aligned (numbers)."""
    text_rows = [[str(cell) for cell in row] for row in rows]
    widths = [
        max([len(header)] + [len(row[i]) for row in text_rows])
        for i, header in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(widths[i]) if i >= right_align_from else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        "-" * (w - 1) + ":" if i >= right_align_from else "-" * w
        for i, w in enumerate(widths)
    ]
    return "\n".join([line(headers), line(rule)] + [line(row) for row in text_rows])


def write_doc_section(title: str, body: str, doc: Path = BENCHMARKS_DOC) -> Path:
    """Create or replace the `## {title}` section of docs/benchmarks.md.

    Other sections are left as they are; a missing file starts with a short intro."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else DOC_INTRO
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(
        rf"^## {re.escape(title)}[ \t]*\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL
    )
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")
    return doc
