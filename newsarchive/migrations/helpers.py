"""Column and constraint builders for hand-written migrations.

Revisions import these, so they must keep building exactly what they build today: add new
helpers rather than change these. Constraint names follow the models' naming convention
(`newsarchive.models.base.NAMING_CONVENTION`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def texts(*names: str, nullable: bool = True) -> list[sa.Column]:
    return [sa.Column(name, sa.Text(), nullable=nullable) for name in names]


def ints(*names: str, nullable: bool = False) -> list[sa.Column]:
    return [sa.Column(name, sa.Integer(), nullable=nullable) for name in names]


def whens(*names: str, nullable: bool = False) -> list[sa.Column]:
    # TEXT on purpose: SQLite has no datetime type; the models add the UTC conversion.
    return [sa.Column(name, sa.Text(), nullable=nullable) for name in names]


def jsons(*names: str, nullable: bool = False) -> list[sa.Column]:
    return [sa.Column(name, sa.JSON(), nullable=nullable) for name in names]


def table_with_id(name: str, *columns_and_constraints: sa.SchemaItem) -> None:
    """A table with an integer `id` primary key."""
    op.create_table(
        name,
        *ints("id"),
        *columns_and_constraints,
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )


def unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def one_of(table: str, column: str, *values: str) -> sa.CheckConstraint:
    """CHECK (column IN ('a', 'b', ...)), named ck_<table>_<column>."""
    allowed = ", ".join(f"'{value}'" for value in values)
    name = op.f(f"ck_{table}_{column}")
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=name)


def fk(column: str, table: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )
