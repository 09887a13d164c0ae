from __future__ import annotations

import io
from datetime import UTC, datetime

from warcio.archiveiterator import ArchiveIterator

from newsarchive.query.warc import RawPage, write_warc


def test_warc_records_replay_the_stored_body() -> None:
    body = "<html><body><h1>Caf\u00e9 talks</h1></body></html>".encode()
    pages = [
        RawPage(
            url="http://127.0.0.1:8765/seed/",
            requested_url="http://127.0.0.1:8765/2023/10/27/seed",
            status=200,
            headers={
                "Content-Type": "text/html; charset=utf-8",
                "Content-Encoding": "gzip",
            },
            body=body,
            fetched_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        )
    ]
    out = io.BytesIO()
    assert write_warc(pages, out, filename="x.warc.gz") == 1
    assert out.getvalue()[:2] == b"\x1f\x8b"  # gzip members
    records = list(ArchiveIterator(io.BytesIO(out.getvalue())))
    assert [r.rec_type for r in records] == ["warcinfo", "response"]
    response = records[1]
    assert response.rec_headers.get_header("WARC-Target-URI") == pages[0].url
    assert response.rec_headers.get_header("WARC-Date") == "2024-01-02T03:04:05Z"
    assert response.http_headers.get_statuscode() == "200"
    assert response.http_headers.get_header("Content-Encoding") is None
    assert response.http_headers.get_header("Content-Length") == str(len(body))


def test_warc_body_round_trips() -> None:
    body = b"<html>" + b"x" * 10_000 + b"</html>"
    page = RawPage(
        url="https://e.org/a/",
        status=404,
        body=body,
        fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    out = io.BytesIO()
    write_warc([page], out)
    replayed = [
        (record.http_headers.statusline, record.content_stream().read())
        for record in ArchiveIterator(io.BytesIO(out.getvalue()))
        if record.rec_type == "response"
    ]
    assert replayed == [("404 Not Found", body)]
