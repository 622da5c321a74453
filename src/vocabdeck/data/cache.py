"""Where data lives: the curated files in `dictionaries/`, and the user's cache directory.

Every data load in vocabdeck goes through a small cached function (cedict.py, levels.py,
segment.py's jieba dictionary), never at import time. Derived data that is slow to build
(a SQLite CC-CEDICT, a merged jieba dictionary) is built once into the cache directory by
`cached_build` and rebuilt automatically when its sources or vocabdeck's version change.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from vocabdeck import __version__
from vocabdeck.errors import VocabdeckError


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
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "vocabdeck"


def _fingerprint(sources: Iterable[Path]) -> str:
    """A short key that changes when vocabdeck's version or any source file changes."""
    h = hashlib.sha1(__version__.encode())
    for src in sources:
        st = Path(src).stat()
        h.update(f"{src}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()[:12]


_announced = False  # whether this process has said it is building caches


def cached_build(name: str, sources: Iterable[Path], build: Callable[[Path], None]) -> Path:
    """Return the path of cache file `name`, building it first if it is missing or stale.

    `build(tmp_path)` writes the file; it is renamed into place only when complete, so an
    interrupted build never leaves a half-written cache. The key in the file name means a
    stale cache is simply never read again (older ones are removed after a rebuild).
    """
    sources = [Path(s) for s in sources]
    stem, dot, ext = name.partition(".")
    target = cache_dir() / f"{stem}-{_fingerprint(sources)}{dot}{ext}"
    if target.exists():
        return target
    global _announced
    if not _announced:  # one line for the first run, however many caches it builds
        print(f"vocabdeck: building caches in {target.parent} (first run only)", file=sys.stderr)
        _announced = True
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        build(tmp)
        os.replace(tmp, target)
    except OSError as e:
        raise VocabdeckError(
            f"cannot build the {stem} cache in {target.parent} ({e.strerror or e}); "
            "set VOCABDECK_CACHE to a writable folder."
        ) from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    for old in target.parent.glob(f"{stem}-*{dot}{ext}"):
        if old != target:
            old.unlink(missing_ok=True)
    return target


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
