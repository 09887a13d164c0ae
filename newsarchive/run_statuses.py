"""How a crawl run ended, in one vocabulary: the code `crawl_runs.status` stores and the
words every reader is shown (the crawl's last line and summary, `newsarchive runs` in
every format, the reading room's runs page).

The stored codes are the schema's (migration 0001's CHECK constraint): `partial` is the
code of a run completed with failures. It is shown as those words everywhere; only a
query of the table itself (sqlite3, Datasette) sees the code (docs/schema.md).
"""

from __future__ import annotations

STATUS_WORDS = {
    "completed": "completed",
    "partial": "completed with failures",
    "interrupted": "interrupted",
    "failed": "failed",
    "running": "running",
}


def status_words(code: str | None) -> str | None:
    """The words for a stored status code (an unknown code as it is)."""
    return STATUS_WORDS.get(code, code) if code is not None else None
