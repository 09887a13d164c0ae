"""Writing stored raw pages as WARC response records (warcio), for web archivists.

The archive keeps each page's body as the crawler received it after content decoding,
so the HTTP headers written here drop `Content-Encoding` / `Transfer-Encoding` and carry
the decoded length: a WARC reader replays exactly the stored bytes.
"""

from __future__ import annotations

import http
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO

from newsarchive import __version__

# Headers that described the bytes on the wire, not the decoded body we kept.
_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(kw_only=True)
class RawPage:
    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    fetched_at: datetime
    requested_url: str | None = None


def write_warc(
    pages: Iterable[RawPage], out: IO[bytes], *, filename: str | None = None
) -> int:
    """Write a warcinfo record then one gzipped `response` record per page.

    Returns the number of response records written.
    """
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    info = {
        "software": f"newsarchive/{__version__}",
        "format": "WARC File Format 1.1",
        "description": "Raw article pages stored in a newsarchive archive",
    }
    writer.write_record(writer.create_warcinfo_record(filename, info))
    count = 0
    for page in pages:
        writer.write_record(_response_record(writer, page))
        count += 1
    return count


def _response_record(writer, page: RawPage):
    from warcio.statusandheaders import StatusAndHeaders

    header_lines = [
        (name, value)
        for name, value in page.headers.items()
        if name.lower() not in _WIRE_HEADERS
    ]
    header_lines.append(("Content-Length", str(len(page.body))))
    http_headers = StatusAndHeaders(
        f"{page.status} {_reason_phrase(page.status)}",
        header_lines,
        protocol="HTTP/1.1",
    )
    warc_headers = {"WARC-Date": _warc_date(page.fetched_at)}
    if page.requested_url and page.requested_url != page.url:
        # Not a standard field; lets a reader see the redirect the crawler followed.
        warc_headers["WARC-Source-URI"] = page.requested_url
    return writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(page.body),
        length=len(page.body),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )


def _reason_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _warc_date(value: datetime) -> str:
    utc = value.astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="seconds") + "Z"
