"""The `newsarchive` command line.

A click group whose commands live in one module per command group and stay thin over
library functions. Commands are loaded lazily (by name) so `newsarchive --help` does not
import Scrapy, and nothing runs at import time.
"""

from __future__ import annotations

import importlib
import logging

import click

from newsarchive import __version__

# command name -> "module:attribute". Each module owns its commands; add new ones here.
COMMANDS: dict[str, str] = {
    "replica": "newsarchive.cli.replica:replica",
    "extract": "newsarchive.cli.extract:extract",
    "crawl": "newsarchive.cli.crawl:crawl",
    "demo": "newsarchive.cli.crawl:demo",
    "reparse": "newsarchive.cli.crawl:reparse",
    "search": "newsarchive.cli.search:search",
    "list": "newsarchive.cli.search:list_articles",
    "show": "newsarchive.cli.search:show",
    "authors": "newsarchive.cli.browse:authors",
    "sections": "newsarchive.cli.browse:sections",
    "tags": "newsarchive.cli.browse:tags",
    "runs": "newsarchive.cli.browse:runs",
    "failures": "newsarchive.cli.browse:failures",
    "stats": "newsarchive.cli.stats:stats",
    "teasers": "newsarchive.cli.stats:teasers",
    "export": "newsarchive.cli.export:export",
    "datasette-metadata": "newsarchive.cli.datasette:datasette_metadata",
    "history": "newsarchive.cli.history:history",
    "db": "newsarchive.cli.db:db",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsarchive")
@click.option(
    "-v", "--verbose", count=True, help="More log output (-v info, -vv debug)."
)
def cli(verbose: int) -> None:
    """Crawl a news site into a SQLite archive, and query it."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def main() -> None:
    cli()
