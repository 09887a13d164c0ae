"""Building the `PageFetch` items the spider yields: a fetched page, or a failed fetch."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from scrapy import Request
from scrapy.http import Response

from newsarchive.items import PageFetch
from spiders.fetch_failures import FetchFailure


def first_url(request: Request) -> str:
    """The URL as first requested, before any redirect."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


def headers_of(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1"): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


def fetched_page(response: Response, *, fingerprint: str, **outcome: Any) -> PageFetch:
    """A page as fetched; `outcome` is `article=` or the `failure_*` fields."""
    return PageFetch(
        url=response.url,
        requested_url=first_url(response.request),
        status=response.status,
        headers=headers_of(response),
        body=response.body,
        fetched_at=datetime.now(timezone.utc),
        fingerprint=fingerprint,
        **outcome,
    )


def failed_fetch(request: Request, problem: FetchFailure, *, fingerprint: str) -> PageFetch:
    """A page that could not be fetched, with the error response's body when there was one."""
    response = problem.response
    return PageFetch(
        url=response.url if response is not None else request.url,
        requested_url=first_url(request),
        status=problem.status,
        headers=headers_of(response) if response is not None else {},
        body=response.body if response is not None else b"",
        fetched_at=datetime.now(timezone.utc),
        fingerprint=fingerprint,
        failure_stage="fetch",
        failure_reason=problem.reason,
        failure_detail=problem.detail,
    )
