"""Crawls of faulty replicas, shared by the fault tests.

`soak` crawls ~1,000 articles (about 2,000 requests with the retries and discovery
pages) with every fault mixed in at 20%, once per test session: under pytest-xdist the
first worker to ask crawls, the others wait on a file lock and reuse the archive. Treat
it as read-only: `copy_archive(soak, tmp_path)` before writing.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

from newsarchive.resilience.soak import SoakConfig, SoakResult, run_soak

SOAK_ARTICLES = 1000


def _shared_root(factory: pytest.TempPathFactory) -> Path:
    root = factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


def shared_soak(
    factory: pytest.TempPathFactory, name: str, config: SoakConfig
) -> SoakResult:
    """Run `config` once per session (across xdist workers) in `<shared tmp>/<name>`."""
    from filelock import FileLock

    root = _shared_root(factory)
    config.directory = root / name
    with FileLock(str(root / f"{name}.lock")):
        marker = config.directory / "soak.json"
        if marker.exists():
            record = json.loads(marker.read_text())
            return SoakResult(config=config, db_path=Path(record["db_path"]),
                              base_url=record["base_url"], exit_code=record["exit_code"],
                              stats=record["stats"], output=record["output"],
                              wall_seconds=record["wall_seconds"])  # fmt: skip
        result = run_soak(config)
        record = {
            key: value for key, value in asdict(result).items() if key != "config"
        }
        marker.write_text(json.dumps(record, default=str))
        return result


@pytest.fixture(scope="session")
def soak(tmp_path_factory: pytest.TempPathFactory) -> SoakResult:
    return shared_soak(tmp_path_factory, "soak-mixed", SoakConfig(
        directory=Path("unused"), articles=SOAK_ARTICLES, profile="mixed", share=0.2,
    ))  # fmt: skip


def copy_archive(result: SoakResult, directory: Path) -> Path:
    """A private copy of a soak's archive (WAL files included)."""
    target = Path(directory) / result.db_path.name
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{result.db_path}{suffix}")
        if source.exists():
            shutil.copyfile(source, f"{target}{suffix}")
    return target
