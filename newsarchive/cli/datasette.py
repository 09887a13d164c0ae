"""`newsarchive datasette-metadata`: Datasette metadata for an archive of any name."""

from __future__ import annotations

from pathlib import Path

import click

from newsarchive.cli.analyst_common import (
    analyst_command,
    db_option,
    out_option,
    output_target,
)


@click.command("datasette-metadata")
@out_option
@db_option
@analyst_command
def datasette_metadata(out_path: str | None, db_path: Path) -> None:
    """Print Datasette metadata (table docs, full-text search, canned queries) for --db.

    \b
    newsarchive datasette-metadata --db my.sqlite --out my-metadata.json
    datasette my.sqlite --metadata my-metadata.json
    """
    from newsarchive.query.datasette_metadata import metadata_json
    from newsarchive.query.output_files import open_output

    target = output_target(out_path, db_path)
    text = metadata_json(db_path)
    with open_output(target, binary=False) as out:
        out.write(text + "\n")
    if target.path is not None:
        click.echo(
            f"Wrote {target.shown}; run: datasette {db_path} --metadata {target.shown}",
            err=True,
        )
