"""The `newsarchive` command line.

A click group whose commands live in one module per command group and stay thin over
library functions. Commands are loaded lazily (by name) so `newsarchive --help` does not
import Scrapy, and nothing runs at import time.

A usage mistake, in any command, is one line on stderr and exit 2, naming the help to
read (click's usage block is not repeated). `--db` may also come before the command
(`newsarchive --db X search ...`); commands whose `--db` is
`newsarchive.cli.analyst_common.db_option` take it from there.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from pathlib import Path
from typing import Any

import click

from newsarchive import __version__
from newsarchive.archive_url import is_postgres_url
from newsarchive.cli.errors import UserError

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
    "frontpage": "newsarchive.cli.frontpage:frontpage",
    "placements": "newsarchive.cli.frontpage:placements",
    "db": "newsarchive.cli.db:db",
    "sites": "newsarchive.cli.sites:sites",
    "serve": "newsarchive.cli.serve:serve",
}
GROUP_DB = "newsarchive.db"
"""`ctx.meta` key of the `--db` given before the command (`newsarchive --db X search`)."""
GROUP_DB_COMMANDS = frozenset(
    {
        "search", "list", "show", "authors", "sections", "tags", "runs", "failures",
        "stats", "teasers", "export", "datasette-metadata", "history", "db", "serve",
        "frontpage", "placements",
    }
)  # fmt: skip
"""Commands that read `--db` given before them (their `--db` is `db_option`)."""


class ArchivePathType(click.ParamType):
    """A `--db` value: a path or a SQLite `file:` URI, kept as given (whether it is
    an archive is for the command to say, in one line); a NUL character, which no
    path can hold, is a usage mistake rather than an error from the OS."""

    name = "PATH"

    def convert(self, value: Any, param: Any, ctx: Any) -> Path | str:
        if isinstance(value, Path):
            return value
        if "\x00" in str(value):
            self.fail("a path cannot contain a NUL character", param, ctx)
        if is_postgres_url(value):  # a PostgreSQL archive (docs/postgresql.md)
            return str(value)
        return Path(value)


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used, and
    ends every command the same way (see the module docstring)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        with _one_line_usage_errors():
            return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        with _one_line_usage_errors():
            return super().invoke(ctx)


@contextlib.contextmanager
def _one_line_usage_errors():
    try:
        yield
    except click.UsageError as error:
        hint = ""
        if error.ctx is not None:
            hint = f" (see `{error.ctx.command_path} --help`)"
        raise UserError(f"{error.format_message()}{hint}") from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsarchive")
@click.option(
    "-v", "--verbose", count=True, help="More log output (-v info, -vv debug)."
)
@click.option(
    "--db",
    "db_path",
    type=ArchivePathType(),
    default=None,
    help="The archive the command reads (the same as the command's own --db).",
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, db_path: Path | None) -> None:
    """Crawl a news site into a SQLite archive, and query it."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if db_path is not None:
        command = ctx.invoked_subcommand
        if command is not None and command not in GROUP_DB_COMMANDS:
            raise UserError(
                f"give --db after the command: `newsarchive {command} --db {db_path}`"
            )
        ctx.meta[GROUP_DB] = db_path


def main() -> None:
    cli(prog_name="newsarchive")
