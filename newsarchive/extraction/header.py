"""The header block's own fields: SEO title and subtitle (the section line: sections.py)."""

from __future__ import annotations

import re

from newsarchive.extraction.head import Head, json_ld_text
from newsarchive.extraction.text import Parts, first_text, squeeze

DEFAULT_SITE_NAME = "Responsible Statecraft"


def seo_title(head: Head, title: str) -> str | None:
    """The JSON-LD headline or `<title>` (minus " | <site name>") when it differs from
    the visible title."""
    candidate = json_ld_text(head.json_ld, "headline")
    if candidate is None and head.title_tag:
        candidate = _without_site_name(head.title_tag, head.meta_value("og:site_name"))
    return candidate if candidate and candidate != title else None


def _without_site_name(title_tag: str, site_name: str | None) -> str | None:
    name = re.escape(site_name or DEFAULT_SITE_NAME)
    return squeeze(re.sub(rf"\s*[|\u2013\u2014-]\s*{name}\s*$", "", title_tag)) or None


def subtitle(parts: Parts) -> str | None:
    """`div.widget__subheadline` (with an `h2` or a `p` inside)."""
    return first_text(parts, "widget__subheadline", "widget__subheadline-text") or None
