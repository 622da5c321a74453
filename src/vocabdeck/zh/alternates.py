"""Words written with either of two interchangeable characters, whose CC-CEDICT entries
differ in how much they say: 做出 has only "to put out; to issue", while 作出, the same
word, also has "to make (a choice, decision, proposal, response, comment etc)".

A word whose every sense is also a sense of its alternate spelling (same reading) takes the
alternate's other senses after its own, so that its sentence can choose among them.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Characters written for each other in the same words, in both directions: 做出 / 作出,
# 当做 / 当作, 看做 / 看作, 叫做 / 叫作. (The Modern Chinese Dictionary gives 作 for the
# abstract senses, 做 for making things; writers use both.)
_ALTERNATE = {"做": "作", "作": "做"}


def with_alternate_senses(word: str, reading: str, senses: tuple[str, ...]) -> tuple[str, ...]:
    """senses, followed by those of the word's alternate spelling when that entry has the
    same reading (any, for "") and holds every one of them (perhaps with more in
    parentheses: "to issue" and "to issue (a permit, statement etc)")."""
    if "做" not in word and "作" not in word or not senses:
        return senses
    return senses + _more(word, reading, senses)


@lru_cache(maxsize=1024)
def _more(word: str, reading: str, senses: tuple[str, ...]) -> tuple[str, ...]:
    from vocabdeck.data import cedict

    for k, c in enumerate(word):
        other = _ALTERNATE.get(c)
        if other is None:
            continue
        alternate = word[:k] + other + word[k + 1:]
        entries = [e for e in cedict.lookup(alternate) if not reading or e.pinyin.lower() == reading.lower()]
        theirs = [s for e in entries for s in e.senses]
        mine = {_bare(s) for s in senses}
        if theirs and mine <= {_bare(s) for s in theirs}:
            return tuple(s for s in dict.fromkeys(theirs) if _bare(s) not in mine)
    return ()


def _bare(sense: str) -> str:
    """A sense without what its parentheses say: "to issue (a permit etc)" -> "to issue"."""
    return " ".join(_PAREN.sub(" ", sense).split())


_PAREN = re.compile(r"\([^()]*\)")
