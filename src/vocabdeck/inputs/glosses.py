"""The article's own glosses, in two forms, each taken out of the text and kept as GivenWords
for the words' cards (zh/given.py puts them first on the card, marked as the article's):

* inline: a page that gives a word's English in brackets right after it
  (国家公园（national parks）) teaches that word. The bracket leaves the sentence (it is not
  Chinese to learn, and it would end up inside the card's sentence). Acronyms
  (美国证监会（SEC）) are names, not glosses, and stay.
* a trailing vocabulary list: a heading (相关词汇, 词汇, 生词, 重点词汇, Vocabulary ...) and
  then one word a line, with pinyin, English, or both (inputs/vocabulary.py). The heading
  and its lines leave the article (they are no sentence of it).
"""

from __future__ import annotations

import re

from vocabdeck.model import GivenWord

# Han characters, then an opening bracket, then English words with at least one lower-case
# letter (so not "SEC", "CNN", "B-29"), then the closing bracket.
_GLOSS = re.compile(r"(?P<zh>[\u3400-\u9fff]{2,12})\s?[（(](?P<en>(?=[^)）]*[a-z])[A-Za-z][A-Za-z ,.'’\-/]{1,60})[)）]")
_LONGEST = 8


def _word(run: str) -> str:
    """The dictionary word that ends the run of Han characters (its longest such suffix);
    failing one, the last two pieces the segmenter cuts the run into (建立示范田 -> 示范田),
    or the last piece when that is already longer than two characters."""
    from vocabdeck.data import cedict

    suffixes = [run[-n:] for n in range(min(_LONGEST, len(run)), 1, -1)]
    found = cedict.lookup_many(suffixes)
    word = next((s for s in suffixes if found.get(s)), "")
    if word:
        return word
    from vocabdeck.zh.segment import cut

    pieces = cut(run)
    return pieces[-1] if len(pieces[-1]) > 2 or len(pieces) == 1 else "".join(pieces[-2:])


def extract(paragraphs: list[str]) -> tuple[list[str], tuple[GivenWord, ...]]:
    """Paragraphs without their inline glosses, and the glosses in order of appearance."""
    # The bracket test first: searching every paragraph took 0.05 s of reading 1 MB of news.
    if not any(("（" in p or "(" in p) and _GLOSS.search(p) for p in paragraphs):
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


# ---------------------------------------------------------------- vocabulary list
# Words a vocabulary list's heading has (inputs/vocabulary.py has the whole pattern).
_LIST_WORDS = ("词汇", "生词", "词语", "vocabulary", "words", "glossary")


def vocabulary(paragraphs: list[str]) -> tuple[list[str], tuple[GivenWord, ...]]:
    """Paragraphs without a trailing vocabulary list, and the list's entries (see
    inputs/vocabulary.py)."""
    if not any(len(p) <= 20 and any(w in p.lower() for w in _LIST_WORDS) for p in paragraphs):
        return paragraphs, ()
    from vocabdeck.inputs.vocabulary import without_list

    return without_list(paragraphs)


def merged(first: tuple[GivenWord, ...], then: tuple[GivenWord, ...]) -> tuple[GivenWord, ...]:
    """Both lists, a word once: its first entry, with what a later one adds to it."""
    out: dict[str, GivenWord] = {}
    for g in first + then:
        had = out.get(g.word)
        out[g.word] = g if had is None else GivenWord(g.word, had.pinyin or g.pinyin, had.meaning or g.meaning)
    return tuple(out.values())
