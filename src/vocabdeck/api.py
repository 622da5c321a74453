"""The Python API: what the command line does, as functions (re-exported by `vocabdeck`).

Every call runs in a Session of its own unless one is entered already
(`with vocabdeck.Session(): ...`), so calls from several threads at once are safe.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from vocabdeck.model import DEFAULT_STANDARD, Options, Selection, Sentence, Text
from vocabdeck.session import Session, _current


def _session():
    """The session entered already, or a new one for this call."""
    return contextlib.nullcontext() if _current.get() is not None else Session()


def _is_path(source) -> bool:
    """A Path is a file; a str is a file only when it is one line naming an existing file
    (pasted text has line breaks or Chinese characters that no short file name has)."""
    if isinstance(source, os.PathLike):
        return True
    return "\n" not in source and len(source) < 1024 and os.path.isfile(source)


def read_article(source, english=None, *, encoding: str | None = None, name: str = "pasted text") -> Text:
    """Read an article: a path, or its text as a str (a bilingual page, or Chinese alone).

    `english` is its translation, as a path or a str. `encoding` applies to files
    (default: detected). `name` stands for pasted text in messages and, when the text has
    no short headline, as its title.

    >>> text = read_article("图书馆开设夜间阅览室。\\n\\nThe library opens a night reading room.")
    >>> text.zh, text.en
    (('图书馆开设夜间阅览室。',), ('The library opens a night reading room.',))
    """
    from vocabdeck import inputs, pipeline

    if _is_path(source) and (english is None or _is_path(english)):
        return pipeline.read_article(Path(source), None if english is None else Path(english), encoding)
    # Pasted text goes to the readers as bytes, so that no str is taken for a file name.
    zh = Path(source) if _is_path(source) else source.encode("utf-8")
    if english is None:
        return inputs.read(zh, encoding, name=name)
    en = Path(english) if _is_path(english) else english.encode("utf-8")
    return inputs.read_pair(zh, en, encoding, name=name)


def _texts(articles) -> list[Text]:
    """Each article a Text, a path, a str, or an (article, English translation) pair."""
    if isinstance(articles, (Text, str, os.PathLike)):
        articles = [articles]
    return [a if isinstance(a, Text) else read_article(*a) if isinstance(a, tuple) else read_article(a)
            for a in articles]


def find_words(articles, options: Options | None = None, **changes) -> Selection:
    """The words worth a card in one article or several (each a Text, a path or a str),
    with the words left out and why. `options` (or keyword arguments naming its fields,
    e.g. levels={5, 6, 7}) choose them; see Options.

    >>> selection = find_words("图书馆开设夜间阅览室，方便学生复习。", levels={1, 2, 3, 4, 5, 6, 7})
    >>> [w.word for w in selection.cards][:3]
    ['图书馆', '开设', '夜间']
    """
    from dataclasses import replace

    from vocabdeck import pipeline

    options = replace(options or Options(), **_option_values(changes))
    with _session():
        return pipeline.choose(_texts(articles), options)


def _option_values(changes: dict) -> dict:
    if "levels" in changes:
        changes["levels"] = frozenset(changes["levels"])
    if "known" in changes:
        changes["known"] = frozenset(changes["known"])
    if "cards" in changes and isinstance(changes["cards"], str):
        changes["cards"] = (changes["cards"],)
    return changes


def write_deck(words, path, *, deck_name: str, options: Options | None = None,
               subdecks=False, timestamp: float | None = None) -> Path:
    """Write words (a Selection, or Words) to `path`: .apkg, .tsv or .json by its extension.
    Returns the path. `subdecks`: True for a subdeck per article (Word.source), numbered
    in the order the words first show them, or the article titles in course order.
    `timestamp` (seconds) makes the file reproducible."""
    from vocabdeck import pipeline
    from vocabdeck.decks.write import write

    options = options or Options()
    cards = words.cards if isinstance(words, Selection) else tuple(words)
    with _session(), pipeline.paused_gc():
        write(cards, Path(path), deck_name=deck_name, card_types=options.cards, subdecks=subdecks,
              standard=options.standard, timestamp=timestamp)
    return Path(path)


def build_deck(articles, path, *, english=None, deck_name: str | None = None,
               options: Options | None = None, timestamp: float | None = None, chapters: bool = True,
               **changes) -> Selection:
    """Read, choose and write in one call, as `vocabdeck build` does: one article (a path
    or a str) or several (one subdeck each, numbered in this order; an article with its
    translation as an (article, English) pair); a book alone makes a subdeck per chapter
    unless `chapters` is False. Returns the Selection written.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "deck.apkg"
    >>> selection = build_deck("图书馆开设夜间阅览室，方便学生复习。", out, deck_name="Library",
    ...                        levels={1, 2, 3, 4, 5, 6, 7})
    >>> out.stat().st_size > 0, len(selection.cards) > 0
    (True, True)
    """
    several = not isinstance(articles, (Text, str, os.PathLike))
    with _session():
        if english is not None and not several:
            texts = [read_article(articles, english)]
        else:
            texts = _texts(articles)
        title = texts[0].title
        if chapters and len(texts) == 1 and len(texts[0].chapters) > 1:
            from vocabdeck import pipeline

            texts = pipeline.chapters(texts[0])
        options = Options() if options is None else options
        selection = find_words(texts, options, **changes)
        from dataclasses import replace

        options = replace(options, **_option_values(dict(changes)))
        write_deck(selection, path, deck_name=deck_name or title, options=options,
                   subdecks=tuple(t.title for t in texts) if len(texts) > 1 else (), timestamp=timestamp)
    return selection


def lookup(word: str, standard: str = DEFAULT_STANDARD) -> dict:
    """Every reading of a word, senses in learner order, classifiers, HSK level and Zipf
    frequency, as `vocabdeck lookup --json` prints it.

    >>> entry = lookup("阻挠")
    >>> entry["found"], entry["readings"][0]["pinyin"]
    (True, 'zǔ náo')
    """
    return lookup_many([word], standard)[0]


def lookup_many(words: Iterable[str], standard: str = DEFAULT_STANDARD) -> list[dict]:
    """lookup() for many words with one query."""
    from vocabdeck import pipeline
    from vocabdeck.data import hsk

    with _session():
        return pipeline.lookup_words(list(words), hsk.resolve_standard(standard))


def annotate(article, english=None) -> list[Sentence]:
    """Every sentence of an article (a Text, a path or a str) with its tokens and their
    readings in context.

    >>> [(t.text, t.reading) for t in annotate("我们去银行。")[0].tokens]
    [('我们', 'wo3 men5'), ('去', 'qu4'), ('银行', 'yin2 hang2'), ('。', '')]
    """
    from vocabdeck import pipeline

    with _session():
        text = article if isinstance(article, Text) else read_article(article, english)
        return [s for batch in pipeline.annotated_text(text) for s in batch]


__all__ = ["read_article", "find_words", "write_deck", "build_deck", "lookup", "lookup_many", "annotate"]
