"""The evidence that a Chinese and an English sentence translate each other, as the
alignment (align.py) weighs it: the anchors they share (numbers and dates, Latin script
inside the Chinese, CC-CEDICT glosses of the Chinese words among the lightly lemmatised
English words, readings of names written in pinyin) and how well their lengths fit
(Gale & Church 1993, with their normal-tail probability).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from vocabdeck.zh.numbers import ZH_NUMERAL, zh_number
from vocabdeck.zh.script import HAN
from vocabdeck.zh.stem import STOP, stem

_MONTHS = ("january february march april may june july august september october november "
           "december").split()
_WORD = re.compile(r"[a-z0-9]+(?:[-'.][a-z0-9]+)*")
_WORD_ANY_CASE = re.compile(r"[A-Za-z0-9]+(?:[-'.][A-Za-z0-9]+)*")
_LATIN_IN_ZH = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*|\d+(?:[.,]\d+)*")
_DATE_ZH = re.compile(r"(\d{1,2})\s*月")
# Anchors no gloss finds: abbreviations the English uses for common Chinese terms.
_EXTRA = {"二战": ("wwii", "ww2"), "一战": ("wwi", "ww1"), "美国": ("us", "usa", "america", "american"),
          "英国": ("uk", "britain", "british"), "欧盟": ("eu",), "联合国": ("un",)}




def _en_keys(sentence: str) -> list[tuple[str, ...]]:
    """The sentence's content words, each as its keys: the stem, the parts of a hyphenated
    word, and "~" + the word for capitalised words (names, maybe pinyin)."""
    text = unicodedata.normalize("NFKC", sentence)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    out = []
    for m in _WORD_ANY_CASE.finditer(text):
        tok = m.group().lower()
        if tok in STOP:
            continue
        keys = [stem(tok)]
        if "-" in tok:
            keys.extend(stem(p) for p in tok.split("-") if p not in STOP)
        if text[m.start()].isupper() and tok.isalpha():
            keys.append("~" + tok)
        out.append(tuple(keys))
    return out


def _gloss_keys(senses: Iterable[str]) -> frozenset[str]:
    keys: set[str] = set()
    for sense in senses:
        if sense.startswith(("variant of", "old variant", "see ", "used in", "CL:")):
            continue
        sense = re.sub(r"\[[^\]]*\]|[\u3400-\u9fff|]+", " ", sense)
        for tok in _WORD.findall(sense.lower()):
            if tok not in STOP:
                keys.add(stem(tok))
    return frozenset(keys)


def glosses(sentences: Sequence[str]) -> dict[str, frozenset[str]]:
    """Gloss keys of every Chinese word (substring of 1-4 Han characters) in the sentences,
    from one batch lookup in CC-CEDICT; and under "~" + character, the toneless readings of
    each character (for names written in pinyin: 王恒文 ~ Wang Hengwen)."""
    subs: set[str] = set()
    for s in sentences:
        for run in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+", s):
            n = len(run)
            for i in range(n):
                for k in range(1, 5):
                    if i + k <= n:
                        subs.add(run[i : i + k])
    if not subs:
        return {}
    try:
        from vocabdeck.data.cedict import lookup_many
    except ImportError:  # without the dictionary, numbers and lengths still align
        return {}
    out = {}
    for word, entries in lookup_many(sorted(subs)).items():
        keys = _gloss_keys(s for e in entries for s in e.senses)
        if word in _EXTRA:
            keys |= set(_EXTRA[word])
        if keys:
            out[word] = keys
        if len(word) == 1:
            out["~" + word] = frozenset(re.sub(r"[^a-z]", "", e.pinyin.lower().replace("v", "u")) for e in entries)
    for word, extra in _EXTRA.items():
        if word in subs and word not in out:
            out[word] = frozenset(extra)
    return out



@dataclass
class Zh:
    """A Chinese sentence's anchors: key -> bitmask of the characters that carry it."""

    text: str
    size: int  # characters that could carry an anchor
    keys: dict[str, int]
    length: int  # visible characters
    latin: int  # of which Latin letters and digits: the English keeps them as they are


@dataclass
class En:
    text: str
    size: int  # content words
    keys: dict[str, int]  # key -> bitmask of the content words
    length: int


# noqa below: one pass over the sentence collecting every kind of anchor (numbers, Latin
# words, dictionary glosses) keeps their positions consistent; split, it would walk it thrice.
def zh_anchors(sentence: str, gloss: dict[str, frozenset[str]], common: frozenset[str] = frozenset()) -> Zh:  # noqa: C901
    s = unicodedata.normalize("NFKC", sentence)
    # NFKC keeps length for the characters that matter here (full-width letters and digits)
    # but not always (ligatures); positions are only used as coverage bits, so it is enough
    # that they are consistent within the sentence.
    keys: dict[str, int] = {}

    def add(key: str, start: int, end: int) -> None:
        if key in common:
            return
        keys[key] = keys.get(key, 0) | ((1 << end) - (1 << start))

    for m in _LATIN_IN_ZH.finditer(s):
        tok = m.group().lower().replace(",", "")
        add(stem(tok), m.start(), m.end())
        if "-" in tok:
            for part in tok.split("-"):
                add(stem(part), m.start(), m.end())
    for m in _DATE_ZH.finditer(s):
        month = int(m.group(1))
        if 1 <= month <= 12:
            add(_MONTHS[month - 1], m.start(), m.end())
    for m in ZH_NUMERAL.finditer(s):
        if not m.group().isdigit():
            value = zh_number(m.group())
            if value is not None:
                add(str(value), m.start(), m.end())
    # Readings of single characters and of pairs, for names the English writes in pinyin.
    sounds = [gloss.get("~" + c, ()) for c in s]
    for i, here in enumerate(sounds):
        for r in here:
            add("~" + r, i, i + 1)
            if i + 1 < len(s):
                for r2 in sounds[i + 1]:
                    add("~" + r + r2, i, i + 2)
    n = len(s)
    # Words of 2-4 characters first; a single character counts only where no longer word
    # covers it, because single characters have many senses and match English by chance.
    in_word = 0
    for i in range(n):
        if not HAN.match(s[i]):
            continue
        for k in range(2, 5):
            word = s[i : i + k]
            if len(word) < k:
                break
            found = gloss.get(word)
            if found:
                in_word |= (1 << (i + k)) - (1 << i)
                for key in found:
                    add(key, i, i + k)
    for i in range(n):
        if not in_word >> i & 1:
            for key in gloss.get(s[i], ()):
                add(key, i, i + 1)
    size = len(HAN.findall(s)) + sum(len(m.group()) for m in _LATIN_IN_ZH.finditer(s))
    return Zh(sentence, max(1, size), keys, len(re.sub(r"\s", "", sentence)), len(_LATIN_CHAR.findall(s)))


_LATIN_CHAR = re.compile(r"[A-Za-z0-9]")


def zh_length(text: str, ratio: float) -> float:
    """A Chinese text's length in Chinese characters as the length model sees it: a Latin
    letter or digit (2020-07-26, COVID-19, B-29) costs one English character, not `ratio`."""
    visible = len(re.sub(r"\s", "", text))
    latin = len(_LATIN_CHAR.findall(text))
    return visible - latin + latin / ratio


def en_anchors(sentence: str, common: frozenset[str] = frozenset()) -> En:
    keys: dict[str, int] = {}
    toks = [t for t in _en_keys(sentence) if t[0] not in common]
    for i, tk in enumerate(toks):
        for k in tk:
            keys[k] = keys.get(k, 0) | (1 << i)
    return En(sentence, max(1, len(toks)), keys, len(re.sub(r"\s", "", sentence)))


def common_keys(sentences: Sequence[str]) -> frozenset[str]:
    """English words in so many sentences of the article (its main names and topic) that
    finding them says little about which sentence translates which."""
    if len(sentences) < 6:
        return frozenset()
    df: dict[str, int] = {}
    for s in sentences:
        for k in {k for keys in _en_keys(s) for k in keys}:
            df[k] = df.get(k, 0) + 1
    # A third: in the seed article "japan" and "us" are in over half the sentences,
    # "alliance" in a quarter; dropping only the former separates true and chance pairs best.
    return frozenset(k for k, c in df.items() if c > len(sentences) / 3)


def covered(z: Zh, e: En) -> tuple[int, int]:
    """(Chinese characters of z, English words of e) covered by anchors shared by both."""
    zm = em = 0
    small, big = (z.keys, e.keys) if len(z.keys) < len(e.keys) else (e.keys, z.keys)
    for k in small:
        if k in big:
            zm |= z.keys[k]
            em |= e.keys[k]
    return zm, em


# ------------------------------------------------------------------------ lengths
SQRT2 = math.sqrt(2.0)


def length_cost(lz: float, le: float, ratio: float, var: float) -> float:
    """-log of Gale & Church's two-tailed probability of the length difference."""
    if lz == 0 or le == 0:
        return 0.0
    mean = (lz + le / ratio) / 2
    delta = (le - lz * ratio) / math.sqrt(max(1.0, mean) * var)
    p = math.erfc(abs(delta) / SQRT2)
    return -math.log(max(p, 1e-12))
