"""The SQLite helpers every cached table uses: create one, open it read-only, and ask it
about many keys at once."""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Sequence
from pathlib import Path

# Words per query: SQLite before 3.32 allows at most 999 parameters. Placeholders rather
# than json_each, whose JSON1 extension some older SQLite builds lack.
CHUNK = 900


def create(path: Path, schema: str = "") -> sqlite3.Connection:
    """A new database at `path` for a cache build, with `schema` (SQL statements) run.

    No journal and no waiting for the disk: a cache file is built once into a temporary
    file and moved into place only when complete (data/cache.py)."""
    db = sqlite3.connect(path)
    db.executescript("PRAGMA journal_mode = OFF;\nPRAGMA synchronous = OFF;\n" + schema)
    return db


# Page cache of a read-only connection, in KiB (SQLite's default: 2,000). A miss reads the
# page again from the file, which the system keeps in memory: on 1 MB of news, a 512 KiB
# cache keeps the four connections' pages to 2 MiB instead of 7 (the peak of --jobs 1:
# about 4 MiB less) for no measured CPU (4.08 against 4.17 s, medians of 3 interleaved).
CACHE_KIB = 512


class ReadOnly:
    """A built cache file opened read-only, with one connection per thread that uses it
    (a connection shared between threads would interleave their statements), and per
    process: a forked worker (workers.py) opens its own, as SQLite asks."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        _opened.add(self)

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        return db.execute(sql, params)


_opened: weakref.WeakSet[ReadOnly] = weakref.WeakSet()


def _forget_connections() -> None:
    """In a forked child: the parent's connections are left alone (never used, never
    closed here); the next query opens the child's own."""
    for view in list(_opened):
        _inherited.append(view._local)
        view._local = threading.local()


_inherited: list = []  # the parent's connections, kept open so that no close() touches its locks
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_connections)


def open_readonly(path: Path) -> ReadOnly:
    """A read-only view of a built cache file, usable from any thread."""
    return ReadOnly(path)


def select_in(db: ReadOnly | sqlite3.Connection, sql: str, keys: Sequence, *params) -> list[tuple]:
    """Run `sql`, with "{ins}" where the keys' placeholders go, over `keys`, one query per
    CHUNK keys; `params` fill the placeholders before "{ins}".

    `sql` must use the keys as `IN ({ins})` only: a chunk is padded with its last key to a
    power of two (at most CHUNK), for which the placeholders a query holds are one of a few
    counts. Each count is a distinct statement, and the connection keeps the last 128 it
    prepared: with a count per chunk size (900 placeholders take 164 KiB) they held 14 MiB
    at the end of 1 MB of news, and 3 at most with powers of two; a statement prepared
    once is reused, not prepared for each query."""
    rows: list[tuple] = []
    for i in range(0, len(keys), CHUNK):
        chunk = keys[i : i + CHUNK]
        size = min(CHUNK, 1 << (len(chunk) - 1).bit_length())
        rows += db.execute(sql.format(ins=",".join("?" * size)),
                           (*params, *chunk, *[chunk[-1]] * (size - len(chunk)))).fetchall()
    return rows
