"""A site profile's selector overrides (docs/sites.md, `[selectors]`): CSS selectors that
replace the platform's for one field of an article page.

The platform's markup is the same on every RebelMouse site (docs/replica-markup.md), so
overrides are for the odd publication whose template moved a field. Each override names
one element; the first match wins, and a selector that matches nothing leaves the
platform's rule in charge.
"""

from __future__ import annotations

import functools

from lxml import etree
from lxml.cssselect import CSSSelector

from newsarchive.extraction.text import absolute, text_of
from newsarchive.sites import SiteProfile

_LINK = etree.XPath("descendant-or-self::a[@href][1]")


@functools.lru_cache(maxsize=64)
def _selector(css: str) -> CSSSelector:
    return CSSSelector(css)


def element(root: etree._Element, site: SiteProfile | None, field: str):
    """The element the profile's selector for `field` picks, or None."""
    css = site.selectors.get(field) if site is not None else None
    if not css:
        return None
    found = _selector(css)(root)
    return found[0] if found else None


def text(root: etree._Element, site: SiteProfile | None, field: str) -> str | None:
    """The text of the picked element (a `<meta>`'s content), or None."""
    picked = element(root, site, field)
    if picked is None:
        return None
    if picked.tag == "meta":
        return (picked.get("content") or "").strip() or None
    return text_of(picked) or None


def link(
    root: etree._Element, site: SiteProfile | None, field: str, base_url: str
) -> tuple[str, str | None] | None:
    """(text, absolute URL of its link or None) of the picked element, or None."""
    picked = element(root, site, field)
    label = text_of(picked) if picked is not None else ""
    if not label:
        return None
    anchors = _LINK(picked)
    return label, absolute(base_url, anchors[0].get("href")) if anchors else None
