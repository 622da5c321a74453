"""Pinyin spelling conversions shared by the stages that show readings."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vocabdeck.zh.script import HAN_RUN

_SYLLABLE_TONE = re.compile(r"([1-5])$")


def tone_of(numbered: str) -> int:
    m = _SYLLABLE_TONE.search(numbered)
    return int(m.group(1)) if m else 5


# Combining marks for tones 1-4; NFC composes them with the vowel (a + U+0304 -> ā).
_TONE_MARKS = {"1": "\u0304", "2": "\u0301", "3": "\u030c", "4": "\u0300"}


@lru_cache(maxsize=4096)  # about 1,500 syllables exist
def syllable_marks(numbered: str) -> str:
    """One numbered syllable ("lv4", "Nv3", "Lu:3", "ng2") in tone marks ("lǜ", "Nǚ", "Lǚ",
    "ńg"), keeping capitals. The one converter of the program: CC-CEDICT's marked pinyin
    (data/cedict.py) is made with it too.

    Written here rather than with pypinyin's converter because importing pypinyin costs
    about 0.5 s on the reference machine (measured), more than the whole deck build. The
    rule: the mark goes on a or e; on the o of "ou"; otherwise on the last vowel; a syllable
    without a vowel (m, n, ng) carries it on its first letter.
    """
    m = _SYLLABLE_TONE.search(numbered)
    if not m:  # a Latin letter in a headword ("V" of V领 [V ling3]), kept as it is
        return numbered
    body = numbered[: m.start()]
    body = body.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")
    if m.group(1) == "5" or not body.isalpha():
        return body if body.isalpha() else numbered
    low = body.lower()
    if "a" in low:
        at = low.index("a")
    elif "e" in low:
        at = low.index("e")
    elif "ou" in low:
        at = low.index("ou")
    else:
        vowels = [i for i, ch in enumerate(low) if ch in "iouü"]
        at = vowels[-1] if vowels else 0
    return unicodedata.normalize(
        "NFC", body[: at + 1] + _TONE_MARKS[m.group(1)] + body[at + 1 :]
    )


def reading_runs(text: str, numbered: str) -> list[tuple[str, str]]:
    """A token cut into runs, each with its part of the token's reading: Han runs with
    their syllables, other runs (digits, Latin letters) with "". ("6月", "yue4") ->
    [("6", ""), ("月", "yue4")]. The reading has one syllable per Han character; where it
    does not, the whole token keeps the whole reading."""
    syllables = numbered.split()
    runs: list[tuple[str, str]] = []
    used = end = 0  # syllables given out; end of the last Han run
    for m in HAN_RUN.finditer(text):
        if m.start() > end:
            runs.append((text[end : m.start()], ""))
        runs.append((m.group(), " ".join(syllables[used : used + len(m.group())])))
        used += len(m.group())
        end = m.end()
    if end < len(text):
        runs.append((text[end:], ""))
    return runs if used == len(syllables) else [(text, numbered)]


def to_marks(numbered: str) -> str:
    """'zu3 nao2' -> 'zǔ náo'; 'lv4' -> 'lǜ'; the neutral tone 5 loses its digit."""
    return " ".join(syllable_marks(s) for s in numbered.split())
