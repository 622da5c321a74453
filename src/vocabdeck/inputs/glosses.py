"""Inline glosses: a page that gives a word's English in brackets right after it
(国家公园（national parks）) teaches that word. The bracket leaves the sentence (it is not
Chinese to learn, and it would end up inside the card's sentence) and the pair is kept as
a GivenWord for the word's card. Acronyms (美国证监会（SEC）) are names, not glosses, and stay."""

from __future__ import annotations

import re

from vocabdeck.model import GivenWord

# Han characters, then an opening bracket, then English words with at least one lower-case
# letter (so not "SEC", "CNN", "B-29"), then the closing bracket.
_GLOSS = re.compile(r"(?P<zh>[\u3400-\u9fff]{2,12})\s?[（(](?P<en>(?=[^)）]*[a-z])[A-Za-z][A-Za-z ,.'’\-/]{1,60})[)）]")
_LONGEST = 8


def _word(run: str) -> str:
    """The dictionary word that ends the run of Han characters (its longest such suffix)."""
    from vocabdeck.data import cedict

    suffixes = [run[-n:] for n in range(min(_LONGEST, len(run)), 1, -1)]
    found = cedict.lookup_many(suffixes)
    return next((s for s in suffixes if found.get(s)), "")


def extract(paragraphs: list[str]) -> tuple[list[str], tuple[GivenWord, ...]]:
    """Paragraphs without their inline glosses, and the glosses in order of appearance."""
    if not any(_GLOSS.search(p) for p in paragraphs):
        return paragraphs, ()
    out, given, seen = [], [], set()
    for p in paragraphs:
        def cut(m: re.Match) -> str:
            word = _word(m.group("zh"))
            if not word:
                return m.group()
            if word not in seen:
                seen.add(word)
                given.append(GivenWord(word, "", m.group("en").strip()))
            return m.group("zh")

        out.append(_GLOSS.sub(cut, p))
    return out, tuple(given)
