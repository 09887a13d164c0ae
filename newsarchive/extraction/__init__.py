"""Page parsers: article pages to `Article`, index pages to `IndexPage`.

Pure functions of a page (Scrapy response, parsel Selector, or HTML text/bytes) and its
URL: no I/O, clock or settings. They raise only the errors of `errors.py`.
"""

from __future__ import annotations

from newsarchive.extraction.article import parse_article
from newsarchive.extraction.errors import MissingField, NotAnArticle, ParseError
from newsarchive.extraction.index import parse_index
from newsarchive.extraction.sections import DEFAULT_SECTION_RULES, SectionRules
from newsarchive.extraction.site_urls import looks_like_article_url

__all__ = [
    "DEFAULT_SECTION_RULES",
    "MissingField",
    "NotAnArticle",
    "ParseError",
    "SectionRules",
    "looks_like_article_url",
    "parse_article",
    "parse_index",
]
