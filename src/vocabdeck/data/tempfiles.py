"""Temporary files that say whose they are and how old, so a later run can remove the
leftovers of a run that was killed (SIGKILL, a power cut) before it could clean up.

A temporary file sits beside its target, hidden, and is named

    .<target name>.vdtmp-<host>-<pid>-<start time>.<suffix>      .deck.apkg.vdtmp-1a2b3c4d-4242-1767225600.part

where <host> is a short hash of the machine's name (a cache folder may be shared over the
network), <pid> the process that writes it and <start time> when it began (Unix seconds).
Such a file is stale when its process on this machine is gone, or when it is older than
STALE_AFTER whoever wrote it; `sweep` removes stale ones and nothing else.
"""

from __future__ import annotations

import os
import re
import time
import zlib
from pathlib import Path

# A build of a 50 MB book takes minutes, not hours: a temporary file a day old is litter
# even when its writer cannot be asked (another machine, or a recycled process id).
STALE_AFTER = 24 * 3600

_MARK = ".vdtmp-"
_NAME = re.compile(r"^\..+\.vdtmp-([0-9a-f]{8})-(\d+)-(\d+)(\.[A-Za-z0-9]+)+$")


def _host() -> str:
    return f"{zlib.crc32(os.uname().nodename.encode()) if hasattr(os, 'uname') else 0:08x}"


def temp_path(target: Path, suffix: str) -> Path:
    """A fresh temporary name beside `target` (the caller creates the file exclusively)."""
    target = Path(target)
    return target.with_name(f".{target.name}{_MARK}{_host()}-{os.getpid()}-{int(time.time())}{suffix}")


def create(target: Path, suffix: str) -> Path:
    """Create an empty temporary file beside `target` (as the umask allows), unique in its folder."""
    for n in range(100):
        path = temp_path(target, f".{n}{suffix}" if n else suffix)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return path
    raise FileExistsError(f"cannot create a temporary file beside {target}")


def is_stale(name: str, now: float | None = None) -> bool:
    """Whether `name` is a temporary file of ours whose writer is gone or that is too old."""
    m = _NAME.match(name)
    if not m:
        return False
    host, pid, started = m.group(1), int(m.group(2)), int(m.group(3))
    now = time.time() if now is None else now
    if now - started > STALE_AFTER:
        return True
    if host != _host() or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError):  # alive, under another user
        return False
    return False


def sweep(folder: Path) -> list[str]:
    """Remove the stale temporary files in `folder`; return their names."""
    removed = []
    try:
        names = [n for n in os.listdir(folder) if _MARK in n]
    except OSError:
        return removed
    for name in names:
        if is_stale(name):
            try:
                os.unlink(Path(folder) / name)
                removed.append(name)
            except OSError:
                pass
    return removed


def fsync_file(path: Path) -> None:
    """Flush a file written by someone else (SQLite, zipfile) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
