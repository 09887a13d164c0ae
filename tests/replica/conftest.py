"""Replica test fixtures: one in-process corpus and one served replica per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsarchive.replica import Corpus, start_replica_process
from newsarchive.replica.process import ReplicaProcess

SEED_TEXT = (
    Path(__file__).parent.parent.parent
    / "newsarchive"
    / "replica"
    / "data"
    / "seed-article-page.txt"
)


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return Corpus(articles=300, seed=1)


@pytest.fixture(scope="session")
def served() -> Iterator[ReplicaProcess]:
    with start_replica_process(articles=300, seed=1, page_kb=20) as replica:
        yield replica


@pytest.fixture(scope="session")
def served_corpus(served: ReplicaProcess) -> Corpus:
    """The same corpus the served replica uses (same base URL), for expected values."""
    return Corpus(articles=300, seed=1, page_kb=20, base_url=served.base_url)
