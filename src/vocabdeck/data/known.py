"""The learner's known words, read from a word list."""

from __future__ import annotations

from pathlib import Path

from vocabdeck.errors import VocabdeckError
from vocabdeck.inputs.decode import decode
from vocabdeck.inputs.source import read_path
from vocabdeck.zh.script import has_han


def load_known(path: Path) -> frozenset[str]:
    """Words the learner knows: one per line, or the first column of a TSV/CSV file.

    Its encoding is detected as an article's is (UTF-8, UTF-16, GB18030, Big5...); lines
    starting with '#' are comments.
    """
    data = read_path(path, role="--known").data  # regular files only, within the size limit
    try:
        decoded = [decode(data, str(path))]
    except VocabdeckError:
        raise VocabdeckError(f"--known {path}: cannot tell its encoding; save it as UTF-8.") from None
    # A list of a few short words says little about its encoding: where it would decode as
    # either Chinese legacy encoding, keep the reading in which more lines are words.
    for codec in ("gb18030", "big5"):
        try:
            decoded.append(data.decode(codec))
        except UnicodeDecodeError:
            pass
    known = max((_first_column(text) for text in decoded), key=_dictionary_words)
    if not any(has_han(word) for word in known):
        raise VocabdeckError(f"--known {path}: no Chinese words in it; save it as UTF-8 text, one word per line.")
    return known


def _first_column(text: str) -> frozenset[str]:
    known = set()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        first = line.replace(",", "\t").replace(";", "\t").split("\t")[0].strip().strip('"')
        if first:
            known.add(first)
    return frozenset(known)


def _dictionary_words(words: frozenset[str]) -> int:
    from vocabdeck.data import cedict

    return len(cedict.lookup_many(words))
