"""Every `archive` command explains itself: help text, with an example, for each one."""

from __future__ import annotations

import click
import pytest

from archive.cli import cli
from tests.support.cli import run_cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        out.append(path)
        if isinstance(command, click.Group):
            out.extend(_commands(command, path))
    return out


COMMANDS = _commands(cli)


def test_the_commands_researchers_need_exist() -> None:
    names = {" ".join(path) for path in COMMANDS}
    assert {"db upgrade", "stats", "parse", "reparse", "events", "history", "demo"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_has_help(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, *path, "--help")
    assert result.code == 0, result.err
    assert "Usage: archive" in result.out
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert command.help and len(command.help.strip()) > 20, f"{' '.join(path)} has no help text"
