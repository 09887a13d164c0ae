"""Errors a query raises for a user's mistake; the CLI turns them into `UserError`."""

from __future__ import annotations


class QueryError(Exception):
    """A mistake the user can fix; the message is one line saying what to do."""


class NoArchive(QueryError):
    """The database file does not exist."""


class NotAnArchive(QueryError):
    """The file exists but is not a newsarchive archive (or cannot be read)."""


class BadDate(QueryError):
    """A date filter could not be parsed, or names a date out of range."""


class BadFilter(QueryError):
    """A filter value is empty or longer than any name in an archive."""


class BadSearchQuery(QueryError):
    """SQLite's FTS5 rejected the search expression, or it is over the size limits."""


class UnknownValue(QueryError):
    """A filter names a section, author, tag or site the archive does not have."""


class NotFound(QueryError):
    """`show` or `history` was given a URL or id that is not in the archive."""


class UnwritableOutput(QueryError):
    """An output path cannot be written, or must not be (it is the archive)."""


class OutputFailed(Exception):
    """Writing the output failed part-way (a full disk, a closed device): not a usage
    mistake, so the CLI exits 1. Nothing half-written is left behind."""
