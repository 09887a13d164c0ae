"""Plain text tables for people: one line per row, columns fitted to the terminal.

A row never wraps, and nothing is ever cut inside a URL or a word: prose columns (a
title, a name) are shortened at a word boundary with an ellipsis, down to a floor;
when the table is still too wide, the least needed columns are left out (the caller
says which). URLs are kept whole even when the line gets longer than the terminal, so
they can be copied. Numbers are right-aligned. No box drawing: lines copy and grep
cleanly. Without a width (output to a file or a pipe) every column is shown in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

GAP = "  "
ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class TableColumn:
    key: str
    header: str
    kind: str = "text"
    """`text` (shortened at words), `number` (right-aligned), `whole` (never shortened:
    URLs, dates, codes)."""
    keep: int = 1
    """When the terminal is too narrow, columns with the lowest `keep` go first."""
    min_width: int = 12
    """A `text` column is not shortened below this."""


@dataclass
class FittedTable:
    lines: list[str]
    left_out: list[str]
    """Headers of the columns that did not fit."""


def fit_table(
    columns: Sequence[TableColumn],
    rows: Sequence[Sequence[str]],
    *,
    width: int | None,
) -> FittedTable:
    """Lay out `rows` (cells already text, in `columns` order) within `width`."""
    natural = [
        max([len(column.header), *(len(row[index]) for row in rows)])
        for index, column in enumerate(columns)
    ]
    shown = list(range(len(columns)))
    widths = dict(enumerate(natural))
    if width is not None:
        while True:
            fitted = _shrink(columns, natural, shown, width)
            if fitted is not None or len(shown) == 1:
                widths = fitted or widths
                break
            shown.remove(min(shown, key=lambda i: (columns[i].keep, -i)))
    lines = [_line([columns[i].header for i in shown], columns, shown, widths)]
    for row in rows:
        cells = [_fit_cell(row[i], columns[i], widths[i]) for i in shown]
        lines.append(_line(cells, columns, shown, widths))
    left_out = [column.header for i, column in enumerate(columns) if i not in shown]
    return FittedTable(lines=lines, left_out=left_out)


def _shrink(
    columns: Sequence[TableColumn], natural: list[int], shown: list[int], width: int
) -> dict[int, int] | None:
    """Widths for the `shown` columns within `width`, shortening the widest text
    columns first; None when even the shortest layout does not fit."""
    widths = {i: natural[i] for i in shown}
    budget = width - len(GAP) * (len(shown) - 1)
    text = [i for i in shown if columns[i].kind == "text"]
    floor = {
        i: min(natural[i], max(columns[i].min_width, len(columns[i].header)))
        for i in text
    }
    if sum(widths[i] for i in shown if i not in floor) + sum(floor.values()) > budget:
        return None
    excess = sum(widths.values()) - budget
    while excess > 0:  # take a character from the widest prose column, one at a time
        widest = max((i for i in text if widths[i] > floor[i]), key=widths.__getitem__)
        widths[widest] -= 1
        excess -= 1
    return widths


def _fit_cell(text: str, column: TableColumn, width: int) -> str:
    if column.kind != "text" or len(text) <= width:
        return text
    return shorten(text, width)


def shorten(text: str, width: int) -> str:
    """`text` cut at a word boundary to at most `width` characters, with an ellipsis
    (a first word longer than `width` is cut, as nothing shorter says anything)."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if text[width - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + ELLIPSIS


def _line(
    cells: Sequence[str],
    columns: Sequence[TableColumn],
    shown: list[int],
    widths: dict[int, int],
) -> str:
    parts = []
    last = len(shown) - 1
    for position, (cell, index) in enumerate(zip(cells, shown, strict=True)):
        column = columns[index]
        width = widths[index]
        if column.kind == "number":
            parts.append(cell.rjust(width))
        elif position == last:
            parts.append(cell)  # no trailing spaces
        else:
            parts.append(cell.ljust(width))
    return GAP.join(parts)
