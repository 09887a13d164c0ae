"""The memory-trim extension: on where glibc has malloc_trim, off when asked."""

from __future__ import annotations

import platform

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newsarchive.extensions import memory_trim
from newsarchive.extensions.memory_trim import MemoryTrimExtension, find_malloc_trim


def test_it_releases_memory_with_malloc_trim(monkeypatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(memory_trim, "find_malloc_trim", lambda: calls.append)
    extension = MemoryTrimExtension.from_crawler(get_crawler())
    assert extension.interval == memory_trim.DEFAULT_INTERVAL_SECONDS
    extension.release()
    assert calls == [0]


def test_an_interval_of_zero_turns_it_off() -> None:
    crawler = get_crawler(settings_dict={"NEWSARCHIVE_MEMORY_TRIM_INTERVAL": 0})
    with pytest.raises(NotConfigured):
        MemoryTrimExtension.from_crawler(crawler)


def test_without_malloc_trim_it_is_off(monkeypatch) -> None:
    monkeypatch.setattr(memory_trim, "find_malloc_trim", lambda: None)
    with pytest.raises(NotConfigured):
        MemoryTrimExtension.from_crawler(get_crawler())


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_glibc_is_found_here() -> None:
    trim = find_malloc_trim()
    assert trim is not None and trim(0) in (0, 1)
