"""Where the archive is: the setting, `$NEWSARCHIVE_DB`, or data/archive.sqlite."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.store import db_path_setting, default_db_path


def test_default_is_data_archive_sqlite_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert default_db_path({}) == tmp_path / "data" / "archive.sqlite"


def test_environment_overrides(tmp_path: Path) -> None:
    assert (
        default_db_path({"NEWSARCHIVE_DB": str(tmp_path / "x.sqlite")})
        == tmp_path / "x.sqlite"
    )


def test_the_setting_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSARCHIVE_DB", str(tmp_path / "env.sqlite"))
    assert (
        db_path_setting({"NEWSARCHIVE_DB": str(tmp_path / "s.sqlite")})
        == tmp_path / "s.sqlite"
    )
    assert db_path_setting({}) == tmp_path / "env.sqlite"
