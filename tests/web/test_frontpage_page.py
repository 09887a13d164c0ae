"""The reading room's front-page page and the article page's front-page line on an
archive whose front pages were recorded (written through the store)."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta

from newsarchive.items import Placement
from newsarchive.store import open_engine, record_placements

T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_front_page_at_a_time_and_on_the_article_page(served) -> None:
    lead, river = served.truth[-1], served.truth[-2]
    engine = open_engine(served.db)
    try:
        for hour, urls in ((0, (lead, river)), (2, (river, lead))):
            record_placements(
                engine, site=lead["site"], page_url=lead["url"].rsplit("/", 2)[0] + "/",
                placements=[
                    Placement(position=i, block="lead" if i == 1 else "river",
                              url=a["url"], headline=a["title"])
                    for i, a in enumerate(urls, start=1)
                ],
                seen_at=T0 + timedelta(hours=hour), run_id=None,
            )  # fmt: skip
    finally:
        engine.dispose()
    status, html = _get(served.url + "/frontpage?page=/&at=2026-01-01T10:00")
    assert status == 200
    assert html.index(lead["title"]) < html.index(river["title"])
    status, html = _get(served.url + "/frontpage?page=/&at=2026-01-01T11:30")
    assert html.index(river["title"]) < html.index(lead["title"])
    status, html = _get(served.url + "/frontpage?at=not-a-time")
    assert status == 404 and "not a time" in html
    article_id = served.article_id(url=lead["url"])
    status, html = _get(f"{served.url}/article/{article_id}")
    assert "On the front page (lead, best position 1) from 1 January 2026 09:00" in html
    assert (
        "On the front page (river, best position 2) from 1 January 2026 11:00" in html
    )
