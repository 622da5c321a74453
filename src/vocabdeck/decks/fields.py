"""The HTML of each note field, built from a Word, in notetype.FIELDS order.

Every piece of text taken from the article or the dictionary is passed through
html.escape before any markup is added, so an article that contains "<script>" shows that
text on the card and never runs it. Markup added here uses unquoted attribute values
(<span class=tone3>) so a field never contains a double quote, which Anki's text importer
would take for a CSV quote.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter
from typing import NamedTuple

from vocabdeck import workers
from vocabdeck.decks import notetype
from vocabdeck.decks.escape import escape_token
from vocabdeck.decks.notetype import CARD_TYPES, FIELDS
from vocabdeck.decks.sentence_pinyin import highlighted, pinyin_layout
from vocabdeck.model import GIVEN_BY_ARTICLE, GIVEN_BY_LIST, Sentence, Token, Word
from vocabdeck.zh.pinyin import syllable_marks, tone_of
from vocabdeck.zh.script import INVISIBLE


def coloured_pinyin(numbered: str, marked: str = "", sep: str = " ") -> str:
    """Each syllable of a numbered reading tone-marked, in <span class=toneN>.

    `marked` is used when it has one syllable per numbered syllable (it is what the lookup
    stage chose to show); otherwise each syllable is converted here.
    """
    nums = numbered.split()
    marks = marked.split()
    if len(marks) != len(nums):
        marks = map(syllable_marks, nums)
    return sep.join(map(_coloured_syllable, nums, marks))


@lru_cache(maxsize=8192)  # about 1,500 syllables, each with one or two marked spellings
def _coloured_syllable(numbered: str, marked: str) -> str:
    return f"<span class=tone{tone_of(numbered)}>{html.escape(marked)}</span>"


# --------------------------------------------------------------------------- fields
_CLASSIFIER = re.compile(r"^(?:[^|\[]+\|)?([^|\[]+)\[([^\]]+)\]$")


@lru_cache(maxsize=4096)  # a few hundred measure words serve every noun
def classifier_html(classifier: str) -> str:
    """'個|个[ge4]' or '个[ge4]' -> '个 <span class=tone4>gè</span>'."""
    m = _CLASSIFIER.match(classifier.strip())
    if not m:
        return html.escape(classifier)
    return f"{html.escape(m.group(1))} {coloured_pinyin(m.group(2).replace('u:', 'v').lower())}"


def hsk_label(level: int | None) -> str:
    if level is None:
        return ""
    return "HSK 7-9" if level >= 7 else f"HSK {level}"


def hsk_tag(level: int | None) -> str:
    if level is None:
        return "HSK-none"
    return "HSK7-9" if level >= 7 else f"HSK{level}"


# Per-sentence work is cached: several cards often show one sentence (1 MB of news: 14,344
# cards, 5,204 sentences). The cache holds every sentence of a long article (cards come in
# word order, not sentence order, and a smaller cache thrashed on 1 MB of news).
class _SentenceParts(NamedTuple):
    """What every card of a sentence shares (_sentence_parts)."""

    heads: tuple[str, ...]  # the tokens as carded (their headwords)
    html: str  # the sentence escaped
    starts: tuple[int, ...]  # where each token's escaped text starts in `html`, and where the last ends
    plain_english: bool  # the English sentence is the same escaped
    pinyin: tuple  # its sentence_pinyin.pinyin_layout
    safe: bool  # the sentence, its English and its pinyin hold none of the characters of _UNSAFE


@lru_cache(maxsize=16384)
def _sentence_parts(sentence: Sentence) -> _SentenceParts:
    tokens = sentence.tokens
    texts = tuple(map(_TEXT, tokens))
    heads = tuple(map(_headword, tokens)) if any(map(_SIMPLIFIED, tokens)) else texts
    joined = "".join(texts)
    if html.escape(joined) == joined and not INVISIBLE.search(joined):  # most sentences
        escaped: Sequence[str] = texts
    else:
        escaped = tuple(map(escape_token, texts))
        joined = "".join(escaped)
    pair = sentence.pair
    layout = pinyin_layout(sentence, True)
    safe = not _UNSAFE.search("\0".join((joined, pair.zh, pair.en, layout[0])))
    return _SentenceParts(heads, joined, (0, *accumulate(map(len, escaped))), html.escape(pair.en) == pair.en,
                          layout, safe)


_TEXT, _SIMPLIFIED = attrgetter("text"), attrgetter("simplified")


def _headword(token: Token) -> str:
    """The form a token is carded under: its Simplified form when the article is Traditional."""
    return token.simplified or token.text


def sentence_html(word: Word, *, blank: bool = False) -> str:
    """The sentence, escaped, with the word highlighted (or blanked: every occurrence, so
    the Recall front does not give the word away elsewhere in the sentence).

    Uses the tokens when they join back to the sentence; otherwise the first occurrence of
    the word in the sentence text."""
    return _sentence_html(word, _sentence_parts(word.sentence))[blank]


def _sentence_html(word: Word, parts: _SentenceParts) -> tuple[str, str]:
    """sentence_html(word) and sentence_html(word, blank=True), from _sentence_parts."""
    index = word.token_index
    heads, joined, starts = parts.heads, parts.html, parts.starts
    if 0 <= index < len(heads) and heads[index] == word.word:
        start, end = starts[index], starts[index + 1]
        head, tail = joined[:start], joined[end:]
        lit = f"{head}<span class=vd-hl>{joined[start:end]}</span>{tail}"
        if heads.count(word.word) > 1:  # blanked everywhere
            return lit, _blanked(word.word, heads, joined, starts)
        return lit, f"{head}<span class=vd-blank>{'＿' * len(word.word)}</span>{tail}"
    zh = word.sentence.pair.zh
    at = zh.find(word.word) if word.word else -1
    texts = (zh,) if at < 0 else (zh[:at], word.word, zh[at + len(word.word):])
    escaped = [html.escape(t) for t in texts]
    blanked = _blanked(word.word, texts, "".join(escaped), (0, *accumulate(map(len, escaped))))
    return (escaped[0] if at < 0 else f"{escaped[0]}<span class=vd-hl>{escaped[1]}</span>{escaped[2]}"), blanked


def _blanked(text: str, heads: tuple[str, ...], joined: str, starts: tuple[int, ...]) -> str:
    """`joined` with each piece whose head is `text` replaced by blanks."""
    out, done, at = [], 0, -1
    for _ in range(heads.count(text)):
        at = heads.index(text, at + 1)
        out += (joined[done:starts[at]], "<span class=vd-blank>", "＿" * len(text), "</span>")
        done = starts[at + 1]
    out.append(joined[done:])
    return "".join(out)  # `joined` itself when no piece is `text`


def english_html(word: Word, plain: bool = False) -> str:
    """The English sentence, escaped (`plain`: it needs no escaping), its span glossing the
    word (Word.en_span) in <span class=vd-gloss>."""
    en = word.sentence.pair.en
    span = word.en_span
    escape = _same if plain else html.escape
    if span is None or not (0 <= span[0] < span[1] <= len(en)):
        return escape(en)
    a, b = span
    return f"{escape(en[:a])}<span class=vd-gloss>{escape(en[a:b])}</span>{escape(en[b:])}"


def _same(text: str) -> str:
    return text


# What the Meaning field says after a meaning the input gave (Word.sense_reason).
GIVEN_LABELS = {GIVEN_BY_ARTICLE: "the article's gloss", GIVEN_BY_LIST: "word list"}


def meaning_html(word: Word) -> str:
    """The senses, "; "-separated; the sense this sentence uses, when the sentence decided
    it (Word.sense_reason), first and in <span class=vd-sense>; a meaning the input gave,
    first, followed by where it comes from: "national parks (the article's gloss); ..."."""
    senses = word.senses
    if not senses or word.sense_reason == "dictionary":
        return html.escape("; ".join(senses))  # escaping each sense and joining gives the same
    first = f"<span class=vd-sense>{html.escape(senses[0])}</span>"
    label = GIVEN_LABELS.get(word.sense_reason)
    if label:
        first += f" <i>({html.escape(label, quote=False)})</i>"
    return "; ".join((first, html.escape("; ".join(senses[1:])))) if len(senses) > 1 else first


def frequency_label(word: Word) -> str:
    """"2× in the article, Zipf 3.1": digits and fixed words, nothing HTML would change."""
    parts = []
    if word.count:
        parts.append(f"{word.count}× in the article" if word.count > 1 else "once in the article")
    if word.zipf is not None:
        parts.append(f"Zipf {word.zipf:.1f}")
    return ", ".join(parts)


def note_fields(word: Word, card_types: tuple[str, ...]) -> list[str]:
    """The note's fields, in FIELDS order, as HTML."""
    traditional = word.traditional if word.traditional and word.traditional != word.word else ""
    parts = _sentence_parts(word.sentence)
    values = (
        escape_token(word.word),  # Simplified
        escape_token(traditional),  # Traditional
        coloured_pinyin(word.pinyin, word.pinyin_marked),  # Pinyin
        html.escape(word.pinyin),  # PinyinNumbered
        meaning_html(word),  # Meaning
        ", ".join(map(classifier_html, word.classifiers)),  # Classifiers
        hsk_label(word.hsk_level),  # HSK
        frequency_label(word),  # Frequency
        *_sentence_html(word, parts),  # Sentence, SentenceBlanked
        highlighted(word, parts.pinyin),  # SentencePinyin
        english_html(word, parts.plain_english),  # SentenceEnglish
        escape_token(word.sentence.pair.location or word.source),  # Source: the episode and time of a subtitle
        *_card_flags(tuple(card_types)),  # RecognitionCard, RecallCard
    )
    # Fields go into a tab-separated file too: no tabs or line breaks inside a field. One
    # substitution over the joined fields (NUL never survives the reader) instead of 15,
    # and only when needed: four substring tests cost a tenth of one regex search. The
    # fields made from the sentence (most of the text) are tested once per sentence: the
    # markup added to them holds none of the characters.
    if parts.safe:
        short = "\0".join((*values[:8], values[12]))
        if not ("[" in short or "{{" in short or "}}" in short
                or "\t" in short or "\n" in short or "\r" in short or "\x1f" in short):
            return list(values)
    joined = "\0".join(values)
    changed = False
    if "[" in joined or "{{" in joined or "}}" in joined:
        joined, changed = _anki_inert(joined), True
    if "\t" in joined or "\n" in joined or "\r" in joined or "\x1f" in joined:
        joined, changed = _BREAKS.sub(" ", joined), True
    return joined.split("\0") if changed else list(values)


# Notes handed to a worker process at a time when several work out the fields (--jobs).
NOTES_BATCH = 512


def notes(words: Sequence[Word], card_types: tuple[str, ...], jobs: int = 1) -> Iterator[tuple[list[str], str]]:
    """Each word's note fields (note_fields) and GUID, in order. With jobs > 1 and more
    than one batch of words, worker processes forked from this one work them out, a batch
    at a time (the words reach them through the fork, not pickled): the same strings. The
    workers start at once, so that they work while the caller writes the rest of the deck;
    close the iterator (or exhaust it) to end them."""
    made = _notes(words, tuple(card_types), jobs)
    next(made)  # the workers are started
    return made


def _notes(words: Sequence[Word], card_types: tuple[str, ...], jobs: int) -> Iterator:
    spans = [(start, min(start + NOTES_BATCH, len(words))) for start in range(0, len(words), NOTES_BATCH)]
    with workers.Workers(jobs if len(spans) > 1 else 1, shared=(words, card_types)) as pool:
        # The first batch here, while the workers are forked and start on the next ones.
        results = pool.map_shared(_notes_of, spans, first_here=True)
        yield None
        for made in results:
            yield from made


def _notes_of(shared: tuple[Sequence[Word], tuple[str, ...]], span: tuple[int, int]) -> list[tuple[list[str], str]]:
    words, card_types = shared
    return [(note_fields(word, card_types), notetype.note_guid(word)) for word in words[span[0] : span[1]]]


_BREAKS = re.compile(r"[\t\r\n\x1f]+")
# Every character that _BREAKS or _ANKI_MARKUP may change.
_UNSAFE = re.compile(r"[\t\r\n\x1f\[{}]")
# Anki's own markup inside field text: [sound:file] plays a file of the user's media
# folder, [anki:...] drives text-to-speech, {{...}} looks like a template field. Text from
# the article must never become that: the bracket or brace becomes a character reference,
# which shows the same and which Anki's parsers do not match.
_ANKI_MARKUP = re.compile(r"\[(?=\s*(?:sound|anki|/anki)\s*:)|\{(?=\{)|(?<=\})\}", re.IGNORECASE)


def _anki_inert(text: str) -> str:
    return _ANKI_MARKUP.sub(lambda m: "&#91;" if m.group() == "[" else f"&#{ord(m.group())};", text)

# The card types' flag fields close the field list, in CARD_TYPES order.
_FLAGS = tuple(flag for _, flag in CARD_TYPES.values())
assert FIELDS[-len(_FLAGS):] == _FLAGS


@lru_cache(maxsize=None)
def _card_flags(card_types: tuple[str, ...]) -> tuple[str, ...]:
    """The flag fields' values: "y" for each card type the deck asks for."""
    return tuple("y" if name in card_types else "" for name in CARD_TYPES)
