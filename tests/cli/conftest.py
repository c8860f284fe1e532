"""The `cli` fixture: run `archive ARGS...` in-process against the test's archive."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import Archive
from tests.support.cli import run_cli

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Cli:
    """(exit code, stdout, stderr) of `archive ARGS...` run on the test's archive."""
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", archive.url)

    def invoke(*argv: str) -> tuple[int, str, str]:
        result = run_cli(capsys, *argv)
        return result.code, result.out, result.err

    return invoke
