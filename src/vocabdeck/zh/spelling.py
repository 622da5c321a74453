"""Names in the English: whether an English sentence spells a Chinese name in pinyin
("Wang Hengwen" for 王恒文), and the name's reading as it is spelled there. The segmenter,
the name rules and the sense chooser ask whether a name is spelled; the pipeline reads a
spelled name as its English writes it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vocabdeck.model import NAME
from vocabdeck.zh.script import HAN


@lru_cache(maxsize=4096)
def spelling_in(word: str, english: str) -> str | None:
    """The capitalised English words that spell the word's pinyin (without tones), e.g.
    "Wang Hengwen" for 王恒文 in "By Wang Hengwen"; None when the sentence has none."""
    if not 2 <= len(word) <= 4 or not all(HAN.match(c) for c in word):
        return None
    spellings = [""]
    for c in word:
        readings = _toneless(c)
        if not readings:
            return None
        spellings = [s + r for s in spellings for r in readings][:64]
    for m in _CAPITALISED_RUN.finditer(english):
        found = list(re.finditer("[A-Za-z]+", m.group()))
        words = [w.group().lower() for w in found]
        for start in range(len(words)):
            # The spelling must cover whole English words: "Wang Hengwen", not "Wangfu".
            joined, ends = "", {}
            for k, w in enumerate(words[start:], start):
                joined += w
                ends[len(joined)] = k
            for s in spellings:
                if joined.startswith(s) and len(s) in ends:
                    return m.group()[found[start].start() : found[ends[len(s)]].end()]
    return None


def spelled_readings(pairs, token_lists, token_readings) -> dict[str, str]:
    """{name: its reading as the English spells it} for the names of a batch whose English
    spells them somewhere; the name is read so wherever it comes in the batch."""
    out: dict[str, str] = {}
    for pair, tokens, reads in zip(pairs, token_lists, token_readings):
        if not pair.en:
            continue
        for token, reading in zip(tokens, reads):
            if token.kind == NAME and reading and token.text not in out:
                spelled = spelled_reading(token.text, reading, pair.en)
                if spelled is not None:
                    out[token.text] = spelled
    return out


def spelled_reading(name: str, reading: str, english: str) -> str | None:
    """A name's reading as the English spells it: 柏丽香 is Bó Lìxiāng in "Bo Lixiang",
    though 柏 is bǎi as a word and as CC-CEDICT's surname. Each character keeps its reading
    when the spelling agrees, else takes its first CC-CEDICT reading spelled that way.
    None when the English does not spell the name."""
    from vocabdeck.data.cedict import readings

    spelled = spelling_in(name, english) if english else None
    syllables = reading.split()
    if spelled is None or len(syllables) != len(name):
        return None
    parts = _split_spelling(name, re.sub("[^a-z]", "", spelled.lower()))
    if parts is None:
        return None
    out = []
    for char, syllable, part in zip(name, syllables, parts):
        if _plain(syllable) != part:
            syllable = next((r for r in readings(char) if _plain(r) == part), syllable)
        out.append(syllable)
    return " ".join(out)


def _split_spelling(name: str, letters: str) -> list[str] | None:
    """The toneless syllable of each character that together spell `letters` (the first
    way found), or None."""
    if not name:
        return [] if not letters else None
    for option in _toneless(name[0]):
        if letters.startswith(option):
            rest = _split_spelling(name[1:], letters[len(option):])
            if rest is not None:
                return [option, *rest]
    return None


def _plain(syllable: str) -> str:
    return re.sub("[^a-z]", "", syllable.lower())


# A run of capitalised words ("Wang Hengwen", "Tinian Island").
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]*(?:[\s'-]+[A-Z][a-z]*)*")


@lru_cache(maxsize=4096)
def _toneless(char: str) -> tuple[str, ...]:
    """The readings of a character without tones ("wang"), from CC-CEDICT.

    CC-CEDICT rather than pypinyin: importing pypinyin loads its phrase table (tens of MiB),
    which this check does not need.
    """
    from vocabdeck.data.cedict import readings

    out: list[str] = []
    for r in readings(char):
        plain = re.sub("[^a-z]", "", r.lower())
        for spelling in (plain, plain.replace("v", "u")):
            if spelling and spelling not in out:
                out.append(spelling)
    return tuple(out)
