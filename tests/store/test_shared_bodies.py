"""Page bodies to the writer process through shared memory: each comes back whole, in
its fetch, and the items sent stay as they were."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from newsarchive.items import PageFetch
from newsarchive.store.shared_bodies import MIN_REGION_BYTES, BodyReader, BodyRegions
from newsarchive.store.writer import QueuedFetch

pytestmark = pytest.mark.skipif(
    not BodyRegions.available(), reason="needs memfd, /proc"
)


def batch_of(*bodies: bytes) -> list[QueuedFetch]:
    return [
        QueuedFetch(
            PageFetch(url=f"https://rs.test/p{n}/", requested_url=f"https://rs.test/p{n}/",
                      status=200, body=body, fetched_at=datetime(2026, 1, 1, tzinfo=UTC)),
            "rs.test", None,
        )
        for n, body in enumerate(bodies)
    ]  # fmt: skip


def test_bodies_come_back_whole_and_in_order() -> None:
    regions, reader = BodyRegions(2), BodyReader(os.getpid())
    batch = batch_of(b"first page", b"", os.urandom(300_000), b"last")
    light, spans = regions.detach(batch)
    assert [q.fetch.body for q in light] == [b""] * 4
    assert next(q.fetch.body for q in batch) == b"first page"  # the items are untouched
    reader.attach(light, spans)
    assert [q.fetch.body for q in light] == [q.fetch.body for q in batch]
    assert [q.fetch.url for q in light] == [q.fetch.url for q in batch]
    reader.close()
    regions.close()


def test_a_region_grows_for_a_large_batch_and_the_reader_follows() -> None:
    regions, reader = BodyRegions(1), BodyReader(os.getpid())
    small = batch_of(b"x" * 10)
    light, spans = regions.detach(small)
    reader.attach(light, spans)
    regions.release(spans)
    large = batch_of(os.urandom(MIN_REGION_BYTES), os.urandom(1000))
    light, spans = regions.detach(large)
    reader.attach(light, spans)
    assert [q.fetch.body for q in light] == [q.fetch.body for q in large]
    reader.close()
    regions.close()


def test_a_region_is_reused_once_released_and_not_before() -> None:
    regions = BodyRegions(1)
    _, spans = regions.detach(batch_of(b"a"))
    with pytest.raises(RuntimeError, match="in use"):
        regions.detach(batch_of(b"b"))
    regions.release(spans)
    _, again = regions.detach(batch_of(b"c"))
    assert again.fd == spans.fd
    regions.close()
