"""Word-level readings for words this CC-CEDICT release lacks: pypinyin's phrase dictionary.

CC-CEDICT has no 馆长 ("curator"), so the reading model would read its 长 on its own and
say guǎn cháng; pypinyin's phrase dictionary (47,000 words, tone-marked) says guǎn zhǎng.
The readings stage asks here for a Han run that is not a CC-CEDICT headword, before it
falls back to cutting the run into pieces and reading them character by character.

Loading pypinyin's JSON takes about 0.5 s, so the first use copies it into a SQLite
database in the cache directory (`cache.cached_build`); later look-ups are one indexed
query, and pypinyin is not imported at run time.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from vocabdeck.data import cache, sqlite
from vocabdeck.session import once

PHRASES_FILE = "phrases_dict.json"

# 一 and 不 keep their citation tones, as in CC-CEDICT (pypinyin writes the sandhi: 一不小心 yí).
_CITATION = {"一": "yi1", "不": "bu4"}


def _source() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("pypinyin")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / PHRASES_FILE
        if path.is_file():
            return path
    raise FileNotFoundError(PHRASES_FILE)


def numbered(word: str, marked: Iterable[str]) -> str | None:
    """pypinyin's tone-marked syllables of `word` as the program's numbered pinyin
    ("guǎn", "zhǎng" -> "guan3 zhang3"; "de" -> "de5"); None unless there is one plain
    syllable per character."""
    from pypinyin.contrib.tone_convert import to_tone3

    out = []
    for ch, syllable in zip(word, marked, strict=True):
        s = to_tone3(syllable.lower(), neutral_tone_with_five=True).replace("ü", "v")
        if not (s[:-1].isalpha() and s[:-1].isascii() and s[-1] in "12345"):
            return None
        out.append(_CITATION.get(ch, s))
    return " ".join(out)


def _build(target: Path) -> None:
    import json

    with open(_source(), encoding="utf-8") as f:
        phrases = json.load(f)
    rows = []
    for word, syllables in phrases.items():
        if len(word) < 2 or len(syllables) != len(word):
            continue
        reading = numbered(word, [s[0] for s in syllables])
        if reading is not None:
            rows.append((word, reading))
    db = sqlite.create(target, "CREATE TABLE phrase (word TEXT PRIMARY KEY, pinyin TEXT) WITHOUT ROWID;")
    db.executemany("INSERT OR IGNORE INTO phrase VALUES (?, ?)", rows)
    db.commit()
    db.close()


def cache_sources() -> list[Path]:
    """Every file the phrases cache is made from: pypinyin's JSON and this module."""
    return [_source(), Path(__file__)]


@once
def _db() -> sqlite.ReadOnly | None:
    try:
        sources = cache_sources()
    except FileNotFoundError:  # an old or trimmed pypinyin: the character model alone
        return None
    path = cache.cached_build("phrases.sqlite3", sources, _build)
    return sqlite.open_readonly(path)


def readings_many(words: Iterable[str]) -> dict[str, str]:
    """Numbered reading of each word found in the phrase dictionary (found words only)."""
    words = list(dict.fromkeys(words))
    db = _db() if words else None
    if db is None:
        return {}
    return dict(sqlite.select_in(db, "SELECT word, pinyin FROM phrase WHERE word IN ({ins})", words))
