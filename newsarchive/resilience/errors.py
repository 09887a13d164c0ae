"""`FetchRefused`: a response the crawler will not use, with the reason it records.

Raised by the resilience middlewares (limits, loops, truncation) so a refused page
reaches the request's errback and becomes a `fetch` failure with its reason, instead of
an `IgnoreRequest` that Scrapy (and the spider) would treat as "not wanted".
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response


class FetchRefused(IgnoreRequest):
    """A page refused after (or while) fetching it. `reason` is a stable code
    (`too_large`, `redirect_loop`, `offsite_redirect`, `truncated`, ...)."""

    def __init__(
        self,
        reason: str,
        detail: str,
        *,
        response: Response | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.response = response
        """The response as far as it came, kept so the raw page is archived."""
        self.status = (
            status if status is not None else (response.status if response else 0)
        )
