"""Typed parse errors: the only exceptions the page parsers raise."""

from __future__ import annotations


class ParseError(Exception):
    """A page could not be turned into an item. `reason` is a short stable code
    (used in stats keys and the `failures` table); the message says why in words."""

    reason: str = "unparseable"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason


class NotAnArticle(ParseError):
    """The page is a valid page but not an article (about page, section landing page)."""

    reason = "not_article"


class MissingField(ParseError):
    """An article page lacks a required field (title or body)."""

    def __init__(self, field_name: str, message: str | None = None) -> None:
        super().__init__(
            message or f"the page has no {field_name}", reason=f"missing_{field_name}"
        )
        self.field_name = field_name
