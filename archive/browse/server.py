"""Starting Datasette on the prepared file: read-only, on 127.0.0.1 unless told otherwise.

Datasette runs as a child process (its own event loop and settings), given the file in
immutable mode (``-i``: opened read-only, never locked, never written), the generated
metadata, and the charts as static files. Datasette 0.65 has no write API and refuses any
SQL but a SELECT; the file is also read-only on disk.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from archive.errors import ArchiveError, BadInput

PLUGINS = Path(__file__).resolve().parent / "plugins"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SETTINGS = {
    "sql_time_limit_ms": "5000",
    "facet_time_limit_ms": "1000",
    "suggest_facets": "off",  # suggesting runs a query per column: slow at a million rows
    "default_page_size": "50",
    "num_sql_threads": "3",
}


def datasette_executable() -> list[str]:
    try:
        import datasette  # noqa: F401
    except ImportError as exc:
        raise BadInput(
            "archive serve needs Datasette: pip install 'campaign-archive[browse]'"
        ) from exc
    return [sys.executable, "-m", "datasette"]


def command(
    database: Path,
    metadata: Path,
    *,
    host: str,
    port: int,
    static: dict[str, Path],
) -> list[str]:
    argv = [*datasette_executable(), "serve", "-i", str(database), "--metadata", str(metadata)]
    argv += ["--host", host, "--port", str(port), "--plugins-dir", str(PLUGINS)]
    for mount, directory in static.items():
        argv += ["--static", f"{mount}:{directory}"]
    for name, value in SETTINGS.items():
        argv += ["--setting", name, value]
    return argv


def check_port(host: str, port: int) -> None:
    """A port already taken is one line now, not a Datasette traceback later."""
    if not 0 < port < 65536:
        raise BadInput(f"--port must be 1-65535, not {port}")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise BadInput(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


def wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ArchiveError(f"datasette stopped at start (exit status {proc.returncode})")
        try:
            with urllib.request.urlopen(url + "-/versions.json", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise ArchiveError(f"datasette did not answer on {url} within {timeout:.0f} s")


def remove(workdir: Path) -> None:
    for path in workdir.rglob("*"):
        if path.is_file():
            path.chmod(0o600)
    shutil.rmtree(workdir, ignore_errors=True)
