"""Where data lives: the curated files in `dictionaries/`, and the user's cache directory.

Every data load in vocabdeck goes through a small cached function (cedict.py, hsk.py,
jiebadict.py, g2pm.py), never at import time. Derived data that is slow to build (a
SQLite CC-CEDICT, a merged jieba dictionary, the folded reading model) is built once into
the cache directory and rebuilt when its sources or vocabdeck change, or when it is damaged.

A cache file is named `<stem>-<key>.<ext>`. The key is a hash of vocabdeck's version and,
for every source the caller names, its path, size and modification time: a changed source
rebuilds the caches built from it and no others, and two installations sharing the folder
(pipx and a project's venv) use different keys, so neither evicts the other's caches.

Every cache is checked when opened:
  * SQLite caches (`.sqlite3`): the 100-byte header says it is a SQLite file of
    vocabdeck's (application_id), built for this key (user_version), and the file is as
    long as the header's page count says (an emptied or truncated file fails this);
  * other caches (the reading model's pickle) are framed: a header with the key, the
    payload's length and its CRC-32, checked over the whole payload on every load.
A cache that fails is rebuilt, with one line on stderr saying so. Files are written to a
temporary name, flushed to the disk (fsync) and only then renamed into place, so a power
cut leaves either the old cache or the new one. Caches of other keys are removed when
damaged or unused for UNUSED_DAYS (an installation touches its caches once a day).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from vocabdeck import __version__
from vocabdeck.data import tempfiles
from vocabdeck.errors import VocabdeckError

# After an upgrade the previous version's caches (about 55 MB) stay this long in case it
# is still installed elsewhere; an installation in use touches its caches once a day.
UNUSED_DAYS = 30
_DAY = 24 * 3600

# SQLite header fields (https://www.sqlite.org/fileformat.html, "The Database Header").
_SQLITE_MAGIC = b"SQLite format 3\x00"
_APPLICATION_ID = 0x7664_6B31  # "vdk1": PRAGMA application_id of every vocabdeck cache

# Framed caches: magic (16 bytes), key (12 ASCII hex digits), payload length (8 bytes,
# big-endian), CRC-32 of the payload (4 bytes), then the payload.
_FRAME_MAGIC = b"vocabdeck cache\x01"
_FRAME_HEADER = len(_FRAME_MAGIC) + 12 + 8 + 4


class CacheError(VocabdeckError):
    """A cache cannot be built or read (a full disk, a read-only folder)."""


@lru_cache(maxsize=None)
def data_dir() -> Path:
    """The curated `dictionaries/` folder.

    A wheel carries it inside the package as `vocabdeck/_dictionaries` (hatchling
    force-include); an editable install or a source checkout finds it at the repository root.
    """
    package = Path(__file__).resolve().parents[1]
    packaged = package / "_dictionaries"
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "dictionaries"


def data_file(name: str) -> Path:
    return data_dir() / name


@lru_cache(maxsize=None)
def cache_dir() -> Path:
    """The user's cache directory for vocabdeck (never jieba's /tmp/jieba.cache).

    $VOCABDECK_CACHE wins; then $XDG_CACHE_HOME/vocabdeck; then the platform's usual place.
    """
    if env := os.environ.get("VOCABDECK_CACHE"):
        return Path(env)
    try:
        if sys.platform == "win32":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Caches"
        else:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (KeyError, RuntimeError):  # no HOME and no passwd entry (docker run --user)
        raise CacheError(
            "no home folder to keep the caches in; set VOCABDECK_CACHE to a writable folder."
        ) from None
    return base / "vocabdeck"


def cache_key(sources: Iterable[Path]) -> str:
    """A short key that changes when vocabdeck's version or any named source changes."""
    h = hashlib.sha1(__version__.encode())
    for src in sources:
        h.update(_stamp(Path(src)).encode())
    return h.hexdigest()[:12]


def _stamp(source: Path) -> str:
    """What identifies a source file's version: where it is, its size and mtime."""
    source = source.resolve()
    st = source.stat()
    return f"{source}\0{st.st_size}\0{st.st_mtime_ns}\0"


def _user_version(key: str) -> int:
    return int(key[:8], 16) & 0x7FFF_FFFF  # PRAGMA user_version is a signed 32-bit integer


def _sqlite_problem(path: Path, key: str) -> str | None:
    """Why the SQLite cache at `path` cannot be used (None if it can)."""
    try:
        with open(path, "rb") as f:
            head = f.read(100)
            size = os.fstat(f.fileno()).st_size
    except FileNotFoundError:
        return "missing"
    except OSError as e:
        return f"unreadable: {e.strerror or e}"
    if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
        return "empty" if not head else "not a SQLite file"
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    pages = int.from_bytes(head[28:32], "big")
    if int.from_bytes(head[68:72], "big") != _APPLICATION_ID:
        return "not built by vocabdeck"
    if int.from_bytes(head[60:64], "big") != _user_version(key):
        return "built for other sources"
    # The page count is valid when written by the same change as the change counter.
    if head[24:28] != head[92:96] or size != page * pages:
        return f"truncated ({size} bytes, the header says {page * pages})"
    return None


def _frame_problem(data: bytes | None, key: str) -> str | None:
    if data is None:
        return "missing"
    if not data:
        return "empty"
    if len(data) < _FRAME_HEADER or not data.startswith(_FRAME_MAGIC):
        return "no vocabdeck header"
    at = len(_FRAME_MAGIC)
    if data[at:at + 12] != key.encode():
        return "built for other sources"
    length = int.from_bytes(data[at + 12:at + 20], "big")
    crc = int.from_bytes(data[at + 20:at + 24], "big")
    if len(data) - _FRAME_HEADER != length:
        return f"truncated ({len(data) - _FRAME_HEADER} of {length} bytes)"
    if zlib.crc32(memoryview(data)[_FRAME_HEADER:]) != crc:
        return "checksum mismatch"
    return None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return b""


_announced = False  # whether this process has said it is building caches


# Notices for people go to this logger, never straight to a stream: the CLI prints them
# as "vocabdeck: <message>"; a program using the library sees nothing unless it asks.
notices = logging.getLogger("vocabdeck.notice")


def _announce(target: Path, problem: str) -> None:
    global _announced
    if problem != "missing":  # a damaged cache is always worth its own line
        notices.info("the %s cache was damaged (%s); rebuilding it", target.name, problem)
    elif not _announced:  # one line for the first run, however many caches it builds
        notices.info("building caches in %s (first run only)", target.parent)
    _announced = True


def _target(name: str, sources: Iterable[Path]) -> tuple[Path, str]:
    sources = list(sources)
    if not sources:
        raise ValueError(f"the {name} cache must name its sources")
    key = cache_key(sources)
    stem, dot, ext = name.partition(".")
    return cache_dir() / f"{stem}-{key}{dot}{ext}", key


def cached_build(name: str, sources: Iterable[Path], build: Callable[[Path], None]) -> Path:
    """The path of SQLite cache `name` (`*.sqlite3`), built first if missing, stale or damaged.

    `sources` are every file the cache is made from, including the module that builds it.
    `build(tmp_path)` writes a SQLite database (any PRAGMAs it likes: the file is sealed
    and flushed to the disk here, after it is complete).
    """
    target, key = _target(name, sources)
    problem = _sqlite_problem(target, key)
    if problem is None:
        _touch(target)
        return target
    _announce(target, problem)

    def seal(tmp: Path) -> None:
        import sqlite3

        build(tmp)
        db = sqlite3.connect(tmp)
        try:
            db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {_user_version(key)}")
            db.commit()
        finally:
            db.close()

    _write(target, seal)
    return target


def cached_bytes(name: str, sources: Iterable[Path], build: Callable[[], bytes]) -> bytes:
    """The payload of framed cache `name`, built first if missing, stale or damaged."""
    target, key = _target(name, sources)
    data = _read(target)
    problem = _frame_problem(data, key)
    if problem is None:
        _touch(target)
        return bytes(memoryview(data)[_FRAME_HEADER:])
    _announce(target, problem)
    payload = build()
    _write_framed(target, key, payload)
    return payload


def stored_bytes(name: str, sources: Iterable[Path]) -> bytes | None:
    """The payload of framed cache `name` when it is there, whole and current; else None
    (for a cache that a run fills as it goes: see store_bytes)."""
    target, key = _target(name, sources)
    data = _read(target)
    if _frame_problem(data, key) is not None:
        return None
    _touch(target)
    return bytes(memoryview(data)[_FRAME_HEADER:])


def store_bytes(name: str, sources: Iterable[Path], payload: bytes) -> None:
    """Write framed cache `name` (atomically; CacheError when it cannot be written)."""
    target, key = _target(name, sources)
    _write_framed(target, key, payload)
    _remove_others(target)


def _write_framed(target: Path, key: str, payload: bytes) -> None:
    def write(tmp: Path) -> None:
        head = _FRAME_MAGIC + key.encode() + len(payload).to_bytes(8, "big") + zlib.crc32(payload).to_bytes(4, "big")
        with open(tmp, "wb") as f:
            f.write(head)
            f.write(payload)

    _write(target, write)


def _write(target: Path, write: Callable[[Path], None]) -> None:
    """Write `target` through a temporary file: complete, on the disk, then renamed."""
    folder = target.parent
    stem = target.name.partition(".")[0].rpartition("-")[0]
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfiles.sweep(folder)
        tmp = tempfiles.create(target, ".tmp")
        write(tmp)
        tempfiles.fsync_file(tmp)
        os.replace(tmp, target)
        tmp = None
        tempfiles.fsync_dir(folder)
    except OSError as e:
        raise CacheError(
            f"cannot build the {stem} cache in {folder} ({e.strerror or e}); "
            "free some space, or set VOCABDECK_CACHE to a writable folder."
        ) from None
    except Exception as e:
        if type(e).__module__ != "sqlite3":
            raise
        raise CacheError(
            f"cannot build the {stem} cache in {folder} ({e}); "
            "free some space, or set VOCABDECK_CACHE to a writable folder."
        ) from None
    finally:
        if tmp is not None:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
    _remove_others(target)


def _touch(target: Path) -> None:
    """Mark a cache as used (at most once a day), so that another installation's cleanup
    leaves it alone."""
    try:
        if time.time() - target.stat().st_mtime > _DAY:
            os.utime(target)
    except OSError:
        pass


def _remove_others(target: Path) -> None:
    """Remove the caches of the same name under other keys that are damaged or unused."""
    stem, dot, ext = target.name.partition(".")
    stem = stem.rpartition("-")[0]
    now = time.time()
    for old in target.parent.glob(f"{stem}-*{dot}{ext}"):
        key = old.name[len(stem) + 1:].partition(".")[0]
        if old == target or len(key) != 12:
            continue
        try:
            unused = now - old.stat().st_mtime > UNUSED_DAYS * _DAY
        except OSError:
            continue
        if ext == "sqlite3":
            damaged = _sqlite_problem(old, key) is not None
        else:
            damaged = _frame_problem(_read(old), key) is not None
        if unused or damaged:
            try:
                old.unlink()
            except OSError:
                pass


def sqlite_failure(error: Exception) -> CacheError:
    """The one-line error for a SQLite error met while reading the caches.

    The header check on opening catches an emptied or truncated cache, not one damaged in
    its middle: SQLite finds that only when a query reaches the bad page. Then every cache
    of this installation is checked in full (PRAGMA quick_check, only on this error path)
    and the damaged ones are removed, so the next run rebuilds them.
    """
    import sqlite3

    folder = cache_dir()
    removed = []
    for path in sorted(folder.glob("*.sqlite3")) if folder.is_dir() else ():
        key = path.name.partition(".")[0].rpartition("-")[2]
        problem = _sqlite_problem(path, key)
        if problem is None:
            try:
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                try:
                    problem = None if db.execute("PRAGMA quick_check").fetchone()[0] == "ok" else "damaged"
                finally:
                    db.close()
            except sqlite3.Error:
                problem = "damaged"
        if problem is not None and problem != "built for other sources":
            try:
                path.unlink()
                removed.append(path.name)
            except OSError:
                pass
    if removed:
        what = f"cache {removed[0]} was" if len(removed) == 1 else f"caches {', '.join(removed)} were"
        return CacheError(f"the {what} damaged in {folder} ({error}) and removed; run the command "
                          "again to rebuild it.")
    if "full" in str(error):
        return CacheError(f"the disk holding {folder} is full ({error}); free some space, or set "
                          "VOCABDECK_CACHE to a folder on another disk.")
    return CacheError(f"cannot read the caches in {folder} ({error}); if the folder was removed while "
                      "vocabdeck ran, run the command again, else set VOCABDECK_CACHE to another folder.")


def import_numpy():
    """numpy, with OpenBLAS kept to one thread.

    vocabdeck's arrays are small: BLAS threads only add start-up (40-50 ms to import numpy
    with OpenBLAS's thread pool) and contention (measured on 2 cores). The setting is read
    when numpy loads; a process that loaded numpy already keeps its own.
    """
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import numpy

    return numpy
