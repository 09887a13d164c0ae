"""The Scrapy settings the archive components read (all prefixed `NEWSARCHIVE_`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from newsarchive.store.engine import default_db_path

DEFAULT_SITE = "responsiblestatecraft.org"
DEFAULT_STORE_BATCH_SIZE = 100
# Components built without the project settings (tests, other projects) write in-process;
# the project settings (newsarchive/settings.py) turn the writer process on.
DEFAULT_STORE_PROCESS = False


class SettingsLike(Protocol):
    def get(self, name: str, default: Any = None) -> Any: ...


def db_path_setting(settings: SettingsLike) -> Path:
    """`NEWSARCHIVE_DB`, else `default_db_path()` (which honours the environment)."""
    value = settings.get("NEWSARCHIVE_DB")
    return Path(value).expanduser().resolve() if value else default_db_path()


def site_setting(settings: SettingsLike) -> str:
    return settings.get("NEWSARCHIVE_SITE") or DEFAULT_SITE
