"""The methods of dataclasses compiled in an earlier run, for the console entry point only.

`@dataclass` writes each class's __init__, __repr__, __eq__, __hash__ and __setattr__ as
Python source and compiles it: for the 23 dataclasses a build defines (frozen records,
options, parameter groups), about 130 compilations, 8-10 ms of every run. `install()`
keeps the code objects compiled from each source text (marshalled, in a framed cache file:
data/cache.py, keyed by vocabdeck's version and by dataclasses.py itself, CRC-checked,
written atomically, and tagged with the interpreter's bytecode magic number), and the next
run executes those: the same text compiled the same way (no inherited future flags), so
the same methods. Anything unexpected (another Python, a damaged or unwritable cache)
means compiling as usual. The file is written again when a run compiled a text it did
not hold. Like compiled_regex, it serves the console entry point only: tests run as
before.
"""

from __future__ import annotations

import marshal
import sys

NAME = "dataclasses.marshal"
LIMIT = 2000  # source texts kept at most (a build compiles about 130)

_state: dict = {}


def install() -> None:
    """Serve dataclasses' compilations from the cache from now on (never raises)."""
    try:
        import builtins
        import dataclasses
        from importlib._bootstrap_external import MAGIC_NUMBER
        from pathlib import Path

        sources = [Path(dataclasses.__file__)]
        if getattr(dataclasses, "_create_fn", None) is None or "exec" in vars(dataclasses):
            return  # not the dataclasses this was written for, or already served
        stored = _load(sources, MAGIC_NUMBER)
    except Exception:
        return

    made: dict = {}
    run = builtins.exec

    def exec(source, globals=None, locals=None, /):
        if globals is None:  # never from dataclasses; as the builtin would: the caller's globals
            globals = sys._getframe(1).f_globals
        if type(source) is not str:
            return run(source, globals, locals)
        code = stored.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            made[source] = code
        return run(code, globals, locals)

    _state.update(sources=sources, magic=MAGIC_NUMBER, made=made, stored=stored)
    dataclasses.exec = exec  # the module's own name for the builtin, which _create_fn calls


def _load(sources, magic: bytes) -> dict:
    """The code objects in the cache file, or {} when it is absent, damaged, unreadable or
    from another interpreter."""
    try:
        from vocabdeck.data import cache

        payload = cache.stored_bytes(NAME, sources)
        if not payload or not payload.startswith(magic):
            return {}
        stored = marshal.loads(payload[len(magic):])
    except Exception:
        return {}
    return stored if isinstance(stored, dict) else {}


def save() -> None:
    """Write the cache when this run compiled new texts (never raises)."""
    if not _state.get("made"):
        return
    keep = {**_state["stored"], **_state["made"]}
    if len(keep) > LIMIT:
        keep = dict(_state["made"])
    try:
        from vocabdeck.data import cache

        if cache.cache_dir().is_dir():  # never the first thing in a new cache folder
            cache.store_bytes(NAME, _state["sources"], _state["magic"] + marshal.dumps(keep))
            _state["made"].clear()
    except Exception:
        pass
