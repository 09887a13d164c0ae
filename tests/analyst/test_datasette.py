"""The shipped Datasette metadata: it loads, search works, canned queries run."""

from __future__ import annotations

import asyncio
import json

import pytest

from newsarchive.query.datasette_metadata import load_metadata, metadata_for

from .helpers import run

CANNED = (
    "search_articles",
    "articles_by_author",
    "articles_per_month",
    "articles_per_month_by_section",
    "most_teased_articles",
    "open_failures",
    "crawl_runs_summary",
    "changed_articles",
)


def test_metadata_points_articles_at_the_fts_table() -> None:
    metadata = load_metadata()
    for name in ("archive", "demo"):
        articles = metadata["databases"][name]["tables"]["articles"]
        assert (articles["fts_table"], articles["fts_pk"]) == ("articles_fts", "id")
        assert set(CANNED) <= set(metadata["databases"][name]["queries"])


def test_metadata_for_another_file_name(tmp_path) -> None:
    assert list(metadata_for(tmp_path / "rs-2024.sqlite")["databases"]) == ["rs-2024"]
    out = tmp_path / "meta.json"
    result = run("datasette-metadata", "--out", out, db=tmp_path / "rs-2024.sqlite")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["databases"]["rs-2024"]["tables"]["articles"]


@pytest.mark.sqlite_only("Datasette reads SQLite files")
def test_datasette_searches_articles(archive) -> None:
    datasette_app = pytest.importorskip("datasette.app")

    async def scenario():
        datasette = datasette_app.Datasette(
            # immutable: the shared session archive must not be written
            immutables=[str(archive.db)],
            metadata=load_metadata(),
        )
        await datasette.invoke_startup()
        found = await datasette.client.get(
            "/archive/articles.json?_search=Umerov+Turkish&_shape=array"
        )
        params = {"search_articles": "query=Umerov", "articles_by_author": "author=a"}
        canned = {}
        for name in CANNED:
            response = await datasette.client.get(
                f"/archive/{name}.json?_shape=array&{params.get(name, '')}"
            )
            canned[name] = (response.status_code, response.json())
        page = await datasette.client.get("/archive/articles")
        return found, canned, page

    found, canned, page = asyncio.run(scenario())
    assert found.status_code == 200
    assert [row["url"] for row in found.json()] == [archive.seed["url"]]
    for name, (status, rows) in canned.items():
        assert status == 200, (name, rows)
    assert canned["search_articles"][1][0]["url"] == archive.seed["url"]
    assert canned["open_failures"][1][0]["reason"] == "missing_title"
    assert sum(r["articles"] for r in canned["articles_per_month"][1]) == len(
        archive.truth
    )
    assert 'name="_search"' in page.text
