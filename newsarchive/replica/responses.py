"""Response values the corpus returns and the server sends: status, headers, body.

Every 200 carries an `ETag` and, when the page has one, `Last-Modified`; `conditional` turns a
matching `If-None-Match` / `If-Modified-Since` into a 304.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
JAVASCRIPT = "text/html; charset=utf-8"
"""RebelMouse's load-more endpoint answers an HTML fragment despite its `.js` name."""


@dataclass(kw_only=True)
class Page:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def http_date(value: datetime) -> str:
    return format_datetime(value, usegmt=True)


def ok(
    body: str | bytes, content_type: str = HTML, modified: datetime | None = None
) -> Page:
    data = body.encode("utf-8") if isinstance(body, str) else body
    # CRC-32 plus length: cheap on 100-500 KB pages, and any content change alters it.
    headers = {
        "Content-Type": content_type,
        "ETag": f'"{zlib.crc32(data):08x}-{len(data):x}"',
    }
    if modified is not None:
        headers["Last-Modified"] = http_date(modified)
    return Page(status=200, headers=headers, body=data)


def redirect(location: str, status: int = 301) -> Page:
    return Page(
        status=status,
        headers={"Location": location, "Content-Type": HTML},
        body=f'<html><body>Moved to <a href="{location}">{location}</a></body></html>'.encode(),
    )


def not_found(body: str) -> Page:
    return Page(status=404, headers={"Content-Type": HTML}, body=body.encode("utf-8"))


def conditional(
    page: Page, if_none_match: str | None, if_modified_since: str | None
) -> Page:
    """304 Not Modified when the client's validators match this page, else the page itself."""
    if page.status != 200:
        return page
    etag = page.headers.get("ETag")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        if etag and (etag in tags or "*" in tags):
            return _not_modified(page)
        return page
    last_modified = page.headers.get("Last-Modified")
    if if_modified_since and last_modified:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return page
        if since.tzinfo is not None and parsedate_to_datetime(last_modified) <= since:
            return _not_modified(page)
    return page


def _not_modified(page: Page) -> Page:
    keep = {k: v for k, v in page.headers.items() if k in ("ETag", "Last-Modified")}
    return Page(status=304, headers=keep, body=b"")
