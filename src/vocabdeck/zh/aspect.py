"""A dictionary word that the sentence uses as a verb and the aspect particle 着.

CC-CEDICT has some verb + 着 pairs only as the noun they also make: 穿着 chuānzhuó
"attire", 吸着 xīzhuó "sorption". Before what it acts on, such a pair is the verb and 着
(zhe): 她穿着一件外套 "she is wearing a coat", 傅昆宝穿着糊满泥巴的胶鞋 "wearing rubber shoes
covered in mud". Pairs that CC-CEDICT also gives a verb sense (身着 "to wear", 执着 "to be
strongly attached to") and pairs whose first character is no verb (衣着 "clothes") stay
whole, and so does a pair with no object after it (注意穿着, 穿着打扮, 他的穿着很朴素).
"""

from __future__ import annotations

import re
from functools import lru_cache

from vocabdeck.model import NAME, NUMBER, WORD, Token

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


def split_aspect(seg, tokens: list[Token], sentence: str) -> list[Token]:
    """The tokens, with each noun-only verb + 着 pair that has an object after it cut into
    the verb and 着."""
    if _PARTICLE not in sentence:
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
    """tokens[j] starts an object: a noun, pronoun, name or number, or a word (not a
    function word) that begins a relative clause (糊满泥巴的 胶鞋: a 的 later in the clause)."""
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
    if tag.startswith(_FUNCTION_TAGS):
        return False
    for t in tokens[j + 1:]:
        if t.text in _CLAUSE_END:
            return False
        if t.text == "的":
            return True
    return False
