"""jieba's dictionary merged with CC-CEDICT and HSK headwords, stored compactly on disk.

`import jieba; jieba.initialize()` costs about 0.9 s and 94 MiB on the reference machine:
most of it is a prefix dictionary of ~600k Python objects, and an import of
pkg_resources. We never build that dictionary for a short article. Instead the merged
dictionary (jieba's dict.txt, plus every CC-CEDICT and HSK headword jieba lacks, each with
its prefixes, as jieba stores them) lives in one SQLite table in the user's cache, and
`Segmenter.cut` fetches only the entries that are substrings of the text it is given.

The cut itself is jieba's algorithm (Tokenizer.__cut_DAG of jieba 0.42.1: a DAG of the
dictionary words, the most probable path, jieba's HMM for runs of single characters),
computed here in 1.5x less time on a FREQ mapping that holds exactly the entries the text
can reach: jieba reads FREQ only for substrings of a block of the text, and every such
substring present in the full dictionary is present here. So the result is the one
`jieba.Tokenizer` gives with the full merged dictionary; tests check it on the benchmark
texts, on traditional characters (where exact ties are common) and on generated strings.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from functools import lru_cache
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
_SPLIT = re.compile(f"({_BLOCK_PATTERN})")  # splitting keeps the blocks
# Between blocks jieba keeps "\r\n" and each whitespace character whole (re_skip_default).
_SKIP = re.compile("(\r\n|\\s)")


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


@lru_cache(maxsize=4096)
def everyday(char: str) -> bool:
    return char in everyday_chars([char])


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
        self.logtotal = log(int(total))
        self._logp: dict[str, float] = {}  # log(frequency / total) of the words met
        self._finalseg = None
        self._keys = None  # fragment_key of every entry, sorted (numpy array)

    def _fetch(self, fragments: set[str]) -> None:
        """Look up the fragments not asked before; present ones land in `freq`/`info`."""
        new = fragments - self._asked
        if not new:
            return
        self._asked |= new
        rows = sqlite.select_in(self._con, "SELECT w, f, tag, flags FROM words WHERE w IN ({ins})", list(new))
        for w, f, tag, flags in rows:
            self.freq[w] = f
            if f or flags:
                self.info[w] = (tag, flags)

    def prepare(self, text: str) -> None:
        """Fetch every dictionary entry that is a substring of a block of `text`.

        Level by level, as jieba's get_DAG walks: a fragment one character longer is
        looked up only where the shorter one was present (every prefix of a word is), and
        only when its key is among the entries' keys. The keys of all fragments of one
        length are computed at once from those of the length before.
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
        starts = np.flatnonzero(in_block(np, codes))
        key = np.zeros(len(starts), np.uint32)
        base = np.uint32(_KEY_BASE)
        length = 1
        while len(starts):
            inside = starts + (length - 1) < len(text)
            starts, key = starts[inside], key[inside]
            key = key * base + codes[starts + (length - 1)]
            at = np.searchsorted(keys, key)
            at[at == len(keys)] = 0
            maybe = keys[at] == key
            starts, key = starts[maybe], key[maybe]
            frags = [text[k : k + length] for k in starts.tolist()]
            self._fetch(set(frags))
            present = np.fromiter(map(freq.__contains__, frags), bool, len(frags))
            starts, key = starts[present], key[present]
            length += 1

    def _entry_keys(self):
        if self._keys is None:
            np = import_numpy()
            (blob,) = self._con.execute("SELECT v FROM meta WHERE k = 'fragment_keys'").fetchone()
            self._keys = np.frombuffer(blob, "<u4")
        return self._keys

    def lookup(self, words: set[str]) -> None:
        """Make `info` hold the words given (any strings), e.g. before re-splitting."""
        self._fetch(set(words))

    def cut(self, text: str, prepared: bool = False) -> list[str]:
        """jieba.lcut(text) (HMM on) with the merged dictionary.

        `prepared=True` skips fetching when `prepare` was already called on a text that
        contains this one (segment() prepares a whole article at once).
        """
        if not prepared:
            self.prepare(text)
        out: list[str] = []
        for block in _SPLIT.split(text):
            if not block:
                continue
            if _BLOCK.match(block):
                self._cut_block(block, out)
            else:
                # jieba: whitespace (and \r\n) as one piece, anything else one character each.
                for piece in _SKIP.split(block):
                    if _SKIP.match(piece):
                        out.append(piece)
                    else:
                        out.extend(piece)
        return out

    def _cut_block(self, block: str, out: list[str]) -> None:
        """jieba's Tokenizer.__cut_DAG (0.42.1), computed the same way, faster.

        jieba builds a DAG of the dictionary words starting at each character, finds the
        most probable path from the right (score: the sum of log(frequency / total) of the
        words; on equal scores the longer word), then passes each run of single characters
        that is not a dictionary word to its HMM (finalseg). Here the DAG keeps each word's
        log-probability, cached per word, so the path search neither slices the text again
        nor takes a logarithm per edge; the floating-point sums are jieba's, in jieba's
        order, so scores and ties come out the same (tests compare it with jieba on the
        benchmark texts, traditional characters and generated strings).
        """
        freq, logp, logtotal = self.freq, self._logp, self.logtotal
        n = len(block)
        dag: list[list[tuple[int, float]]] = []
        for k in range(n):
            ends = []
            i = k + 1
            frag = block[k]
            while frag in freq:
                f = freq[frag]
                if f:  # 0: only the prefix of a longer word
                    lp = logp.get(frag)
                    if lp is None:
                        lp = logp[frag] = log(f) - logtotal
                    ends.append((i, lp))
                if i >= n:
                    break
                i += 1
                frag = block[k:i]
            dag.append(ends)
        score = [0.0] * (n + 1)
        end = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            ends = dag[k]
            if not ends:  # no word starts here: the character alone, frequency 1 (log 0)
                score[k] = log(freq.get(block[k]) or 1) - logtotal + score[k + 1]
                end[k] = k + 1
                continue
            best = None
            for j, lp in ends:
                value = lp + score[j]
                if best is None or value >= best:  # a tie goes to the longer word
                    best, best_end = value, j
            score[k], end[k] = best, best_end
        k, run = 0, ""
        while k < n:
            j = end[k]
            if j - k == 1:
                run += block[k]
            else:
                if run:
                    self._single_run(run, out)
                    run = ""
                out.append(block[k:j])
            k = j
        if run:
            self._single_run(run, out)

    def _single_run(self, run: str, out: list[str]) -> None:
        """A run of characters the path left single: the HMM may join them into words it
        has not seen (names), unless the run itself is a dictionary word."""
        if len(run) == 1:
            out.append(run)
        elif not self.freq.get(run):
            out.extend(self._hmm().cut(run))
        else:
            out.extend(run)

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
