"""What a browser shows of a page, as docs/design/decisions.md 9 defines it for the seed test.

html-text's layout rules (block tags start lines, scripts and styles dropped) with each `img`
replaced by its alt text, empty lines dropped and whitespace squeezed. Unlike stock html-text,
no space is invented between adjacent inline elements: `<a>keep reading</a><a>Show less</a>`
reads "keep readingShow less", as in a browser.
"""

from __future__ import annotations

import lxml.etree
import lxml.html
from html_text.html_text import DOUBLE_NEWLINE_TAGS, NEWLINE_TAGS, cleaner


def visible_lines(html: str | bytes) -> list[str]:
    """Non-empty visible lines, whitespace squeezed."""
    data = html.encode("utf-8") if isinstance(html, str) else html
    root = lxml.html.fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8"))
    for img in list(root.iter("img")):
        replacement = lxml.html.Element("span")
        replacement.text = img.get("alt") or ""
        replacement.tail = img.tail
        img.getparent().replace(img, replacement)
    tree = cleaner.clean_html(root)
    chunks: list[str] = []
    for event, element in lxml.etree.iterwalk(tree, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        if element.tag in NEWLINE_TAGS or element.tag in DOUBLE_NEWLINE_TAGS:
            chunks.append("\n")
        if event == "start" and element.text:
            chunks.append(element.text)
        if event == "end" and element is not tree and element.tail:
            chunks.append(element.tail)
    text = "".join(chunks)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return [line for line in lines if line]


def is_ordered_subsequence(needles: list[str], haystack: list[str]) -> bool:
    """True when every needle line appears in haystack, whole, in the same order."""
    position = 0
    for needle in needles:
        try:
            position = haystack.index(needle, position) + 1
        except ValueError:
            return False
    return True
