"""Atomic file writing: every deck is built in a temporary file beside its target, then
moved over it, so a failed build leaves any existing file untouched."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from vocabdeck.errors import VocabdeckError


def atomic_write(path: Path, build: Callable[[Path], None]) -> None:
    """Build into a temporary file in the target's folder, then move it over the target."""
    folder = path.parent
    if path.is_dir():
        raise VocabdeckError(f"cannot write {path}: it is a folder; give a file name with -o, "
                             f"e.g. -o {path / ('deck' + path.suffix)}")
    if not folder.is_dir():
        raise VocabdeckError(f"cannot write {path}: the folder {folder} does not exist; "
                             "create it or choose another -o")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as e:
        raise VocabdeckError(f"cannot write {path}: {e.strerror or e} in {folder}; "
                             "choose a writable folder with -o") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        build(tmp)
        # mkstemp makes the file private (0600); give the deck the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as e:
        _remove(tmp)
        raise VocabdeckError(f"cannot write {path}: {e.strerror or e}; "
                             "check the disk and folder, or choose another -o") from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
