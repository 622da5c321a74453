"""Traditional text in Simplified characters, for the stages that only know Simplified.

    simplified("這個東西很好") -> "这个东西很好"      simplified("这个东西") -> None

The segmenter's dictionary, the HSK lists, the frequency list and the reading model are
all Simplified. A sentence written in Traditional characters is converted, character for
character (the length never changes, so a token of the converted sentence is the same
slice of the original), with CC-CEDICT's two forms of every word as the table
(cedict.script_tables): a word whose characters alone would convert wrongly (乾隆, 頭髮) is
converted as a word, longest first. The article keeps its own characters on the cards.

Which script a sentence is in: the characters that exist in only one of the two forms
(這 / 这) decide; a sentence with none (中国人民 is both) follows the sentence before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vocabdeck.session import once

# Longest word of the word table tried at a position.
MAX_WORD = 8


def simplified(text: str) -> str | None:
    """`text` converted to Simplified when it is written in Traditional (changed or not:
    中国人民 is the same in both), else None."""
    return simplified_many([text])[0][0]


def simplified_many(texts: Iterable[str], traditional: bool = False) -> tuple[list[str | None], bool]:
    """simplified() of each text in order, where a text that shows neither script follows
    the one before it (`traditional` for the first); and the script the last one was
    taken to be, for the next call."""
    chars, words, trad_only, simp_only = _tables()
    out: list[str | None] = []
    for text in texts:
        trad = len(trad_only.findall(text))
        simp = len(simp_only.findall(text))
        if trad != simp:
            traditional = trad > simp
        out.append(_convert(text, chars, words) if traditional else None)
    return out, traditional


@once
def _tables():
    from vocabdeck.data import cedict

    chars, words, trad_only, simp_only = cedict.script_tables()
    return chars, words, _char_class(trad_only), _char_class(simp_only)


def _char_class(chars) -> re.Pattern:
    """One compiled class of the characters: counting matches over a long text is many
    times faster than a membership test per character."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def _convert(text: str, chars: dict[str, str], words: dict[str, str]) -> str:
    out = []
    i = 0
    while i < len(text):
        for j in range(min(len(text), i + MAX_WORD), i + 1, -1):
            word = words.get(text[i:j])
            if word is not None:
                out.append(word)
                i = j
                break
        else:
            out.append(chars.get(text[i], text[i]))
            i += 1
    return "".join(out)
