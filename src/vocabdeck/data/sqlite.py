"""The SQLite helpers every cached table uses: create one, open it read-only, and ask it
about many keys at once."""

from __future__ import annotations

import sqlite3
import threading
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


class ReadOnly:
    """A built cache file opened read-only, with one connection per thread that uses it
    (a connection shared between threads would interleave their statements)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        return db.execute(sql, params)


def open_readonly(path: Path) -> ReadOnly:
    """A read-only view of a built cache file, usable from any thread."""
    return ReadOnly(path)


def select_in(db: ReadOnly | sqlite3.Connection, sql: str, keys: Sequence, *params) -> list[tuple]:
    """Run `sql`, with "{ins}" where the keys' placeholders go, over `keys`, one query per
    CHUNK keys; `params` fill the placeholders before "{ins}"."""
    rows: list[tuple] = []
    for i in range(0, len(keys), CHUNK):
        chunk = keys[i : i + CHUNK]
        rows += db.execute(sql.format(ins=",".join("?" * len(chunk))), (*params, *chunk)).fetchall()
    return rows
