"""How much of an article's running text a learner knows, and the fewest words that bring
it to a target. Pure functions over the lookup stage's words.

Running words are the article's tokens of dictionary words: every occurrence counts, names
and numbers aside (they are learned from the text, not from cards), and so are pieces no
dictionary has (segmentation debris, which no card could teach). Reading research puts
comfortable reading at 95-98% of running words known (Hu & Nation 2000; Laufer &
Ravenhorst-Kalovski 2010; for Chinese, Hsueh-chao & Nation's threshold has been found to
hold as well).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from vocabdeck.model import Coverage, Word


def counts(word: Word) -> bool:
    """Whether a word's occurrences are running words: not a name, not a piece no
    dictionary has, not a fragment (a character with no sense of its own there)."""
    return word.in_dictionary and not word.is_name and not word.fragment


def coverage(words: Iterable[Word], known: Callable[[Word], bool], cards: Iterable[Word]) -> Coverage:
    """Running words in total, known now, and known once the cards are learned."""
    carded = set(map(id, cards))
    total = now = after = 0
    for word in words:
        if not counts(word):
            continue
        total += word.count
        if known(word):
            now += word.count
            after += word.count
        elif id(word) in carded:
            after += word.count
    return Coverage(total, now, after)


def fewest_for(target: float, candidates: Sequence[Word], base: Coverage,
               rank: Callable[[Word], tuple]) -> list[Word]:
    """The fewest candidates whose occurrences, added to what is known, reach `target`
    percent of the running words; the most useful first. All of them when the target is
    out of reach.

    Taking the words with the most occurrences first reaches any total with the fewest
    words, and stopping as soon as it is reached leaves no word that could be dropped: each
    chosen word has at least as many occurrences as the last one, without which the total
    fell short.
    """
    need = target / 100 * base.total - base.known
    chosen: list[Word] = []
    for word in sorted((w for w in candidates if counts(w)), key=rank):
        if need <= 1e-9:
            break
        chosen.append(word)
        need -= word.count
    return chosen
