"""Atomic file writing: every deck is built in a temporary file beside its target, flushed
to the disk, then moved over it, so a failed build leaves any existing file untouched. The
temporary names say whose they are and how old (data/tempfiles.py): a build removes the
stale ones that killed builds left in its folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from vocabdeck.data import tempfiles
from vocabdeck.errors import VocabdeckError, option_ref, raise_if_stopped


def atomic_write(path: Path, build: Callable[[Path], None]) -> None:
    """Build into a temporary file in the target's folder, then move it over the target."""
    folder = path.parent
    if path.is_dir():
        raise VocabdeckError(f"cannot write {path}: it is a folder; give a file name with "
                             f"{option_ref('output')}, e.g. {option_ref('output')} {path / ('deck' + path.suffix)}")
    if not folder.is_dir():
        raise VocabdeckError(f"cannot write {path}: the folder {folder} does not exist; "
                             "create it or choose another -o")
    tempfiles.sweep(folder)  # what builds killed here before (SIGKILL, power cut) left
    try:
        tmp = tempfiles.create(path, ".part")
    except OSError as e:
        raise VocabdeckError(f"cannot write {path}: {e.strerror or e} in {folder}; "
                             "choose a writable folder with -o") from None
    try:
        build(tmp)
        # Give the deck the usual permissions, whatever the temporary file had.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        tempfiles.fsync_file(tmp)  # on the disk before it replaces the old deck
        raise_if_stopped()  # a Ctrl-C or SIGTERM whose exception Python dropped (errors.stop)
        os.replace(tmp, path)
    except OSError as e:
        _remove(tmp)
        raise VocabdeckError(f"cannot write {path}: {e.strerror or e}; "
                             "check the disk and folder, or choose another -o") from None
    except Exception as e:
        _remove(tmp)
        if type(e).__module__ != "sqlite3":  # the .apkg's collection: "database or disk is full"
            raise
        raise VocabdeckError(f"cannot write {path}: {e}; "
                             "check the disk and folder, or choose another -o") from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
