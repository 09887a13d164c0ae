"""`newsarchive replica serve|truth|render`: the local replica of the site."""

from __future__ import annotations

import asyncio
import json
import sys

import click

from newsarchive.cli.errors import UserError
from newsarchive.cli.replica_faults import (
    fault_middlewares,
    fault_options,
    print_fault_plan,
)


def _corpus(
    articles: int, seed: int, base_url: str, page_kb: int, extras: bool = True,
    edition: int = 1, site: str = "responsiblestatecraft.org", hour: int = 0,
):  # fmt: skip
    from newsarchive.replica.corpus import Corpus
    from newsarchive.replica.publications import PUBLICATIONS

    if site not in PUBLICATIONS:
        raise UserError(
            f"--site {site!r} is not a publication the replica serves; "
            f"pick one of: {', '.join(PUBLICATIONS)}."
        )
    if articles < 5:
        raise UserError(
            "--articles must be at least 5 (the seed article and its 4 links)."
        )
    if not 1 <= page_kb <= 4096:
        raise UserError("--page-kb must be between 1 and 4096.")
    if edition < 1:
        raise UserError("--edition must be 1 or more (1: the site as first generated).")
    if hour < 0:
        raise UserError("--hour must be 0 or more (0: the edition's first hour).")
    return Corpus(
        articles=articles, seed=seed, base_url=base_url, page_kb=page_kb, extras=extras,
        edition=edition, site=site, hour=hour,
    )  # fmt: skip


_edition_option = click.option(
    "--edition",
    default=1,
    show_default=True,
    type=int,
    help="Edition of the site: 2, 3, ... each add new articles, edits, an unpublished "
    "and a moved article to the one before (`replica changes` lists them).",
)


_hour_option = click.option(
    "--hour",
    default=0,
    show_default=True,
    type=int,
    help="Hour within the edition: the home and section pages rearrange their stories "
    "hour by hour (`replica placements` prints what they show).",
)


def _options(function):
    function = click.option(
        "--site",
        default="responsiblestatecraft.org",
        show_default=True,
        help="Publication to serve: responsiblestatecraft.org or spectrum.ieee.org.",
    )(function)
    function = click.option(
        "--page-kb",
        default=120,
        show_default=True,
        type=int,
        help="Approximate size of an article page in KB.",
    )(function)
    function = click.option(
        "--seed", default=1, show_default=True, type=int, help="Corpus seed."
    )(function)
    function = click.option(
        "--articles",
        default=300,
        show_default=True,
        type=int,
        help="Number of articles (including the seed and its 4 links).",
    )(function)
    return function


@click.group()
def replica() -> None:
    """A deterministic local replica of a RebelMouse publication
    (responsiblestatecraft.org, or spectrum.ieee.org with --site)."""


@replica.command()
@click.option(
    "--port", default=8765, show_default=True, type=int, help="Port (0: a free one)."
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--extras/--no-extras",
    default=True,
    show_default=True,
    help="Also serve a broken page and a content duplicate (linked from the home page).",
)
@_options
@_edition_option
@_hour_option
@fault_options
def serve(
    port: int,
    host: str,
    extras: bool,
    articles: int,
    seed: int,
    page_kb: int,
    edition: int,
    site: str,
    hour: int,
    **faults,
) -> None:
    """Serve the replica until interrupted. The first stdout line is its URL.

    --faults/--fault inject deterministic failures: `replica faults` lists them.
    """
    from newsarchive.replica.server import (
        base_url_for,
        bind_socket,
    )
    from newsarchive.replica.server import (
        serve as serve_forever,
    )

    try:
        sock = bind_socket(host, port)
    except OSError as error:
        raise UserError(
            f"cannot listen on {host}:{port} ({error.strerror}); pick another --port."
        ) from error
    try:
        corpus = _corpus(
            articles, seed, base_url_for(sock, host), page_kb, extras, edition, site,
            hour,
        )  # fmt: skip
    except UserError:
        sock.close()
        raise

    def ready(base_url: str) -> None:
        click.echo(f"Replica serving at {base_url}/")
        sys.stdout.flush()

    asyncio.run(serve_forever(sock, corpus, ready, fault_middlewares(corpus, faults)))


@replica.command()
@click.option(
    "--base-url",
    default="http://127.0.0.1:8765",
    show_default=True,
    help="Base URL the pages were served from.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="Output file (default stdout).",
)
@_options
@_edition_option
def truth(
    base_url: str, out: str | None, articles: int, seed: int, page_kb: int,
    edition: int, site: str,
) -> None:  # fmt: skip
    """Write the ground truth: one JSON line per article (what a perfect parser returns)."""
    corpus = _corpus(articles, seed, base_url, page_kb, edition=edition, site=site)
    try:
        stream = open(out, "w", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
    except OSError as error:
        raise UserError(
            f"cannot write {out} ({error.strerror}); pick another --out."
        ) from error
    try:
        for record in corpus.truth():
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out:
            stream.close()


@replica.command()
@click.argument("path")
@click.option("--base-url", default="http://127.0.0.1:8765", show_default=True)
@_options
@_edition_option
def render(
    path: str, base_url: str, articles: int, seed: int, page_kb: int, edition: int,
    site: str,
) -> None:  # fmt: skip
    """Print one page of the replica (status line on stderr) without starting a server."""
    corpus = _corpus(articles, seed, base_url, page_kb, edition=edition, site=site)
    page = corpus.render(path)
    click.echo(f"{page.status} {page.headers.get('Content-Type', '')}", err=True)
    sys.stdout.buffer.write(page.body)


@replica.command()
@click.option("--base-url", default="http://127.0.0.1:8765", show_default=True)
@_options
@fault_options
def faults(
    base_url: str, articles: int, seed: int, page_kb: int, site: str, **values
) -> None:
    """List the faulty URLs a `serve` with the same options injects (JSON lines)."""
    print_fault_plan(_corpus(articles, seed, base_url, page_kb, site=site), values)


@replica.command()
@click.option("--base-url", default="http://127.0.0.1:8765", show_default=True)
@_options
@_edition_option
def changes(
    base_url: str, articles: int, seed: int, page_kb: int, edition: int, site: str
) -> None:
    """What editions 2..--edition changed, one JSON line per edition: new, changed
    (with the edit kinds), teasers (rotated only), gone (with the status), moved."""
    corpus = _corpus(articles, seed, base_url, page_kb, edition=edition, site=site)
    for change in corpus.changes:
        click.echo(json.dumps(change.to_json(), ensure_ascii=False))


@replica.command()
@click.option("--base-url", default="http://127.0.0.1:8765", show_default=True)
@click.option(
    "--extras/--no-extras",
    default=True,
    show_default=True,
    help="As `serve`: the home page's editors' picks link the broken page and duplicate.",
)
@_options
@_edition_option
@_hour_option
def placements(
    base_url: str, extras: bool, articles: int, seed: int, page_kb: int,
    edition: int, site: str, hour: int,
) -> None:  # fmt: skip
    """What the home page and each section's first page show at --edition and --hour,
    one JSON line per story: page, block, position, url, headline (as shown)."""
    corpus = _corpus(
        articles, seed, base_url, page_kb, extras, edition=edition, site=site, hour=hour
    )
    for row in corpus.placements_truth():
        click.echo(json.dumps(row, ensure_ascii=False))
