"""Corrections of the segmenter's tokens that read the whole sentence: a reduplicated word
(来来回回) is one token, and a word ending in 的 whose senses are all old (家的) is a word
and the particle. zh/segment.py applies them to each sentence's tokens."""

from __future__ import annotations

import re
from functools import lru_cache

from vocabdeck.model import OTHER, WORD, Token
from vocabdeck.zh.script import HAN

# AABB: a two-character word with each character doubled (来来回回, 干干净净, 清清楚楚).
_AABB = re.compile(f"({HAN.pattern})\\1({HAN.pattern})\\2")


def join_reduplications(seg, tokens: list[Token], sentence: str) -> list[Token]:
    """A reduplicated word (来来回回 of 来回) is one token, however jieba cut it: a word
    when CC-CEDICT lists the reduplicated form, else not a card (its pieces, 来 / 来回 /
    回, would be cards of the wrong words)."""
    from vocabdeck.zh.jiebadict import CEDICT

    spans = {}
    for m in _AABB.finditer(sentence):
        base = m.group(1) + m.group(2)
        if base[0] != base[1] and seg.flags(base) & CEDICT:
            spans[m.start()] = m.end()
    if not spans:
        return tokens
    out: list[Token] = []
    at = 0
    i = 0
    while i < len(tokens):
        stop = spans.get(at)
        j, pos = i, at
        while stop is not None and j < len(tokens) and pos < stop and tokens[j].kind in (WORD, OTHER):
            pos += len(tokens[j].text)
            j += 1
        if stop is not None and pos == stop and j - i > 1:
            text = sentence[at:stop]
            out.append(Token(text, WORD if seg.flags(text) & CEDICT else OTHER))
        else:
            j, pos = i + 1, at + len(tokens[i].text)
            out.append(tokens[i])
        i, at = j, pos
    return out


def split_archaic(tokens: list[Token], sentence: str) -> list[Token]:
    """A two-character dictionary word ending in 的 whose senses are all old (家的 "(old)
    wife") is, in a modern sentence, a word and the particle: 傅昆宝家的厨房."""
    if "的" not in sentence or not any(t.kind == WORD for t in tokens if len(t.text) == 2 and t.text[1] == "的"):
        return tokens
    out = []
    for t in tokens:
        if len(t.text) == 2 and t.text[1] == "的" and t.kind == WORD and _only_old(t.text):
            out += [Token(t.text[0], WORD), Token(t.text[1], WORD)]
        else:
            out.append(t)
    return out


@lru_cache(maxsize=1024)
def _only_old(word: str) -> bool:
    from vocabdeck.data.cedict import lookup

    entries = lookup(word)
    return bool(entries) and all(_OLD.match(s) for e in entries for s in e.senses)


_OLD = re.compile(r"^\((?:old|archaic|literary|classical|dialect)\)")
