"""The one place the web page calls the rest of vocabdeck.

Everything the page needs from the pipeline (read the articles and the known words, turn
the form's fields into Options, choose the words, write a deck) goes through here, so that
when the library grows a public API and a per-run session object only this module changes.

Until the pipeline's state is per-run (it shares caches between calls in module globals),
builds are serialised by BUILD_LOCK: one build at a time, while the page itself serves
other requests.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from vocabdeck.model import ALL_LEVELS, Options, Selection, Text, Word

# The pipeline keeps module-level caches (shared tokens, looked-up entries, the segmenter
# and the reading model), which are not safe to mutate from two threads at once.
BUILD_LOCK = threading.Lock()

DEFAULTS = Options()  # the CLI's defaults, for the form
DEFAULT_LEVELS = "4+"  # the CLI's --levels default, as the teacher would type it


@dataclass(frozen=True, slots=True)
class Review:
    """What the review table shows: every candidate word in article order, and the
    selection the filters make (the cards the CLI would write for the same choices)."""

    texts: tuple[Text, ...]
    options: Options
    candidates: tuple[Word, ...]  # every word with a dictionary entry, then those without
    selection: Selection
    deck_name: str
    subdecks: bool


def options(
    *,
    standard: str,
    levels: str,
    min_count: int,
    min_zipf: float | None,
    max_zipf: float | None,
    known: frozenset[str],
    max_cards: int | None,
    names: bool,
    cards: tuple[str, ...],
) -> Options:
    """Options from the form's values, checked as the CLI checks them."""
    from vocabdeck.data import hsk
    from vocabdeck.decks import notetype
    from vocabdeck.zh import select

    level_set, unlisted = select.parse_levels(levels)
    made = Options(
        standard=hsk.resolve_standard(standard),
        levels=level_set,
        unlisted=unlisted,
        min_count=min_count,
        min_zipf=min_zipf,
        max_zipf=max_zipf,
        known=known,
        max_cards=max_cards,
        names=names,
        cards=notetype.check_card_types(cards),
    )
    select.check_options(made)
    return made


def read_articles(paths: Sequence[Path], english: Path | None, encoding: str | None) -> list[Text]:
    from vocabdeck import pipeline

    return pipeline.read_articles(paths, english, encoding)


def read_known(path: Path) -> frozenset[str]:
    from vocabdeck.data.known import load_known

    return load_known(path)


def review(texts: Sequence[Text], chosen: Options, deck_name: str | None) -> Review:
    """Choose the words once with every filter open, then apply the teacher's filters to
    them: the cards are those `pipeline.choose(texts, chosen)` gives, and the words left
    out are at hand for the teacher to tick back."""
    from vocabdeck import pipeline
    from vocabdeck.zh import select

    # Only the standard changes the words themselves; the other options only filter them.
    everything = replace(
        DEFAULTS, standard=chosen.standard, levels=ALL_LEVELS, unlisted=True, names=True, cards=chosen.cards
    )
    with BUILD_LOCK:
        wide = pipeline.choose(texts, everything)
    candidates = wide.cards + tuple(word for word, _ in wide.left_out)
    selection = select.select(candidates, chosen)
    several = len(texts) > 1
    name = deck_name or ("Course" if several else texts[0].title)
    return Review(tuple(texts), chosen, candidates, selection, name, several)


def write(words: Sequence[Word], target: Path, review: Review, timestamp: float | None = None) -> None:
    """Write the deck file (its extension picks the format) as `vocabdeck build` does."""
    from vocabdeck.decks.write import write as write_deck

    with BUILD_LOCK:
        write_deck(
            words,
            target,
            deck_name=review.deck_name,
            card_types=review.options.cards,
            subdecks=review.subdecks,
            standard=review.options.standard,
            timestamp=timestamp,
        )


def file_stem(review: Review, first_file: str | None) -> str:
    """The deck file's name without extension, as `vocabdeck build` would name it."""
    from vocabdeck.decks.notes import slug
    from vocabdeck.decks.targets import default_target

    if review.subdecks:
        return slug(review.deck_name)
    if first_file:
        return default_target(Path("."), Path(first_file)).stem
    return slug(review.texts[0].title, "article")


def warm() -> None:
    """Load the dictionaries, the segmenter and the reading model before the first request."""
    text = Text(source="warm-up", title="预热", zh=("图书馆延长了开放时间，很多年轻人晚上去读书。",),
                en=("The library extended its opening hours.",), paired=True)
    review([text], DEFAULTS, None)
