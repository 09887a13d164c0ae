"""How `tests/fixtures/archives/first_schema.sqlite` was made (kept for the record).

The fixture is an archive of the FIRST schema (Alembic revision 0001 only), made before
migration 0002 existed, by the newsarchive of commit 2418e3b (plus the uncommitted work
of 2026-11-25): an 8-article replica (seed 1, page_kb 4) crawled by `newsarchive crawl`,
then switched to a rollback journal, 1 KB pages and VACUUMed so it is one small
self-contained file. Running this script today would make a head-schema archive, because
a crawl upgrades to the newest revision: the committed file is the artefact, this script
only documents it.

    .venv/bin/python tests/incremental/make_first_schema_fixture.py OUT.sqlite

When the replica's article markup changes (docs/replica-markup.md, "Changes"), the pages it
serves get new `ETag`s and the fixture's recorded validators no longer answer 304:

    .venv/bin/python tests/incremental/make_first_schema_fixture.py --refresh-validators

rewrites the `ETag` (and `Content-Length`) each stored page's headers recorded to what the
replica now serves for that URL, leaving the schema, rows and stored bodies as they are (done
once, 2026-12-03, when the replica started serving the real markup's section-link variants).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def make(out: Path) -> None:
    from newsarchive.replica import start_replica_process

    with start_replica_process(articles=8, seed=1, page_kb=4, port=0) as replica:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "newsarchive",
                "crawl",
                "--db",
                str(out),
                "--start-url",
                replica.base_url + "/",
            ],
            check=False,
            env=dict(os.environ, NEWSARCHIVE_DB=""),
        )
    connection = sqlite3.connect(out)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("PRAGMA page_size=1024")
        connection.execute("VACUUM")
    finally:
        connection.close()


FIXTURE = Path(__file__).parent.parent / "fixtures" / "archives" / "first_schema.sqlite"


def refresh_validators(db: Path = FIXTURE) -> None:
    """Record the replica's current ETag for each stored page (the site changed, the
    archive did not)."""
    from newsarchive.replica import Corpus

    connection = sqlite3.connect(db)
    try:
        rows = connection.execute("SELECT id, url, headers FROM pages").fetchall()
        base_url = rows[0][1].split("/", 3)[:3]
        corpus = Corpus(articles=8, seed=1, page_kb=4, base_url="/".join(base_url))
        for page_id, url, headers in rows:
            served = corpus.render(url)
            recorded = json.loads(headers)
            key = "Etag" if "Etag" in recorded else "ETag"
            if served.status != 200 or key not in recorded:
                continue
            recorded[key] = served.headers["ETag"]
            recorded["Content-Length"] = str(len(served.body))
            connection.execute(
                "UPDATE pages SET headers = ? WHERE id = ?",
                (json.dumps(recorded), page_id),
            )
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["--refresh-validators"]:
        refresh_validators()
    else:
        make(Path(sys.argv[1]))
