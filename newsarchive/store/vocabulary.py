"""Per-site vocabularies: sections, tags and authors, found or created by their key.

`Vocabulary` remembers the id and the stored values of every row it has met, so an
article whose section, tags and authors are known (nearly all, after the first few
hundred) costs no query for them: a row is read once, inserted once, and updated only
when its values change. `ArchiveWriter` keeps one for the whole crawl (its batches are
the archive's only writer meanwhile) and forgets it when a batch rolls back; elsewhere
each session gets its own (`vocabulary_of`). The writer's one reads a site's table whole
when it first needs it (a few thousand rows at most), so a new section, tag or author,
many in a first crawl, costs its INSERT only.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Insert, select, update
from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.models import Author, Section, Tag
from newsarchive.store.engine import insert_ignoring_conflicts
from newsarchive.urls import url_key


def slugify(text: str) -> str:
    """`"Middle East"` -> `"middle-east"` (for a label without a link)."""
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-") or "-"


def slug_from_url(url: str | None) -> str | None:
    """Last path segment of a URL (`https://x.org/regions/europe/` -> `europe`)."""
    if not url:
        return None
    segments = [part for part in urlsplit(url).path.split("/") if part]
    return segments[-1] if segments else None


_SESSION_KEY = "newsarchive.vocabulary"


def author_key(author: items.Author) -> str:
    """An author's identity: the url_key of their page, else their name folded."""
    if author.url:
        return url_key(author.url)
    return " ".join(author.name.split()).casefold()


class Vocabulary:
    def __init__(self, *, whole_tables: bool = False) -> None:
        """`whole_tables`: read all the rows of a site's table at its first lookup
        (for a long-lived writer), instead of each row when it is first needed."""
        # (table, site, key) -> (id, the values stored in the row's other columns)
        self._rows: dict[tuple[str, str, str], tuple[int, dict[str, Any]]] = {}
        self._whole_tables = whole_tables
        self._read_whole: set[tuple[str, str]] = set()
        """(table, site) read whole: a key missing from `_rows` has no row."""

    def forget(self) -> None:
        """After a rollback: rows inserted by it are gone, updates undone."""
        self._rows.clear()
        self._read_whole.clear()

    def section_id(
        self, session: Session, *, site: str, label: str | None, url: str | None
    ) -> int | None:
        """The id of the section of a label and its link (created if new, else its
        label refreshed, and its link when it has one)."""
        if not label:
            return None
        slug = slug_from_url(url) or slugify(label)
        return self._row_id(session, Section, site, Section.slug, slug,
                            {"label": label}, {"url": url})  # fmt: skip

    def tag_id(self, session: Session, *, site: str, tag: items.Tag) -> int:
        slug = tag.slug or slug_from_url(tag.url) or slugify(tag.name)
        return self._row_id(session, Tag, site, Tag.slug, slug,
                            {"name": tag.name, "internal": tag.internal},
                            {"url": tag.url})  # fmt: skip

    def author_id(self, session: Session, *, site: str, author: items.Author) -> int:
        key = author_key(author)
        return self._row_id(session, Author, site, Author.author_key, key,
                            {"name": author.name}, {"url": author.url})  # fmt: skip

    def _row_id(
        self,
        session: Session,
        model: Any,
        site: str,
        key_column: Any,
        key: str,
        always: dict[str, Any],
        when_given: dict[str, Any],
    ) -> int:
        """The row's id; its `always` columns set to these values, and its
        `when_given` ones to those that are not None (a label without a link keeps
        the link known before)."""
        cache_key = (model.__tablename__, site, key)
        known = self._rows.get(cache_key)
        if known is None and (model.__tablename__, site) not in self._read_whole:
            if self._whole_tables:
                self._read_table(session, model, site, key_column)
                known = self._rows.get(cache_key)
            else:
                known = self._load(session, model, site, key_column, key)
        if known is None:
            values = {**always, **when_given}
            row_id = session.execute(
                _insert_statement(
                    model, key_column.key, session.get_bind().dialect.name
                ),
                {"site": site, key_column.key: key, **values},
            ).scalar_one_or_none()
            if row_id is not None:
                self._rows[cache_key] = (row_id, values)
                return row_id
            # Another writer added the row since it was looked up: read it, as known.
            known = self._load(session, model, site, key_column, key)
            assert known is not None  # the constraint only refuses an existing key
        row_id, stored = known
        wanted = {**stored, **always}
        wanted.update((name, value) for name, value in when_given.items() if value)
        if wanted != stored:
            session.execute(
                update(model).where(model.id == row_id).values(**wanted)
                .execution_options(synchronize_session=False)
            )  # fmt: skip
        self._rows[cache_key] = (row_id, wanted)
        return row_id

    def _load(
        self, session: Session, model: Any, site: str, key_column: Any, key: str
    ) -> tuple[int, dict[str, Any]] | None:
        columns = _value_columns(model, key_column)
        row = session.execute(
            select(model.id, *columns).where(model.site == site, key_column == key)
        ).one_or_none()
        if row is None:
            return None
        return row[0], {column.key: value for column, value in zip(columns, row[1:])}

    def _read_table(
        self, session: Session, model: Any, site: str, key_column: Any
    ) -> None:
        columns = _value_columns(model, key_column)
        rows = session.execute(
            select(model.id, key_column, *columns).where(model.site == site)
        )
        for row in rows:
            values = {column.key: value for column, value in zip(columns, row[2:])}
            self._rows[(model.__tablename__, site, row[1])] = (row[0], values)
        self._read_whole.add((model.__tablename__, site))


def _value_columns(model: Any, key_column: Any) -> list[Any]:
    """The columns a vocabulary row's values are read from (all but id, site, key)."""
    return [c for c in model.__table__.columns if c.key not in
            ("id", "site", key_column.key)]  # fmt: skip


@functools.cache
def _insert_statement(model: Any, key_name: str, dialect: str) -> Insert:
    """Built once, the row given as parameters (not rebuilt and cache-keyed per row).
    ON CONFLICT DO NOTHING returns no id for a key some other writer has taken."""
    table = model.__table__
    return insert_ignoring_conflicts(
        table, ["site", key_name], dialect=dialect
    ).returning(table.c.id)


def vocabulary_of(session: Session) -> Vocabulary:
    """The session's vocabulary: the one its writer gave it (`use_vocabulary`), else
    one of its own, kept for the session's life."""
    vocabulary = session.info.get(_SESSION_KEY)
    if vocabulary is None:
        vocabulary = session.info[_SESSION_KEY] = Vocabulary()
    return vocabulary


def use_vocabulary(session: Session, vocabulary: Vocabulary) -> None:
    session.info[_SESSION_KEY] = vocabulary
