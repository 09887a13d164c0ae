"""`reparse` over a copy of the session's crawled archive: fixes rows, recovers failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from newsarchive.cli import cli
from newsarchive.crawl.reparse import reparse_archive
from newsarchive.models import Article, Failure, Page
from newsarchive.store import open_engine
from newsarchive.urls import url_key

pytestmark = pytest.mark.slow

PAGES = Path(__file__).parent / "pages"


@pytest.fixture
def archive(crawled_archive, tmp_path) -> Path:
    return crawled_archive.copy_to(tmp_path)


def _fts_hits(session: Session, word: str) -> int:
    return session.execute(
        text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :w"),
        {"w": word},
    ).scalar_one()


def test_unchanged_archive_reparses_to_no_changes(archive) -> None:
    report = reparse_archive(archive)
    assert report.articles_checked >= 300
    assert report.articles_changed == 0
    assert report.failures_checked == 1 and report.failures_resolved == 0
    assert report.still_failing == {"missing_title": 1}


def test_stale_rows_are_rewritten_from_their_pages(archive) -> None:
    engine = open_engine(archive)
    with Session(engine) as session, session.begin():
        first, second = session.scalars(select(Article).order_by(Article.id).limit(2))
        good_title, good_html = first.title, second.body_html
        # What an older, buggier parser might have stored.
        first.title = "Zyzzogeton headline"
        second.body_html = "<p>stale</p>"
        first_id, second_id = first.id, second.id
        session.execute(
            text("DELETE FROM articles_fts WHERE rowid = :id"), {"id": first_id}
        )
        session.execute(
            text("INSERT INTO articles_fts (rowid, title) VALUES (:id, 'Zyzzogeton')"),
            {"id": first_id},
        )
    report = reparse_archive(archive, batch_size=50)
    assert report.articles_changed == 2
    assert report.field_changes == {"title": 1, "body_html": 1}
    with Session(engine) as session:
        assert session.get_one(Article, first_id).title == good_title
        assert session.get_one(Article, second_id).body_html == good_html
        assert _fts_hits(session, "Zyzzogeton") == 0
    engine.dispose()


def test_failed_page_that_now_parses_is_archived(archive, crawled_archive) -> None:
    broken = crawled_archive.base_url + crawled_archive.corpus().extra_paths()["broken"]
    fixed_html = (
        (PAGES / "article.html")
        .read_text()
        .replace("https://responsiblestatecraft.org/small-test-article/", broken)
    )
    engine = open_engine(archive)
    with Session(engine) as session, session.begin():
        failure = session.scalars(select(Failure).where(Failure.url == broken)).one()
        # As if the parser had been fixed to read this page: give it a readable body.
        session.execute(
            update(Page)
            .where(Page.id == failure.page_id)
            .values(body=fixed_html.encode(), body_codec="identity", dictionary_id=None)
        )
    report = reparse_archive(archive)
    assert report.failures_resolved == 1 and not report.still_failing
    with Session(engine) as session:
        failure = session.scalars(select(Failure).where(Failure.url == broken)).one()
        assert failure.resolved_at is not None
        article = session.scalars(
            select(Article).where(Article.url_key == url_key(broken))
        ).one()
        assert article.title == "Small test article"
        assert session.get_one(Page, failure.page_id).article_id == article.id
    engine.dispose()


def test_cli_reports_changes_per_field(archive) -> None:
    engine = open_engine(archive)
    with Session(engine) as session, session.begin():
        session.execute(update(Article).where(Article.id == 1).values(subtitle="stale"))
    engine.dispose()
    result = CliRunner().invoke(cli, ["reparse", "--db", str(archive)])
    assert result.exit_code == 0, result.output
    assert "1 changed" in result.output
    assert "subtitle" in result.output


def test_cli_reparse_without_archive_is_a_usage_error(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["reparse", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2
    assert "no archive" in result.output
