"""`newsarchive history ID|URL` and the light read of an article's state it rests on."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from newsarchive import items
from newsarchive.query.database import reading
from newsarchive.query.history import article_state
from newsarchive.store import open_engine
from newsarchive.store.read import load_article

from .helpers import assert_user_error, run


def test_article_state_is_the_items_json_the_store_gives(archive) -> None:
    """History rebuilds earlier versions from `article_state`: it must be exactly the
    item JSON that versions' previous values are taken from."""
    engine = open_engine(archive.db)
    try:
        with Session(engine) as session, reading(archive.db) as connection:
            ids = [row["id"] for row in connection.execute("SELECT id FROM articles")]
            for article_id in ids[:40]:
                expected = items.to_json_dict(load_article(session, article_id))
                assert article_state(connection, article_id) == expected
    finally:
        engine.dispose()


def test_history_by_id_and_by_url(archive) -> None:
    seed = archive.seed
    by_url = run("history", seed["url"], "--format", "json", db=archive.db)
    assert by_url.exit_code == 0, by_url.output
    found = json.loads(by_url.stdout)
    by_id = run("history", str(found["article_id"]), "--format", "json", db=archive.db)
    assert json.loads(by_id.stdout) == found
    assert [v["version"] for v in found["versions"]] == [1]
    text = run("history", seed["url"], db=archive.db).stdout
    assert seed["title"] in text and "(first stored)" in text


def test_history_of_nothing(archive) -> None:
    assert_user_error(
        run("history", "https://example.org/x/", db=archive.db), "no article"
    )
    assert_user_error(run("history", "9" * 30, db=archive.db), "no article")
