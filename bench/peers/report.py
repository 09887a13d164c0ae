"""The extraction benchmark's table and footnotes, as Markdown."""

from __future__ import annotations

import json
from dataclasses import dataclass

from common import markdown_table, median_mean, percent

from peers.results import ToolScore
from peers.scoring import FIELDS

FIELD_HEADERS = {
    "body": "body",
    "title": "title",
    "authors": "authors",
    "published": "date",
    "section": "section",
    "top_image_credit": "top image credit",
    "teasers": "teasers",
}
SPEED_BASELINE = "trafilatura"
OURS = "newsarchive"
TARGET_SPEEDUP = 10.0
TARGET_EXACT = 0.99


@dataclass(kw_only=True)
class BenchContext:
    command: str
    pages: int
    generated_articles: int
    page_kb_setting: int
    mean_page_kb: float
    base_url: str
    machine: str
    repeat: int
    load: str
    """Load average (1 min) before and after the run, e.g. "0.4 -> 1.9"."""


def render(scores: list[ToolScore], context: BenchContext) -> str:
    """The whole section body: settings, the table, footnotes."""
    setting = (
        f"{context.pages} replica article pages ({context.generated_articles} "
        f"generated + the seed article), replica `page_kb={context.page_kb_setting}` "
        f"(mean page size {context.mean_page_kb:.0f} KB, docs/design/decisions.md 10), rendered "
        f"in-process by "
        f"`newsarchive.replica.Corpus` with base URL `{context.base_url}`. "
        f"{context.machine}."
    )
    method = (
        f"Per-page time is the extraction call alone on the decoded HTML string, the "
        f"fastest of {context.repeat} runs per page (after one untimed warm-up page; "
        f"no interpreter start-up, imports or file reading), as CPU time of the tool's "
        f"process (steady when other work shares the cores; load average "
        f"{context.load}) and as wall time. Exact match is the share of pages whose "
        f"field equals the replica's ground truth."
    )
    parts = [
        f"Command: `{context.command}`",
        "",
        setting,
        method,
        "",
        _table(scores),
        "",
        _target_verdict(scores),
        "",
        *_footnotes(scores),
    ]
    return "\n".join(parts).strip() + "\n"


def _table(scores: list[ToolScore]) -> str:
    headers = ["tool", "title", "authors", "date", "section", "body exact", "body F1",
               "top image credit", "teasers", "CPU ms/page median", "CPU ms/page mean",
               "wall ms/page median",
               "x faster than trafilatura (CPU median / mean)"]  # fmt: skip
    baseline = next((s for s in scores if s.run.name == SPEED_BASELINE and s.ms), None)
    base_median, base_mean = median_mean(baseline.cpu_ms) if baseline else (None, None)
    rows = []
    for s in scores:
        label = f"{s.run.name} {s.run.version}".strip()
        if s.run.problem:
            rows.append([label] + ["-"] * (len(headers) - 1))
            continue
        cells = [label]
        for name in FIELDS:
            if name in s.run.unsupported:
                cells.append("n/a")
                if name == "body":
                    cells.append("n/a")
                continue
            cells.append(percent(s.exact[name], s.pages))
            if name == "body":
                cells.append(f"{s.body_f1_mean:.3f}")
        median, mean = median_mean(s.cpu_ms)
        cells += [f"{median:.2f}", f"{mean:.2f}", f"{median_mean(s.ms)[0]:.2f}"]
        if base_median and base_mean and median > 0 and mean > 0:
            cells.append(f"{base_median / median:.1f}x / {base_mean / mean:.1f}x")
        else:
            cells.append("n/a")
        rows.append(cells)
    return markdown_table(headers, rows)


def _target_verdict(scores: list[ToolScore]) -> str:
    """The issue's target: >= 10x faster than trafilatura, >= 99% exact per field."""
    ours = next((s for s in scores if s.run.name == OURS and not s.run.problem), None)
    baseline = next((s for s in scores if s.run.name == SPEED_BASELINE and s.ms), None)
    if ours is None or baseline is None or not ours.ms or not min(ours.cpu_ms) > 0:
        return "Target: not assessed (newsarchive or trafilatura did not run)."
    speedup = median_mean(baseline.cpu_ms)[0] / median_mean(ours.cpu_ms)[0]
    low = [
        f"{FIELD_HEADERS[name]} {percent(ours.exact[name], ours.pages)}"
        for name in FIELDS
        if ours.exact[name] < TARGET_EXACT * ours.pages
    ]
    speed = "met" if speedup >= TARGET_SPEEDUP else "NOT met"
    fields = "met" if not low else "NOT met (" + ", ".join(low) + ")"
    return (
        f"Target: newsarchive >= {TARGET_SPEEDUP:.0f}x faster per page than "
        f"trafilatura: {speed} ({speedup:.1f}x, median CPU time); every field's exact "
        f"match >= {TARGET_EXACT:.0%}: {fields}."
    )


def _footnotes(scores: list[ToolScore]) -> list[str]:
    notes = ["Notes:", ""]
    for s in scores:
        run = s.run
        if run.problem:
            notes.append(f"- **{run.name}**: {run.problem}")
            continue
        notes.append(f"- **{run.name}** settings: `{run.settings}`.")
        for name, reason in run.unsupported.items():
            notes.append(f"  - {FIELD_HEADERS.get(name, name)} n/a: {reason}.")
        never = [
            f"{FIELD_HEADERS[name]} (the truth has one on {s.expected[name]} pages)"
            for name in FIELDS
            if name not in run.unsupported
            and s.returned[name] == 0
            and s.expected[name]
        ]
        if never:
            notes.append(f"  - returned nothing on any page for: {', '.join(never)}.")
        if s.body_extra_lines or s.body_missing_lines:
            common = ", ".join(
                f"'{start} ...' on {pages} pages"
                for start, pages in s.body_extra_starts.most_common(3)
            )
            notes.append(
                f"  - body: {s.body_extra_lines / s.pages:.1f} paragraphs per page "
                f"added that are not body, {s.body_missing_lines / s.pages:.1f} body "
                f"paragraphs per page lost"
                + (f"; most added start {common}" if common else "")
                + "."
            )
        if s.errors:
            notes.append(f"  - raised on {s.errors} page(s), e.g. `{s.first_error}`.")
        if not any(s.returned[name] for name in FIELDS if name not in run.unsupported):
            notes.append(
                f"  - cannot extract this site at all; what it returns for the seed "
                f"page: {_raw_summary(run.raw_sample)}"
            )
    rules = (
        "Field rules: text fields and the body's exact match compare after squeezing "
        "whitespace (no case folding, no Unicode normalisation); authors compare as a "
        "multiset of names; the date matches to the minute in UTC for an aware "
        "datetime, and a naive datetime may also match the wall-clock time of the "
        "page's own raw value; a tool that returns only a date compares on the date "
        "(America/New_York, docs/design/decisions.md 8, or the raw value's own offset); body F1 is "
        "bag-of-words F1 over lower-cased `\\w+` tokens against `body_text`; teasers "
        "compare as the ordered list of (url, headline). A page a tool raised on is "
        "wrong for every field."
    )
    return [*notes, "", rules]


def _raw_summary(raw: object, limit: int = 700) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("summary"), str):
        return raw["summary"]  # the runner's own account of its output
    text = json.dumps(raw, ensure_ascii=False)
    return "`" + (text if len(text) <= limit else text[:limit] + "...") + "`"
