"""The one place the web page calls the rest of vocabdeck.

Everything the page needs from the pipeline (read the articles and the known words, turn
the form's fields into Options, choose the words, write a deck) goes through here, so that
when the library grows a public API and a per-run session object only this module changes.

Each build runs in a Session (vocabdeck.session) that no other build uses meanwhile, taken
from a small pool (Sessions); the dictionaries and the model are loaded once and shared, so
requests build at the same time without a lock. The library's notices (logger "vocabdeck", e.g. an English
text that does not translate the article) are collected per request for the page.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from vocabdeck.model import ALL_LEVELS, Options, Selection, Text, Word
from vocabdeck.session import Session


class Sessions:
    """A few sessions taken in turn by the builds, each by one build at a time.

    A session's memos (readings, dictionary entries, token HTML) are caches of what never
    changes, so a build in a session that served earlier builds gives the same cards, only
    faster (the seed's review: 0.24 s with memos kept, 0.31 s in a fresh session). The
    number of sessions bounds the builds running at once, which share one interpreter and
    would only add memory (20 clients: one at a time 11.2 s and 303 MiB, four 7.5 s and
    342 MiB, unbounded 5.1 s and 342 MiB). A session is renewed after RENEW_AFTER builds
    so that its memos stay bounded however long the server runs.
    """

    RENEW_AFTER = 50

    def __init__(self, size: int = 4):
        self._free: queue.LifoQueue = queue.LifoQueue()
        for _ in range(size):
            self._free.put((None, 0))

    @contextlib.contextmanager
    def __call__(self) -> Iterator[Session]:
        session, used = self._free.get()
        if session is None or used >= self.RENEW_AFTER:
            session, used = Session(), 0
        try:
            with session:
                yield session
        finally:
            self._free.put((session, used + 1))


SESSIONS = Sessions()

DEFAULTS = Options()  # the CLI's defaults, for the form
# An empty levels field is the CLI without --levels: the study deck (HSK 4+ words that
# reach select.DEFAULT_COVERAGE, at most select.CARDS_PER_ARTICLE an article).
STUDY_DECK = ""


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
    """Options from the form's values, checked as the CLI checks them; an empty levels
    field is the CLI without --levels (the study deck)."""
    from vocabdeck.decks import notetype
    from vocabdeck.zh import select

    return select.filter_options(
        standard=standard, levels=levels if levels.strip() else None, min_count=min_count,
        min_zipf=min_zipf, max_zipf=max_zipf, max_cards=max_cards, coverage=None, names=names,
        cards=notetype.check_card_types(cards), known=known,
    )


@contextlib.contextmanager
def notices() -> Iterator[list[str]]:
    """The library's warnings given in this thread while the block runs."""
    found: list[str] = []
    me = threading.get_ident()

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.thread == me:
                from vocabdeck.cli import flag
                from vocabdeck.errors import log_message

                found.append(log_message(record, flag))

    log = logging.getLogger("vocabdeck")
    handler = Collect(logging.WARNING)
    log.addHandler(handler)
    if log.level == logging.NOTSET or log.level > logging.WARNING:
        log.setLevel(logging.WARNING)
    try:
        yield found
    finally:
        log.removeHandler(handler)


def read_articles(paths: Sequence[Path], english: Path | None, encoding: str | None) -> list[Text]:
    from vocabdeck import pipeline

    with SESSIONS():
        return pipeline.read_articles(paths, english, encoding)


def read_known(path: Path) -> frozenset[str]:
    from vocabdeck.data.known import load_known

    with SESSIONS():
        return load_known(path)


def review(texts: Sequence[Text], chosen: Options, deck_name: str | None) -> Review:
    """Choose the words once with every filter open, then apply the teacher's filters to
    them: the cards are those `pipeline.choose(texts, chosen)` gives, and the words left
    out are at hand for the teacher to tick back."""
    from vocabdeck.api import find_words
    from vocabdeck.decks.context import clip
    from vocabdeck.zh import select

    # Only the standard changes the words themselves; the other options only filter them.
    everything = replace(
        DEFAULTS, standard=chosen.standard, levels=ALL_LEVELS, unlisted=True, names=True, cards=chosen.cards
    )
    with SESSIONS():
        wide = find_words(texts, everything)

    # Cards' sentences come bounded from choose(); the words left out get the same bound.
    candidates = wide.cards + tuple(clip(word) for word, _ in wide.left_out)
    from vocabdeck.pipeline import options_for

    selection = select.select(candidates, options_for(texts, chosen))
    several = len(texts) > 1
    name = deck_name or ("Course" if several else texts[0].title)
    return Review(tuple(texts), chosen, candidates, selection, name, several)


def write(words: Sequence[Word], target: Path, review: Review, timestamp: float | None = None) -> None:
    """Write the deck file (its extension picks the format) as `vocabdeck build` does.

    A course's .apkg records its deck name as the CLI's does; a single article's records
    nothing, where the CLI records a hash of the article's path, which the page never sees.
    (vocabdeck.api.write_deck does not take that record yet, hence decks.write here.)
    """
    from vocabdeck.decks.targets import source_key
    from vocabdeck.decks.write import write as write_deck

    with SESSIONS():
        write_deck(
            words,
            target,
            deck_name=review.deck_name,
            card_types=review.options.cards,
            subdecks=review.subdecks,
            standard=review.options.standard,
            timestamp=timestamp,
            source=source_key([], course=review.deck_name) if review.subdecks else "",
        )


def handout(words: Sequence[Word], review: Review, sources: Sequence[str]) -> str:
    """The printable handout (`vocabdeck handout`'s page with its defaults) for these words."""
    from vocabdeck import pipeline
    from vocabdeck.decks import printed

    sections = []
    with SESSIONS():
        for i, text in enumerate(review.texts):
            sentences = tuple(s for batch in pipeline.annotated_text(text) for s in batch)
            mine = tuple(w for w in words if w.source == text.title)
            sections.append(printed.Section(text.title, sources[i] if i < len(sources) else "", sentences, mine))
        return printed.render(sections)


def file_stem(review: Review, first_file: str | None) -> str:
    """The deck file's name without extension, as `vocabdeck build` would name it."""
    from vocabdeck.decks.notes import title_slug
    from vocabdeck.decks.targets import default_target

    if review.subdecks:
        return title_slug(review.deck_name)
    if first_file:
        return default_target(Path("."), Path(first_file)).stem
    return title_slug(review.texts[0].title)


def warm() -> None:
    """Load the dictionaries, the segmenter and the reading model before the first request."""
    text = Text(source="warm-up", title="预热", zh=("图书馆延长了开放时间，很多年轻人晚上去读书。",),
                en=("The library extended its opening hours.",), paired=True)
    review([text], DEFAULTS, None)
