"""Regular expressions compiled in an earlier run, for the console entry point only.

Compiling a regular expression with a class of Han characters ([\\u3400-\\u9fff] and the
like) makes Python's `re` compiler visit every character of the range, one at a time:
the 270 patterns a build compiles (vocabdeck's, jieba's, typer's) cost 0.03-0.05 s, about
a tenth of building a news article's deck. `install()` keeps what the compiler made of
each pattern (its SRE program: the list of integers `re` hands to `_sre.compile`) in a
framed cache file (data/cache.py: keyed by vocabdeck's version and by `re`'s own
compiler and parser files, CRC-checked, written atomically), and the next run builds its
Pattern objects from that: the same program, so the same matches. `_sre.compile`
validates every program it is given; anything unexpected (another Python's `re`, a
damaged or unwritable cache) means compiling as usual. The file is written again when a
run compiled a pattern it did not hold.
"""

from __future__ import annotations

import marshal

NAME = "regex.marshal"
LIMIT = 2000  # patterns kept at most (a build compiles about 270, few of them from the input)

_state: dict = {}


def install() -> None:
    """Serve `re`'s compilations from the cache from now on (never raises)."""
    try:
        import _sre
        import re
        from pathlib import Path
        from re import _compiler, _parser

        sources = [Path(_compiler.__file__), Path(_parser.__file__)]
        original = _compiler.compile
        stored = _load(sources)
    except Exception:  # another Python's `re`, no cache folder
        return

    made: dict = {}
    used: set = set()

    def compile(p, flags=0):
        if type(p) is not str or flags & _compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        key = (p, int(flags))
        try:
            # Taken out once used (a few MiB for the whole file): re keeps the pattern.
            program = stored.pop(key, None)
            if program is not None:
                pattern = _sre.compile(p, *program)
                used.add(key)
                return pattern
            if key in used:  # compiled again after re's own cache let it go
                return original(p, flags)
            program = _program(p, flags)
            pattern = _sre.compile(p, *program)
        except Exception:  # an invalid pattern raises here as it always did
            return original(p, flags)
        made[key] = program
        return pattern

    _state.update(sources=sources, made=made, used=used)
    re._compiler.compile = compile


def _load(sources) -> dict:
    """The programs in the cache file, or {} when it is absent, damaged or unreadable."""
    try:
        from vocabdeck.data import cache

        stored = marshal.loads(cache.stored_bytes(NAME, sources) or marshal.dumps({}))
    except Exception:
        return {}
    return stored if isinstance(stored, dict) else {}


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


def save() -> None:
    """Write the cache when this run compiled new patterns (never raises)."""
    if not _state.get("made"):
        return
    made, used = _state["made"], _state["used"]
    keep = {**_load(_state["sources"]), **made}
    if len(keep) > LIMIT:  # only what this run used
        keep = {k: v for k, v in keep.items() if k in used or k in made}
    if len(keep) > LIMIT:
        return
    try:
        from vocabdeck.data import cache

        if cache.cache_dir().is_dir():  # never the first thing in a new cache folder
            cache.store_bytes(NAME, _state["sources"], marshal.dumps(keep))
            made.clear()
    except Exception:
        pass
