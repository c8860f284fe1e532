"""Lint, types and the dependency rules are part of the test suite, so a regression fails CI
like a bug: ruff (check and format), mypy (configured in pyproject.toml) and import-linter
(the contracts in pyproject.toml: the rules import nothing of the archive or the crawler, the
archive never imports the crawler, the crawler never imports reparse or the CLI)."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import scraper

ROOT = Path(__file__).resolve().parent.parent
# Modules of scraper/ that are not the crawler: the rules, and URL identity (pure, shared).
# Shared pure modules: URL identity and the URL shapes it reads, and the rules.
NOT_CRAWLER = {"scraper.parsers", "scraper.urls", "scraper.sites"}


def _tool(name: str) -> list[str]:
    exe = Path(sys.executable).with_name(name)
    if exe.exists():
        return [str(exe)]
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed (it is in the [test] extra)")
    return [found]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(
    "args", [["check", "."], ["format", "--check", "."]], ids=["check", "format"]
)
def test_ruff_clean(args: list[str]) -> None:
    result = _run([*_tool("ruff"), *args])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_clean() -> None:
    result = _run([*_tool("mypy")])
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_kept() -> None:
    result = _run([*_tool("lint-imports"), "--no-cache", "--no-logo"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_contracts_name_every_crawler_module() -> None:
    """A new crawler module must join the contracts' list of the crawler (or the rules would
    be free to import it)."""
    crawler = {f"scraper.{m.name}" for m in pkgutil.iter_modules(scraper.__path__)} - NOT_CRAWLER
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    for contract in config["contracts"]:
        if contract["id"] == "crawler-without-reparse-or-cli":
            continue
        named = {m for m in contract["forbidden_modules"] if m.startswith("scraper.")}
        assert crawler <= named, (contract["id"], sorted(crawler - named))
