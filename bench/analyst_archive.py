"""The large archive `bench/analyst.py` measures: replica truth written through the
store library (`ArchiveWriter`, the crawl's own write path, with each article's rendered
page as its raw page), cached under bench/out/ and rebuilt only when its parameters
change. 100,000 articles take a while (the store writes ~30 rows per article).
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import REPO_ROOT

logger = logging.getLogger("bench.analyst")

OUT_DIR = REPO_ROOT / "bench" / "out"
SITE = "responsiblestatecraft.org"
BASE_URL = "http://127.0.0.1:8765"


def replica_fetch(corpus, truth: dict, fetched_at: datetime):
    """A `PageFetch` of one replica article as the crawl would make it: its truth as the
    parsed article, its rendered page as the raw page."""
    from newsarchive.items import PageFetch, article_from_json_dict

    article = article_from_json_dict(truth)
    page = corpus.render(article.url)
    return PageFetch(
        url=article.url,
        requested_url=article.url,
        status=page.status,
        headers=dict(page.headers),
        body=page.body,
        fetched_at=fetched_at,
        article=article,
    )


def ensure_archive(articles: int, seed: int, page_kb: int, *, rebuild: bool) -> Path:
    """The cached archive for these parameters, built first if needed."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / ".gitignore").write_text("*\n")
    db = OUT_DIR / f"analyst-{articles}.sqlite"
    marker = db.with_suffix(".json")
    wanted = {"articles": articles, "seed": seed, "page_kb": page_kb}
    if (
        not rebuild
        and db.exists()
        and marker.exists()
        and json.loads(marker.read_text()).get("parameters") == wanted
    ):
        logger.info("Reusing %s", db)
        return db
    building = db.with_suffix(".building")
    building.unlink(missing_ok=True)
    started = time.perf_counter()
    build_archive(building, articles, seed, page_kb)
    seconds = time.perf_counter() - started
    building.replace(db)
    marker.write_text(
        json.dumps({"parameters": wanted, "build_seconds": round(seconds)})
    )
    logger.info("Built %s in %.0f s", db, seconds)
    return db


def build_archive(path: Path, articles: int, seed: int, page_kb: int) -> None:
    from newsarchive.replica import Corpus
    from newsarchive.store import (
        ArchiveWriter,
        finish_run,
        open_engine,
        start_run,
        upgrade,
    )

    corpus = Corpus(articles=articles, seed=seed, base_url=BASE_URL, page_kb=page_kb)
    upgrade(path)
    engine = open_engine(path)
    started_at = datetime.now(UTC)
    run_id = start_run(
        engine, site=SITE, started_at=started_at, settings={"bench": True}
    )
    writer = ArchiveWriter(engine)
    stored = 0
    for number, truth in enumerate(corpus.truth(), start=1):
        fetched_at = started_at + timedelta(milliseconds=number)
        writer.add(replica_fetch(corpus, truth, fetched_at), site=SITE)
        if writer.pending >= 500:
            writer.flush(run_id=run_id)
        stored = number
        if number % 5_000 == 0:
            logger.info("Stored %d articles", number)
    writer.flush(run_id=run_id)
    finish_run(
        engine,
        run_id,
        finished_at=datetime.now(UTC),
        close_reason="finished",
        stats={"newsarchive/store/inserted": stored},
    )
    engine.dispose()
