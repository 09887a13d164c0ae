"""`newsarchive history URL`: an article's versions and what each one changed."""

from __future__ import annotations

import json
from pathlib import Path

import click

from newsarchive.cli.analyst_common import archive, db_option, plain
from newsarchive.cli.errors import UserError

STYLES = {"-": "red", "+": "green"}


@click.command()
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON.")
@db_option
def history(url: str, as_json: bool, db_path: Path) -> None:
    """Show the versions of the archived article at URL (any of its URLs, old ones of a
    moved article too) and a readable diff of what each version changed."""
    from sqlalchemy import inspect
    from sqlalchemy.orm import Session

    from newsarchive.incremental.history import article_history, find_article

    with archive(db_path) as engine:
        if "article_versions" not in inspect(engine).get_table_names():
            raise UserError(
                f"{db_path} predates version history: run `newsarchive db upgrade "
                f"--db {db_path}` (or any crawl) first"
            )
        with Session(engine) as session:
            article_id = find_article(session, url)
            if article_id is None:
                raise UserError(
                    f"no archived article has the URL {url}: `newsarchive search` or "
                    "`newsarchive list` finds articles"
                )
            found = article_history(session, article_id)
    if as_json:
        click.echo(json.dumps(_as_json(found), ensure_ascii=False, indent=2))
    else:
        _print(found)


def _as_json(found) -> dict:
    return {
        "article_id": found.article_id,
        "title": found.title,
        "url": found.url,
        "urls": found.urls,
        "gone_at": plain(found.gone_at),
        "last_status": found.last_status,
        "versions": [
            {
                "version": v.version,
                "fetched_at": plain(v.fetched_at),
                "url": v.url,
                "run_id": v.run_id,
                "content_hash": v.content_hash,
                "changes": [
                    {"field": c.name, "before": c.before, "after": c.after}
                    for c in v.changes
                ],
            }
            for v in found.versions
        ],
    }


def _print(found) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from newsarchive.incremental.history import diff_lines

    console = Console(highlight=False)
    console.print(f"[bold]{found.title}[/]  (article {found.article_id})")
    console.print(f"URL: {found.url}")
    for other in found.urls:
        if other != found.url:
            console.print(f"  also: {other}")
    if found.gone_at is not None:
        console.print(
            f"[red]Gone since {plain(found.gone_at)} (HTTP {found.last_status})[/]"
        )
    table = Table(title="Versions", title_justify="left")
    for column in ("version", "fetched", "run", "changed"):
        table.add_column(column)
    for view in found.versions:
        changed = ", ".join(c.name for c in view.changes) or "(first stored)"
        table.add_row(
            str(view.version), plain(view.fetched_at), str(view.run_id or ""), changed
        )
    console.print(table)
    for view in found.versions[1:]:
        console.print(f"\n[bold]Version {view.version}[/] ({plain(view.fetched_at)})")
        for change in view.changes:
            console.print(f"  [bold]{change.name}[/]")
            for line in diff_lines(change):
                console.print(Text("    " + line, style=STYLES.get(line[:1], "")))
