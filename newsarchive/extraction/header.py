"""The header block's own fields: SEO title, subtitle, section and article type."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from newsarchive.extraction.head import Head, json_ld_text
from newsarchive.extraction.text import Parts, absolute, first_text, squeeze, text_of
from newsarchive.sites import SiteProfile

_CATEGORY = etree.XPath("ancestor-or-self::*[@data-category][1]/@data-category")
_LINKS = etree.XPath(".//a[@href]")


@dataclass(kw_only=True)
class SectionLine:
    section: str | None = None
    section_url: str | None = None
    article_type: str | None = None


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


def section_line(header: etree._Element, parts: Parts, base_url: str) -> SectionLine:
    """A "Type | Section" line gives type and section; a bare label, the section."""
    for line in parts.get("widget__section-line", []) + parts.get(
        "all-related-sections", []
    ):
        labels = _labels(text_of(line))
        if labels:
            return _from_labels(labels, line, base_url)
    for link in parts.get("widget__section", []):
        labels = _labels(text_of(link))
        if labels:
            return _from_labels(labels, link, base_url)
    for category in _CATEGORY(header):
        labels = _labels(category)
        if labels:
            return _from_labels(labels, None, base_url)
    return SectionLine()


def _labels(text: str) -> list[str]:
    return [label for label in (squeeze(part) for part in text.split("|")) if label]


def _from_labels(
    labels: list[str], line: etree._Element | None, base_url: str
) -> SectionLine:
    section = labels[-1]
    return SectionLine(
        section=section,
        section_url=_link_for(line, section, base_url),
        article_type=labels[0] if len(labels) > 1 else None,
    )


def _link_for(line: etree._Element | None, label: str, base_url: str) -> str | None:
    if line is None:
        return None
    links = [line] if line.tag == "a" and line.get("href") else _LINKS(line)
    for link in links:
        if text_of(link) == label:
            return absolute(base_url, link.get("href"))
    return None
