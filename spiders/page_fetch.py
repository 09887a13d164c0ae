"""The records the spider yields for a page: fetched (parsed or not), not modified, or
failed, with the failure told as a stable reason and a sentence.

Reasons are stable codes: they become stats keys (`newsarchive/failures/<reason>`) and
the `failures.reason` column, so analysts can group on them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_errors
from twisted.python.failure import Failure

from newsarchive.items import NotModified, PageFetch
from newsarchive.resilience.failures import attempts_of, refusal_of, xml_problem
from newsarchive.resilience.limits import REDIRECT_REFUSALS

# Most specific first: HttpError is itself an IgnoreRequest.
REASONS: tuple[
    tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...
] = (
    (CannotResolveHostError, "dns_lookup_failed"),
    (twisted_errors.DNSLookupError, "dns_lookup_failed"),
    (DownloadConnectionRefusedError, "connection_refused"),
    (twisted_errors.ConnectionRefusedError, "connection_refused"),
    ((DownloadTimeoutError, twisted_errors.TimeoutError), "timeout"),
    (twisted_errors.TCPTimedOutError, "timeout"),
    (ResponseDataLossError, "connection_lost"),
    ((twisted_errors.ConnectionLost, twisted_errors.ConnectionDone), "connection_lost"),
    (twisted_errors.ConnectError, "connection_failed"),
)


@dataclass(kw_only=True, frozen=True)
class FetchFailure:
    reason: str
    """`http_404`, `dns_lookup_failed`, `timeout`, `connection_refused`, ..."""
    detail: str
    status: int
    """The HTTP status, or 0 when no response came back."""
    response: Response | None = None
    ignored: bool = False
    """True when Scrapy chose not to fetch (robots.txt, off-site): not a failure."""


def describe(failure: Failure) -> FetchFailure:
    """What went wrong with a request, in the archive's vocabulary."""
    exc = failure.value
    if isinstance(exc, HttpError):
        response = exc.response
        return FetchFailure(
            reason=f"http_{response.status}",
            detail=f"the server answered HTTP {response.status} for {response.url}",
            status=response.status,
            response=response,
        )
    # A page refused by a limit or guard (newsarchive.resilience) is a failure with its
    # own reason, not an ignored request, though FetchRefused is an IgnoreRequest.
    refusal = refusal_of(exc)
    if refusal is not None:
        return FetchFailure(
            reason=refusal.reason,
            detail=refusal.detail,
            status=refusal.status,
            response=refusal.response,
        )
    if isinstance(exc, IgnoreRequest):
        return FetchFailure(
            reason="ignored",
            detail=str(exc) or "request ignored",
            status=0,
            ignored=True,
        )
    for classes, reason in REASONS:
        if isinstance(exc, classes):
            return FetchFailure(reason=reason, detail=sentence(exc), status=0)
    return FetchFailure(
        reason=snake(type(exc).__name__), detail=sentence(exc), status=0
    )


def sentence(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def snake(name: str) -> str:
    out = [
        f"_{char.lower()}" if char.isupper() and index else char.lower()
        for index, char in enumerate(name)
    ]
    return "".join(out)


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
