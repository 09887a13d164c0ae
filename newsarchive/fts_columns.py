"""The full-text index's columns, and the short names queries may use for them.

`articles_fts` is an external-content FTS5 table over `articles` (docs/schema.md), so its
columns carry the names of the `articles` columns they index: `body_text`,
`authors_text`, `tags_text`. Searches keep accepting the shorter column filters the
documentation has always given (`body:`, `authors:`, `tags:`); `fts_query` translates
them. Shared by the store (which writes the index) and the query layer (which reads it).
"""

from __future__ import annotations

import re

FTS_TABLE = "articles_fts"
INDEXED_COLUMNS = ("title", "subtitle", "body_text", "authors_text", "tags_text")
TOKENIZER = "porter unicode61 remove_diacritics 2"
COLUMN_ALIASES = {"body": "body_text", "authors": "authors_text", "tags": "tags_text"}

_QUOTED_OR_FILTER = re.compile(
    r'"[^"]*"?'  # a quoted string: left alone
    r"|\{[^}]*\}\s*:"  # a column set, {title body}:
    r"|\b[A-Za-z_]+\s*:"  # one column, body:
)
_WORD = re.compile(r"[A-Za-z_]+")


def fts_query(query: str) -> str:
    """`query` with the short column names in its column filters made the real ones."""

    def translate(match: re.Match[str]) -> str:
        text = match.group(0)
        if text.startswith('"'):
            return text
        return _WORD.sub(lambda word: COLUMN_ALIASES.get(word[0], word[0]), text)

    return _QUOTED_OR_FILTER.sub(translate, query)
