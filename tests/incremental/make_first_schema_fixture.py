"""How `tests/fixtures/archives/first_schema.sqlite` was made (kept for the record).

The fixture is an archive of the FIRST schema (Alembic revision 0001 only), made before
migration 0002 existed, by the newsarchive of commit 2418e3b (plus the uncommitted work
of 2026-11-25): an 8-article replica (seed 1, page_kb 4) crawled by `newsarchive crawl`,
then switched to a rollback journal, 1 KB pages and VACUUMed so it is one small
self-contained file. Running this script today would make a head-schema archive, because
a crawl upgrades to the newest revision: the committed file is the artefact, this script
only documents it.

    .venv/bin/python tests/incremental/make_first_schema_fixture.py OUT.sqlite
"""

from __future__ import annotations

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


if __name__ == "__main__":
    make(Path(sys.argv[1]))
