"""Run the `archive` command as a process that cannot write where file permissions say so.

Why this way: the tests run as root, and root writes anywhere whatever the permissions, so a
read-only directory proves nothing unless the process gives up that privilege. A forked child
drops the capabilities that override file permissions (CAP_DAC_OVERRIDE,
CAP_DAC_READ_SEARCH) and runs the command in-process, as the console script does; as the
files' owner it can still read everything, as any reader of a shared archive can.
"""

from __future__ import annotations

import ctypes
import io
import json
import os
import sys
from pathlib import Path

from tests.support.cli import CliResult

_CAPABILITY_VERSION_3 = 0x20080522
_DAC_CAPABILITIES = (1, 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _drop_dac_capabilities() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    header = _Header(_CAPABILITY_VERSION_3, 0)
    data = (_Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    mask = ~sum(1 << cap for cap in _DAC_CAPABILITIES) & 0xFFFFFFFF
    data[0].effective &= mask
    data[0].permitted &= mask
    data[0].inheritable &= mask
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


def permissions_bind(directory: Path) -> bool:
    """Whether a child that drops those capabilities is refused writing into ``directory``
    (a read-only one): False where the test cannot be made (then it is skipped)."""
    result = _in_child(lambda: _try_write(directory))
    return result.code == 0


def _try_write(directory: Path) -> None:
    try:
        (directory / "probe").write_text("x")
    except PermissionError:
        raise SystemExit(0) from None
    (directory / "probe").unlink()
    raise SystemExit(1)


def run_cli_unprivileged(*args: str, env: dict[str, str] | None = None) -> CliResult:
    """`archive ARGS...` in a child without the capabilities above: (code, stdout, stderr)."""
    from archive.cli import main

    def command() -> None:
        os.environ.update(env or {})
        main(list(args))

    return _in_child(command)


def _in_child(action: object) -> CliResult:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_end)
        out, err = io.BytesIO(), io.BytesIO()
        code = 0
        try:
            _drop_dac_capabilities()
            sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
            sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
            action()  # type: ignore[operator]
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException as exc:  # a bug in the test itself: say what it was
            err.write(f"child raised {type(exc).__name__}: {exc}".encode())
            code = 99
        payload = json.dumps(
            {
                "code": code,
                "out": out.getvalue().decode("utf-8", "replace"),
                "err": err.getvalue().decode("utf-8", "replace"),
            }
        ).encode()
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    found = json.loads(payload)
    return CliResult(found["code"], found["out"], found["err"])
