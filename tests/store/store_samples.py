"""Sample data for the archive tests (imported by conftest and the tests)."""

from __future__ import annotations

import functools
import json
import random
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from newsarchive.items import Article, article_from_json_dict

SAMPLE_ARTICLE = Path(__file__).parent / "data" / "sample_article.json"
SITE = "responsiblestatecraft.org"
FETCHED_AT = datetime(2024, 3, 1, 12, 0, 0, tzinfo=UTC)


def sample_article() -> Article:
    """An article with every field set, at /diplomacy-watch-ukraine-russia/."""
    return article_from_json_dict(json.loads(SAMPLE_ARTICLE.read_text("utf-8")))


def page_html(title: str | None, *, style_seed: int = 0) -> bytes:
    """A page shaped like the site's: a big shared inline style, then the article."""
    style = _site_style(style_seed)
    return (
        f"<!DOCTYPE html><html><head><style>{style}</style></head>"
        f"<body><h1>{title}</h1><p>Body of {title}.</p></body></html>"
    ).encode()


@functools.cache
def _site_style(seed: int) -> str:
    rng = random.Random(seed)  # another seed: another site template
    return "\n".join(
        f".widget-{rng.randrange(10**6)} .w{rng.randrange(10**4)} {{ margin: "
        f"{rng.randrange(40)}px; color: #{rng.randrange(16**6):06x}; }}"
        for _ in range(3000)
    )


def refuse_page_inserts(engine: Engine, message: str, url_like: str = "%") -> None:
    """Make the database refuse pages whose URL is LIKE `url_like` (a trigger raising
    an integrity error with `message`), on SQLite or PostgreSQL."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql(
                "CREATE FUNCTION refuse_pages() RETURNS trigger LANGUAGE plpgsql AS $$ "
                # exec_driver_sql goes through psycopg's %-formatting: double the %.
                f"BEGIN IF new.url LIKE '{url_like.replace('%', '%%')}' THEN RAISE EXCEPTION '{message}' "
                "USING ERRCODE = 'integrity_constraint_violation'; END IF; "
                "RETURN new; END $$"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse_pages BEFORE INSERT ON pages "
                "FOR EACH ROW EXECUTE FUNCTION refuse_pages()"
            )
        else:
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse_pages BEFORE INSERT ON pages "
                f"WHEN new.url LIKE '{url_like}' "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )


def allow_page_inserts(engine: Engine) -> None:
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("DROP TRIGGER refuse_pages ON pages")
        else:
            connection.exec_driver_sql("DROP TRIGGER refuse_pages")
