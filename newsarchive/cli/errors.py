"""The exceptions a CLI command raises for a user's mistake or a failed command."""

from __future__ import annotations

import click


class UserError(click.ClickException):
    """A mistake the user can fix: one line saying what to do, exit code 2, no traceback."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class ArchiveBusy(UserError):
    """Another run holds the archive's lock: one line, exit code 3 (docs/design/decisions.md 22)."""

    exit_code = 3


class CommandFailed(UserError):
    """The command was right but could not finish (a full disk, an unreadable archive):
    one line, exit code 1."""

    exit_code = 1
