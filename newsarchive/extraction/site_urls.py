"""What kind of page a responsiblestatecraft.org URL points at (docs/design/real-markup-notes.md §1).

Articles are one path segment with a hyphen, or a legacy `/YYYY/MM/DD/<slug>`. Section,
region, author, tag, feed and platform paths are excluded by prefix, and single-segment
section and static pages by a fixed list (some section slugs have hyphens too).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

# Single-segment section landing pages (the real site's navigation and the replica's).
SECTION_SLUGS = frozenset(
    {
        "analysis", "media", "latest", "qiosk", "opinion", "reporting", "news", "video",
        "video-section", "military-industrial-complex", "washington-politics",
        "global-crises", "north-america", "europe", "asia-pacific", "africa",
        "latin-america", "middle-east", "regions", "podcasts",
    }
)  # fmt: skip
STATIC_SLUGS = frozenset(
    {
        "about", "contact", "privacy-policy", "editorial-and-submission-policy",
        "terms-of-service", "terms-of-use", "donate", "newsletter", "search",
        "feed", "feeds", "sitemap", "amp", "staff", "authors", "tags",
    }
)  # fmt: skip
# Prefixes of paths that are never articles.
NON_ARTICLE_PREFIXES = frozenset(
    {
        "author", "tag", "regions", "feeds", "feed", "res", "media-library", "u",
        "core", "search", "r", "static", "amp", "api", "wp-content", "wp-admin",
    }
)  # fmt: skip
INDEX_PREFIXES = {"author": "author", "tag": "tag", "regions": "region"}

_LEGACY_ARTICLE = re.compile(r"^(\d{4})/(\d{2})/(\d{2})/[^/]+$")


# Memoised (a pure function of the URL): index and article pages repeat the same
# navigation links, and every link is classified once per page it appears on.
@functools.lru_cache(maxsize=8192)
def path_segments(url: str) -> tuple[str, ...] | None:
    """Non-empty path segments, or None for a URL that is not http(s)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    return tuple(segment for segment in parts.path.split("/") if segment)


def looks_like_article_url(url: str) -> bool:
    """True for `/<slug-with-hyphen>/` and legacy `/YYYY/MM/DD/<slug>` URLs."""
    segments = path_segments(url)
    if not segments:
        return False
    if len(segments) == 4:
        return bool(_LEGACY_ARTICLE.match("/".join(segments)))
    if len(segments) != 1:
        return False
    slug = segments[0].lower()
    return (
        "-" in slug
        and "." not in slug  # files: /sitemap-1.xml, /ads-txt.txt
        and slug not in SECTION_SLUGS
        and slug not in STATIC_SLUGS
        and slug not in NON_ARTICLE_PREFIXES
    )


def index_kind(url: str) -> str | None:
    """`home`, `section`, `region`, `author`, `tag` or `load_more` for index URLs;
    None for anything else (articles, feeds, static pages)."""
    segments = path_segments(url)
    if segments is None:
        return None
    if not segments:
        return "home"
    first = segments[0].lower()
    if first == "res" and segments[1:2] == ("load_more_posts",):
        return "load_more"
    if first in INDEX_PREFIXES and len(segments) >= 2:
        return INDEX_PREFIXES[first]
    if len(segments) == 1 and _is_section_slug(first):
        return "section"
    return None


def _is_section_slug(slug: str) -> bool:
    """A listed section, or any other single hyphen-less word that is not a static page
    or a file (the site adds sections; article slugs have hyphens)."""
    if slug in SECTION_SLUGS:
        return True
    return (
        "-" not in slug
        and "." not in slug
        and slug not in STATIC_SLUGS
        and slug not in NON_ARTICLE_PREFIXES
    )
