"""Errors a query raises for a user's mistake; the CLI turns them into `UserError`."""

from __future__ import annotations


class QueryError(Exception):
    """A mistake the user can fix; the message is one line saying what to do."""


class NoArchive(QueryError):
    """The database file does not exist."""


class NotAnArchive(QueryError):
    """The file exists but is not a newsarchive archive."""


class BadDate(QueryError):
    """A date filter could not be parsed."""


class BadSearchQuery(QueryError):
    """SQLite's FTS5 rejected the search expression."""


class UnknownValue(QueryError):
    """A filter names a section, author or tag the archive does not have."""


class NotFound(QueryError):
    """`show` was given a URL or id that is not in the archive."""


class UnwritableOutput(QueryError):
    """An export path cannot be written."""
