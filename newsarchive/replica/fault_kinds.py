"""The kinds of fault the replica injects, and the profiles that group them.

Each kind names how it goes wrong and what a crawler should record when it gives up on
the page (`reasons`; empty: the page must end up archived correctly anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

ALWAYS = 1_000_000
"""`fail_times` of a transient fault that never heals (within one server process)."""


@dataclass(frozen=True, kw_only=True)
class FaultKind:
    name: str
    scope: str
    """`article` (one article page), `site` (the site's discovery files) or `urls`."""
    transient: bool = False
    reasons: frozenset[str] = frozenset()
    """Failure reasons a crawler records when it gives up on a page with this fault;
    empty when the page must end up archived correctly anyway."""
    description: str = ""


def _kind(
    name: str,
    scope: str,
    reasons: tuple[str, ...],
    description: str,
    transient: bool = False,
) -> FaultKind:
    return FaultKind(
        name=name, scope=scope, transient=transient, reasons=frozenset(reasons),
        description=description,
    )  # fmt: skip


FAULT_KINDS: dict[str, FaultKind] = {
    kind.name: kind
    for kind in (
        _kind("http_500", "article", ("http_500",), "500 Internal Server Error", True),
        _kind("http_503", "article", ("http_503",), "503 with Retry-After", True),
        _kind("http_429", "article", ("http_429",), "429 with Retry-After", True),
        _kind("timeout", "article", ("timeout",), "no answer for longer than the client waits", True),
        _kind("slow_body", "article", ("timeout",), "headers at once, the body trickles", True),
        _kind("connection_reset", "article", ("connection_lost",), "half the body, then a TCP RST", True),
        _kind("truncated", "article", ("truncated",), "the HTML cut off (complete HTTP)", True),
        _kind("markup_changed", "article", ("missing_title", "missing_body", "not_article"),
              "every class renamed and the JSON-LD gone (a site redesign)"),
        _kind("missing_field", "article", ("missing_title", "missing_body", "missing_published_at"),
              "the title, the body or every date left out"),
        _kind("bad_date", "article", ("missing_published_at",), "dates no parser reads"),
        _kind("oversized", "article", ("too_large",), "a page over the download size limit"),
        _kind("gzip_bomb", "article", ("too_large",), "gzip inflating past the size limit"),
        _kind("redirect_loop", "article", ("redirect_loop", "too_many_redirects"),
              "302 to itself through two query variants"),
        _kind("offsite_redirect", "article", ("offsite_redirect",), "301 to another host"),
        _kind("wrong_charset", "article", (), "cp1252 bytes served as charset=utf-8"),
        _kind("missing_charset", "article", (), "cp1252 bytes, no charset declared"),
        _kind("tracking_duplicates", "urls", (),
              "extra links with tracking parameters, `WWW.`, upper case"),
        _kind("sitemap_404", "urls", ("http_404",), "the sitemap also lists a dead URL"),
        _kind("malformed_sitemap", "site", ("malformed_sitemap",), "a sitemap is broken XML"),
        _kind("malformed_feed", "site", ("malformed_feed",), "the main feed is broken XML"),
    )
}  # fmt: skip

TRANSIENT_KINDS = tuple(name for name, kind in FAULT_KINDS.items() if kind.transient)
# Discovery pages get these, always healing: a lost listing page would hide articles.
DISCOVERY_KINDS = ("http_500", "http_503", "http_429", "connection_reset")
PROFILES: dict[str, tuple[str, ...]] = {
    "none": (),
    "mixed": tuple(FAULT_KINDS),
    "transient": TRANSIENT_KINDS,
    "permanent": (
        "markup_changed",
        "missing_field",
        "bad_date",
        "oversized",
        "gzip_bomb",
        "redirect_loop",
        "offsite_redirect",
    ),
    "encoding": ("wrong_charset", "missing_charset"),
    "urls": ("tracking_duplicates", "sitemap_404"),
    "discovery": (
        "malformed_sitemap",
        "malformed_feed",
        "sitemap_404",
        "tracking_duplicates",
    ),
    "stale": ("markup_changed",),
}
# A profile's share when none is given: `stale` breaks most pages, as a redesign does.
PROFILE_SHARES = {"stale": 0.8}
DEFAULT_SHARE = 0.2
GHOST_SUFFIX = "-deleted"
