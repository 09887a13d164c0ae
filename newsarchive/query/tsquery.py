"""The search syntax of SQLite's FTS5, as PostgreSQL `to_tsquery` text.

Searches read the same on both archives (docs/querying.md): words (all must match),
`"phrases"`, `prefix*`, `AND`, `OR`, `NOT` (binary: `a NOT b`), parentheses, `NEAR(a b,
N)` (read as all of its terms: tsquery has no "within N words"), and column filters (`title:`, `subtitle:`, `body:`, `authors:`, `tags:`). FTS5's precedence: NOT
binds tightest, then AND (or two terms side by side), then OR. Column filters become the
weight classes the store writes (docs/postgresql.md): title A, authors B, subtitle and
tags C, body D. A query FTS5 would refuse is refused here too (`TsquerySyntaxError`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COLUMN_WEIGHTS = {
    "title": "A",
    "authors": "B",
    "subtitle": "C",
    "tags": "C",
    "body": "D",
}
_TOKEN = re.compile(
    r'\s*(?:(?P<open>\()|(?P<close>\))|"(?P<phrase>(?:[^"]|"")*)"(?P<phrase_star>\*?)'
    r"|(?P<column>[A-Za-z_]+)\s*:|(?P<word>[\w\u0080-\U0010ffff]+)(?P<star>\*?)"
    r"|(?P<comma>,)|(?P<other>\S))",
)
_WORD_PIECE = re.compile(r"[\w\u0080-\U0010ffff]+")
_OPERATORS = {"AND", "OR", "NOT"}


class TsquerySyntaxError(ValueError):
    """The query is not valid FTS5 syntax (the message says near what)."""


@dataclass
class _Token:
    kind: str
    text: str
    prefix: bool = False


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        if match["open"]:
            tokens.append(_Token("(", "("))
        elif match["close"]:
            tokens.append(_Token(")", ")"))
        elif match["phrase"] is not None:
            phrase = match["phrase"].replace('""', '"')
            tokens.append(_Token("term", phrase, bool(match["phrase_star"])))
        elif match["comma"]:
            tokens.append(_Token(",", ","))
        elif match["column"]:
            tokens.append(_Token("column", match["column"]))
        elif match["word"]:
            word = match["word"]
            kind = "op" if word in _OPERATORS and not match["star"] else "term"
            tokens.append(_Token(kind, word, bool(match["star"])))
        elif match["other"]:
            raise TsquerySyntaxError(f'syntax error near "{match["other"]}"')
    if query[position:].strip():
        raise TsquerySyntaxError("unterminated string")
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> str:
        if not self.tokens:
            raise TsquerySyntaxError("syntax error: empty query")
        result = self.or_expression(None)
        token = self.peek()
        if token is not None:
            raise TsquerySyntaxError(f'syntax error near "{token.text}"')
        return result

    def or_expression(self, weight: str | None) -> str:
        parts = [self.and_expression(weight)]
        while (token := self.peek()) is not None and token.text == "OR":
            self.take()
            parts.append(self.and_expression(weight))
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    def and_expression(self, weight: str | None) -> str:
        parts = [self.not_expression(weight)]
        while (token := self.peek()) is not None and (
            token.text == "AND" or token.kind in ("term", "column", "(")
        ):
            if token.text == "AND":
                self.take()
            parts.append(self.not_expression(weight))
        return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"

    def not_expression(self, weight: str | None) -> str:
        result = self.primary(weight)
        while (token := self.peek()) is not None and token.text == "NOT":
            self.take()
            result = f"({result} & !{self.primary(weight)})"
        return result

    def primary(self, weight: str | None) -> str:
        token = self.peek()
        if token is None:
            raise TsquerySyntaxError("syntax error: the query ends too soon")
        self.take()
        if token.kind == "(":
            inner = self.or_expression(weight)
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise TsquerySyntaxError('syntax error: a "(" is never closed')
            self.take()
            return inner
        if token.kind == "column":
            column_weight = COLUMN_WEIGHTS.get(token.text.lower())
            if column_weight is None:
                raise TsquerySyntaxError(f"no such column: {token.text}")
            return self.primary(column_weight)
        if token.kind == "term" and token.text == "NEAR" and self._next_is("("):
            return self.near(weight)
        if token.kind == "term":
            return _term(token.text, prefix=token.prefix, weight=weight)
        raise TsquerySyntaxError(f'syntax error near "{token.text}"')

    def _next_is(self, kind: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == kind

    def near(self, weight: str | None) -> str:
        """`NEAR(a b ..., N)`: tsquery has no "within N words", so every term must
        match (a looser match than FTS5's)."""
        self.take()  # (
        terms = []
        while (token := self.peek()) is not None and token.kind == "term":
            self.take()
            terms.append(_term(token.text, prefix=token.prefix, weight=weight))
        if self._next_is(","):
            self.take()
            distance = self.peek()
            if distance is None or not distance.text.isdigit():
                raise TsquerySyntaxError("syntax error: NEAR(... , N) needs a number")
            self.take()
        if not terms or not self._next_is(")"):
            raise TsquerySyntaxError("syntax error in NEAR(...)")
        self.take()
        return terms[0] if len(terms) == 1 else "(" + " & ".join(terms) + ")"


def _term(text: str, *, prefix: bool, weight: str | None) -> str:
    """A word or a phrase: its words side by side (`<->`), the last one a prefix if
    `prefix`; each quoted, so `to_tsquery` stems it and reads nothing as an operator."""
    words = _WORD_PIECE.findall(text)
    if not words:  # FTS5 matches nothing for a phrase without words
        return "''"
    labels = ("*" if prefix else "") + (weight or "")
    quoted = [_quoted(word) for word in words]
    if labels:
        quoted[-1] += f":{labels}"
        if weight:
            quoted[:-1] = [f"{word}:{weight}" for word in quoted[:-1]]
    return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"


def _quoted(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def fts5_to_tsquery(query: str) -> str:
    """The `to_tsquery` text of an FTS5 `query` (`TsquerySyntaxError` if invalid)."""
    return _Parser(_tokens(query)).parse()
