"""Pages in Windows-1252 (claiming UTF-8, or naming no charset): archived exactly as the
truth says, and `reparse` reads the stored raw pages the same way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsarchive.models import Page
from newsarchive.resilience.audit import audit_archive
from newsarchive.resilience.soak import SoakConfig
from newsarchive.store import open_engine

from .conftest import copy_archive, shared_soak

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def encoding(tmp_path_factory):
    return shared_soak(tmp_path_factory, "soak-encoding", SoakConfig(
        directory=Path("unused"), articles=60, profile="encoding", share=0.5,
    ))  # fmt: skip


def test_cp1252_pages_archived_correctly(encoding) -> None:
    report = encoding.report
    assert report.problems() == {}
    assert report.archived_correctly == report.truth_articles
    faulty = sum(report.faulted_articles.values())
    assert faulty > 10 and encoding.stats["newsarchive/charset_fallback"] >= faulty


def test_raw_bytes_kept_with_the_charset_the_crawl_found(encoding) -> None:
    engine = open_engine(encoding.db_path)
    try:
        with Session(engine) as session:
            headers = session.scalars(select(Page.headers)).all()
    finally:
        engine.dispose()
    fallbacks = [h for h in headers if "X-Newsarchive-Charset-Fallback" in h]
    assert fallbacks and all(
        h["Content-Type"] == "text/html; charset=windows-1252" for h in fallbacks
    )
    declared = {h["X-Newsarchive-Charset-Fallback"] for h in fallbacks}
    assert declared == {"declared utf-8", "declared none"}


def test_reparse_reads_them_as_the_crawl_did(encoding, tmp_path) -> None:
    db_path = copy_archive(encoding, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "newsarchive", "reparse", "--db", str(db_path)],
        capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert " articles re-parsed, 0 changed;" in done.stdout
    audited = audit_archive(db_path, list(encoding.corpus().truth()), encoding.plan,
                            retries=2)  # fmt: skip
    assert audited.problems() == {}
