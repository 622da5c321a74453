"""Where an input's bytes come from: a file, standard input ("-"), or bytes already in memory.

Only regular files are read (a FIFO with no writer would block forever, /dev/zero never
ends), and no input may be larger than MAX_BYTES unless the user raises the limit.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from vocabdeck.errors import VocabdeckError

# The largest input read without being asked: 64 MiB is about 20 million Chinese characters,
# several long novels; a build reads every input whole and holds about 40 bytes per input
# byte at its peak. A larger book is read with VOCABDECK_MAX_INPUT_MB=300 (say) in the
# environment (documented in the README).
MAX_MB_DEFAULT = 64
MAX_ENV = "VOCABDECK_MAX_INPUT_MB"

_URL = re.compile(r"^(?:https?|ftp):/", re.I)  # Path("https://x") collapses "//" to "/"


@dataclass(frozen=True, slots=True)
class Source:
    """An input's raw bytes and the name used for it in messages and titles."""

    data: bytes
    name: str  # the path as given, "-" for standard input, "text" for a string
    path: Path | None = None  # None for standard input and strings


def max_bytes() -> int:
    raw = os.environ.get(MAX_ENV, "").strip()
    if not raw:
        return MAX_MB_DEFAULT << 20
    try:
        mb = float(raw)
    except ValueError:
        raise VocabdeckError(f"{MAX_ENV}={raw}: not a number; give the largest input size in MB, e.g. 300") from None
    if not mb > 0:
        raise VocabdeckError(f"{MAX_ENV}={raw}: must be above 0; give the largest input size in MB, e.g. 300")
    return int(mb * (1 << 20))


def _too_large(name: str, size: int | None, limit: int) -> VocabdeckError:
    what = f"is {size / (1 << 20):.0f} MB" if size else "is larger than the limit"
    return VocabdeckError(f"{name}: {what}, more than the {limit / (1 << 20):.0f} MB vocabdeck reads by default; "
                          f"set {MAX_ENV} to a larger number of MB (e.g. {MAX_ENV}=300) to read it anyway")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory; give a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file; save the text to a file, or pipe it in with '-' as the file name"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file; give a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file; give a file"
    return "is not a regular file; give a file"


def read_path(path: Path | str, role: str = "") -> Source:
    """A regular file's bytes. `role` (an `errors.option_ref`) prefixes messages."""
    name = f"{role} {path}".strip()
    text = str(path)
    if _URL.match(text):
        url = _URL.sub(lambda m: m.group().rstrip("/") + "//", text, count=1)
        name = f"{role} {url}".strip()
        raise VocabdeckError(f"{name}: a web address, not a file; open it in a browser, save the page "
                             "(Save Page As..., 'Web Page, HTML only') and give the .html file")
    path = Path(path)
    if not text:
        raise VocabdeckError(f"{role or 'article'}: the file name is empty; give a file")
    if text == "-":
        return read_stdin()
    limit = max_bytes()
    try:
        # O_NONBLOCK: opening a FIFO without a writer must not block before the check below.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise VocabdeckError(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise VocabdeckError(f"{name}: is a directory; give a file") from None
    except PermissionError:
        raise VocabdeckError(f"{name}: permission denied; make the file readable or copy it elsewhere") from None
    except OSError as e:
        raise VocabdeckError(f"{name}: cannot be read ({e.strerror or e}); check the path") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise VocabdeckError(f"{name}: {_kind(st.st_mode)}")
        if st.st_size > limit:
            raise _too_large(name, st.st_size, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as f:
            fd = -1
            data = f.read(limit + 1)
    except IsADirectoryError:
        raise VocabdeckError(f"{name}: is a directory; give a file") from None
    except OSError as e:
        raise VocabdeckError(f"{name}: cannot be read ({e.strerror or e}); check the path") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:  # the file grew while being read
        raise _too_large(name, None, limit)
    return Source(data, name, path)


def read_stdin() -> Source:
    limit = max_bytes()
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise VocabdeckError("-: there is no standard input to read; give a file, or pipe the text in")
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large("-", None, limit)
    return Source(data, "-")
