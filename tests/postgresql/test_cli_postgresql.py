"""Commands that write or report on a PostgreSQL archive: db upgrade and status, reparse,
failures ignore, and the lock seen from db status."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsarchive.advisory_lock import archive_lock
from newsarchive.cli import cli
from newsarchive.items import article_from_json_dict
from newsarchive.replica import Corpus
from newsarchive.store import head_revision
from tests.analyst.archive_builder import build_archive


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _build(url: str, articles: int = 8) -> None:
    corpus = Corpus(
        articles=articles, seed=2, base_url="http://127.0.0.1:8765", page_kb=4
    )
    build_archive(
        url,
        [article_from_json_dict(a) for a in corpus.truth()],
        page_body=lambda article: corpus.render(article.url).body,
    )


def test_db_upgrade_makes_the_schema_in_an_empty_database_and_status_reports(
    empty_postgres_database: str,
) -> None:
    url = empty_postgres_database
    assert run("search", "x", "--db", url).exit_code == 2  # not an archive yet
    upgraded = run("db", "upgrade", "--db", url)
    assert upgraded.exit_code == 0, upgraded.output
    status = run("db", "status", "--db", url)
    assert status.exit_code == 0, status.output
    assert f"Schema: {head_revision()} (newest {head_revision()})" in status.output
    assert "Lock: free" in status.output
    with archive_lock(url, what="crawl"):
        held = run("db", "status", "--db", url)
        refused = run("db", "upgrade", "--db", url)
    assert "Lock: held by pid" in held.output and "(crawl)" in held.output
    assert refused.exit_code == 3


def test_reparse_and_failures_ignore(empty_postgres_database: str) -> None:
    url = empty_postgres_database
    _build(url)
    reparsed = run("reparse", "--db", url)
    assert reparsed.exit_code == 0, reparsed.output
    assert "8 articles re-parsed" in reparsed.output
    failures = json.loads(run("failures", "--db", url, "--format", "json").stdout)
    assert len(failures) == 1
    reason = failures[0]["reason"]
    ignored = run("failures", "ignore", "--reason", reason, "--db", url)
    assert ignored.exit_code == 0, ignored.output
    assert json.loads(run("failures", "--db", url, "--format", "json").stdout) == []


def test_an_unreachable_archive_is_one_line(postgres_server_url: str) -> None:
    missing = postgres_server_url.rpartition("/")[0] + "/no_such_archive"
    for command in (["search", "x"], ["list"], ["db", "status"], ["reparse"]):
        result = run(*command, "--db", missing)
        assert result.exit_code == 2, (command, result.output)
        assert len(result.output.strip().splitlines()) == 1
        assert "no_such_archive" in result.output
