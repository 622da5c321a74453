"""Turn word occurrences into candidate cards: entry, reading, senses, level, frequency,
and the one sentence (with its English) that the card will show.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from vocabdeck.data import cedict, hsk
from vocabdeck.model import NAME, WORD, Sentence, Word
from vocabdeck.zh.pinyin import to_marks
from vocabdeck.zh.script import visible
from vocabdeck.zh.stem import FILLER, stem


@dataclass(slots=True)
class _Tally:
    """What is kept of one (headword, reading) while the article streams past: the count,
    where it first appeared, and the one occurrence the card will show."""

    senses: tuple[tuple[str, ...], tuple[str, ...], str]  # cedict.senses_for
    source: str  # the article it first appears in
    is_name: bool  # as its first occurrence was tagged
    count: int = 0
    best: tuple[Sentence, int] | None = None  # sentence and token index
    best_rank: tuple = ()


class WordCounter:
    """Collects word occurrences batch by batch, keeping one sentence per word, so memory
    follows the article's vocabulary, not its length.

    >>> counter = WordCounter("2025")
    >>> counter.add("Article title", sentences)  # as many batches as needed
    >>> counter.words()  # one Word per (headword, reading), in order of first appearance
    """

    def __init__(self, standard: str) -> None:
        self.standard = standard
        self.entries: dict[str, tuple] = {}
        self.tallies: dict[tuple[str, str], _Tally] = {}
        self.keys: dict[tuple[str, str], tuple[str, str]] = {}  # (token text, reading) -> tally key
        self.seen = 0  # occurrences so far: the later one loses a tie

    def add(self, source: str, sentences: Sequence[Sentence]) -> None:
        texts = {t.simplified or t.text for s in sentences for t in s.tokens if t.kind in (WORD, NAME)}
        new = set(map(visible, texts)) - self.entries.keys()
        if new:
            found = cedict.lookup_many(new)
            self.entries.update((head, found.get(head, ())) for head in new)
        for sentence in sentences:
            for i, token in enumerate(sentence.tokens):
                if token.kind not in (WORD, NAME):
                    continue
                key = self.keys.get((token.text, token.reading))
                if key is None:
                    # A Traditional token is carded as the same word written in Simplified.
                    text = visible(token.simplified or token.text)
                    key = self.keys[token.text, token.reading] = (
                        text, dictionary_reading(token.reading, self.entries[text]))
                tally = self.tallies.get(key)
                if tally is None:
                    # Only an entry with the reading the word has here may supply its senses.
                    # A headword is always read with one of its own readings (zh/readings.py),
                    # so only a token CC-CEDICT lacks is left without senses, and without a card.
                    found = self.entries[key[0]]
                    senses = cedict.senses_for(*key, common_only=token.kind == WORD) if found else ((), (), "")
                    tally = self.tallies[key] = _Tally(senses, source, token.kind == NAME)
                tally.count += 1
                self.seen += 1
                if tally.best is None:
                    tally.best, tally.best_rank = (sentence, i), occurrence_rank(sentence, tally.senses[0], self.seen)
                elif sentence.pair.en:  # without English a later occurrence never ranks first
                    rank = occurrence_rank(sentence, tally.senses[0], self.seen)
                    if rank < tally.best_rank:
                        tally.best, tally.best_rank = (sentence, i), rank

    def words(self) -> list[Word]:
        heads = list(dict.fromkeys(text for text, _ in self.tallies))
        levels = hsk.hsk_levels(heads, self.standard)
        zipfs = hsk.zipf_many(heads)
        words = []
        for (text, reading), tally in self.tallies.items():
            senses, classifiers, traditional = tally.senses
            sentence, index = tally.best
            # Traditional text shows the word as the card's sentence writes it.
            token = sentence.tokens[index]
            shown = visible(token.text) if token.simplified else ""
            words.append(
                Word(
                    word=text,
                    traditional=shown or traditional or text,
                    pinyin=reading,
                    pinyin_marked=marked(reading, self.entries[text]),
                    senses=senses,
                    classifiers=classifiers,
                    hsk_level=levels.get(text),
                    zipf=zipfs.get(text),
                    count=tally.count,
                    sentence=sentence,
                    token_index=index,
                    en_span=gloss_span(sentence.pair.en, senses),
                    source=tally.source,
                    is_name=tally.is_name,
                    in_dictionary=bool(senses),
                )
            )
        return words


def occurrence_rank(sentence: Sentence, senses: tuple[str, ...], order: int) -> tuple:
    """Ranks the occurrences of a word (lowest is shown on the card): the one whose English
    is most trustworthy, then shortest.

    Rule, in order: a sentence that has an English translation; one in whose English a
    gloss of the word is found (the pairing is then confirmed by the word itself); a sentence
    aligned on its own rather than in a group of sentences (shorter on both sides); a higher
    alignment score (in steps of 0.1, so noise in the score does not outweigh length);
    a shorter English sentence; the earlier occurrence. The first occurrence still decides
    which article a word belongs to.
    """
    en = sentence.pair.en
    group = sentence.pair.bead[:2] not in ("1:", "")
    return (not en, gloss_span(en, senses) is None, group, -round(sentence.pair.score, 1), len(en), order)


def dictionary_reading(reading: str, entries: Sequence) -> str:
    """The dictionary's spelling of a reading found in context.

    Readings in context give every character a full tone (衣服 yi1 fu2, as a speaker says
    it slowly); CC-CEDICT writes the unstressed syllable with tone 5 (yi1 fu5), which is
    what a card should teach. A dictionary tone 5 matches any tone; otherwise syllables
    must be equal. Without a matching entry the reading is kept as it is.
    """
    syllables = reading.split()
    for entry in entries:
        candidate = entry.pinyin.lower().split()
        if len(candidate) == len(syllables) and all(
            d == s or (d.endswith("5") and d[:-1] == s[:-1]) for d, s in zip(candidate, syllables)
        ):
            return " ".join(candidate)
    return reading


def marked(reading: str, entries: Sequence) -> str:
    """Tone-marked form of a numbered reading, taken from the dictionary entry that has it."""
    for entry in entries:
        if entry.pinyin.lower() == reading:
            return entry.pinyin_marked.lower() if not entry.proper_name else entry.pinyin_marked
    return to_marks(reading)  # a reading CC-CEDICT lacks


# -------------------------------------------------------------------- English highlight
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]*")


@lru_cache(maxsize=4096)
def _english_tokens(english: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, stem) of each English word; an acronym (US, JSDF) keeps its capitals so
    that no gloss word matches it ("to use" is not "US")."""
    return tuple(
        (m.start(), m.end(), m.group() if m.group().isupper() and len(m.group()) > 1 else stem(m.group()))
        for m in _WORDS.finditer(english)
    )


@lru_cache(maxsize=65536)
def _sense_stems(sense: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the sense's content words in order, the one word that may match in a derived form).

    Only a one-word sense matches loosely: a single word of a longer sense ("time" of
    "long time") would mark an English word that does not translate the Chinese one."""
    words = [w for w in _WORDS.findall(_PAREN.sub(" ", sense)) if w.lower() not in FILLER]
    stems = tuple(stem(w) for w in words)
    return stems, stems if len(stems) == 1 and len(words[0]) >= 3 else ()


@lru_cache(maxsize=65536)  # asked again for each occurrence while choosing one
def gloss_span(english: str, senses: tuple[str, ...]) -> tuple[int, int] | None:
    """The slice of `english` that glosses the word: the first sense (learner order) whose
    content words appear together in the sentence; failing that, a derived form of a
    one-word sense ("obstruct" glosses "obstruction", not "relat(ed)" "relationship")."""
    if not english or not senses:
        return None
    tokens = _english_tokens(english)
    first_at: dict[str, int] = {}
    for i, (_, _, key) in enumerate(tokens):
        first_at.setdefault(key, i)
    for sense in senses:
        content, _ = _sense_stems(sense)
        i = first_at.get(content[0]) if content else None
        if i is None:
            continue
        n = len(content)
        for j in range(i, len(tokens) - n + 1):
            if tuple(t[2] for t in tokens[j : j + n]) == content:
                return tokens[j][0], tokens[j + n - 1][1]
    for sense in senses:
        for key in _sense_stems(sense)[1]:
            i = first_at.get(key)
            if i is None and len(key) >= 5:
                i = next((k for k, t in enumerate(tokens) if t[2].startswith(key) and len(t[2]) <= len(key) + 4), None)
            if i is not None:
                return tokens[i][0], tokens[i][1]
    return None
