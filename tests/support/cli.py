"""Run the `archive` command in-process, exactly as the console script does (errors included),
and capture what it printed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from archive.cli import main

# The `cli` fixture (tests/conftest.py): `archive ARGS...` -> (exit code, stdout, stderr).
Cli = Callable[..., tuple[int, str, str]]


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> CliResult:
    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)


def one_line_error(err: str, needle: str) -> None:
    """``err`` is exactly one `archive: error:` line containing ``needle``."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("archive: error:") and needle in lines[0], err
