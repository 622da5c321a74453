"""jieba's dictionary merged with CC-CEDICT and HSK headwords, stored compactly on disk.

`import jieba; jieba.initialize()` costs about 0.9 s and 94 MiB on the reference machine:
most of it is a prefix dictionary of ~600k Python objects, and an import of
pkg_resources. We never build that dictionary for a short article. Instead the merged
dictionary (jieba's dict.txt, plus every CC-CEDICT and HSK headword jieba lacks, each with
its prefixes, as jieba stores them) lives in one SQLite table in the user's cache, and
`Segmenter.cut` fetches only the entries that are substrings of the text it is given.

The cut itself is jieba's algorithm (Tokenizer.__cut_DAG of jieba 0.42.1: a DAG of the
dictionary words, the most probable path, jieba's HMM for runs of single characters),
computed for a whole batch of sentences at once (zh/jiebapath.py) on the entries the text
can reach: jieba reads FREQ only for substrings of a block of the text, and every such
substring present in the full dictionary is present here. So the result is the one
`jieba.Tokenizer` gives with the full merged dictionary; tests check it on the benchmark
texts, on traditional characters (where exact ties are common) and on generated strings.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import repeat
from math import log
from pathlib import Path

from vocabdeck.data import sqlite
from vocabdeck.data.cache import cached_build, import_numpy
from vocabdeck.session import current, once

# Bits of the `flags` column.
CEDICT = 1  # a CC-CEDICT headword
PROPER = 2  # every CC-CEDICT entry of the headword is a capitalised proper name
HSK = 4  # on an HSK word list

# jieba splits text into blocks with this pattern before segmenting (jieba 0.42.1,
# re_han_default); only substrings of these blocks are ever looked up.
_HAN_FIRST, _HAN_LAST = 0x4E00, 0x9FD5
_BLOCK_PATTERN = f"[{chr(_HAN_FIRST)}-{chr(_HAN_LAST)}a-zA-Z0-9+#&\\._%\\-]+"
_BLOCK = re.compile(_BLOCK_PATTERN)


def import_jieba():
    """Import jieba silently and without pkg_resources.

    jieba's _compat imports pkg_resources only to open dict.txt, which we never read
    through it; blocking that import saves ~0.5 s of a cold start (measured: `import jieba`
    0.63 s with it, 0.14 s without). jieba falls back to a plain open() on ImportError.
    """
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    import logging

    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes the import fail
    try:
        import jieba
    finally:
        if blocked and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    return jieba


def jieba_dict_file() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "dict.txt"


def extra_frequency(word: str, pieces: list[str], freq: dict[str, int], total: int, split_first: bool = False) -> int:
    """The frequency given to a headword that jieba's dictionary lacks.

    Two characters: the product of the characters' probabilities, so the word ties with
    its characters and only context decides (a higher value glued 中的, 到了, 这就 in a
    3,000-sentence sample). Longer words: just above jieba's own best cut of the word
    (what jieba's suggest_freq does), so that 分析人士 or 表面上 stay whole.

    `split_first`: half that tie, so the characters win it. For two everyday characters
    that make no HSK 1-6 word (到了, 中的, 都会, 有了, 人中, 忙着): jieba's corpus did not
    count them as a word, and each character is a word a learner knows; as one word they
    are a rare sense ("at last", "to hit the target", "metropolis", "philtrum"). On the 13
    WMT21 dev documents this split 7 of 9 such tokens rightly (搬迁到了 / 到 了, 4404人中 /
    人 中) and 2 wrongly (“变道”, 有理有利有节).
    """
    parts = list(word) if len(word) <= 2 else pieces
    p = 1.0
    for part in parts:
        p *= (freq.get(part) or 1) / total
    if split_first:
        return max(1, int(p * total / 2))
    return int(p * total) + 1


# Below this HSK level (or this often used) a character is a word in its own right that a
# learner has before HSK 4, where cards start by default (来, 看, 之, 位, 到, 了). Above it
# (直, 击 of 直击, 况 of 赛况) a character cut from a compound means what the compound means.
EVERYDAY_LEVEL = 3
EVERYDAY_ZIPF = 6.0
# A two-character word at or below this HSK level is a word even when its characters are
# everyday ones (为了, 除了, 有的).
WORD_LEVEL = 6


def everyday_chars(chars) -> frozenset[str]:
    """The characters (of those given) that are everyday words (EVERYDAY_LEVEL, EVERYDAY_ZIPF)."""
    from vocabdeck.data import hsk

    chars = list(dict.fromkeys(chars))
    levels = hsk.hsk_levels(chars)
    zipfs = hsk.zipf_many(chars)
    return frozenset(c for c in chars if levels.get(c, 99) <= EVERYDAY_LEVEL or zipfs.get(c, 0.0) >= EVERYDAY_ZIPF)


# Whether each character met is an everyday word: a fact of the HSK and frequency lists,
# kept for every run (at most one entry a character).
_EVERYDAY: dict[str, bool] = {}


def everyday(char: str) -> bool:
    known = _EVERYDAY.get(char)
    if known is None:
        known = _EVERYDAY[char] = char in everyday_chars([char])
    return known


def _build(path: Path) -> None:
    """Write the merged dictionary to SQLite.

    jieba's dict.txt has one word a line: `word frequency tag`, e.g. `石破茂 7 nr`.
    The table holds every word and every prefix of a word (frequency 0, as jieba does).
    """
    from vocabdeck.data.cedict import headwords

    hsk_words = _hsk_words()

    jieba = import_jieba()
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    total = 0
    with open(jieba_dict_file(), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, n = parts[0], int(parts[1])
            freq[word] = n
            total += n
            if len(parts) > 2:
                tags[word] = parts[2]
    cedict = headwords()
    hsk = hsk_words() if hsk_words else frozenset()
    base = jieba.Tokenizer()
    base.FREQ = dict(freq)
    for word in list(freq):
        for i in range(1, len(word)):
            base.FREQ.setdefault(word[:i], 0)
    base.total = total
    base.initialized = True
    merged = dict(base.FREQ)
    extra = [w for w in sorted(set(cedict) | hsk) if w and " " not in w and not merged.get(w)]
    split_first = _split_first([w for w in extra if len(w) == 2])
    for word in extra:
        pieces = base.lcut(word, HMM=False) if len(word) > 2 else []
        merged[word] = extra_frequency(word, pieces, base.FREQ, total, word in split_first)
        for i in range(1, len(word)):
            merged.setdefault(word[:i], 0)
    # `total` stays jieba's: it only scales every word's probability, and keeping it keeps
    # jieba's choices between its own words unchanged.
    con = sqlite.create(
        path,
        "CREATE TABLE words (w TEXT PRIMARY KEY, f INTEGER, tag TEXT, flags INTEGER) WITHOUT ROWID;"
        "CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);",
    )

    def rows():
        for word, n in merged.items():
            flags = 0
            if word in cedict:
                flags |= CEDICT | (PROPER if cedict[word] else 0)
            if word in hsk:
                flags |= HSK
            yield word, n, tags.get(word, ""), flags

    con.executemany("INSERT INTO words VALUES (?, ?, ?, ?)", rows())
    con.execute("INSERT INTO meta VALUES ('total', ?)", (str(total),))
    keys = import_numpy().array(sorted({fragment_key(word) for word in merged}), "<u4")
    con.execute("INSERT INTO meta VALUES ('fragment_keys', ?)", (keys.tobytes(),))
    con.commit()
    con.close()


def _split_first(pairs: list[str]) -> set[str]:
    """The two-character words (of those given) whose characters should win a tie with
    them: both everyday, the word not on an HSK list at WORD_LEVEL or below."""
    if _hsk_words() is None:
        return set()
    from vocabdeck.data import hsk

    common = everyday_chars(c for w in pairs for c in w)
    levels = hsk.hsk_levels(w for w in pairs if w[0] in common and w[1] in common)
    return {w for w in pairs if w[0] in common and w[1] in common and levels.get(w, 99) > WORD_LEVEL}


def _hsk_words():
    """levels.hsk_words, or None while the levels module is not installed."""
    try:
        from vocabdeck.data.hsk import hsk_words
    except ImportError:
        return None
    return hsk_words


def _sources() -> list[Path]:
    """Every file the merged dictionary is made from: jieba's dictionary and this module,
    CC-CEDICT's headwords and the HSK word lists (with the modules that parse them)."""
    from vocabdeck.data import cedict, cedict_entries, hsk

    return [jieba_dict_file(), Path(__file__), cedict_entries.source_path(), Path(cedict_entries.__file__),
            Path(cedict.__file__), *hsk.word_list_sources()]


@once
def database() -> Path:
    return cached_build("jieba-merged.sqlite3", _sources(), _build)


# A 32-bit key for every entry (word or prefix) of the table, so that `prepare` asks the
# database only for fragments that may be there: on 1 MB of news, 4 in 5 of the fragments
# it would ask about are absent (most two- and three-character substrings of a text are no
# word), and each absent one cost a look-up. The key is a polynomial hash of the code
# points modulo 2**32; equal keys for different strings only cost a look-up that finds
# nothing (about 1 absent fragment in 6,500 collides with an entry).
_KEY_BASE = 0x9E3779B1


def in_block(np, codes):
    """Which code points _BLOCK matches, for an array of them at once."""
    ascii_ok = _ascii_in_block()
    inside = (codes >= _HAN_FIRST) & (codes <= _HAN_LAST)
    low = codes < 128
    inside[low] = ascii_ok[codes[low]]
    return inside


@lru_cache(maxsize=None)
def _ascii_in_block():
    np = import_numpy()
    return np.array([bool(_BLOCK.match(chr(c))) for c in range(128)])


def fragment_key(text: str) -> int:
    key = 0
    for ch in text:
        key = (key * _KEY_BASE + ord(ch)) & 0xFFFFFFFF
    return key


# Fragments remembered between batches: plenty for a long article (the 25-sentence seed
# asks 874, all of them entries), bounded for a whole book. Measured on 1 MB
# of news: 60,000 kept every batch's entries (46,000) and cost 14 MiB of peak memory for
# 0.1 s; 20,000 costs 2 MiB more than asking every batch afresh.
ASKED_LIMIT = 20_000
# Runs of single characters whose HMM cut is kept (a name met again), the first ones met:
# on 1 MB of news 8,100 runs go to the HMM, 5,150 distinct ones; keeping 2,000 saves 2,500
# of the 3,000 repeated cuts for about 0.3 MiB.
RUNS_LIMIT = 2_000


class Segmenter:
    """jieba with the merged dictionary, loading only the entries a text needs."""

    def __init__(self, path: Path) -> None:
        self._con = sqlite.open_readonly(path)
        (total,) = self._con.execute("SELECT v FROM meta WHERE k = 'total'").fetchone()
        self.freq: dict[str, int] = {}  # the entries fetched so far (words and prefixes)
        self.info: dict[str, tuple[str, int]] = {}  # word -> (jieba tag, flags)
        self._asked: set[str] = set()  # every fragment looked up, present or not
        self.memo: dict[str, str] = {}  # token -> kind, filled by segment.py
        self.settled: dict[str, tuple] = {}  # piece -> its tokens, filled by segment.py
        self.resplit: dict[tuple, tuple] = {}  # pieces cut again -> their tokens, the same
        self.logtotal = log(int(total))
        self._logp: dict[int, float] = {}  # log(frequency / total) of each frequency met
        self._runs: dict[str, list[str]] = {}  # run of single characters -> the HMM's cut
        self._finalseg = None
        self._unasked = ""  # the text cut last, until everyday() asks about its characters
        self._keys = None  # fragment_key of every entry, sorted (numpy array)

    def _fetch(self, fragments: set[str]) -> None:
        """Look up the fragments not asked before; present ones land in `freq`/`info`."""
        new = fragments - self._asked
        if not new:
            return
        self._asked |= new
        rows = sqlite.select_in(self._con, "SELECT w, f, tag, flags FROM words WHERE w IN ({ins})", list(new))
        freq, info = self.freq, self.info
        for w, f, tag, flags in rows:
            freq[w] = f
            if f or flags:
                info[w] = (tag, flags)

    def prepare(self, text: str) -> None:
        """Fetch every dictionary entry that is a substring of a block of `text`."""
        self._walk(text)

    def _walk(self, text: str):
        """prepare(text); returns the code points of text + "\\n", whether each is in a
        block, and the words found: (starts, length, log-probabilities) a length.

        Level by level, as jieba's get_DAG walks: a fragment one character longer is
        looked up only where the shorter one was present (every prefix of a word is), and
        only when its key is among the entries' keys. The keys of all fragments of one
        length are computed at once from those of the length before. Each distinct
        fragment is sliced and looked up once a level (most of a text's characters and
        pairs come again): `ids` tells equal fragments apart exactly, as the number of the
        distinct prefix and the code point after it.
        """
        if len(self._asked) > ASKED_LIMIT:  # long input: start afresh for each batch
            self._asked.clear()
            self.freq.clear()
            self.info.clear()
        np = import_numpy()
        keys = self._entry_keys()
        freq = self.freq
        # A newline never occurs in a dictionary word, so no walk runs past the end. A walk
        # may run past the end of a block into a word with other characters (Ｔ恤): an
        # entry jieba never reads, fetched for nothing, harmless.
        text += "\n"
        codes = np.frombuffer(text.encode("utf-32-le"), np.uint32)
        inside = in_block(np, codes)
        starts = np.flatnonzero(inside)
        key = np.zeros(len(starts), np.uint32)
        ids = np.zeros(len(starts), np.int64)
        base = np.uint32(_KEY_BASE)
        words = []
        length = 1
        while len(starts):
            within = starts + (length - 1) < len(text)
            starts, key, ids = starts[within], key[within], ids[within]
            code = codes[starts + (length - 1)]
            key = key * base + code
            ids = (ids << 21) | code  # code points are below 2**21
            distinct, first, ids = np.unique(ids, return_index=True, return_inverse=True)
            ukey = key[first]
            at = np.searchsorted(keys, ukey)
            at[at == len(keys)] = 0
            maybe = np.flatnonzero(keys[at] == ukey)
            frags = [text[k : k + length] for k in starts[first[maybe]].tolist()]
            self._fetch(set(frags))
            found = np.full(len(distinct), -1)  # the frequency; 0 a prefix, -1 no entry
            found[maybe] = np.fromiter(map(freq.get, frags, repeat(-1)), np.int64, len(frags))
            logp = np.zeros(len(distinct))
            logp[found > 0] = self._log_probabilities(np, found[found > 0])
            found, logp = found[ids], logp[ids]
            word = found > 0
            words.append((starts[word], length, logp[word]))
            present = found >= 0
            starts, key, ids = starts[present], key[present], ids[present]
            length += 1
        return codes, inside, words

    def _log_probabilities(self, np, frequencies):
        """log(frequency / total) of each, as jieba computes it (math.log, then minus the
        log of the total), once for each frequency."""
        distinct, at = np.unique(frequencies, return_inverse=True)
        logp, logtotal = self._logp, self.logtotal
        for f in distinct.tolist():
            if f not in logp:
                logp[f] = log(f) - logtotal
        return np.array([logp[f] for f in distinct.tolist()])[at]

    def _entry_keys(self):
        if self._keys is None:
            np = import_numpy()
            (blob,) = self._con.execute("SELECT v FROM meta WHERE k = 'fragment_keys'").fetchone()
            self._keys = np.frombuffer(blob, "<u4")
        return self._keys

    def lookup(self, words: set[str]) -> None:
        """Make `info` hold the words given (any strings), e.g. before re-splitting."""
        self._fetch(set(words))

    def cut(self, text: str) -> list[str]:
        """jieba.lcut(text) (HMM on) with the merged dictionary."""
        return self.cut_many([text])[0]

    def cut_many(self, texts: Sequence[str]) -> list[list[str]]:
        """cut() of each text, fetching the entries and searching the paths of all at
        once (jiebapath.py): a text never ends inside a block of the next, as they are
        joined with newlines."""
        from vocabdeck.zh import jiebapath

        np = import_numpy()
        text = self._unasked = "\n".join(texts)
        codes, inside, words = self._walk(text)
        end = jiebapath.route(np, inside, words, -self.logtotal)
        edges = np.cumsum([0] + [len(t) + 1 for t in texts])  # where each text starts
        forced = np.concatenate([edges[:-1], edges[1:] - 1])
        text += "\n"
        bounds = jiebapath.boundaries(np, text, codes, inside, end, forced, self._single_run)
        pieces = [text[a:b] for a, b in zip(bounds, bounds[1:])]
        at = np.searchsorted(bounds, forced).tolist()
        return [pieces[at[i] : at[i + len(texts)]] for i in range(len(texts))]

    def _single_run(self, run: str) -> list[str] | None:
        """The pieces of a run of characters the path left single: the HMM may join them
        into words it has not seen (names), unless the run itself is a dictionary word
        (None: the characters stay single)."""
        if self.freq.get(run):
            return None
        pieces = self._runs.get(run)
        if pieces is None:
            pieces = list(self._hmm().cut(run))
            if len(self._runs) < RUNS_LIMIT:
                self._runs[run] = pieces
        return pieces

    def everyday(self, char: str) -> bool:
        """everyday(char); at the first character not known yet, the lists are asked about
        every character of the text cut last at once (two queries a character cost 0.07 s
        on 1 MB of news)."""
        if char not in _EVERYDAY and self._unasked:
            chars = {c for c in self._unasked if c not in _EVERYDAY}
            self._unasked = ""
            common = everyday_chars(chars)
            _EVERYDAY.update((c, c in common) for c in chars)
        return everyday(char)

    def _hmm(self):
        if self._finalseg is None:
            import_jieba()
            import jieba.finalseg

            self._finalseg = jieba.finalseg
        return self._finalseg

    def tag(self, word: str) -> str:
        return self.info.get(word, ("", 0))[0]

    def tag_of(self, word: str) -> str:
        """jieba's tag of any word, fetched if need be: unlike tag(), the same whatever
        text was segmented last in this process (a worker's, a batch before a reset)."""
        if word not in self._asked:
            self._fetch({word})
        return self.tag(word)

    def fetch_tags(self, words: Iterable[str]) -> None:
        """Fetch the entries of many words at once (one query a chunk), so that tag_of
        then asks the database nothing for them (a query per word cost 0.2 s on 1 MB of news)."""
        self._fetch(set(words))

    def flags(self, word: str) -> int:
        return self.info.get(word, ("", 0))[1]


def segmenter() -> Segmenter:
    """The segmenter of this run (its fetched fragments and memos are per-run state)."""
    return current().segmenter
