"""Page parsers: article pages to `Article`, index pages to `IndexPage`.

Pure functions of a page (Scrapy response, parsel Selector, or HTML text/bytes) and its
URL: no I/O, clock or settings. They raise only the errors of `errors.py`.
"""

from __future__ import annotations

from newsarchive.extraction.article import parse_article
from newsarchive.extraction.errors import MissingField, NotAnArticle, ParseError
from newsarchive.extraction.index import parse_index

__all__ = [
    "MissingField",
    "NotAnArticle",
    "ParseError",
    "parse_article",
    "parse_index",
]
