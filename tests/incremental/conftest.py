"""Fixtures of the incremental-run tests."""

from __future__ import annotations

import pytest

from .journey import Journey, load_journey


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def journey(request, tmp_path_factory) -> Journey:
    """Editions 1, 1, 2, 3 and --full crawled into one archive (once per session), on
    SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return load_journey(tmp_path_factory)
    return load_journey(
        tmp_path_factory, request.getfixturevalue("postgres_server_url")
    )
