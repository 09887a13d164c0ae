"""Building the `PageFetch` items the spider yields: a fetched page, or a failed fetch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response

from newsarchive.items import NotModified, PageFetch
from newsarchive.resilience.failures import attempts_of, xml_problem
from newsarchive.resilience.limits import REDIRECT_REFUSALS
from spiders.fetch_failures import FetchFailure


def first_url(request: Request) -> str:
    """The URL as first requested, before any redirect."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


def discovery_of(request: Request) -> dict[str, Any]:
    """How the URL was found (`source`) and the sitemap's `<lastmod>` for it, if any."""
    return {
        "source": request.meta.get("newsarchive_source"),
        "sitemap_lastmod": request.meta.get("sitemap_lastmod"),
    }


def not_modified(response: Response) -> NotModified:
    """A revisit the server answered 304 Not Modified (the archived copy is current)."""
    return NotModified(
        url=response.url,
        requested_url=first_url(response.request),
        fetched_at=datetime.now(UTC),
        **discovery_of(response.request),
    )


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
        fetched_at=datetime.now(UTC),
        fingerprint=fingerprint,
        attempts=attempts_of(response.request),
        **discovery_of(response.request),
        **outcome,
    )


def failed_fetch(
    request: Request, problem: FetchFailure, *, fingerprint: str
) -> PageFetch:
    """A page that could not be fetched, with the error response's body when there was one."""
    response = problem.response
    url = response.url if response is not None else request.url
    if problem.reason in REDIRECT_REFUSALS:
        url = first_url(request)  # the page asked for, not a hop of its redirect chain
    return PageFetch(
        url=url,
        requested_url=first_url(request),
        status=problem.status,
        headers=headers_of(response) if response is not None else {},
        body=response.body if response is not None else b"",
        fetched_at=datetime.now(UTC),
        fingerprint=fingerprint,
        failure_stage="fetch",
        failure_reason=problem.reason,
        failure_detail=problem.detail,
        attempts=attempts_of(request),
        **discovery_of(request),
    )


def xml_problem_of(
    response: Response, xml_of: Callable[[bytes], bytes] = bytes
) -> str | None:
    """Why a sitemap or feed response (`xml_of(body)` is its XML) is not well-formed
    XML; None when it is, or when it is not a 200."""
    return xml_problem(xml_of(response.body)) if response.status == 200 else None
