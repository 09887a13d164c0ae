"""The loop every peer runner shares (standard library only: runs in a peer venv).

A runner script (`run_<peer>.py`) says how its tool extracts one page and how the tool's
output maps onto the benchmark fields, then calls `run()`. `run()` reads the manifest
written by bench/extraction.py (one JSON line per page: `id`, `url`, `file`), extracts
page 0 once untimed as a warm-up (lazy imports, caches), then times every page
`--repeat` times (the fastest run counts; wall and CPU time), and writes JSON lines:

    {"header": {"peer", "version", "settings", "unsupported": {field: reason}}}
    {"id", "ms", "cpu_ms", "fields": {...}, "error": str | null}   one per page
    {"raw_sample": {...}}                                    the tool's output, page 0

Only the extraction call is timed (no interpreter start-up, imports or file reading).

Mapped fields (None = the tool returned nothing for it): title: str; authors: [str];
published: {"value": ISO str, "kind": "datetime" | "date" | "unparsed"}; section: str;
body: str; top_image_credit: str; teasers: [[url, headline]].
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FIELDS = ("title", "authors", "published", "section", "body", "top_image_credit",
          "teasers")  # fmt: skip


def published_value(value: Any) -> dict[str, str] | None:
    """Map a tool's date (datetime, date, or string) to {"value", "kind"}."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return {"value": value.isoformat(), "kind": "datetime"}
    if isinstance(value, dt.date):
        return {"value": value.isoformat(), "kind": "date"}
    text = str(value).strip()
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return {"value": text, "kind": "unparsed"}
    if len(text) <= 10:
        return {"value": parsed.date().isoformat(), "kind": "date"}
    return {"value": parsed.isoformat(), "kind": "datetime"}


def jsonable(value: Any, limit: int = 800) -> Any:
    """A JSON-ready, shortened copy of a tool's output (to show what it returns)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v, limit) for k, v in list(value.items())[:60]}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v, limit) for v in list(value)[:20]]
    if isinstance(value, str):
        return value if len(value) <= limit else value[:limit] + "..."
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return jsonable(repr(value), limit)


def run(
    *,
    peer: str,
    version: str,
    settings: str | Callable[[], str],
    unsupported: dict[str, str],
    extract: Callable[[str, str], Any],
    to_fields: Callable[[Any], dict[str, Any]],
    raw_view: Callable[[Any], Any] = lambda result: result,
    prepare: Callable[[str, str], None] | None = None,
) -> None:
    """Extract every manifest page with `extract(html, url)`, map with `to_fields`.

    `prepare(html, url)` runs once, untimed, on page 0 before anything else (a runner
    that picks its configuration from a page does it there); `settings` may be a
    callable, read after `prepare`."""
    parser = argparse.ArgumentParser(description=f"Run {peer} over a bench manifest.")
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per page")
    args = parser.parse_args()

    lines = args.manifest.read_text("utf-8").splitlines()
    pages = [json.loads(line) for line in lines if line]
    with args.out.open("w", encoding="utf-8") as out:
        raw_sample: Any = None
        for position, page in enumerate(pages):
            html = (args.manifest.parent / page["file"]).read_text(encoding="utf-8")
            if position == 0:
                if prepare is not None:
                    prepare(html, page["url"])
                described = settings() if callable(settings) else settings
                header = {"peer": peer, "version": version, "settings": described,
                          "unsupported": unsupported}  # fmt: skip
                out.write(json.dumps({"header": header}) + "\n")
                _call_quietly(extract, html, page["url"])  # warm-up
            record, result = extract_page(extract, to_fields, html, page, args.repeat)
            for name in unsupported:
                record["fields"][name] = None
            if position == 0 and record["error"] is None:
                raw_sample = _call_quietly(raw_view, result)
            out.write(json.dumps(record) + "\n")
        out.write(json.dumps({"raw_sample": jsonable(raw_sample)}) + "\n")
    print(f"{peer}: {len(pages)} pages done", file=sys.stderr)


def extract_page(
    extract: Callable[[str, str], Any],
    to_fields: Callable[[Any], dict[str, Any]],
    html: str,
    page: dict[str, Any],
    repeat: int = 1,
) -> tuple[dict[str, Any], Any]:
    """Time `extract(html, url)` `repeat` times; map the first result's fields.

    Records the fastest wall time (`ms`) and the fastest CPU time of this process
    (`cpu_ms`): the machine is shared, and CPU time barely moves with other load.
    Also used in-process for newsarchive's parser, so every tool is timed alike."""
    fields: dict[str, Any] = dict.fromkeys(FIELDS)
    record: dict[str, Any] = {"id": page["id"], "fields": fields, "error": None}
    wall, cpu, result = [], [], None
    for attempt in range(max(repeat, 1)):
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            outcome = extract(html, page["url"])
        except Exception as exc:  # noqa: BLE001  a tool failing on a page is a data point
            record["error"] = f"{type(exc).__name__}: {exc}"[:300]
        wall.append((time.perf_counter() - started) * 1000.0)
        cpu.append((time.process_time() - started_cpu) * 1000.0)
        if record["error"]:
            break
        result = outcome if attempt == 0 else result
    record["ms"], record["cpu_ms"] = min(wall), min(cpu)
    if record["error"] is None:
        fields.update(to_fields(result))
    return record, result


def _call_quietly(function: Callable[..., Any], *args: Any) -> Any:
    """Warm-up and raw samples must never end a run; their failures are reported."""
    try:
        return function(*args)
    except Exception as exc:  # noqa: BLE001  the timed call reports the real error
        return {"failed": repr(exc)[:300]}
