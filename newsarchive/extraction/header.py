"""The header block's own fields: SEO title and subtitle (the section line: sections.py)."""

from __future__ import annotations

import re

from newsarchive.extraction.head import Head, json_ld_text
from newsarchive.extraction.text import Parts, first_text, squeeze
from newsarchive.sites import SiteProfile


def seo_title(head: Head, title: str, site: SiteProfile | None = None) -> str | None:
    """The JSON-LD headline or `<title>` (minus the site's title suffix, such as
    " | <site name>") when it differs from the visible title."""
    candidate = json_ld_text(head.json_ld, "headline")
    if candidate is None and head.title_tag:
        candidate = _without_site_name(
            head.title_tag, head.meta_value("og:site_name"), site
        )
    return candidate if candidate and candidate != title else None


def _without_site_name(
    title_tag: str, site_name: str | None, site: SiteProfile | None
) -> str | None:
    if site is not None and site.title_suffix and title_tag.endswith(site.title_suffix):
        return squeeze(title_tag.removesuffix(site.title_suffix)) or None
    name = site_name or (site.display_name if site is not None else None)
    if not name:
        return squeeze(title_tag) or None
    pattern = rf"\s*[|\u2013\u2014-]\s*{re.escape(name)}\s*$"
    return squeeze(re.sub(pattern, "", title_tag)) or None


def subtitle(parts: Parts) -> str | None:
    """`div.widget__subheadline` (with an `h2` or a `p` inside)."""
    return first_text(parts, "widget__subheadline", "widget__subheadline-text") or None
