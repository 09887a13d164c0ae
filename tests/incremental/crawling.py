"""Helpers for the incremental-run tests: a replica whose edition can change while its
URL stays the same, and `newsarchive crawl` in a subprocess (the Twisted reactor can't
restart in-process)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsarchive.models import Article, CrawlRun
from newsarchive.replica import Corpus, start_replica_process
from newsarchive.replica.process import ReplicaProcess
from newsarchive.store import open_engine

CRAWL_TIMEOUT = 180


def shared(tmp_path_factory: Any, name: str, compute: Callable[[Path], dict]) -> dict:
    """`compute(directory)` once per test session, even under pytest-xdist: the first
    worker to ask runs it (its result must be JSON), the others wait and read it."""
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by all workers of this session
    directory = root / name
    with FileLock(str(root / f"{name}.lock")):
        marker = directory / "result.json"
        if not marker.exists():
            directory.mkdir(parents=True, exist_ok=True)
            marker.write_text(json.dumps(compute(directory)))
        return json.loads(marker.read_text())


@dataclass(frozen=True, kw_only=True)
class Run:
    code: int
    stats: dict[str, Any]
    output: str

    def stat(self, name: str) -> int:
        return int(self.stats.get(name, 0))


class Site:
    """A replica that can be restarted at another edition on the same port (the
    archive identifies pages by URL, port included)."""

    def __init__(self, *, articles: int, seed: int, page_kb: int) -> None:
        self.articles, self.seed, self.page_kb = articles, seed, page_kb
        self.port = 0
        self.edition = 0
        self.replica: ReplicaProcess | None = None
        self.base_url = ""
        """The replica's URL (kept after it stops: the archive's URLs use it)."""

    def serve(self, edition: int) -> None:
        self.stop()
        self.replica = start_replica_process(
            articles=self.articles,
            seed=self.seed,
            page_kb=self.page_kb,
            port=self.port,
            edition=edition,
        )
        self.base_url = self.replica.base_url
        self.port = int(self.base_url.rsplit(":", 1)[1])
        self.edition = edition

    def corpus(self, edition: int | None = None) -> Corpus:
        return Corpus(
            articles=self.articles,
            seed=self.seed,
            page_kb=self.page_kb,
            base_url=self.base_url,
            edition=edition or self.edition,
        )

    def stop(self) -> None:
        if self.replica is not None:
            self.replica.stop()
            self.replica = None


def crawl_command(
    db: Path | str, base_url: str, stats: Path, *options: str
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsarchive",
        "crawl",
        "--db",
        str(db),
        "--start-url",
        base_url + "/",
        "--stats-json",
        str(stats),
        *options,
    ]


def crawl(
    db: Path | str,
    base_url: str,
    *options: str,
    name: str = "run",
    directory: Path | None = None,
) -> Run:
    """Crawl into `db` (a SQLite path, or a PostgreSQL URL with `directory` for the
    run's files)."""
    directory = directory or Path(db).parent
    stats_path = directory / f"{name}-stats.json"
    stats_path.unlink(missing_ok=True)
    completed = subprocess.run(
        crawl_command(db, base_url, stats_path, *options),
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT,
        cwd=directory,
        env=dict(os.environ, NEWSARCHIVE_DB=""),
        check=False,
    )
    stats = json.loads(stats_path.read_text())["stats"] if stats_path.exists() else {}
    return Run(
        code=completed.returncode,
        stats=stats,
        output=completed.stdout + completed.stderr,
    )


def start_crawl(db: Path, base_url: str, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        crawl_command(db, base_url, db.parent / "interrupted-stats.json", *options),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=db.parent,
        env=dict(os.environ, NEWSARCHIVE_DB=""),
    )


def stop_when(
    process: subprocess.Popen[str],
    ready: Callable[[], bool],
    sig: signal.Signals,
    timeout: float = 60.0,
) -> bool:
    """Send `sig` as soon as `ready()` holds; False if the crawl ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if ready():
            process.send_signal(sig)
            return True
        time.sleep(0.02)
    return False


def archived_count(db: Path) -> int:
    """Articles committed so far (read while a crawl may be writing)."""
    if not db.exists():
        return 0
    engine = open_engine(db)
    try:
        with Session(engine) as session:
            return session.scalar(select(func.count()).select_from(Article)) or 0
    except Exception:  # noqa: BLE001 - the crawl has not created the schema yet
        return 0
    finally:
        engine.dispose()


def runs_of(db: Path) -> list[CrawlRun]:
    engine = open_engine(db)
    try:
        with Session(engine, expire_on_commit=False) as session:
            return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id)))
    finally:
        engine.dispose()
