"""Regular expressions compiled in an earlier run, for the console entry point only.

Compiling a regular expression with a class of Han characters ([\\u3400-\\u9fff] and the
like) makes Python's `re` compiler visit every character of the range, one at a time:
the 270 patterns a build compiles (vocabdeck's, jieba's, typer's) cost 0.03-0.05 s, about
a tenth of building a news article's deck. `install()` keeps what the compiler made of
each pattern (its SRE program, the same list of integers `re` hands to `_sre.compile`)
in one file in vocabdeck's cache folder, and the next run builds its Pattern objects
from that: the same program, so the same matches.

The file is keyed by the exact Python build (sys.version and the SRE engine's magic
number) and checked by a CRC; anything unexpected (another Python, a damaged or
unreadable file, a change in `re`'s internals) means compiling as usual. `_sre.compile`
validates every program it is given. It is written, atomically, when a run compiled a
pattern the file did not hold.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib

# Patterns kept at most (a build compiles about 270, and few depend on the input).
LIMIT = 2000

_state: dict = {}


def install() -> None:
    """Serve `re`'s compilations from the cache file from now on (never raises)."""
    try:
        import _sre
        import re
        from re import _compiler, _parser

        from vocabdeck.data.cache import cache_dir

        path = cache_dir() / f"regex-{zlib.crc32(sys.version.encode()):08x}-{_sre.MAGIC}.marshal"
        original = _compiler.compile
        _parser.parse, _compiler._code  # noqa: B018 (both there, or compile as usual)
    except Exception:  # another Python's `re`, or no cache folder
        return
    stored = _load(path)

    made: dict = {}
    used: set = set()

    def compile(p, flags=0):
        if type(p) is not str or flags & _compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        key = (p, int(flags))
        try:
            program = stored.get(key)
            if program is not None:
                pattern = _sre.compile(p, *program)
                used.add(key)
                return pattern
            program = _program(p, flags)
            pattern = _sre.compile(p, *program)
        except Exception:  # an invalid pattern raises here as it always did
            return original(p, flags)
        made[key] = program
        return pattern

    _state.update(path=path, stored=stored, made=made, used=used)
    re._compiler.compile = compile


def _program(p: str, flags: int) -> tuple:
    """What re._compiler.compile hands to _sre.compile for this pattern, but the pattern."""
    from re import _compiler, _parser

    tree = _parser.parse(p, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup = [None] * tree.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | tree.state.flags), [int(c) for c in _compiler._code(tree, flags)], tree.state.groups - 1,
            groupindex, tuple(indexgroup))


def _load(path) -> dict:
    try:
        with open(path, "rb") as f:
            data = f.read()
        if len(data) < 4 or zlib.crc32(data[4:]) != int.from_bytes(data[:4], "little"):
            return {}
        stored = marshal.loads(data[4:])
        return stored if isinstance(stored, dict) else {}
    except Exception:  # absent, unreadable, damaged
        return {}


def save() -> None:
    """Write the cache file when this run compiled new patterns (never raises)."""
    if not _state.get("made"):
        return
    stored, made, used, path = _state["stored"], _state["made"], _state["used"], _state["path"]
    keep = {**stored, **made}
    if len(keep) > LIMIT:  # only what this run used
        keep = {k: v for k, v in keep.items() if k in used or k in made}
    if len(keep) > LIMIT:
        return
    tmp = None
    try:
        if not path.parent.is_dir():
            return
        data = marshal.dumps(keep)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            f.write(zlib.crc32(data).to_bytes(4, "little") + data)
        os.replace(tmp, path)
        made.clear()
    except Exception:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
