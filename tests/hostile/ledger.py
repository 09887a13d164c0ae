"""The hostile suite's ledger: one JSON line per case, per xdist worker, in pytest's
cache folder; the controller clears it when the session starts and prints the counts
at the end (hooks in tests/conftest.py, which the controller loads)."""

from __future__ import annotations

import json
import os
from typing import Any

LEDGER_DIR = "hostile-ledger"


def record_case(config: Any, entry: dict[str, Any]) -> None:
    if config.cache is None:
        return
    directory = config.cache.mkdir(LEDGER_DIR)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with (directory / f"{worker}.jsonl").open("a", encoding="utf-8") as ledger:
        ledger.write(json.dumps(entry) + "\n")


def clear_ledger(config: Any) -> None:
    if config.cache is None or hasattr(config, "workerinput"):
        return  # only the controller (or a run without xdist) clears it
    for old in config.cache.mkdir(LEDGER_DIR).glob("*.jsonl"):
        old.unlink()


def summary_line(config: Any) -> str | None:
    """`hostile inputs: N cases tried, ...`, or None when no hostile case ran."""
    if config.cache is None:
        return None
    entries = [
        json.loads(line)
        for path in sorted(config.cache.mkdir(LEDGER_DIR).glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    if not entries:
        return None
    handled = sum(entry["handled"] for entry in entries)
    lost = sum(entry["rows_lost"] for entry in entries)
    destroyed = sum(entry["destroyed"] for entry in entries)
    return (
        f"hostile inputs: {len(entries)} cases tried, {handled} handled cleanly, "
        f"{lost} rows lost, {destroyed} archives destroyed"
    )
