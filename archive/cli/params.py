"""Whole-number options and arguments, checked against what the database can hold.

Why not click's ``int``: a row id of 2**63 or more passes click but cannot be bound by either
backend (SQLite: OverflowError, PostgreSQL: out of range), which surfaced as an internal
error; and a bad value must be the one line every `archive` error is, not click's usage
block. Both backends store ids and counts as signed 64-bit integers.
"""

from __future__ import annotations

from typing import Any

import click

from archive.errors import BadInput
from archive.types import MAX_ROW_ID as MAX_BIGINT


class _WholeNumber(click.ParamType):
    """A whole number from ``minimum`` to the largest a BIGINT holds; else one line."""

    def __init__(self, name: str, minimum: int, what: str) -> None:
        self.name = name
        self.minimum = minimum
        self.what = what

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number: int | None
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                number = None
        label = "value"
        if param is not None:
            label = (
                (param.metavar or param.name or label).upper()
                if param.param_type_name == "argument"
                else (param.opts[0] if param.opts else label)
            )
        if number is None:
            raise BadInput(f"{label} must be a whole number ({self.what}), not {value!r}")
        if number < self.minimum:
            raise BadInput(f"{label} must be {self.minimum} or more, not {value!r}")
        if number > MAX_BIGINT:
            raise BadInput(
                f"{label} must be at most {MAX_BIGINT} (the largest {self.what} a database "
                f"holds), not {value!r}"
            )
        return number


# A row id (articles, snapshots, events): what `archive` prints and the tables hold.
ROW_ID = _WholeNumber("id", 1, "id")
# A count or size (``--min-size``).
COUNT = _WholeNumber("count", 0, "count")
