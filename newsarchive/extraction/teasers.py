"""Related-article teasers and the next-article preview at the foot of the page."""

from __future__ import annotations

from lxml import etree

from newsarchive.extraction.hidden import HiddenRules
from newsarchive.extraction.images import image_url, split_credit
from newsarchive.extraction.sections import teaser_section
from newsarchive.extraction.text import absolute, index_by_class, squeeze, text_of
from newsarchive.items import NextArticle, Teaser
from newsarchive.sites import SiteProfile

_CLASSES = frozenset(
    {
        "widget", "widget__headline", "widget__headline-text", "widget__img-link",
        "widget__head", "photo-credit", "widget__section", "all-related-sections",
        "body-description",
    }
)  # fmt: skip
_TAGS = frozenset({"a", "img"})
_TOGGLE_CLASSES = frozenset({"widget__show-more", "read-more", "show-less"})


def teasers(
    widgets: list[etree._Element],
    hidden: HiddenRules,
    base_url: str,
    site: SiteProfile | None = None,
) -> list[Teaser]:
    """Each related widget of every teaser list (foot and sidebar), in page order; a
    widget without a headline or image link is not a teaser."""
    found: list[Teaser] = []
    for widget in widgets:
        teaser = _teaser(widget, hidden, base_url, site)
        if teaser is not None:
            found.append(teaser)
    return found


def _teaser(
    widget: etree._Element,
    hidden: HiddenRules,
    base_url: str,
    site: SiteProfile | None,
) -> Teaser | None:
    parts = index_by_class(widget, _CLASSES, _TAGS)
    headline = _headline_link(parts)
    link = headline if headline is not None else _image_link(parts)
    url = absolute(base_url, link.get("href")) if link is not None else None
    if url is None:
        return None
    images = parts.get("img", [])
    credits = parts.get("photo-credit", [])
    credit, credit_raw = split_credit(text_of(credits[0]) if credits else None)
    return Teaser(
        url=url,
        headline=(text_of(headline) or None) if headline is not None else None,
        section=teaser_section(widget, parts, hidden, base_url, site),
        image_url=image_url(images[0], base_url) if images else None,
        image_alt=_alt(images[0]) if images else None,
        image_credit=credit,
        image_credit_raw=credit_raw,
        excerpt=_excerpt(parts),
    )


def _headline_link(parts: dict[str, list[etree._Element]]) -> etree._Element | None:
    for element in parts.get("widget__headline-text", []):
        if element.tag == "a" and element.get("href"):
            return element
    for headline in parts.get("widget__headline", []):
        for link in headline.iter("a"):
            if link.get("href"):
                return link
    return None


def _image_link(parts: dict[str, list[etree._Element]]) -> etree._Element | None:
    candidates = parts.get("widget__img-link", []) + [
        link for head in parts.get("widget__head", []) for link in head.iter("a")
    ]
    return next(
        (link for link in candidates if link.tag == "a" and link.get("href")), None
    )


def _excerpt(parts: dict[str, list[etree._Element]]) -> str | None:
    containers = parts.get("body-description", [])
    if not containers:
        return None
    paragraphs = [
        text
        for text in (text_of(p, _is_toggle) for p in containers[0].iter("p"))
        if text
    ]
    text = "\n\n".join(paragraphs) if paragraphs else text_of(containers[0], _is_toggle)
    return text or None


def _is_toggle(element: etree._Element) -> bool:
    value = element.get("class")
    return bool(value) and not _TOGGLE_CLASSES.isdisjoint(value.split())


def _alt(img: etree._Element) -> str | None:
    alt = img.get("alt")
    return squeeze(alt) if alt is not None else None


def next_article(wrapper: etree._Element | None, base_url: str) -> NextArticle | None:
    """The next-article preview in the `.next-page-wrapper` (not a teaser)."""
    if wrapper is None:
        return None
    parts = index_by_class(wrapper, _CLASSES, _TAGS)
    headline = _headline_link(parts)
    links = [headline] if headline is not None else parts.get("a", [])
    for link in links:
        url = absolute(base_url, link.get("href"))
        if url:
            sections = [text_of(s) for s in parts.get("widget__section", [])]
            return NextArticle(
                url=url,
                headline=text_of(link) or None,
                section=next((s for s in sections if s), None),
            )
    return None
