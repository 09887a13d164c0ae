"""A batch is one transaction; a database error rolls it back and propagates."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from store_samples import SITE, refuse_page_inserts

from newsarchive.models import Article, Page
from newsarchive.store import ArchiveWriter


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_nothing_is_written_before_flush(
    engine: Engine, make_article, make_fetch
) -> None:
    writer = ArchiveWriter(engine)
    writer.add(make_fetch(make_article(slug="a")), site=SITE)
    writer.add(make_fetch(make_article(slug="b", title="B")), site=SITE)
    assert (writer.pending, count(engine, Article)) == (2, 0)
    assert writer.flush(run_id=None)["newsarchive/store/inserted"] == 2
    assert (writer.pending, count(engine, Article)) == (0, 2)


def test_a_database_error_rolls_the_batch_back_and_propagates(
    engine: Engine, make_article, make_fetch
) -> None:
    refuse_page_inserts(engine, "disk on fire", url_like="%/b/")
    writer = ArchiveWriter(engine)
    writer.add(make_fetch(make_article(slug="a")), site=SITE)
    writer.add(make_fetch(make_article(slug="b", title="B")), site=SITE)
    with pytest.raises(IntegrityError, match="disk on fire"):
        writer.flush(run_id=None)
    assert (count(engine, Article), count(engine, Page)) == (0, 0)
    # The writer stays usable: a later batch that doesn't hit the error is written.
    writer.add(make_fetch(make_article(slug="a")), site=SITE)
    assert writer.flush(run_id=None)["newsarchive/store/inserted"] == 1
