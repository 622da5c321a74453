"""The stages in order, one short function per command. Only this module knows the order:

    read -> align -> segment -> readings -> lookup -> select -> package
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import groupby
from pathlib import Path

from vocabdeck.errors import UsageError, VocabdeckError
from vocabdeck.inputs import plaintext
from vocabdeck.model import Options, Selection, Sentence, SentencePair, Text, Token
from vocabdeck.zh import align, lookup, readings, segment, select
from vocabdeck.zh.script import has_han

Progress = Callable[[int], None]  # called with the number of Chinese characters just processed

# Sentences are segmented and read in batches of this size so that a progress bar can move
# and memory stays bounded on very long input; large enough to keep the batched reading
# model efficient.
BATCH = 512


def _no_progress(_: int) -> None:
    pass


def read_article(path: Path, english: Path | None = None, encoding: str | None = None) -> Text:
    if english is not None:
        return plaintext.read_pair(path, english, encoding)
    return plaintext.read_text(path, encoding)


def aligned(text: Text) -> list[SentencePair]:
    return align.align(text)


def aligned_for_listing(text: Text) -> list[SentencePair]:
    """As `aligned`, with the Chinese sentences of a 2-1 bead joined into one record."""
    return align.group_beads(align.align(text))


def annotated_batches(pairs: Sequence[SentencePair], progress: Progress = _no_progress) -> Iterator[list[Sentence]]:
    """Segment the sentences and give every token its reading in context, a batch at a time."""
    made = _MADE
    for start in range(0, len(pairs), BATCH):
        batch = pairs[start : start + BATCH]
        token_lists = segment.segment(batch)
        token_readings = readings.annotate([[t.text for t in tokens] for tokens in token_lists])
        if len(made) > TOKENS_LIMIT:
            made.clear()
        sentences = []
        for pair, tokens, reads in zip(batch, token_lists, token_readings):
            annotated = []
            for token, reading in zip(tokens, reads):
                key = (token.text, token.kind, reading)
                made_token = made.get(key)
                if made_token is None:
                    made_token = made[key] = Token(*key)
                annotated.append(made_token)
            sentences.append(Sentence(pair, tuple(annotated)))
        yield sentences
        progress(sum(len(p.zh) for p in batch))


# Equal tokens are one object for the whole run: the sentences kept for the cards then
# share them (on 1 MB of news, 206,367 tokens are 33,000 distinct ones).
_MADE: dict[tuple[str, str, str], Token] = {}
TOKENS_LIMIT = 200_000  # distinct tokens shared at once; a bound for a whole book


def read_articles(paths: Sequence[Path], english: Path | None = None, encoding: str | None = None) -> list[Text]:
    """Read every article first, so bad input fails before any long work."""
    if english is not None and len(paths) > 1:
        raise UsageError(
            "--english goes with a single Chinese article; for several articles use bilingual "
            "files (English and Chinese paragraphs alternating) or build them one at a time."
        )
    return [read_article(p, english, encoding) for p in paths]


def choose(texts: Sequence[Text], options: Options, progress: Progress = _no_progress) -> Selection:
    """The cards for these articles. Sentences stream through the lookup stage, which keeps
    one sentence per word, so memory follows the vocabulary, not the length of the input.
    Batches run across article boundaries: a course of short articles costs what one long
    article of the same size does."""
    select.check_options(options)
    counter = lookup.WordCounter(options.standard, tag=segment.part_of_speech)
    titled = [(text.title, pair) for text in texts for pair in aligned(text)]
    for start in range(0, len(titled), BATCH):
        chunk = titled[start : start + BATCH]
        (sentences,) = annotated_batches([pair for _, pair in chunk], progress)
        for title, group in groupby(zip((t for t, _ in chunk), sentences), key=lambda ts: ts[0]):
            counter.add(title, [sentence for _, sentence in group])
    return select.select(counter.words(), options)


def write_deck(selection: Selection, output: Path, deck_name: str, options: Options, subdecks: bool) -> None:
    from vocabdeck.decks import package

    if output.parent == DECKS:
        DECKS.mkdir(exist_ok=True)  # the default output folder; any other must exist
    package.write(
        selection.cards,
        output,
        deck_name=deck_name,
        card_types=options.cards,
        subdecks=subdecks,
        standard=options.standard,
    )


def lookup_words(words: Sequence[str], standard: str) -> list[dict]:
    """What `vocabdeck lookup` prints: every reading of each word, senses in learner order."""
    from vocabdeck.data import cedict, hsk

    entries = cedict.lookup_many(words)
    levels = hsk.hsk_levels(words, standard)
    zipfs = hsk.zipf_many(words)
    results = []
    for word in words:
        found = entries.get(word, ())
        result = {
            "word": word,
            "found": bool(found),
            "hsk_level": levels.get(word),
            "zipf": zipfs.get(word),
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


# ------------------------------------------------------------------------- planning builds
DECKS = Path("decks")  # the default output folder, created on demand


def plan_builds(
    articles: Sequence[Path], output: Path | None, deck_name: str | None, per_article: bool
) -> list[tuple[Path, str | None, bool, list[Path]]]:
    """(output file, deck name or None for the article title, subdecks?, articles) per file.

    One article: one deck. Several: one deck with a subdeck per article, each word carded
    once in the article where it first appears; or, with per_article, one file each (then
    -o, if given, is the folder to write them to).
    """
    from vocabdeck.decks.package import FORMATS, slug

    if deck_name is not None and not deck_name.strip():
        raise UsageError("--deck-name is empty; give the deck a name, or leave the option out.")
    if output is not None and output.suffix.lower() not in FORMATS and not (per_article and len(articles) > 1):
        raise UsageError(f"-o {output}: unknown deck format; use a file name ending in {', '.join(FORMATS)}.")
    if len(articles) == 1 or per_article:
        if per_article and len(articles) > 1:
            folder = output if output is not None else DECKS
            if folder.suffix:
                raise UsageError(f"-o {output}: with --per-article, -o names a folder, not a file.")
            return [(_default_target(folder, a), deck_name, False, [a]) for a in articles]
        target = output if output is not None else _default_target(DECKS, articles[0])
        return [(target, deck_name, False, list(articles))]
    name = deck_name or "Course"
    target = output if output is not None else DECKS / f"{slug(name)}.apkg"
    return [(target, name, True, list(articles))]


def _default_target(folder: Path, article: Path) -> Path:
    from vocabdeck.decks.package import slug

    stem = article.name.split(".")[0] or article.stem
    return folder / f"{slug(stem)}.apkg"


def load_known(path: Path) -> frozenset[str]:
    """Words the learner knows: one per line, or the first column of a TSV/CSV file.

    Its encoding is detected as an article's is (UTF-8, UTF-16, GB18030, Big5...); lines
    starting with '#' are comments.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise VocabdeckError(f"--known {path}: no such file; give a word list, one word per line.") from None
    except IsADirectoryError:
        raise VocabdeckError(f"--known {path}: is a folder; give a word list file.") from None
    except OSError as e:
        raise VocabdeckError(f"--known {path}: cannot read it ({e.strerror}).") from None
    try:
        decoded = [plaintext.decode(data, path)]
    except VocabdeckError:
        raise VocabdeckError(f"--known {path}: cannot tell its encoding; save it as UTF-8.") from None
    # A list of a few short words says little about its encoding: where it would decode as
    # either Chinese legacy encoding, keep the reading in which more lines are words.
    for codec in ("gb18030", "big5"):
        try:
            decoded.append(data.decode(codec))
        except UnicodeDecodeError:
            pass
    known = max((_first_column(text) for text in decoded), key=_dictionary_words)
    if not any(has_han(word) for word in known):
        raise VocabdeckError(f"--known {path}: no Chinese words in it; save it as UTF-8 text, one word per line.")
    return known


def _first_column(text: str) -> frozenset[str]:
    known = set()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        first = line.replace(",", "\t").replace(";", "\t").split("\t")[0].strip().strip('"')
        if first:
            known.add(first)
    return frozenset(known)


def _dictionary_words(words: frozenset[str]) -> int:
    from vocabdeck.data import cedict

    return len(cedict.lookup_many(words))
