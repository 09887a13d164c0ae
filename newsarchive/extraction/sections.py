"""Section and article type of a post or a teaser, from whichever markup the page uses.

docs/design/real-markup-notes.md §2 and §7 name the forms, and docs/replica-markup.md lists
them as served: a "Type | Section" line, a single `a.widget__section`, `div.all-related-sections`
with several plain links (topics, types, collections or issues, some hidden by the page's
CSS), `data-category`, and the page's metadata (`article:section`, JSON-LD `articleSection`).
In a run of plain links the first visible topic link is the section and the first visible
type link the article type; collection links and hidden links never count. Which links are
types or collections the site profile's section families say (docs/sites.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from newsarchive.extraction.head import Head
from newsarchive.extraction.hidden import HiddenRules
from newsarchive.extraction.text import Parts, absolute, squeeze, text_of
from newsarchive.sites import SiteProfile

_CATEGORY = etree.XPath("ancestor-or-self::*[@data-category][1]/@data-category")
_LINKS = etree.XPath(".//a[@href]")


@dataclass(kw_only=True)
class SectionLine:
    section: str | None = None
    section_url: str | None = None
    article_type: str | None = None


_ROLES = {"section": "topic", "article_type": "type", "nothing": "collection"}


def link_role(url: str, site: SiteProfile | None) -> str:
    """`type`, `collection` or `topic` for a section link's URL: what the site's
    section family of that listing gives (a link of no known family is a topic)."""
    given = site.section_link_role(url) if site is not None else None
    return _ROLES.get(given or "section", "topic")


def header_section(
    header: etree._Element,
    parts: Parts,
    head: Head,
    hidden: HiddenRules,
    base_url: str,
    site: SiteProfile | None = None,
) -> SectionLine:
    """The post's section line, in the order of the forms' reliability."""
    for line in parts.get("widget__section-line", []):
        labels = _labels(text_of(line))
        if labels:
            return _from_labels(labels, line, base_url)
    for container in parts.get("all-related-sections", []):
        found = links_section(container, hidden, base_url, site)
        if found.section:
            return found
    for link in parts.get("widget__section", []):
        labels = _labels(text_of(link))
        if labels:
            return _from_labels(labels, link, base_url)
    for category in _CATEGORY(header):
        labels = _labels(category)
        if labels:
            return _from_labels(labels, None, base_url)
    return SectionLine(section=_metadata_section(head))


def links_section(
    container: etree._Element,
    hidden: HiddenRules,
    base_url: str,
    site: SiteProfile | None = None,
) -> SectionLine:
    """`div.all-related-sections`: the first visible topic link is the section, the first
    visible type link the type (the section itself when there is no topic link)."""
    links = [
        (link, url)
        for link, url in _resolved(_LINKS(container), base_url)
        if text_of(link) and not hidden.hides(link, container)
    ]
    if not links:
        labels = _labels(text_of(container))
        return _from_labels(labels, None, base_url) if labels else SectionLine()
    roles = [link_role(url, site) for _, url in links]
    topics = [pair for pair, role in zip(links, roles, strict=True) if role == "topic"]
    types = [pair for pair, role in zip(links, roles, strict=True) if role == "type"]
    if not types and len(links) > 1 and "|" in text_of(container):
        # "Type | Section" written as links of no known type: the last is the section.
        link, url = links[-1]
        return SectionLine(
            section=text_of(link), section_url=url, article_type=text_of(links[0][0])
        )
    if topics:
        link, url = topics[0]
        kind = text_of(types[0][0]) if types else None
        return SectionLine(section=text_of(link), section_url=url, article_type=kind)
    if types:
        link, url = types[0]
        return SectionLine(section=text_of(link), section_url=url)
    return SectionLine()


def teaser_section(
    widget: etree._Element,
    parts: Parts,
    hidden: HiddenRules,
    base_url: str,
    site: SiteProfile | None = None,
) -> str | None:
    """A teaser's section label: its `a.widget__section`, its `all-related-sections`
    (read as the post's), else its `data-category`."""
    for element in parts.get("widget__section", []):
        labels = _labels(text_of(element))
        if labels:
            return labels[-1]
    for container in parts.get("all-related-sections", []):
        found = links_section(container, hidden, base_url, site)
        if found.section:
            return found.section
    labels = _labels(squeeze(widget.get("data-category")))
    return labels[-1] if labels else None


def _metadata_section(head: Head) -> str | None:
    """`article:section` meta, else JSON-LD `articleSection` (a string or a list)."""
    value = head.meta_value("article:section")
    if value:
        return value
    section = head.json_ld.get("articleSection") if head.json_ld else None
    if isinstance(section, list):
        section = next((s for s in section if isinstance(s, str) and s.strip()), None)
    return (squeeze(section) or None) if isinstance(section, str) else None


def _resolved(
    links: Iterable[etree._Element], base_url: str
) -> list[tuple[etree._Element, str]]:
    found = []
    for link in links:
        url = absolute(base_url, link.get("href"))
        if url:
            found.append((link, url))
    return found


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
