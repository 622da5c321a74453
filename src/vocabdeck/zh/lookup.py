"""Turn word occurrences into candidate cards: entry, reading, senses, level, frequency,
and the one sentence (with its English) that the card will show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from vocabdeck import workers
from vocabdeck.data import cedict, hsk
from vocabdeck.data.cedict_entries import merge_senses
from vocabdeck.model import NAME, WORD, Sentence, Word
from vocabdeck.zh import senses as sense_choice
from vocabdeck.zh.pinyin import to_marks
from vocabdeck.zh.script import visible
from vocabdeck.zh.senses import gloss_span
from vocabdeck.zh.spelling import spelling_in

__all__ = ["WordCounter", "dictionary_reading", "gloss_span", "marked", "occurrence_rank"]


_CARDED = (WORD, NAME)  # the kinds of token that can be cards


@dataclass(slots=True)
class _Tally:
    """What is kept of one (headword, reading) while the article streams past: the count,
    where it first appeared, and the one occurrence the card will show."""

    senses: tuple[tuple[str, ...], tuple[str, ...], str]  # cedict.senses_in
    source: str  # the article it first appears in
    is_name: bool  # as its first occurrence was tagged
    pinyin_marked: str  # the reading with tone marks (marked)
    name_senses: tuple[str, ...]  # of a common word: WordCounter._name_senses
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

    def __init__(self, standard: str, tag: Callable[[str], str] | None = None,
                 fetch_tags: Callable[[Iterable[str]], None] | None = None, early: bool = False) -> None:
        self.standard = standard
        # Levels and frequencies looked up batch by batch as words first appear, not all in
        # words(): for a parent whose workers segment the next batches meanwhile. Alone, a
        # build gains nothing by it and holds them (and SQLite's page cache) at its peak.
        self.early = early
        self.tag = tag  # a word's part of speech (jieba's tag), for the context rules
        self.fetch_tags = fetch_tags  # looks up the tags of many (visible) words at once, before `tag`
        self.entries: dict[str, tuple] = {}
        self.tallies: dict[tuple[str, str], _Tally] = {}
        self.keys: dict[tuple[str, str], tuple[str, str]] = {}  # (token text, reading) -> tally key
        self._tally_of: dict[tuple[str, str], _Tally] = {}  # (token text, reading) -> its tally
        self.seen = 0  # occurrences so far: the later one loses a tie
        # HSK level and Zipf frequency of each headword
        self.levels: dict[str, int] = {}
        self.zipfs: dict[str, float] = {}

    def look_up(self, sentences: Sequence[Sentence]) -> None:
        """Look up the headwords of these sentences not met before (add does it too): for a
        batch that spans many articles of a course, three queries rather than three an
        article."""
        texts = {t.simplified or t.text for s in sentences for t in s.tokens if t.kind in _CARDED}
        new = set(map(visible, texts)) - self.entries.keys()
        if new:
            found = cedict.lookup_many(new)
            self.entries.update((head, found.get(head, ())) for head in new)
            if self.early:
                self.levels.update(hsk.hsk_levels(new, self.standard))
                self.zipfs.update(hsk.zipf_many(new))

    def add(self, source: str, sentences: Sequence[Sentence]) -> None:
        self.look_up(sentences)
        # Per occurrence only the tally of the token's (text, reading) is fetched; the key and
        # the senses are worked out once, for a pair not seen before (_new_tally).
        tally_of, seen = self._tally_of, self.seen
        for sentence in sentences:
            english = sentence.pair.en
            for i, token in enumerate(sentence.tokens):
                if token.kind not in _CARDED:
                    continue
                tally = tally_of.get((token.text, token.reading))
                if tally is None:
                    tally = tally_of[token.text, token.reading] = self._new_tally(token, source)
                tally.count += 1
                seen += 1
                if tally.best is None:
                    tally.best, tally.best_rank = (sentence, i), occurrence_rank(sentence, tally.senses[0], seen)
                # Without English a later occurrence never ranks first; nor does one from
                # another article of a course: the card is filed under the first one.
                elif english and source == tally.source:
                    rank = occurrence_rank(sentence, tally.senses[0], seen)
                    if rank < tally.best_rank:
                        tally.best, tally.best_rank = (sentence, i), rank
        self.seen = seen

    def _new_tally(self, token, source: str) -> _Tally:
        """The tally of a (token text, reading) met for the first time: that of the word
        and dictionary reading it stands for, made if need be."""
        # A Traditional token is carded as the same word written in Simplified.
        text = visible(token.simplified or token.text)
        key = self.keys[token.text, token.reading] = (text, dictionary_reading(token.reading, self.entries[text]))
        tally = self.tallies.get(key)
        if tally is None:
            # Only an entry with the reading the word has here may supply its senses.
            # A headword is always read with one of its own readings (zh/readings.py),
            # so only a token CC-CEDICT lacks is left without senses, and without a card.
            found = self.entries[text]
            senses = cedict.senses_in(found, key[1], common_only=token.kind == WORD) if found else ((), (), "")
            is_name = token.kind == NAME
            tally = self.tallies[key] = _Tally(senses, source, is_name, marked(key[1], found),
                                               self._name_senses(text, key[1], senses[0]) if not is_name else ())
        return tally

    def words(self, jobs: int = 1) -> list[Word]:
        """One Word per tally. With jobs > 1 and SHARE_FROM tallies or more, a worker
        process forked from this one chooses the senses of the second half while this
        process does the first (the same choices: each depends on its tally alone)."""
        if not self.early:
            heads = list(dict.fromkeys(text for text, _ in self.tallies))
            self.levels, self.zipfs = hsk.hsk_levels(heads, self.standard), hsk.zipf_many(heads)
        tallies = list(self.tallies.items())
        words = []
        with workers.Workers(2 if jobs > 1 and len(tallies) >= SHARE_FROM else 1, shared=(self, tallies),
                             here=True) as pool:
            half = (len(tallies) + 1) // 2 if pool.jobs > 1 else len(tallies)
            spans = [(0, half), (half, len(tallies))]
            # The first half's words are made while the worker still chooses the second's senses.
            for (start, end), choices in zip(spans, pool.share(_choices_of, spans)):
                words += (self._word(key, tally, choice) for (key, tally), choice in zip(tallies[start:end], choices))
        return words

    def _word(self, key: tuple[str, str], tally: _Tally, choice) -> Word:
        text, reading = key
        senses, classifiers, traditional = tally.senses
        sentence, index = tally.best
        in_dictionary = bool(senses)
        # Traditional text shows the word as the card's sentence writes it.
        token = sentence.tokens[index]
        shown = visible(token.text) if token.simplified else ""
        return Word(
            word=text,
            traditional=shown or traditional or text,
            pinyin=reading,
            pinyin_marked=tally.pinyin_marked,
            senses=choice.senses,
            classifiers=classifiers,
            hsk_level=self.levels.get(text),
            zipf=self.zipfs.get(text),
            count=tally.count,
            sentence=sentence,
            token_index=index,
            en_span=choice.span,
            source=tally.source,
            is_name=tally.is_name,
            in_dictionary=in_dictionary,
            sense_reason=choice.reason,
            sense_why=choice.why,
            fragment=in_dictionary and sense_choice.is_fragment(text, choice),
        )

    def _choices(self, tallies: Sequence[tuple[tuple[str, str], _Tally]]) -> list:
        """The sense choice (senses.Choice) of each tally, in its card's sentence."""
        if self.fetch_tags is not None:  # the words the context rules may ask `tag` about
            shown = {id(t.best[0]): t.best[0] for _, t in tallies}
            near = {(t.simplified or t.text).strip() for s in shown.values() for t in s.tokens if t.kind == WORD}
            self.fetch_tags(set(map(visible, near)))
        claims: dict[int, dict] = {}  # per sentence shown, by id: _strongest_claims
        out = []
        for (text, _), tally in tallies:
            senses = tally.senses[0]
            sentence, index = tally.best
            if tally.is_name and not senses:
                senses = (name_meaning(text, sentence.pair.en),)
            out.append(self._choose(text, senses, sentence, index, claims, tally.name_senses))
        return out

    def _senses_of(self, token) -> tuple[str, ...]:
        key = self.keys.get((token.text, token.reading))
        tally = self.tallies.get(key) if key else None
        return tally.senses[0] if tally else ()

    def _name_senses(self, text: str, reading: str, senses: tuple[str, ...]) -> tuple[str, ...]:
        """The senses of the proper-name entries a common word's card leaves out (奔驰
        "Mercedes-Benz"), for an English sentence that names them."""
        entries = [e for e in self.entries[text] if e.proper_name and e.pinyin == reading]
        return tuple(s for s in merge_senses(entries)[0] if s not in senses) if entries else ()

    def _strongest_claims(self, sentence: Sentence) -> dict[int, list[tuple[tuple, str]]]:
        """English token index -> the two strongest claims on it by different words of the
        sentence, as (claim, word): what any one word's rivals claim is the first of them
        made by another word."""
        english = sentence.pair.en
        ranked: dict[int, list[tuple[tuple, str]]] = {}
        texts = {visible(t.simplified or t.text): t for t in sentence.tokens if t.kind in (WORD, NAME)}
        for other, t in texts.items():
            for i, key in sense_choice.claims(english, [(other, self._senses_of(t))]).items():
                ranked[i] = sorted([*ranked.get(i, ()), (key, other)])[:2]
        return ranked

    def _choose(self, text: str, senses: tuple[str, ...], sentence: Sentence, index: int, claims: dict,
                names: tuple[str, ...] = ()):
        """The sense the card's sentence uses, given what the sentence's other words
        claim of its English."""
        english = sentence.pair.en
        others: dict[int, tuple] = {}
        # A word of two or more characters whose senses the English does not hold may still
        # share a word with it (senses.choose): the other words' claims are needed then too.
        if english and senses and (sense_choice.matches(english, senses) or (
                len(text) > 1 and sense_choice.shares_a_word(english, senses))):
            strongest = claims.get(id(sentence))
            if strongest is None:
                strongest = claims[id(sentence)] = self._strongest_claims(sentence)
            others = {i: ranked[0][0] if ranked[0][1] != text else ranked[1][0]
                      for i, ranked in strongest.items() if ranked[0][1] != text or len(ranked) > 1}
        return sense_choice.choose(text, senses, sentence.tokens, index, english, others, self.tag, names)


# Tallies from which words() shares its work with a worker. This process still makes every
# Word, and forking costs it about 0.02 s: on 1 MB of news (16,763 tallies) its part fell
# from 0.35 to 0.24 s of CPU, on the 100-article course (7,756) only from 0.14 to 0.12 s,
# less than what waiting for a worker on a busy core can cost.
SHARE_FROM = 10_000


def _choices_of(shared: tuple[WordCounter, list], span: tuple[int, int]) -> list:
    counter, tallies = shared
    return counter._choices(tallies[span[0] : span[1]])


def name_meaning(name: str, english: str) -> str:
    """What a card says a name means when no dictionary knows it: its spelling in the
    English sentence ("Fu Kunbao (name)"), else "(name)"."""
    spelled = spelling_in(name, english) if english else None
    return f"{spelled} (name)" if spelled else "(name)"


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
