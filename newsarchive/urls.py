"""URL identity: the dedupe key of a page (a site's URL rules: newsarchive/sites).

`canonical_url` is stored as the page declares it; `url_key` is what we compare
(docs/design/decisions.md 13): https, no `www.`, lower-case host, trailing slash on the path, no
tracking parameters, no fragment. Media URLs keep their `?id=`.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that never change what a page is.
TRACKING_PARAMETERS = frozenset(
    {
        "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
        "utm_id", "utm_name", "fbclid", "gclid", "dclid", "msclkid", "mc_cid",
        "mc_eid", "ref", "ref_src", "rebelltitem", "_ga", "share", "amp",
    }
)  # fmt: skip


def strip_tracking(url: str) -> str:
    """Drop tracking parameters and the fragment, keeping every other parameter."""
    return url_query_cleaner(
        url, parameterlist=TRACKING_PARAMETERS, remove=True, keep_fragments=False
    )


# Memoised: a crawl asks for the key of the same URL many times (the spider for every
# link, then dedupe, store and the incremental planner for every page), and w3lib's
# canonicalisation is the costly part. Bounded, so memory stays flat on a big site.
@functools.lru_cache(maxsize=8192)
def url_key(url: str) -> str:
    """The identity of a page URL: equal keys mean the same page.

    >>> url_key("http://www.Example.org/slug?utm_source=x#top")
    'https://example.org/slug/'
    """
    cleaned = canonicalize_url(strip_tracking(url))
    parts = urlsplit(cleaned)
    host = parts.netloc.lower()
    host = host.removeprefix("www.")
    path = parts.path or "/"
    if not path.endswith("/") and not _looks_like_file(path):
        path += "/"
    return urlunsplit(("https", host, path, parts.query, ""))


def _looks_like_file(path: str) -> bool:
    last_segment = path.rsplit("/", 1)[-1]
    return "." in last_segment


@functools.lru_cache(maxsize=8192)  # pure; called for every link of every page
def host_of(url: str) -> str:
    """Lower-case host without `www.` and without the port."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")
