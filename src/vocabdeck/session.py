"""Per-run state, in one object; and loading shared read-only data once, from any thread.

A run (a deck, a word list, an annotation) changes a few memos as it goes: equal tokens
made once, the segmenter's fetched dictionary fragments and settled pieces, the readings
looked up and the reading plan of each token, CC-CEDICT entries already fetched, and the
HTML of each token text. They live in a `Session`, never in a module: two threads, each
with its own session, build exactly what two serial builds give.

Code that needs the state calls `current()`: the session entered with `with Session():`
in this context, or else this thread's own default session (so the CLI, and any thread
that never opens a session, still runs with one). Data that never changes once loaded
(CC-CEDICT, the HSK lists, the model's weights) stays shared; `once` loads it under a lock
so that threads racing for the first use neither build a cache file twice at once nor
see a half-loaded value.
"""

from __future__ import annotations

import functools
import threading
from contextvars import ContextVar
from typing import TYPE_CHECKING, Callable, TypeVar

if TYPE_CHECKING:
    from vocabdeck.model import Token
    from vocabdeck.zh.jiebadict import Segmenter

T = TypeVar("T")


class Session:
    """The state one run changes. Use a session from one thread at a time."""

    def __init__(self) -> None:
        # pipeline: equal tokens are one object (text, kind, reading) -> Token
        self.tokens: dict[tuple, Token] = {}
        # data/cedict.py: entries of each word looked up (() when not a headword)
        self.entries: dict[str, tuple] = {}
        # decks/: the HTML of each token text, and each token's piece of sentence pinyin
        # (with markup and without), by the token's id (decks/sentence_pinyin.py)
        self.escaped: dict[str, str] = {}
        self.shown: dict[bool, dict] = {True: {}, False: {}}
        # memos kept by name through per_run(): zh/readings.py's CC-CEDICT readings of the
        # words and characters looked up, reading plans and phrase readings
        self.memos: dict[str, dict] = {}
        self._segmenter: Segmenter | None = None
        self._token = None

    @property
    def segmenter(self) -> Segmenter:
        """jieba with the merged dictionary; its fetched fragments and memos are this run's."""
        if self._segmenter is None:
            from vocabdeck.zh.jiebadict import Segmenter, database

            self._segmenter = Segmenter(database())
        return self._segmenter

    def forget(self, *, entries: bool = False) -> None:
        """Drop the memos of segmenting and reading (and with `entries`, the CC-CEDICT
        entries looked up): they only make later look-ups faster. A long build drops them
        once its sentences are read, so that the stages after reuse their memory (1 MB of
        news: 171 -> 159 MiB at the peak, with readings.forget)."""
        self.tokens.clear()
        self.memos.clear()
        self._segmenter = None
        if entries:
            self.entries.clear()

    def __enter__(self) -> Session:
        self._token = _current.set(self)
        return self

    def __exit__(self, *exc) -> None:
        _current.reset(self._token)
        self._token = None


_current: ContextVar[Session | None] = ContextVar("vocabdeck_session", default=None)
_thread = threading.local()


def current() -> Session:
    """The session of this context: the one entered last, else this thread's default."""
    session = _current.get()
    if session is None:
        session = getattr(_thread, "session", None)
        if session is None:
            session = _thread.session = Session()
    return session


def once(load: Callable[[], T]) -> Callable[[], T]:
    """`load()` run once per process, under a lock: for shared read-only data and the cache
    files it builds. Later calls return the first result without taking the lock."""
    lock = threading.Lock()
    done: list = []

    @functools.wraps(load)
    def loaded() -> T:
        if not done:
            with lock:
                if not done:
                    done.append(load())
        return done[0]

    def cache_clear() -> None:  # as lru_cache's, for tests that swap the data
        with lock:
            done.clear()

    loaded.cache_clear = cache_clear  # type: ignore[attr-defined]
    return loaded


class PerRun:
    """A module-level name for a dict that lives in the current session: each run (each
    thread, by default) sees its own. For memos that a module reads and fills in many
    places, so that the module keeps its code as it is: `_PLANS = per_run("readings.plans")`."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def _dict(self) -> dict:
        memos = current().memos
        found = memos.get(self._name)
        if found is None:
            found = memos[self._name] = {}
        return found

    def get(self, key, default=None):
        return self._dict().get(key, default)

    def __getitem__(self, key):
        return self._dict()[key]

    def __setitem__(self, key, value) -> None:
        self._dict()[key] = value

    def __contains__(self, key) -> bool:
        return key in self._dict()

    def __len__(self) -> int:
        return len(self._dict())

    def __iter__(self):
        return iter(self._dict())

    def update(self, *args, **kwargs) -> None:
        self._dict().update(*args, **kwargs)

    def setdefault(self, key, default=None):
        return self._dict().setdefault(key, default)

    def pop(self, key, *default):
        return self._dict().pop(key, *default)

    def clear(self) -> None:
        self._dict().clear()

    def items(self):
        return self._dict().items()

    def keys(self):
        return self._dict().keys()

    def values(self):
        return self._dict().values()

    def current(self) -> dict:
        """The dict itself, for a loop that reads it many times."""
        return self._dict()


def per_run(name: str) -> PerRun:
    return PerRun(name)
