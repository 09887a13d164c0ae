"""`newsarchive crawl`, `demo` and `reparse`: thin commands over `newsarchive.crawl`."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from newsarchive.cli.crawl_settings import parse_settings
from newsarchive.cli.errors import ArchiveBusy, CommandFailed, UserError
from newsarchive.cli.site_options import resolve_site, site_options

DEFAULT_MAX_FAILURE_RATE = 0.05


class _ArchiveOption(click.Path):
    """A SQLite archive's path, or a PostgreSQL archive's `postgresql://` URL (kept as
    text, docs/postgresql.md)."""

    def convert(self, value, param, ctx):
        from newsarchive.archive_url import is_postgres_url

        if is_postgres_url(value):
            return str(value)
        return super().convert(value, param, ctx)


_db_option = click.option(
    "--db",
    "db_path",
    type=_ArchiveOption(dir_okay=False, path_type=Path),
    help="Archive file, or postgresql://USER@HOST/DB (default: $NEWSARCHIVE_DB, "
    "else data/archive.sqlite).",
)


def _progress_mode() -> str:
    # A live display only on a terminal; cron and pipes get plain log lines.
    return "live" if sys.stdout.isatty() else "log"


def _check_start_url(url: str) -> str:
    shown = url if len(url) <= 200 else f"{url[:197]}..."
    if any(char.isspace() or not char.isprintable() for char in url):
        raise UserError(
            f"--start-url {shown!r} holds a space or a control character: give the "
            "URL as the browser shows it"
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as error:  # `http://[::1`, a port of 99999
        raise UserError(f"--start-url {shown!r} is not a valid URL ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        from newsarchive.sites import default_profile

        example = default_profile().start_url
        raise UserError(
            f"--start-url must be an http(s) URL such as {example} (got {shown!r})"
        )
    return url


def _site_and_start(
    site_name: str | None, site_file: Path | None, start_url: str | None
):
    """The site profile and the start URL of a crawl: `--site`/`--site-file`, else the
    shipped profile whose host the start URL is on, else the default; the start URL
    defaults to the profile's. A start URL on another shipped profile's host is a
    mistake (its articles would be stored under the wrong site)."""
    from newsarchive.sites import profile_for_url

    if start_url is not None:
        _check_start_url(start_url)
    site = resolve_site(site_name, site_file, start_url)
    if start_url is None:
        return site, site.start_url
    owner = profile_for_url(start_url)
    if owner is not None and owner.name != site.name:
        raise UserError(
            f"--start-url {start_url} is on {owner.name}, not on the site {site.name}: "
            f"use --site {owner.name}, or a start URL on {site.host}"
        )
    return site, start_url


def _archive_path(db_path: Path | str | None) -> Path | str:
    from newsarchive.archive_url import is_postgres_url
    from newsarchive.store import default_db_path

    given = db_path or default_db_path()
    if is_postgres_url(given):
        return given
    path = Path(given).expanduser().resolve()
    if path.is_dir():
        raise UserError(f"--db {path} is a directory: give the archive file's path")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(
            f"cannot create the folder for --db {path}: {error.strerror}"
        ) from error
    return path


def _archive_to_write(db_path: Path | str | None) -> Path | str:
    from newsarchive.cli.archive_checks import check_archive_to_write

    path = _archive_path(db_path)
    if isinstance(path, Path):
        check_archive_to_write(path)
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


def _refuse_if_locked(db_path: Path | str, *, shared: bool = False) -> None:
    """Exit 3 in one line, before anything else is printed, if a run holds the archive
    (`shared`: a worker of a shared crawl, which shares it with the other workers: only
    checks the archive can be opened; the runner takes the lock or says who holds it)."""
    from newsarchive.advisory_lock import lock_holder
    from newsarchive.archive_url import shown_location
    from newsarchive.runlock import ArchiveLocked

    try:
        holder = lock_holder(db_path)
    except Exception as error:
        if not type(error).__module__.startswith("psycopg"):
            raise
        reason = " ".join(str(error).split())
        raise UserError(
            f"cannot open the archive {shown_location(db_path)}: {reason}"
        ) from None
    if holder is not None and not shared:
        raise ArchiveBusy(str(ArchiveLocked(shown_location(db_path), holder)))


def _check_redis_url(url: str | None, db: Path | str) -> str | None:
    """A shared crawl needs a Redis URL and a PostgreSQL archive: one line, exit 2."""
    from newsarchive.archive_url import is_postgres_url

    if not url:
        return None
    if urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise UserError(
            f"--redis must be a URL such as redis://localhost:6379/0 (got {url!r})"
        )
    if not is_postgres_url(db):
        raise UserError(
            "--redis needs a PostgreSQL archive (--db postgresql://...): a SQLite "
            "archive has one writer (docs/scale-out.md)"
        )
    return url


def _run(options):
    from sqlalchemy.exc import SQLAlchemyError

    from newsarchive.archive_url import shown_location
    from newsarchive.crawl.queue_folders import TemporaryFolderFull
    from newsarchive.crawl.runner import run_crawl
    from newsarchive.crawl.shared_crawl import NotSharable
    from newsarchive.runlock import ArchiveLocked
    from newsarchive.store import BackupFailed, describe_error

    try:
        return run_crawl(options)
    except ArchiveLocked as error:  # taken between the check and the run
        raise ArchiveBusy(str(error)) from error
    except NotSharable as error:
        raise UserError(str(error)) from error
    except TemporaryFolderFull as error:
        raise UserError(error.strerror) from error
    except (SQLAlchemyError, BackupFailed) as error:  # before the run: none to close
        reason = describe_error(error) if isinstance(error, SQLAlchemyError) else error
        raise CommandFailed(
            f"the archive {shown_location(options.db_path)} could not be opened for "
            f"the crawl ({reason}); nothing was fetched"
        ) from error


@contextmanager
def _interruptible() -> Iterator[None]:
    """SIGINT/SIGTERM before the crawl fetches anything: one line, exit 4 (once it
    runs, the crawl itself ends as interrupted: newsarchive.crawl.forced_stop)."""
    from newsarchive.crawl.early_signals import CrawlInterrupted, early_signals
    from newsarchive.crawl.exit_codes import ExitCode

    try:
        with early_signals():
            yield
    except CrawlInterrupted as error:
        click.echo(
            f"Interrupted ({error}) before the crawl started: nothing was fetched, "
            "the archive is as it was.",
            err=True,
        )
        sys.exit(int(ExitCode.INTERRUPTED))


def _interruptible_command(command: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        with _interruptible():
            return command(*args, **kwargs)

    return run


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
@site_options
@click.option(
    "--start-url",
    help="Where the crawl starts; its host is the only one crawled (default: the "
    "site's start URL). A loopback URL (a replica) is crawled as "
    "responsiblestatecraft.org unless --site says otherwise.",
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
    "--front-pages",
    is_flag=True,
    help="Fetch only the home page and the sections' first pages (conditional GETs), "
    "record what they show and archive the articles among them not archived yet: "
    "cheap enough for hourly cron (docs/scheduling.md).",
)
@click.option(
    "--recheck-after",
    metavar="AGE",
    callback=_check_duration,
    help="Also re-check articles not seen for AGE, e.g. 30d, 12h, 2w.",
)
@click.option(
    "--redis",
    "redis_url",
    metavar="redis://HOST:PORT/N",
    envvar="NEWSARCHIVE_REDIS",
    help="Be one worker of a crawl shared through this Redis (start as many as you "
    "like; needs a PostgreSQL archive; docs/scale-out.md).",
)
@_interruptible_command
def crawl(
    db_path: Path | None,
    site_name: str | None,
    site_file: Path | None,
    start_url: str | None,
    max_articles: int,
    log_file: Path | None,
    contact: str | None,
    max_failure_rate: float,
    settings: tuple[str, ...],
    stats_json: Path | None,
    full: bool,
    front_pages: bool,
    recheck_after: str | None,
    redis_url: str | None,
) -> None:
    """Crawl the site into the archive (politely: robots.txt, AutoThrottle, delays).

    After the first run, runs are incremental: new URLs, and archived articles only on a
    sign of change. Exit codes: 0 completed, 1 failures above --max-failure-rate, 2 usage
    error, 3 another run holds the archive, 4 interrupted, 5 site unreachable, 6 parser
    stale.
    """
    from newsarchive.archive_url import shown_location
    from newsarchive.crawl.runner import CrawlOptions
    from newsarchive.politeness import is_loopback

    if full and front_pages:
        raise UserError(
            "--front-pages reads only the front pages; --full re-checks every article: "
            "give one of them."
        )
    site, start_url = _site_and_start(site_name, site_file, start_url)
    options = CrawlOptions(
        start_url=start_url,
        site=site.name,
        site_file=site_file.expanduser().resolve() if site_file else None,
        db_path=_archive_to_write(db_path),
        max_articles=max_articles,
        log_file=_output_path(log_file, "--log-file"),
        contact=contact,
        max_failure_rate=max_failure_rate,
        progress=_progress_mode(),
        settings=parse_settings(settings),
        full=full,
        recheck_after=recheck_after,
        redis_url=_check_redis_url(redis_url, _archive_path(db_path)),
        front_pages=front_pages,
    )
    stats_json = _output_path(stats_json, "--stats-json")
    _refuse_if_locked(options.db_path, shared=bool(redis_url))
    if not contact and not is_loopback(start_url):
        click.echo(
            "Note: no --contact given; set it (or NEWSARCHIVE_CONTACT) so the site "
            "can reach whoever runs this crawl.",
            err=True,
        )
    click.echo(f"Archive: {shown_location(options.db_path)}", err=True)
    click.echo(f"Site: {site.name} ({site.display_name}) from {start_url}", err=True)
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
@click.option(
    "--site-file",
    "site_files",
    type=click.Path(path_type=Path),
    multiple=True,
    metavar="PATH",
    help="The profile (TOML) of a site crawled with --site-file (repeatable); the "
    "shipped profiles are always known.",
)
def reparse(db_path: Path | str | None, site_files: tuple[Path, ...]) -> None:
    """Run the parser again over the archive's stored pages and update the articles.

    After a parser fix: nothing is fetched. Failed pages that now parse are archived and
    their failures resolved. Prints how many articles changed, per field.
    """
    from newsarchive.advisory_lock import archive_lock
    from newsarchive.cli.archive_checks import check_archive_to_write
    from newsarchive.crawl.reparse import UnknownArchivedSite, reparse_archive
    from newsarchive.query.database import check_archive
    from newsarchive.query.errors import QueryError
    from newsarchive.runlock import ArchiveLocked
    from newsarchive.store import default_db_path

    path = _archive_path(db_path or default_db_path())
    if isinstance(path, Path):
        if not path.exists():
            raise UserError(f"no archive at {path}: check --db (or NEWSARCHIVE_DB)")
        check_archive_to_write(path)  # really an archive, whole and writable
    else:
        try:
            check_archive(path)  # exists, and really is an archive
        except QueryError as error:
            raise UserError(str(error)) from error
    profiles = [resolve_site(None, site_file) for site_file in site_files]
    try:
        # One writer at a time: a crawl writing the archive meanwhile means exit 3.
        with archive_lock(path, what="reparse"):
            click.echo(f"Re-parsing the stored pages of {path}", err=True)
            report = reparse_archive(path, profiles=profiles)
    except ArchiveLocked as error:
        raise ArchiveBusy(str(error)) from error
    except UnknownArchivedSite as error:
        raise UserError(str(error)) from None
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
