"""Failure-recording helpers: what went wrong with a request, in the archive's terms.

`FetchRefused` is what the resilience middlewares (limits, loops, truncation) raise for a
response the crawler will not use, so a refused page reaches the request's errback and
becomes a `fetch` failure with its reason, instead of an `IgnoreRequest` that Scrapy (and
the spider) would treat as "not wanted".

The spider's errback (`spiders/page_fetch.describe`) asks `refusal_of` first, so a
page refused by a resilience middleware, or cut off by `DOWNLOAD_MAXSIZE`, is recorded
with its own reason instead of passing as an ignored request.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip

_MAXSIZE_WORDS = ("maxsize", "max size", "DOWNLOAD_MAXSIZE")
GZIP_MAGIC = b"\x1f\x8b\x08"
MAX_SITEMAP_BYTES = 64 * 1024 * 1024  # the sitemap protocol's limit is 50 MB


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


@dataclass(frozen=True, kw_only=True)
class Refusal:
    reason: str
    detail: str
    status: int
    response: Response | None = None


def refusal_of(error: BaseException) -> Refusal | None:
    """The recorded reason of an error a limit or guard raised; None for others."""
    if isinstance(error, FetchRefused):
        return Refusal(
            reason=error.reason, detail=error.detail, status=error.status,
            response=error.response,
        )  # fmt: skip
    text = str(error)
    if isinstance(error, DownloadCancelledError) and any(
        w in text for w in _MAXSIZE_WORDS
    ):
        return Refusal(reason="too_large", detail=text, status=0)
    return None


def attempts_of(request: Request) -> int:
    """How many times the request was tried (1 + its retries)."""
    return int(request.meta.get("retry_times", 0)) + 1


def sitemap_xml(body: bytes) -> bytes:
    """A sitemap's XML: gunzipped when it is a `.xml.gz` served without Content-Encoding
    (empty when that gzip is broken or too big)."""
    if body[:3] != GZIP_MAGIC:
        return body
    try:
        return gunzip(body, max_size=MAX_SITEMAP_BYTES)
    except Exception:  # noqa: BLE001 - scrapy raises assorted types for broken or oversized gzip
        return b""


def xml_problem(body: bytes) -> str | None:
    """Why an XML document (sitemap, feed) is malformed, or None when it is well formed.
    Readers of sitemaps and feeds recover what they can anyway; this is for the record."""
    if not body.strip():
        return "the document is empty"
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True,
                             huge_tree=True)  # fmt: skip
    try:
        etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        return f"malformed XML: {error}"
    return None
