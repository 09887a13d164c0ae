"""Fixtures of the incremental-run tests."""

from __future__ import annotations

import pytest

from .journey import Journey, load_journey


@pytest.fixture(scope="module")
def journey(tmp_path_factory) -> Journey:
    """Editions 1, 1, 2, 3 and --full crawled into one archive (once per session)."""
    return load_journey(tmp_path_factory)
