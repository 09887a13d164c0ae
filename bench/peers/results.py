"""One tool's run over the bench pages, and its per-field score against the truth."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peers.scoring import (
    FIELDS,
    body_f1,
    body_line_diff,
    field_matches,
    has_value,
    line_start,
)


@dataclass(kw_only=True)
class ToolRun:
    name: str
    version: str = ""
    settings: str = ""
    unsupported: dict[str, str] = field(default_factory=dict)
    """Field -> why the tool has no notion of it (printed as n/a)."""
    pages: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Page id -> {"ms", "cpu_ms", "fields": {...}, "error": str | None}."""
    problem: str | None = None
    """Why the tool could not run at all ("not installable: ...", "runner failed")."""
    raw_sample: Any = None
    """What the tool returned for the first page, shortened."""


@dataclass(kw_only=True)
class ToolScore:
    run: ToolRun
    pages: int = 0
    exact: dict[str, int] = field(default_factory=dict)
    """Field -> pages where it matched the truth."""
    returned: dict[str, int] = field(default_factory=dict)
    """Field -> pages where the tool returned any value."""
    expected: dict[str, int] = field(default_factory=dict)
    """Field -> pages where the truth has a value."""
    body_f1_mean: float = 0.0
    errors: int = 0
    first_error: str | None = None
    ms: list[float] = field(default_factory=list)
    """Wall time per page (ms)."""
    cpu_ms: list[float] = field(default_factory=list)
    """CPU time per page (ms): the speed figure, steady on a shared machine."""
    misses: dict[str, list[int]] = field(default_factory=dict)
    """Field -> ids of the pages it got wrong (first few kept)."""
    body_extra_lines: int = 0
    """Body paragraphs the tool added, over all pages (not in `body_text`)."""
    body_missing_lines: int = 0
    """`body_text` paragraphs the tool lost, over all pages."""
    body_extra_starts: Counter[str] = field(default_factory=Counter)
    """First words of added paragraphs -> pages (boilerplate shows up here)."""


def read_runner_output(path: Path, name: str) -> ToolRun:
    """Parse a runner's JSON lines (see peers/_runner.py)."""
    run = ToolRun(name=name)
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if "header" in record:
            header = record["header"]
            run.version = header["version"]
            run.settings = header["settings"]
            run.unsupported = header["unsupported"]
        elif "raw_sample" in record:
            run.raw_sample = record["raw_sample"]
        else:
            run.pages[record["id"]] = record
    return run


def score(
    run: ToolRun, truth: dict[int, dict[str, Any]], keep_misses: int = 5
) -> ToolScore:
    """Score every truth page (a page missing from the output is wrong everywhere)."""
    result = ToolScore(run=run, pages=len(truth))
    result.exact = dict.fromkeys(FIELDS, 0)
    result.returned = dict.fromkeys(FIELDS, 0)
    result.expected = dict.fromkeys(FIELDS, 0)
    f1_total = 0.0
    for page_id, expected in truth.items():
        record = run.pages.get(page_id) or {
            "fields": {},
            "error": "no output",
            "ms": None,
        }
        if record.get("ms") is not None:
            result.ms.append(record["ms"])
            result.cpu_ms.append(record.get("cpu_ms", record["ms"]))
        if record.get("error"):
            result.errors += 1
            result.first_error = result.first_error or record["error"]
        got = record["fields"]
        for name in FIELDS:
            if name in run.unsupported:
                continue
            value = got.get(name)
            result.returned[name] += has_value(value)
            result.expected[name] += has_value(expected[name])
            if field_matches(name, value, expected):
                result.exact[name] += 1
            else:
                misses = result.misses.setdefault(name, [])
                if len(misses) < keep_misses:
                    misses.append(page_id)
        f1_total += body_f1(got.get("body"), expected["body"])
        if "body" not in run.unsupported and got.get("body") is not None:
            extra, missing = body_line_diff(got.get("body"), expected["body"])
            result.body_extra_lines += len(extra)
            result.body_missing_lines += len(missing)
            result.body_extra_starts.update({line_start(line) for line in extra})
    result.body_f1_mean = f1_total / len(truth) if truth else 0.0
    return result
