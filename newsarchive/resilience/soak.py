"""A soak run: a faulty replica crawled by `newsarchive crawl`, then audited.

Both run in subprocesses (the Twisted reactor cannot restart), with short timeouts and
a capped Retry-After so a few thousand pages take a minute, not an hour. Used by the
soak test (`tests/faults/`) and `bench/soak.py`:

    result = run_soak(SoakConfig(articles=1000, directory=tmp))
    result.report.ok, result.figures()
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from newsarchive.replica.faults import FaultOptions, FaultPlan
from newsarchive.resilience.audit import AuditReport, audit_archive

# Crawler settings of a soak: a timeout shorter than the replica's hang, quick backoff,
# Retry-After capped (docs/design/decisions.md 23), a size limit the oversized page passes.
SOAK_CRAWL_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_TIMEOUT": 4.0,
    "RETRY_TIMES": 2,
    "NEWSARCHIVE_RETRY_AFTER_MAX": 0.5,
    "NEWSARCHIVE_RETRY_BACKOFF_BASE": 0.1,
    "NEWSARCHIVE_RETRY_BACKOFF_MAX": 1.0,
    "DOWNLOAD_MAXSIZE": 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 0,
    "RETRY_GIVE_UP_LOG_LEVEL": "WARNING",
}


@dataclass(kw_only=True)
class SoakConfig:
    directory: Path
    articles: int = 1000
    seed: int = 1
    page_kb: int = 8
    profile: str = "mixed"
    share: float | None = None
    """Share of faulty article pages (None: the profile's, 0.2 for `mixed`)."""
    fault_seed: int = 1
    extra_kinds: tuple[str, ...] = ()
    hang_seconds: float = 6.0
    retry_after: int = 1
    oversize_kb: int = 1536
    bomb_mb: int = 64
    port: int = 0
    settings: dict[str, Any] = field(default_factory=dict)
    """Crawler settings over `SOAK_CRAWL_SETTINGS`."""
    crawl_args: tuple[str, ...] = ()
    timeout_seconds: float = 600.0

    def fault_options(self) -> FaultOptions:
        return FaultOptions.from_profile(
            self.profile, extra_kinds=self.extra_kinds, share=self.share,
            seed=self.fault_seed, retry_after=self.retry_after,
            hang_seconds=self.hang_seconds, oversize_kb=self.oversize_kb,
            bomb_mb=self.bomb_mb,
        )  # fmt: skip

    def replica_args(self) -> list[str]:
        options = self.fault_options()
        args = ["--faults", self.profile, "--fault-seed", str(self.fault_seed),
                "--fault-share", str(options.share), "--fault-hang", str(self.hang_seconds),
                "--retry-after", str(self.retry_after), "--oversize-kb",
                str(self.oversize_kb), "--bomb-mb", str(self.bomb_mb)]  # fmt: skip
        for kind in self.extra_kinds:
            args += ["--fault", kind]
        return args

    def crawl_settings(self) -> dict[str, Any]:
        return {**SOAK_CRAWL_SETTINGS, **self.settings}


@dataclass(kw_only=True)
class SoakResult:
    config: SoakConfig
    db_path: Path
    base_url: str
    exit_code: int
    stats: dict[str, Any]
    output: str
    wall_seconds: float

    @cached_property
    def plan(self) -> FaultPlan:
        return FaultPlan(article_paths=self.corpus().article_paths(),
                         options=self.config.fault_options())  # fmt: skip

    def corpus(self):
        from newsarchive.replica import Corpus

        return Corpus(articles=self.config.articles, seed=self.config.seed,
                      page_kb=self.config.page_kb, base_url=self.base_url)  # fmt: skip

    @cached_property
    def report(self) -> AuditReport:
        retries = int(self.config.crawl_settings()["RETRY_TIMES"])
        return audit_archive(self.db_path, list(self.corpus().truth()), self.plan,
                             retries=retries)  # fmt: skip

    def figures(self) -> dict[str, Any]:
        """The soak's figures: pages, faults injected, recovered, recorded, lost."""
        report, stats = self.report, self.stats
        summary = self.plan.summary()
        return {
            "articles in truth": report.truth_articles,
            "pages fetched": int(stats.get("response_received_count", 0)),
            "article pages": int(stats.get("newsarchive/article_pages", 0)),
            "faulty article pages": sum(report.faulted_articles.values()),
            "faults injected (article pages + dead URLs + broken files)": sum(summary.values())
            + len(self.plan.ghost_paths()),
            "retries (requests)": int(stats.get("retry/count", 0)),
            "recovered by retry (articles)": report.recovered_by_retry,
            "archived correctly": report.archived_correctly,
            "recorded as failures (truth articles)": sum(report.recorded.values()),
            "other failures recorded (dead URLs, broken files)":
                sum(report.other_failures.values()),
            "lost": len(report.lost),
            "archived wrong": len(report.wrong),
            "unexplained reasons": len(report.unexplained),
            "duplicate articles": report.duplicate_articles,
            "integrity_check": report.integrity,
            "exit code": self.exit_code,
            "wall seconds": round(self.wall_seconds, 1),
        }  # fmt: skip


def run_soak(config: SoakConfig) -> SoakResult:
    """Serve the faulty replica, crawl it into `config.directory/archive.sqlite`."""
    from newsarchive.replica import start_replica_process

    directory = Path(config.directory)
    directory.mkdir(parents=True, exist_ok=True)
    db_path, stats_path = directory / "archive.sqlite", directory / "stats.json"
    with start_replica_process(
        articles=config.articles, seed=config.seed, page_kb=config.page_kb,
        port=config.port, extra_args=config.replica_args(),
    ) as replica:  # fmt: skip
        result = crawl_replica(replica.base_url, db_path, stats_path, config)
    return result


def crawl_replica(
    base_url: str, db_path: Path, stats_path: Path, config: SoakConfig
) -> SoakResult:
    """`newsarchive crawl` of a served replica in a subprocess, with the soak settings."""
    command = [sys.executable, "-m", "newsarchive", "crawl", "--db", str(db_path),
               "--start-url", base_url + "/", "--stats-json", str(stats_path),
               "--log-file", str(db_path.with_suffix(".log")), *config.crawl_args]  # fmt: skip
    for name, value in config.crawl_settings().items():
        shown = json.dumps(value) if isinstance(value, (dict, list)) else str(value)
        command += ["-s", f"{name}={shown}"]
    stats_path.unlink(missing_ok=True)
    started = time.monotonic()
    completed = subprocess.run(
        command, cwd=db_path.parent, capture_output=True, text=True,
        timeout=config.timeout_seconds, env=dict(os.environ, NEWSARCHIVE_DB=""), check=False)  # fmt: skip
    wall = time.monotonic() - started
    stats = json.loads(stats_path.read_text())["stats"] if stats_path.exists() else {}
    return SoakResult(
        config=config, db_path=db_path, base_url=base_url, exit_code=completed.returncode,
        stats=stats, output=completed.stdout + completed.stderr, wall_seconds=wall,
    )  # fmt: skip
