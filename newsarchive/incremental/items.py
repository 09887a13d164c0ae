"""The item a revisit answered by 304 Not Modified becomes (the spider yields it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(kw_only=True)
class NotModified:
    """An archived page the server confirmed unchanged: no body, nothing to parse."""

    url: str
    """Final URL (after redirects)."""
    requested_url: str
    fetched_at: datetime
    source: str | None = None
    """How the URL was found this run (`sitemap`, `recheck`, `retry`, ...)."""
    sitemap_lastmod: str | None = None
    """The `<lastmod>` a sitemap gave for the URL this run, if any."""
