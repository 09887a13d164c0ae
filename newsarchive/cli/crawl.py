"""`newsarchive crawl`, `demo` and `reparse`: thin commands over `newsarchive.crawl`."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from newsarchive.cli.crawl_settings import parse_settings
from newsarchive.cli.errors import ArchiveBusy, UserError

DEFAULT_START_URL = "https://responsiblestatecraft.org/"
DEFAULT_MAX_FAILURE_RATE = 0.05

_db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Archive file (default: $NEWSARCHIVE_DB, else data/archive.sqlite).",
)


def _progress_mode() -> str:
    # A live display only on a terminal; cron and pipes get plain log lines.
    return "live" if sys.stdout.isatty() else "log"


def _check_start_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(
            f"--start-url must be an http(s) URL such as {DEFAULT_START_URL} (got {url!r})"
        )
    return url


def _archive_path(db_path: Path | None) -> Path:
    from newsarchive.store import default_db_path

    path = (db_path or default_db_path()).expanduser().resolve()
    if path.is_dir():
        raise UserError(f"--db {path} is a directory: give the archive file's path")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(
            f"cannot create the folder for --db {path}: {error.strerror}"
        ) from error
    return path


def _output_path(given: Path | None, option: str) -> Path | None:
    """An output file whose folder must exist (checked before a long crawl starts)."""
    if given is None:
        return None
    path = given.expanduser().resolve()
    if not path.parent.is_dir():
        raise UserError(f"{option} {given}: folder {path.parent} does not exist")
    return path


def _write_stats(path: Path, outcome) -> None:
    import json

    data = {
        "stats": outcome.stats,
        "finish_reason": outcome.finish_reason,
        "wall_seconds": outcome.wall_seconds,
        "exit_code": int(outcome.verdict.code),
        "db_path": str(outcome.db_path),
    }
    try:
        path.write_text(json.dumps(data, indent=2, default=str, sort_keys=True))
    except OSError as error:
        raise UserError(
            f"cannot write --stats-json {path}: {error.strerror}"
        ) from error


def _check_duration(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> str | None:
    from newsarchive.incremental.durations import BadDuration, parse_duration

    if value is not None:
        try:
            parse_duration(value)
        except BadDuration as error:
            raise UserError(f"--recheck-after: {error}") from error
    return value


def _refuse_if_locked(db_path: Path) -> None:
    """Exit 3 in one line, before anything else is printed, if a run holds the archive."""
    from newsarchive.runlock import ArchiveLocked, lock_holder

    holder = lock_holder(db_path)
    if holder is not None:
        raise ArchiveBusy(str(ArchiveLocked(db_path, holder)))


def _run(options):
    from newsarchive.crawl.runner import run_crawl
    from newsarchive.runlock import ArchiveLocked

    try:
        return run_crawl(options)
    except ArchiveLocked as error:  # taken between the check and the run
        raise ArchiveBusy(str(error)) from error


def _report(outcome) -> None:
    from rich.console import Console

    from newsarchive.crawl.exit_codes import ExitCode
    from newsarchive.crawl.summary import summary_table

    if (
        outcome.verdict.code != ExitCode.SITE_UNREACHABLE
    ):  # then an empty table says nothing
        Console().print(summary_table(outcome))
    click.echo(outcome.verdict.message)


@click.command()
@_db_option
@click.option(
    "--start-url",
    default=DEFAULT_START_URL,
    show_default=True,
    help="Where the crawl starts; its host is the only one crawled.",
)
@click.option(
    "--max-articles",
    type=click.IntRange(min=0),
    default=0,
    help="Stop after N article pages (0: no limit).",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the detailed log (INFO and above) to this file.",
)
@click.option(
    "--contact",
    envvar="NEWSARCHIVE_CONTACT",
    help="URL or e-mail put in the User-Agent so site operators can reach you "
    "(env NEWSARCHIVE_CONTACT).",
)
@click.option(
    "--max-failure-rate",
    type=click.FloatRange(0, 1),
    default=DEFAULT_MAX_FAILURE_RATE,
    show_default=True,
    help="Exit 1 when failures exceed this share of article pages.",
)
@click.option(
    "-s",
    "--setting",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Extra Scrapy setting (repeatable), e.g. -s DOWNLOAD_DELAY=2.",
)
@click.option(
    "--stats-json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the crawl's final stats to this file as JSON (for scripts).",
)
@click.option(
    "--full",
    is_flag=True,
    help="Re-check every archived article (default: only new URLs and signs of "
    "change; see docs/scheduling.md).",
)
@click.option(
    "--recheck-after",
    metavar="AGE",
    callback=_check_duration,
    help="Also re-check articles not seen for AGE, e.g. 30d, 12h, 2w.",
)
def crawl(
    db_path: Path | None,
    start_url: str,
    max_articles: int,
    log_file: Path | None,
    contact: str | None,
    max_failure_rate: float,
    settings: tuple[str, ...],
    stats_json: Path | None,
    full: bool,
    recheck_after: str | None,
) -> None:
    """Crawl the site into the archive (politely: robots.txt, AutoThrottle, delays).

    After the first run, runs are incremental: new URLs, and archived articles only on a
    sign of change. Exit codes: 0 completed, 1 failures above --max-failure-rate, 2 usage
    error, 3 another run holds the archive, 4 interrupted, 5 site unreachable, 6 parser
    stale.
    """
    from newsarchive.crawl.runner import CrawlOptions
    from newsarchive.politeness import is_loopback

    options = CrawlOptions(
        start_url=_check_start_url(start_url),
        db_path=_archive_path(db_path),
        max_articles=max_articles,
        log_file=_output_path(log_file, "--log-file"),
        contact=contact,
        max_failure_rate=max_failure_rate,
        progress=_progress_mode(),
        settings=parse_settings(settings),
        full=full,
        recheck_after=recheck_after,
    )
    stats_json = _output_path(stats_json, "--stats-json")
    _refuse_if_locked(options.db_path)
    if not contact and not is_loopback(start_url):
        click.echo(
            "Note: no --contact given; set it (or NEWSARCHIVE_CONTACT) so the site "
            "can reach whoever runs this crawl.",
            err=True,
        )
    click.echo(f"Archive: {options.db_path}", err=True)
    outcome = _run(options)
    _report(outcome)
    if stats_json is not None:
        _write_stats(stats_json, outcome)
    sys.exit(int(outcome.verdict.code))


@click.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("data") / "demo.sqlite",
    show_default=True,
    help="Demo archive file.",
)
@click.option(
    "--articles",
    type=click.IntRange(min=5),
    default=300,
    show_default=True,
    help="Articles in the generated replica.",
)
@click.option(
    "--reuse",
    is_flag=True,
    help="Crawl into the existing demo archive instead of starting empty.",
)
def demo(db_path: Path, articles: int, reuse: bool) -> None:
    """Serve the replica on a free port, crawl it into a fresh demo archive, and search it.

    Works offline. Unless --reuse is given the demo archive is emptied first (only a file
    named like *demo* is ever deleted).
    """
    from newsarchive.crawl.demo import (
        DEMO_SEARCH_TERM,
        NotADemoArchive,
        reset_demo_archive,
        sample_search,
    )
    from newsarchive.crawl.runner import CrawlOptions
    from newsarchive.replica import start_replica_process
    from newsarchive.replica.process import ReplicaStartError

    db = _archive_path(db_path)
    if not reuse:
        try:
            if reset_demo_archive(db):
                click.echo(
                    f"Starting from an empty demo archive (removed the old {db})."
                )
        except NotADemoArchive as error:
            raise UserError(str(error)) from error
    try:
        replica = start_replica_process(articles=articles, port=0)
    except ReplicaStartError as error:
        raise click.ClickException(
            f"the local replica did not start: {error}"
        ) from error
    with replica:
        click.echo(f"Replica of {articles} articles serving at {replica.base_url}")
        outcome = _run(
            CrawlOptions(
                start_url=replica.base_url + "/", db_path=db, progress=_progress_mode()
            )
        )
    _report(outcome)
    # click.echo, not rich: search hits and commands are copied, so never wrap them.
    hits = sample_search(db) if outcome.counts.stored else []
    click.echo(f"\nFull-text search for {DEMO_SEARCH_TERM} ({len(hits)} best matches):")
    for hit in hits:
        click.echo(f"  • {click.style(hit.title, bold=True)}\n    {hit.snippet}")
    click.echo("\nNext (after `source .venv/bin/activate`, or prefix `.venv/bin/`):")
    for command in _follow_ups(click.format_filename(db_path)):
        click.echo(f"  {command}")
    sys.exit(int(outcome.verdict.code))


def _follow_ups(db: str) -> list[str]:
    """Commands to try on the demo archive (only those this install has)."""
    from newsarchive.cli import COMMANDS
    from newsarchive.crawl.demo import DEMO_SEARCH_TERM

    candidates = {
        "search": f"newsarchive search --db {db} {DEMO_SEARCH_TERM}",
        "list": f"newsarchive list --db {db}",
        "stats": f"newsarchive stats --db {db}",
        "reparse": f"newsarchive reparse --db {db}",
        "crawl": f"newsarchive crawl --db {db} --start-url http://127.0.0.1:8765/   "
        "(with `newsarchive replica serve --port 8765` running)",
    }
    return [command for name, command in candidates.items() if name in COMMANDS]


@click.command()
@_db_option
def reparse(db_path: Path | None) -> None:
    """Run the parser again over the archive's stored pages and update the articles.

    After a parser fix: nothing is fetched. Failed pages that now parse are archived and
    their failures resolved. Prints how many articles changed, per field.
    """
    from newsarchive.crawl.reparse import reparse_archive
    from newsarchive.query.database import check_archive
    from newsarchive.query.errors import QueryError
    from newsarchive.store import default_db_path

    path = (db_path or default_db_path()).expanduser().resolve()
    try:
        check_archive(path)  # exists, and really is an archive
    except QueryError as error:
        raise UserError(str(error)) from error
    click.echo(f"Re-parsing the stored pages of {path}", err=True)
    report = reparse_archive(path)
    _print_reparse(report)


def _print_reparse(report) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"{report.articles_checked} articles re-parsed, {report.articles_changed} changed; "
        f"{report.failures_checked} failed pages retried, {report.failures_resolved} now "
        "archived.",
        highlight=False,
    )
    if report.field_changes:
        table = Table(title="Articles changed, per field", title_justify="left")
        table.add_column("field")
        table.add_column("articles", justify="right")
        for name, count in report.field_changes.most_common():
            table.add_row(name, str(count))
        console.print(table)
    for label, counts in (("No longer parse (left unchanged)", report.no_longer_parse),
                          ("Still failing", report.still_failing)):  # fmt: skip
        if counts:
            shown = ", ".join(
                f"{reason} {count}" for reason, count in counts.most_common()
            )
            console.print(f"{label}: {shown}", highlight=False)
