"""Tags of the article (`.tags .tags__item`), internal platform tags marked."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from lxml import etree

from newsarchive.extraction.text import absolute, class_xpath, text_of
from newsarchive.items import Tag

_ITEMS = etree.XPath(
    f".//*[{class_xpath('tags__item')}] | .//a[@href and contains(@href, '/tag/')]"
)


def tags(container: etree._Element | None, base_url: str) -> list[Tag]:
    if container is None:
        return []
    found: list[Tag] = []
    seen: set[str] = set()
    for element in _ITEMS(container):
        name = text_of(element)
        if not name or name in seen:
            continue
        seen.add(name)
        url = absolute(base_url, element.get("href")) if element.tag == "a" else None
        found.append(Tag(name=name, slug=_slug(url), url=url, internal=":" in name))
    return found


def _slug(url: str | None) -> str | None:
    if not url:
        return None
    try:
        segments = [s for s in urlsplit(url).path.split("/") if s]
    except ValueError:
        return None
    return unquote(segments[-1]) if segments else None
