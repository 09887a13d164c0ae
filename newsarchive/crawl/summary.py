"""The end-of-crawl summary table (rich), built from a `CrawlOutcome`."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table

from newsarchive.archive_url import shown_location
from newsarchive.crawl.runner import CrawlOutcome
from newsarchive.run_statuses import status_words


def _breakdown(values: dict[str, int]) -> str:
    shown = {key: value for key, value in values.items() if value}
    if not shown:
        return "0"
    total = sum(shown.values())
    parts = ", ".join(f"{key} {value}" for key, value in shown.items())
    return f"{total} ({parts})"


def _errors_logged(outcome: CrawlOutcome) -> str:
    errors = int(outcome.stats.get("log_count/ERROR", 0))
    if not errors:
        return "0"
    return f"{errors} (see --log-file, or rerun with -v)"


def _incremental(stats: dict) -> str:
    """What an incremental run did besides fetching (newsarchive.incremental)."""
    parts = {
        "unchanged by <lastmod>": stats.get(
            "newsarchive/incremental/unchanged_articles", 0
        ),
        "not modified (304)": stats.get("newsarchive/not_modified", 0),
        "moved": stats.get("newsarchive/store/moved", 0),
        "gone": stats.get("newsarchive/gone", 0),
        "failures retried": stats.get("newsarchive/failures_retried", 0),
    }
    shown = ", ".join(f"{name} {value}" for name, value in parts.items() if value)
    mode = stats.get("newsarchive/incremental/mode", "?")
    return f"mode {mode}" + (f": {shown}" if shown else "")


def summary_table(outcome: CrawlOutcome) -> Table:
    counts = outcome.counts
    table = Table(title="Crawl summary", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value")
    rows = [
        ("start URL", outcome.start_url),
        ("article URLs discovered", str(counts.discovered)),
        ("pages fetched", str(counts.fetched)),
        ("article pages", str(counts.article_pages)),
        ("articles new", str(counts.new)),
        ("articles updated", str(counts.updated)),
        ("articles unchanged", str(counts.unchanged)),
        ("incremental run", _incremental(outcome.stats)),
        ("duplicates by layer", _breakdown(counts.duplicates)),
        ("skipped", _breakdown(counts.skipped)),
        ("failures by reason", _breakdown(counts.failures)),
        ("wall time", f"{outcome.wall_seconds:.1f} s"),
        ("pages/s", f"{outcome.pages_per_second:.1f}"),
        ("run status", status_words(outcome.verdict.status)),
        ("finish reason", str(outcome.finish_reason)),
        ("errors logged", _errors_logged(outcome)),
        ("archive", shown_location(_absolute(outcome.db_path))),
    ]
    for what, value in rows:
        table.add_row(what, value)
    return table


def _absolute(db_path: Path | str) -> Path | str:
    return db_path.resolve() if isinstance(db_path, Path) else db_path
