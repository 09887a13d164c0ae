"""The run lock of a PostgreSQL archive with shared-crawl workers (docs/scale-out.md):
workers share it, a crawl run alone and the workers exclude each other."""

from __future__ import annotations

import pytest

from newsarchive.advisory_lock import (
    PostgresArchiveLock,
    held_by_this_process,
    worker_lock,
)
from newsarchive.runlock import ArchiveLocked


def test_workers_share_the_lock_and_the_first_readies_the_archive_alone(
    postgres_archive,
) -> None:
    readied = []
    with (
        worker_lock(postgres_archive, ready=readied.append),
        worker_lock(postgres_archive, ready=readied.append),
    ):
        assert held_by_this_process(postgres_archive)
    assert readied == [postgres_archive]  # the second came while the first held it


def test_a_crawl_run_alone_is_refused_while_workers_hold_the_archive(
    postgres_archive,
) -> None:
    with (
        worker_lock(postgres_archive, ready=lambda url: None),
        pytest.raises(ArchiveLocked, match="crawl worker"),
    ):
        PostgresArchiveLock(postgres_archive, what="crawl").acquire()


def test_a_worker_is_refused_while_a_crawl_runs_alone(postgres_archive) -> None:
    with (
        PostgresArchiveLock(postgres_archive, what="crawl"),
        pytest.raises(ArchiveLocked, match=r"\(crawl\)"),
        worker_lock(postgres_archive, ready=lambda url: None),
    ):
        pass
