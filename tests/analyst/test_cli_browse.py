"""`list`, `show`, `authors`, `sections`, `tags`, `runs`, `failures` vs the truth."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from contextlib import closing

import pytest

from newsarchive.query.runs import RUN_COLUMNS

from .helpers import assert_user_error, run, run_json


def test_list_is_every_article_newest_first(archive) -> None:
    rows = run_json("list", "--limit", "1000", db=archive.db)
    expected = sorted(archive.truth, key=lambda a: a["published_at"], reverse=True)
    assert [row["url"] for row in rows] == [a["url"] for a in expected]
    assert rows[0]["published_at"] == expected[0]["published_at"]
    oldest = run_json("list", "--oldest-first", "--limit", "1", db=archive.db)
    assert oldest[0]["url"] == expected[-1]["url"]


def test_list_filters_match_the_truth(archive) -> None:
    truth = archive.truth
    qiosk = run_json("list", "--section", "QiOSK", "--limit", "1000", db=archive.db)
    assert len(qiosk) == sum(a["section"] == "QiOSK" for a in truth)
    november = run_json(
        "list",
        "--since",
        "2023-11",
        "--until",
        "2023-11",
        "--limit",
        "1000",
        db=archive.db,
    )
    assert {r["url"] for r in november} == {
        a["url"] for a in truth if a["published_at"].startswith("2023-11")
    }
    author = archive.seed["authors"][0]
    by_author = run_json(
        "list",
        "--author",
        author["name"].upper(),
        "--limit",
        "1000",
        db=archive.db,
    )
    handle = author["url"].rstrip("/").rsplit("/", 1)[-1]
    by_handle = run_json("list", "--author", handle, "--limit", "1000", db=archive.db)
    expected = {
        a["url"] for a in truth if author["name"] in [x["name"] for x in a["authors"]]
    }
    assert {r["url"] for r in by_author} == {r["url"] for r in by_handle} == expected
    tagged = run_json("list", "--tag", "NATO", "--limit", "1000", db=archive.db)
    assert {r["url"] for r in tagged} == {
        a["url"] for a in truth if "nato" in [t["slug"] for t in a["tags"]]
    }


def test_show_the_seed_by_url_variants_and_id(archive) -> None:
    seed = archive.seed
    detail = run_json(
        "show", seed["url"].rstrip("/") + "?utm_source=x#top", db=archive.db
    )
    assert run_json("show", str(detail["id"]), db=archive.db)["url"] == seed["url"]
    assert detail["title"] == seed["title"]
    assert detail["published_at"] == seed["published_at"] == "2023-10-27T16:00:00+00:00"
    assert [a["name"] for a in detail["authors"]] == [
        a["name"] for a in seed["authors"]
    ]
    assert [t["name"] for t in detail["tags"]] == [t["name"] for t in seed["tags"]]
    top = [i for i in detail["images"] if i["kind"] == "top"]
    assert top[0]["credit"] == seed["top_image"]["credit"]
    body_images = [i for i in detail["images"] if i["kind"] == "body"]
    assert [i["credit"] for i in body_images] == [i["credit"] for i in seed["images"]]
    assert len(detail["teasers"]) == 3
    assert [t["url"] for t in detail["teasers"]] == [t["url"] for t in seed["teasers"]]
    assert all(t["archived"] for t in detail["teasers"])
    assert detail["body_text"] == seed["body_text"]
    assert [v["version"] for v in detail["versions"]] == [1]  # as first archived
    assert detail["pages"] and detail["pages"][-1]["status"] == 200


def test_show_reads_like_the_article(archive) -> None:
    """Title, byline, date, section and tags come first, then the body in order, and
    what the archive knows after it."""
    seed = archive.seed
    result = run("show", seed["url"], db=archive.db)
    assert result.exit_code == 0
    text = result.stdout
    names = [author["name"] for author in seed["authors"]]
    paragraphs = seed["body_text"].split("\n\n")
    heading = text.index(seed["title"])
    byline = text.index(names[0])
    dated = text.index("Published 27 October 2023, 16:00 UTC")
    body = [text.index(paragraph) for paragraph in paragraphs]
    record = text.index("teasers (3)")
    assert heading < byline < dated < body[0] and body == sorted(body)
    assert body[-1] < record < text.index("versions (1)")
    assert text.index(seed["section"]) < body[0]
    public_tags = [tag["name"] for tag in seed["tags"] if not tag["internal"]]
    assert f"Tags: {', '.join(public_tags)}" in text


def test_show_as_markdown(archive) -> None:
    seed = archive.seed
    result = run("show", seed["url"], "--format", "markdown", db=archive.db)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "# " + seed["title"].replace("(", "(").replace("_", "\\_")
    assert seed["body_text"].split("\n\n")[0].replace("*", "\\*") in result.stdout
    assert "## teasers (3)" in result.stdout


@pytest.mark.sqlite_only("an archive file of the first schema")
def test_show_works_on_an_archive_of_the_first_schema(archive, tmp_path) -> None:
    """Query commands never upgrade an archive: one made by schema revision 0001 (no
    article_versions table, fewer article columns) must still show its articles."""
    copy = tmp_path / "archive.sqlite"
    shutil.copy(archive.db, copy)
    with closing(sqlite3.connect(copy)) as connection:
        connection.execute("DROP TABLE article_versions")
        for column in ("gone_at", "last_status", "teasers_changed_at"):
            connection.execute(f"ALTER TABLE articles DROP COLUMN {column}")
        connection.commit()
    detail = run_json("show", archive.seed["url"], db=copy)
    assert detail["versions"] is None and "gone_at" not in detail
    assert detail["title"] == archive.seed["title"]
    shown = run("show", archive.seed["url"], db=copy).stdout
    assert "not recorded by this archive's schema" in shown


def test_show_unknown_article(archive) -> None:
    assert_user_error(
        run("show", "https://example.org/nope/", db=archive.db), "no article"
    )
    assert_user_error(run("show", "999999", db=archive.db), "no article")


def test_authors_sections_tags_counts(archive) -> None:
    truth = archive.truth
    authors = run_json("authors", "--limit", "0", db=archive.db)
    assert {a["name"]: a["articles"] for a in authors} == Counter(
        author["name"] for a in truth for author in a["authors"]
    )
    assert authors[0]["articles"] == max(a["articles"] for a in authors)
    sections = run_json("sections", "--limit", "0", db=archive.db)
    assert {s["section"]: s["articles"] for s in sections} == Counter(
        a["section"] for a in truth
    )
    tags = run_json("tags", "--limit", "0", db=archive.db)
    assert {t["slug"]: t["articles"] for t in tags} == Counter(
        tag["slug"] for a in truth for tag in a["tags"]
    )
    public = run_json("tags", "--no-internal", "--limit", "0", db=archive.db)
    assert public and not any(t["internal"] for t in public)
    assert len(run_json("tags", "--limit", "5", db=archive.db)) == 5


def test_runs_and_failures(archive) -> None:
    runs = run_json("runs", db=archive.db)
    assert len(runs) == 1 and runs[0]["failed"] == 1
    assert runs[0]["status"] == "completed with failures"  # the crawl's own words
    assert list(runs[0]) == list(RUN_COLUMNS)  # every column, in json as in csv
    assert runs[0]["close_reason"] == "finished"
    assert {runs[0][name] for name in ("moved", "gone", "not_modified")} == {0}
    shown = run("runs", db=archive.db).stdout
    assert "completed with failures" in shown and "partial" not in shown
    by_reason = run_json("failures", db=archive.db)
    assert [(f["reason"], f["stage"], f["count"]) for f in by_reason] == [
        ("missing_title", "parse", 1)
    ]
    listed = run_json("failures", "--reason", "missing_title", db=archive.db)
    assert [f["url"] for f in listed] == [archive.broken_url]
    assert run_json("failures", "--all", db=archive.db) == listed
    assert_user_error(
        run("failures", "--reason", "nope", db=archive.db), "missing_title"
    )


@pytest.mark.sqlite_only("copies the archive file")
def test_failures_ignore_hides_them(archive, tmp_path) -> None:
    copy = tmp_path / "archive.sqlite"
    shutil.copy(archive.db, copy)
    assert_user_error(run("failures", "ignore", db=copy), "--reason")
    result = run("failures", "ignore", "--reason", "missing_title", db=copy)
    assert result.exit_code == 0, result.output
    assert run_json("failures", db=copy) == []
    assert run_json("failures", db=archive.db) != []  # the shared archive is untouched
