"""The fault-injection options of `newsarchive replica serve` and `replica faults`.

newsarchive replica serve --faults mixed --fault-share 0.2
newsarchive replica serve --fault http_503 --fault gzip_bomb --fault-share 0.1
newsarchive replica faults --faults mixed --articles 2000     # which URL gets what
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from newsarchive.cli.errors import UserError

FAULT_OPTION_NAMES = (
    "faults", "fault", "fault_share", "fault_seed", "retry_after", "fault_hang",
    "oversize_kb", "bomb_mb",
)  # fmt: skip


def fault_options(command: Callable) -> Callable:
    """Adds --faults, --fault, --fault-share, --fault-seed and the fault tuning options."""
    from newsarchive.replica.faults import FAULT_KINDS, PROFILES

    options = [
        click.option("--faults", default="none", show_default=True,
                     type=click.Choice(sorted(PROFILES)),
                     help="Fault profile: which kinds of failure to inject."),
        click.option("--fault", multiple=True, type=click.Choice(sorted(FAULT_KINDS)),
                     help="Also inject this fault kind (repeatable)."),
        click.option("--fault-share", type=click.FloatRange(0, 1), default=None,
                     help="Share of article pages that get a fault (default 0.2; "
                          "0.8 for the stale profile)."),
        click.option("--fault-seed", type=int, default=1, show_default=True,
                     help="Seed of the (deterministic) choice of faulty pages."),
        click.option("--retry-after", type=click.IntRange(0, 3600), default=1,
                     show_default=True, help="Retry-After seconds of 503 and 429 answers."),
        click.option("--fault-hang", type=click.FloatRange(0, 600), default=3.0,
                     show_default=True,
                     help="Seconds a timeout stalls and a slow body trickles."),
        click.option("--oversize-kb", type=click.IntRange(1), default=40 * 1024,
                     show_default=True, help="Size of an oversized page."),
        click.option("--bomb-mb", type=click.IntRange(1, 4096), default=256,
                     show_default=True, help="Inflated size of the gzip bomb."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def fault_plan(corpus: Any, values: dict[str, Any]):
    """The `FaultPlan` the options describe for this corpus (None: no faults)."""
    from newsarchive.replica.faults import FaultOptions, FaultPlan

    try:
        options = FaultOptions.from_profile(
            values["faults"],
            extra_kinds=tuple(values["fault"]),
            share=values["fault_share"],
            seed=values["fault_seed"],
            retry_after=values["retry_after"],
            hang_seconds=values["fault_hang"],
            oversize_kb=values["oversize_kb"],
            bomb_mb=values["bomb_mb"],
        )
    except ValueError as error:
        raise UserError(str(error)) from error
    if not options.enabled:
        return None
    return FaultPlan(article_paths=corpus.article_paths(), options=options)


def fault_middlewares(corpus: Any, values: dict[str, Any]) -> list[Any]:
    """The aiohttp middlewares serving the faults the options ask for."""
    plan = fault_plan(corpus, values)
    if plan is None:
        return []
    from newsarchive.replica.fault_server import fault_middleware

    return [fault_middleware(plan, corpus.base_url)]


def print_fault_plan(corpus: Any, values: dict[str, Any]) -> None:
    """One JSON line per faulty URL: url, kind, fail_times, and the reasons a crawler
    may record for it (empty: it must archive the page correctly)."""
    plan = fault_plan(corpus, values)
    if plan is None:
        return
    base = corpus.base_url
    for path, fault in plan.article_faults().items():
        record = {"url": base + path, "kind": fault.kind, "fail_times": fault.fail_times,
                  "variant": fault.variant, "reasons": sorted(fault.info.reasons)}  # fmt: skip
        click.echo(json.dumps(record))
    for path in plan.ghost_paths():
        click.echo(json.dumps({"url": base + path, "kind": "sitemap_404_ghost",
                               "reasons": ["http_404"]}))  # fmt: skip
    for path, kind in ((plan.malformed_sitemap_path(), "malformed_sitemap"),
                       ("/feeds/feed.rss" if plan.has("malformed_feed") else None,
                        "malformed_feed")):  # fmt: skip
        if path:
            click.echo(
                json.dumps({"url": base + path, "kind": kind, "reasons": [kind]})
            )
