"""Turning a failed request (an errback's Failure) into a short reason and a sentence.

Reasons are stable codes: they become stats keys (`newsarchive/failures/<reason>`) and
the `failures.reason` column, so analysts can group on them.
"""

from __future__ import annotations

from dataclasses import dataclass

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

from newsarchive.resilience.failures import refusal_of

# Most specific first: HttpError is itself an IgnoreRequest.
_REASONS: tuple[
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
    for classes, reason in _REASONS:
        if isinstance(exc, classes):
            return FetchFailure(reason=reason, detail=_sentence(exc), status=0)
    return FetchFailure(
        reason=_snake(type(exc).__name__), detail=_sentence(exc), status=0
    )


def _sentence(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _snake(name: str) -> str:
    out = [
        f"_{char.lower()}" if char.isupper() and index else char.lower()
        for index, char in enumerate(name)
    ]
    return "".join(out)
