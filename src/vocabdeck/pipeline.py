"""The stages in order, one short function per command. Only this module knows the order:

    read -> align -> segment -> readings -> lookup -> select -> package
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import groupby, islice
from pathlib import Path
from typing import TYPE_CHECKING

from vocabdeck import inputs, workers
from vocabdeck.decks import context
from vocabdeck.errors import InputError, OptionError, OptionName
from vocabdeck.model import ALL_LEVELS, NAME, Options, Selection, Sentence, SentencePair, Text, Token
from vocabdeck.session import current
from vocabdeck.zh import align, lookup, names, readings, segment, select, spelling, variants

if TYPE_CHECKING:
    from vocabdeck.inputs.course import Lesson

log = logging.getLogger("vocabdeck")

Progress = Callable[[int], None]  # called with the number of Chinese characters just processed

# Sentences are segmented and read in batches of this size so that a progress bar can move
# and memory stays bounded on very long input; large enough to keep the batched reading
# model efficient.
BATCH = 512


def _no_progress(_: int) -> None:
    pass


_gc_lock = threading.Lock()
_gc_pauses = [0, False]  # builds running with the collector paused; whether it was on


@contextlib.contextmanager
def paused_gc():
    """The cyclic garbage collector off while a build runs.

    A build makes millions of small objects (tokens, sentences, note fields) and no
    reference cycles worth collecting; the collector's passes over them took 15% of a 1 MB
    build (measured: 9.0 s with it, 7.6 s without, the same peak memory). The collector is
    process-wide: it comes back on when the last build running in any thread ends."""
    with _gc_lock:
        if _gc_pauses[0] == 0:
            _gc_pauses[1] = gc.isenabled()
            gc.disable()
        _gc_pauses[0] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses[0] -= 1
            if _gc_pauses[0] == 0 and _gc_pauses[1]:
                gc.enable()


def check_encoding(encoding: str | None) -> None:
    """--encoding must name a text encoding (rot13 and base64 are codecs, not encodings)."""
    import codecs

    if encoding is None:
        return
    try:
        text_encoding = getattr(codecs.lookup(encoding), "_is_text_encoding", True)
    except LookupError:
        text_encoding = False
    if not text_encoding:
        raise OptionError("encoding", encoding, "not a text encoding; try utf-8, gb18030 or big5, "
                         "or leave it out to detect it.")


def read_article(path: Path, english: Path | None = None, encoding: str | None = None) -> Text:
    """Any supported format (inputs/), "-" for standard input."""
    check_encoding(encoding)
    if english is not None and english.is_dir():  # also --english '' (the current folder)
        raise InputError(english, "is a folder; give the English translation's text file.", option="english")
    if english is not None:
        return inputs.read_pair(path, english, encoding)
    return inputs.read(path, encoding)


# Whole-article alignment confidence (the mean pair score over every Chinese sentence,
# 0 for a sentence without English) below which a separate English file is taken to
# translate something else. Measured: the reference article and the 13 WMT21 dev
# documents with their own translations score 0.43-0.81; each with another document's
# English, or with an unrelated football report, 0.001-0.18.
UNRELATED_BELOW = 0.25


def aligned(text: Text) -> list[SentencePair]:
    """The article's sentence pairs. A separate English file that aligns too poorly to be
    this article's translation gives a warning and no English at all: a wrong sentence
    on a card is worse than none."""
    pairs = align.align(text)
    if text.en and not text.paired and pairs:
        confidence = sum(p.score for p in pairs) / len(pairs)
        if confidence < UNRELATED_BELOW:
            log.warning(
                "the %s file does not look like a translation of %s (alignment confidence %.2f, a "
                "translation scores %s or more): no English is used; check that the two files go together.",
                OptionName("english"), text.source, confidence, UNRELATED_BELOW,
            )
            pairs = [replace(p, en="", score=0.0) for p in pairs]
    return located(text, pairs) if text.places else pairs


def located(text: Text, pairs: list[SentencePair]) -> list[SentencePair]:
    """Each sentence with the place (Text.places) of the piece of its paragraph it begins in."""
    out, cursor = [], {}
    for p in pairs:
        paragraph, marks = text.zh[p.paragraph - 1], text.places[p.paragraph - 1]
        at = cursor.get(p.paragraph, 0)
        found = paragraph.find(p.zh.strip(), at)
        at = found if found >= 0 else at
        cursor[p.paragraph] = at + len(p.zh.strip()) if found >= 0 else at
        where = next((place for start, place in reversed(marks) if start <= at), "")
        out.append(replace(p, location=where) if where else p)
    return out


def annotated_batches(pairs: Sequence[SentencePair], progress: Progress = _no_progress,
                      jobs: int = 1, whole: tuple | None = None) -> Iterator[list[Sentence]]:
    """Segment the sentences and give every token its reading in context, a batch at a
    time; with jobs > 1, batches are worked on by that many processes (workers.py), with
    the same result. Given words (`whole`: Given.whole, zh/given.py) are one token each."""
    made = current().tokens
    batches = [pairs[start:end] for start, end in batch_spans(len(pairs))]
    with workers.Workers(jobs if len(batches) > 1 else 1, warm=_warm) as pool:
        for batch, (keys, indices) in zip(batches, pool.map(_annotate, _scripted(batches, whole))):
            if len(made) > TOKENS_LIMIT:
                made.clear()
            table = [made.get(key) or made.setdefault(key, Token(*key)) for key in keys]
            tokens = table.__getitem__
            yield [Sentence(pair, tuple(map(tokens, sentence))) for pair, sentence in zip(batch, indices)]
            progress(sum(len(p.zh) for p in batch))


def batch_spans(n: int) -> list[tuple[int, int]]:
    """The (start, end) of each batch of n sentences: BATCH each (the last one what is
    left), but when that makes an odd number of batches, one batch more, all of equal
    size, so that two workers (the usual count) end their last round together: the
    2,331 sentences of a 100-article course are six batches of 388-389, not four of 512
    and one of 283 that one worker does alone while the other waits. The same whatever
    --jobs is, so that the output is too (names are marked batch by batch)."""
    count = -(-n // BATCH)
    if count > 1 and count % 2:
        count += 1
        return [(n * i // count, n * (i + 1) // count) for i in range(count)]
    return [(start, min(start + BATCH, n)) for start in range(0, n, BATCH)]


def annotated_text(text: Text) -> Iterator[list[Sentence]]:
    """annotated_batches of an article's aligned sentences, its given words whole (as the
    cards have them): for `annotate`, the handout and the page."""
    chosen = given_words([text])
    return annotated_batches(aligned(text), whole=chosen and chosen.whole)


def given_words(texts: Sequence[Text]):
    """The words the texts name as ones to learn (zh/given.Given), or None: most inputs
    name none, and their runs never import the module."""
    if not any(text.words or text.glosses for text in texts):
        return None
    from vocabdeck.zh import given

    return given.collect(texts, variants.simplified)


def _scripted(batches: Sequence[Sequence[SentencePair]], whole: tuple | None = None) -> Iterator[tuple]:
    """Each batch with the script of the sentence before it (a sentence that shows neither
    script follows the one before it, across batches too), and the words kept whole."""
    traditional = False
    for batch in batches:
        yield batch, traditional, whole
        traditional = variants.script_after((p.zh for p in batch), traditional)


def _annotate(job: tuple[Sequence[SentencePair], bool, tuple | None]) -> tuple[list[tuple], list[list[int]]]:
    """The tokens of a batch's sentences, in a worker process or not: the batch's distinct
    tokens as Token fields, and each sentence as indices into them (a batch pickles small,
    and the parent makes each distinct token of a batch once).

    A sentence in Traditional characters is segmented and read in Simplified ones; its
    tokens keep the article's characters (the same slices: lengths never change)."""
    batch, traditional, whole = job
    simple, _ = variants.simplified_many((p.zh for p in batch), traditional)
    token_lists = segment.segment([p if s is None else replace(p, zh=s) for p, s in zip(batch, simple)]) \
        if whole is None else _whole(batch, simple, whole)
    token_lists = names.mark_known_names(token_lists)  # names found in the batch, everywhere
    token_readings = readings.annotate([[t.text for t in tokens] for tokens in token_lists],
                                       [[t.kind == NAME for t in tokens] for tokens in token_lists])
    spelled = spelling.spelled_readings(batch, token_lists, token_readings)
    index: dict[tuple, int] = {}
    out = []
    for pair, tokens, reads, simple_zh in zip(batch, token_lists, token_readings, simple):
        keys = []
        at = 0
        for token, reading in zip(tokens, reads):
            if token.kind == NAME and reading:
                reading = spelled.get(token.text, reading)
            text, simple_text = token.text, ""
            if simple_zh is not None:
                text = pair.zh[at : at + len(token.text)]
                simple_text = token.text
                at += len(text)
            keys.append(index.setdefault((text, token.kind, reading, simple_text), len(index)))
        out.append(keys)
    return list(index), out


def _whole(batch: Sequence[SentencePair], simple: list[str | None], whole: tuple) -> list[tuple[Token, ...]]:
    from vocabdeck.zh import given

    return given.segment([p if s is None else replace(p, zh=s) for p, s in zip(batch, simple)], segment.segment,
                         whole, [p.zh for p in batch])


def _warm() -> None:
    """Load what every batch needs, once, before workers are forked to share it."""
    from vocabdeck.zh.jiebadict import segmenter

    variants.script_after(["", ""])
    segment.segment([SentencePair(0, "中文", "", 0.0)])
    readings.annotate([["中文"]])
    segmenter()._hmm()


def _fetch_tags(words) -> None:
    """segment.part_of_speech's look-ups for many words, in one query a chunk."""
    from vocabdeck.zh.jiebadict import segmenter

    segmenter().fetch_tags(words)


# Sentences from which workers may pay (--jobs unset): two batches, one a worker, the
# least that can run in parallel. Below that a build runs in one process.
JOBS_FROM = 2 * BATCH


def jobs(asked: int | None, sentences: int) -> int:
    """Worker processes for `sentences` sentences: `asked` (--jobs), or when not given the
    cores that other work leaves free (workers.free_cores) for input of JOBS_FROM
    sentences or more, else 1 (no workers)."""
    if asked is not None:
        return max(1, asked)
    return workers.free_cores() if sentences >= JOBS_FROM else 1


# Equal tokens are one object for the whole run (Session.tokens): the sentences kept for
# the cards then share them (on 1 MB of news, 206,367 tokens are 33,000 distinct ones).
TOKENS_LIMIT = 200_000  # distinct tokens shared at once; a bound for a whole book


def read_articles(paths: Sequence[Path], english: Path | None = None, encoding: str | None = None) -> list[Text]:
    """Read every article first, so bad input fails before any long work. `paths` may pair
    an article with its translation (inputs/course.py: `ZH=EN`, `lesson1.en.txt`)."""
    from vocabdeck.inputs.course import lessons

    return read_lessons(lessons(paths, english), encoding)


def read_course(lessons: Sequence[Lesson], encoding: str | None = None,
                by_chapter: bool = True) -> tuple[str, list[Text]]:
    """The texts of one deck and the title it takes by default: a book given alone is a
    text per chapter (with `by_chapter`), each its own subdeck."""
    texts = read_lessons(lessons, encoding)
    if by_chapter and len(texts) == 1 and len(texts[0].chapters) > 1:
        return texts[0].title, chapters(texts[0])
    return texts[0].title, texts


def chapters(text: Text) -> list[Text]:
    """A Text for each of a book's chapters (Text.chapters), titled by the chapter."""
    out, start = [], 0
    for title, n in text.chapters:
        end = start + n
        out.append(replace(text, title=title, zh=text.zh[start:end], chapters=(),
                           en=text.en[start:end] if text.paired else (),  # the reader pairs a book's
                           places=text.places[start:end]))  # English, or leaves the book whole
        start = end
    return out


def read_lessons(lessons: Sequence[Lesson], encoding: str | None = None) -> list[Text]:
    return [read_article(lesson.path, lesson.english, encoding) for lesson in lessons]


def choose(texts: Sequence[Text], options: Options, progress: Progress = _no_progress) -> Selection:
    """The cards for these articles. Sentences stream through the lookup stage, which keeps
    one sentence per word, so memory follows the vocabulary, not the length of the input.
    Batches run across article boundaries: a course of short articles costs what one long
    article of the same size does."""
    select.check_options(options)
    with paused_gc():
        return _choose(texts, options_for(texts, options), progress)


def options_for(texts: Sequence[Text], options: Options) -> Options:
    """The options `choose` applies to these texts."""
    if texts and all(text.words for text in texts):
        # A teacher's word list: every listed word is wanted, whatever its level or frequency,
        # and however many there are (the study deck's cap a article is for articles).
        return replace(options, levels=ALL_LEVELS, unlisted=True, min_count=1, min_zipf=None, max_zipf=None,
                       names=True, study_deck=False)
    return options


def _choose(texts: Sequence[Text], options: Options, progress: Progress) -> Selection:
    titled = [(text.title, pair) for text in texts for pair in aligned(text)]
    titles = iter([title for title, _ in titled])
    chosen = given_words(texts)
    n_jobs = jobs(options.jobs, len(titled))
    counter = lookup.WordCounter(options.standard, tag=segment.part_of_speech, fetch_tags=_fetch_tags,
                                 early=n_jobs > 1)
    for sentences in annotated_batches([pair for _, pair in titled], progress, n_jobs, chosen and chosen.whole):
        counter.look_up(sentences)
        # islice: zip(titles, sentences) would take one title too many at the end of each
        # batch, shifting the titles and dropping the last sentences of a long input.
        for title, group in groupby(zip(islice(titles, len(sentences)), sentences), key=lambda ts: ts[0]):
            counter.add(title, [sentence for _, sentence in group])
    long = len(titled) >= JOBS_FROM  # memos of a long input are mostly its own: no use to a next run
    if long:
        current().forget()
        readings.forget()
    # Each card shows at most the clause around its word (unpunctuated text is one
    # "sentence"), so that output and memory stay linear in the input.
    words = counter.words(n_jobs)
    if chosen is not None:
        from vocabdeck.zh import given

        words = given.apply(words, chosen)
    selection = context.clip_selection(select.select(words, options))
    if long:
        current().forget(entries=True)
    return selection


def write_deck(selection: Selection, output: Path, deck_name: str, options: Options,
               subdecks: bool | Sequence[str], source: str = "") -> None:
    """`subdecks`: the article titles of a course, in order (decks/write.py)."""
    from vocabdeck.decks.targets import DECKS

    if output.parent == DECKS:
        DECKS.mkdir(exist_ok=True)  # the default output folder; any other must exist
    from vocabdeck.decks.write import write

    with paused_gc():
        write(
            selection.cards,
            output,
            deck_name=deck_name,
            card_types=options.cards,
            subdecks=subdecks,
            standard=options.standard,
            source=source,
            update_notes=options.update_notes,
            # Workers only for two batches of notes or more (decks.fields.notes).
            jobs=workers.free_cores() if options.jobs is None else options.jobs,
        )


def lookup_words(words: Sequence[str], standard: str) -> list[dict]:
    """What `vocabdeck lookup` prints: every reading of each word, senses in learner order."""
    from vocabdeck.data import cedict, hsk

    entries = cedict.lookup_many(words)
    # Levels and frequencies are those of the Simplified form: 這 is HSK 1 as 这 is.
    simple = dict(zip(words, (s or w for s, w in zip(variants.simplified_many(words)[0], words))))
    levels = hsk.hsk_levels(list(simple.values()), standard)
    zipfs = hsk.zipf_many(list(simple.values()))
    results = []
    for word in words:
        found = entries.get(word, ())
        result = {
            "word": word,
            "found": bool(found),
            "hsk_level": levels.get(simple[word]),
            "zipf": zipfs.get(simple[word]),
            "readings": [],
        }
        for reading in cedict.readings(word) if found else ():
            senses, classifiers, traditional = cedict.senses_for(word, reading)
            result["readings"].append(
                {
                    "simplified": next((e.simplified for e in found), word),
                    "traditional": traditional,
                    "pinyin_numbered": reading,
                    "pinyin": lookup.marked(reading, found),
                    "definitions": list(senses),
                    "classifiers": list(classifiers),
                }
            )
        results.append(result)
    return results
