"""A batch is one transaction; a database error rolls it back and propagates."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
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


def _deadlock_first_inserts(engine: Engine, times: int) -> None:
    """PostgreSQL aborts the first `times` page inserts as it aborts a deadlock's
    victim (SQLSTATE 40P01); a sequence counts them across rollbacks."""
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE SEQUENCE deadlocks_left")
        connection.exec_driver_sql(
            "CREATE FUNCTION deadlock_pages() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF nextval('deadlocks_left') <= {times} THEN "
            "RAISE EXCEPTION 'deadlock detected' USING ERRCODE = 'deadlock_detected'; "
            "END IF; RETURN new; END $$"
        )
        connection.exec_driver_sql(
            "CREATE TRIGGER deadlock_pages BEFORE INSERT ON pages "
            "FOR EACH ROW EXECUTE FUNCTION deadlock_pages()"
        )


@pytest.mark.parametrize(("deadlocks", "written"), [(1, True), (3, False)])
def test_a_batch_aborted_by_a_deadlock_is_written_again(
    engine: Engine, make_article, make_fetch, deadlocks: int, written: bool
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has one writer, and no deadlocks")
    _deadlock_first_inserts(engine, deadlocks)
    writer = ArchiveWriter(engine)
    writer.add(make_fetch(make_article(slug="a")), site=SITE)
    writer.add(make_fetch(make_article(slug="b", title="B")), site=SITE)
    if written:  # aborted once, written on the second attempt
        assert writer.flush(run_id=None)["newsarchive/store/inserted"] == 2
        assert (count(engine, Article), count(engine, Page)) == (2, 2)
    else:  # aborted on every attempt: the error is raised, nothing written
        with pytest.raises(OperationalError, match="deadlock detected"):
            writer.flush(run_id=None)
        assert (count(engine, Article), count(engine, Page)) == (0, 0)
