"""Keep the raw page of every fetch (parsed, failed or duplicate), compressed."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.models import Page
from newsarchive.store.compression import PageCompressor
from newsarchive.urls import url_key


def add_page(
    session: Session,
    fetch: items.PageFetch,
    *,
    site: str,
    article_id: int | None,
    run_id: int | None,
    compressor: PageCompressor,
) -> Page | None:
    """A `pages` row for this fetch; None when there was no HTTP response to keep."""
    values = page_values(
        session,
        fetch,
        site=site,
        article_id=article_id,
        run_id=run_id,
        compressor=compressor,
    )
    if values is None:
        return None
    page = Page(**values)
    session.add(page)
    return page


def page_values(
    session: Session,
    fetch: items.PageFetch,
    *,
    site: str,
    article_id: int | None,
    run_id: int | None,
    compressor: PageCompressor,
) -> dict[str, Any] | None:
    """The `pages` row of this fetch by column name, its body compressed (a new
    dictionary is created in the session if needed); None without an HTTP response."""
    if fetch.status <= 0:
        return None
    body = compressor.compress(
        session, site=site, body=fetch.body, now=fetch.fetched_at
    )
    return {
        "site": site,
        "url": fetch.url,
        "url_key": url_key(fetch.url),
        "requested_url": fetch.requested_url or fetch.url,
        "status": fetch.status,
        "headers": dict(fetch.headers),
        "body": body.data,
        "body_codec": body.codec,
        "body_size": body.size,
        "body_sha256": body.sha256,
        "dictionary_id": body.dictionary_id,
        "fetched_at": fetch.fetched_at,
        "fingerprint": fetch.fingerprint,
        "article_id": article_id,
        "run_id": run_id,
    }
