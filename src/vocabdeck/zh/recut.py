"""Cuts that the sentence around a word decides, after the segmenter's: `recut`.

A verb + 着 pair that CC-CEDICT has only as a noun (`split_aspect`). CC-CEDICT has some
verb + 着 pairs only as the noun they also make: 穿着 chuānzhuó "attire", 吸着 xīzhuó
"sorption". Before what it acts on, such a pair is the verb and 着 (zhe): 她穿着一件外套
"she is wearing a coat", 傅昆宝穿着糊满泥巴的胶鞋 "wearing rubber shoes covered in mud".
Pairs that CC-CEDICT also gives a verb sense (身着 "to wear", 执着 "to be strongly attached
to") and pairs whose first character is no verb (衣着 "clothes") stay whole, and so does a
pair with no object after it (注意穿着, 穿着打扮, 他的穿着很朴素).

A dictionary word the text marks as one, cut into characters (`join_marked_words`): the
segmenter lets two everyday characters win a tie with a word they make that no HSK list
has (jiebadict.extra_frequency: 到了, 中的), which cuts such a word where the text shows
it is one: alone between quotation marks (“变道” "to change lanes"), or the last of a
series of three words that start with the same character (有理有利有节).
"""

from __future__ import annotations

import re
from functools import lru_cache
from math import log

from vocabdeck.model import NAME, NUMBER, OTHER, WORD, Token
from vocabdeck.zh.script import HAN

_PARTICLE = "着"
# A sense that is a verb: "to wear", "(of income etc) to be unassured".
_VERB_SENSE = re.compile(r"^(?:\([^)]*\)\s*)?to [a-z]")
# jieba tags of what can start an object: nouns, pronouns, numerals, measure words,
# distinguishing words (红色 is "n", 大型 "b").
_OBJECT_TAGS = ("n", "r", "m", "q", "b", "s")
# jieba tags of adverbs, conjunctions, prepositions, particles: 穿着很讲究 has no object.
_FUNCTION_TAGS = ("d", "c", "p", "u", "y", "e")
# Ends a clause: an object is looked for before it.
_CLAUSE_END = frozenset("，。、；：！？,.;:!?（）()—…“”\"")


def recut(seg, tokens: list[Token], sentence: str) -> list[Token]:
    """The tokens of the sentence, with split_aspect's and join_marked_words' cuts."""
    return join_marked_words(seg, split_aspect(seg, tokens, sentence), sentence)


def split_aspect(seg, tokens: list[Token], sentence: str) -> list[Token]:
    """The tokens, with each noun-only verb + 着 pair that has an object after it cut into
    the verb and 着."""
    at = sentence.find(_PARTICLE, 1)
    if at < 0:
        return tokens
    from vocabdeck.zh.jiebadict import CEDICT

    # The text's words are fetched (Segmenter.prepare): flags() knows them.
    while at > 0 and not (seg.flags(sentence[at - 1 : at + 1]) & CEDICT and noun_of_a_verb(sentence[at - 1 : at + 1])):
        at = sentence.find(_PARTICLE, at + 1)
    if at < 0:
        return tokens
    out: list[Token] = []
    for i, t in enumerate(tokens):
        if (t.kind == WORD and len(t.text) == 2 and t.text[1] == _PARTICLE and noun_of_a_verb(t.text)
                and _object_follows(seg, tokens, i + 1)):
            out += [Token(t.text[0], WORD), Token(_PARTICLE, WORD)]
        else:
            out.append(t)
    return out


@lru_cache(maxsize=256)
def noun_of_a_verb(word: str) -> bool:
    """word is a verb + 着 that CC-CEDICT reads zhuó and gives no verb sense (穿着 "attire"),
    whose first character CC-CEDICT gives a verb sense (穿 "to wear", not 衣 "clothes")."""
    from vocabdeck.data import cedict

    def verb(w: str) -> bool:
        return any(_VERB_SENSE.match(s) for e in cedict.lookup(w) for s in e.senses)

    entries = cedict.lookup(word)
    return bool(entries) and all(e.pinyin.endswith("zhuo2") for e in entries) and not verb(word) and verb(word[0])


def _object_follows(seg, tokens: list[Token], j: int) -> bool:
    """tokens[j] starts an object: a noun, pronoun, name or number, or a word (not a verb
    nor a function word) that begins a relative clause (糊满泥巴的 胶鞋: a 的 later in the
    clause)."""
    if j >= len(tokens):
        return False
    first = tokens[j]
    text = first.text.strip()
    if not text or text in _CLAUSE_END:
        return False
    if first.kind in (NAME, NUMBER):
        return True
    tag = seg.tag_of(text)
    if tag.startswith(_OBJECT_TAGS):
        return True
    if tag.startswith(_FUNCTION_TAGS) or tag.startswith("v"):  # 沉着应对 "respond calmly"
        return False
    for t in tokens[j + 1:]:
        if t.text in _CLAUSE_END:
            return False
        if t.text == "的":
            return True
    return False


_OPENING = frozenset("“‘「『\"'")
_CLOSING = frozenset("”’」』\"'")
# What join_marked_words looks for in the sentence before it reads the tokens: two Han
# characters between quotation marks, and a series of three words that start with the same
# character (XAXBXC: 有理有利有节), overlapping.
_QUOTED = re.compile(f"[{''.join(sorted(_OPENING))}]({HAN.pattern}{HAN.pattern})[{''.join(sorted(_CLOSING))}]")
_SERIES = re.compile(f"(?=({HAN.pattern}){HAN.pattern}\\1{HAN.pattern}\\1({HAN.pattern}))")


def join_marked_words(seg, tokens: list[Token], sentence: str) -> list[Token]:
    """The tokens, with a CC-CEDICT word that the segmenter cut into characters joined where
    the text marks it as one word: the characters are all that stands between quotation
    marks (“变道”), or they follow two words of two characters that start with the same
    character (有理 有利 有 节 -> 有理 有利 有节)."""
    marked = [m.group(1) for m in _QUOTED.finditer(sentence)]
    marked += [m.group(1) + m.group(2) for m in _SERIES.finditer(sentence)]
    if not marked:
        return tokens
    from vocabdeck.zh.jiebadict import CEDICT

    # The text's words are fetched (Segmenter.prepare): flags() and freq know them.
    if not any(seg.flags(w) & CEDICT and _loses_to_characters(seg, w) for w in marked):
        return tokens

    out: list[Token] = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if i + 1 < n and _single(t) and _single(tokens[i + 1]):
            word = t.text + tokens[i + 1].text
            quoted = (out and out[-1].text in _OPENING and i + 2 < n and tokens[i + 2].text in _CLOSING)
            series = (len(out) > 1 and all(len(p.text) == 2 and p.text[0] == t.text and p.kind == WORD
                                           for p in out[-2:]))
            if (quoted or series) and seg.flags(word) & CEDICT and _loses_to_characters(seg, word):
                out.append(Token(word, WORD))
                i += 2
                continue
        out.append(t)
        i += 1
    return out


def _single(t: Token) -> bool:
    """A token of one Han character that is a word or a character no dictionary knows."""
    return len(t.text) == 1 and t.kind in (WORD, OTHER) and HAN.match(t.text) is not None



def _loses_to_characters(seg, word: str) -> bool:
    """The segmenter prefers the two characters of word to word itself (its frequency is
    below the product of theirs: jiebadict.extra_frequency's split_first)."""
    f = seg.freq.get(word)
    return not f or log(f) + seg.logtotal < log(seg.freq.get(word[0]) or 1) + log(seg.freq.get(word[1]) or 1)
