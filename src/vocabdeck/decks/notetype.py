"""The Anki note type, and the HTML of each note field built from a Word.

The note type's ID, name and field list are frozen: Anki recognises a note type by its ID
and forks a new one ("vocabdeck word v1-xxxxx") on import when fields differ, which would
split a learner's collection. A change of fields means a new ID and a new name ("v2").

Every piece of text taken from the article or the dictionary is passed through
html.escape before any markup is added, so an article that contains "<script>" shows that
text on the card and never runs it. Markup added here uses unquoted attribute values
(<span class=tone3>) so a field never contains a double quote, which Anki's text importer
would take for a CSV quote.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib
import re
import sys
import types
from functools import lru_cache
from importlib import resources

from vocabdeck.model import NAME, Sentence, Token, Word
from vocabdeck.zh.pinyin import reading_runs, syllable_marks, tone_of
from vocabdeck.zh.script import HAN_RUN, visible

# Picked at random once (random.randrange(1 << 30, 1 << 31)); never change it.
MODEL_ID = 1875268477
NOTETYPE_NAME = "vocabdeck word v1"

FIELDS = (
    "Simplified",  # the headword; first field, so Anki sorts and checks duplicates on it
    "Traditional",  # traditional form, only when it differs from the simplified one
    "Pinyin",  # tone-marked syllables, each in <span class=toneN>
    "PinyinNumbered",  # "zu3 nao2", ü as v: plain text for searching and sorting
    "Meaning",  # the dictionary senses, "; "-separated
    "Classifiers",  # measure words with tone-coloured pinyin
    "HSK",  # "HSK 5", "HSK 7-9", or empty when on no list
    "Frequency",  # occurrences in the article and the Zipf frequency
    "Sentence",  # the article sentence, the word in <span class=vd-hl>
    "SentenceBlanked",  # the same sentence with the word replaced by blanks (Recall front)
    "SentencePinyin",  # the sentence in tone-marked pinyin, the word highlighted
    "SentenceEnglish",  # its English translation, the glossing words in <span class=vd-gloss>
    "Source",  # the article title
    "RecognitionCard",  # "y" when the deck asks for Recognition cards, else empty
    "RecallCard",  # "y" when the deck asks for Recall cards, else empty
)

# Card type name (as given to --cards) -> (template name, flag field that switches it on).
# Anki makes no card whose front renders empty, and each front is wrapped in its flag's
# section, so an empty flag means no card of that type.
CARD_TYPES = {
    "recognition": ("Recognition", "RecognitionCard"),
    "recall": ("Recall", "RecallCard"),
}
_TEMPLATE_FILES = {
    "Recognition": ("recognition_front.html", "recognition_back.html"),
    "Recall": ("recall_front.html", "recall_back.html"),
}


@lru_cache(maxsize=None)
def _template_text(name: str) -> str:
    return resources.files("vocabdeck.decks").joinpath("templates", name).read_text(encoding="utf-8")


def templates() -> list[dict]:
    """The card templates in genanki's form, in the order of CARD_TYPES (card ords 0, 1)."""
    return [
        {"name": name, "qfmt": _template_text(front), "afmt": _template_text(back)}
        for name, (front, back) in _TEMPLATE_FILES.items()
    ]


def css() -> str:
    return _template_text("style.css")


# --------------------------------------------------------------------------- pinyin
def marked_syllables(numbered: str, marked: str = "") -> list[tuple[str, int]]:
    """(tone-marked syllable, tone) pairs for a numbered reading.

    `marked` is used when it has one syllable per numbered syllable (it is what the lookup
    stage chose to show); otherwise each syllable is converted here.
    """
    nums = numbered.split()
    marks = marked.split()
    if len(marks) != len(nums):
        marks = [syllable_marks(s) for s in nums]
    return [(m, tone_of(n)) for n, m in zip(nums, marks)]


def coloured_pinyin(numbered: str, marked: str = "", sep: str = " ") -> str:
    return sep.join(
        f"<span class=tone{tone}>{html.escape(syl)}</span>"
        for syl, tone in marked_syllables(numbered, marked)
    )


@lru_cache(maxsize=16384)  # every card spells its whole sentence: words repeat a lot
def word_pinyin(numbered: str) -> str:
    """Tone-marked pinyin of a word written as one word: "zu3 nao2" -> "zǔnáo", with an
    apostrophe before a syllable that starts with a, o or e ("xi1 an1" -> "xī'ān")."""
    out = ""
    for i, (syl, _) in enumerate(marked_syllables(numbered)):
        if i and syl[:1].lower() in "aāáǎàoōóǒòeēéěè":
            out += "'"
        out += syl
    return out


# --------------------------------------------------------------------------- fields
_CLASSIFIER = re.compile(r"^(?:[^|\[]+\|)?([^|\[]+)\[([^\]]+)\]$")


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


_ESCAPED: dict[str, str] = {}  # token text -> HTML: tokens repeat, escaping each costs 1 µs


def _escape_token(text: str) -> str:
    out = _ESCAPED.get(text)
    if out is None:
        out = html.escape(visible(text))
        if len(_ESCAPED) < 100_000:
            _ESCAPED[text] = out
    return out


# Per-sentence work is cached: several cards often show one sentence. The cache holds
# every sentence of a long article (cards come in word order, not sentence order, and a
# smaller cache thrashed on 1 MB of news).
@lru_cache(maxsize=16384)
def _token_html(sentence: Sentence) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sentence's token texts, and each token escaped."""
    texts = tuple(t.text for t in sentence.tokens)
    return texts, tuple(map(_escape_token, texts))


def sentence_html(word: Word, *, blank: bool = False) -> str:
    """The sentence, escaped, with the word highlighted (or blanked: every occurrence, so
    the Recall front does not give the word away elsewhere in the sentence).

    Uses the tokens when they join back to the sentence; otherwise the first occurrence of
    the word in the sentence text."""
    tokens = word.sentence.tokens
    if 0 <= word.token_index < len(tokens) and tokens[word.token_index].text == word.word:
        texts, escaped = _token_html(word.sentence)
        parts, index = list(escaped), word.token_index
    else:
        zh = word.sentence.pair.zh
        at = zh.find(word.word) if word.word else -1
        texts = (zh,) if at < 0 else (zh[:at], word.word, zh[at + len(word.word):])
        parts, index = [html.escape(t) for t in texts], (1 if at >= 0 else -1)
    if blank:
        blanked = "<span class=vd-blank>" + "＿" * len(word.word) + "</span>"
        for i, text in enumerate(texts):
            if text == word.word:
                parts[i] = blanked
    elif index >= 0:
        parts[index] = f"<span class=vd-hl>{parts[index]}</span>"
    return "".join(parts)


@lru_cache(maxsize=16384)
def _pinyin_layout(sentence: Sentence, markup: bool) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The pieces of the sentence's pinyin (each with the space before it) and, for each
    token, the position of its piece (-1 for a token without a reading)."""
    pieces: list[str] = []
    where: list[int] = []
    shown = _SHOWN[markup]
    last_opens = True  # nothing before the first piece: no space
    joined = False  # the last token ends in text the next one may continue (B-29, １９９８年)
    for token in sentence.tokens:
        got = shown.get(token)
        if got is None:
            got = _token_pinyin(token, markup)
            if len(shown) < 100_000:
                shown[token] = got
        bare, spaced, closes, opens, joins_left, joins_right = got
        glued = joined and joins_left
        if token.reading:
            where.append(len(pieces))
            pieces.append(bare if last_opens or glued else spaced)
        else:
            where.append(-1)
            if not bare:  # whitespace: the text before it has ended
                joined = False
                continue
            pieces.append(bare if closes or last_opens or glued else spaced)
        last_opens, joined = opens, joins_right
    return tuple(pieces), tuple(where)


def _token_pinyin(token: Token, markup: bool) -> tuple[str, str, bool, bool, bool, bool]:
    """How a token shows in a sentence's pinyin: (its piece, the piece after a space,
    whether it closes (no space before it), whether no space may follow it, whether it
    starts and whether it ends with a character written against its neighbour); its piece
    is "" when it shows nothing."""
    text, closes, opens, joins_left, joins_right = _plain_pinyin(token)
    piece = _escape_token(text) if markup else text
    return piece, " " + piece, closes, opens, joins_left, joins_right


def _plain_pinyin(token: Token) -> tuple[str, bool, bool, bool, bool]:
    """_token_pinyin's piece unescaped, with its flags."""
    if token.reading and HAN_RUN.fullmatch(token.text):  # most tokens
        text = word_pinyin(token.reading)
        joins_left = joins_right = False
    else:
        seen = visible(token.text)
        written = _ascii_punctuation(seen.strip())
        if token.reading:
            # Digits and letters inside a token stay as written: 6月 is "6 yuè".
            text = " ".join(
                word_pinyin(reading) if reading else _ascii_punctuation(run.strip())
                for run, reading in reading_runs(seen, token.reading)
            ).strip()
        else:
            text = written
        # jieba cuts B-29, 10:01, LDP's and １９９８年 apart; they are written as they were.
        joins_left, joins_right = written[:1] in _WRITTEN_TOGETHER, written[-1:] in _WRITTEN_TOGETHER
    if token.kind == NAME and token.reading:  # proper names are capitalised in pinyin: Běijīng
        text = text[:1].upper() + text[1:]
    return (text, bool(_CLOSING.match(text)), not text or text.endswith((" ", "“", "‘", "(", "《")),
            joins_left, joins_right)


# Characters that jieba separates but the text writes together: Latin text (B-29, 10:01,
# LDP's) and the two halves of the dashes and ellipses —— and …….
_WRITTEN_TOGETHER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-./:%+#&_'—…")

# Every token's pinyin piece, with markup and without, shared by all sentences that hold it.
_SHOWN: dict[bool, dict[Token, tuple[str, str, bool, bool, bool, bool]]] = {True: {}, False: {}}


def sentence_pinyin(word: Word, *, markup: bool = True) -> str:
    """The sentence in tone-marked pinyin, one written word per token, punctuation kept.

    Empty when the tokens carry no readings."""
    pieces, where = _pinyin_layout(word.sentence, markup)
    if not any(at >= 0 for at in where):  # no token has a reading
        return ""
    at = where[word.token_index] if markup and 0 <= word.token_index < len(where) else -1
    if at < 0:
        return "".join(pieces).strip()
    piece = pieces[at]
    word_piece = piece.lstrip(" ")
    highlighted = f"{piece[: len(piece) - len(word_piece)]}<span class=vd-hl>{word_piece}</span>"
    return "".join((*pieces[:at], highlighted, *pieces[at + 1 :])).strip()


_CLOSING = re.compile(r"^[,.;:!?)\]”’»%]")
_PUNCT = str.maketrans({
    "，": ",", "。": ".", "、": ",", "；": ";", "：": ":", "！": "!", "？": "?",
    "（": "(", "）": ")", "“": "“", "”": "”", "《": "«", "》": "»", "—": "—",
    # Full-width digits and letters (１９９８, ＡＰＥＣ), as the pinyin around them is written.
    **{chr(wide): chr(wide - 0xFEE0) for wide in range(0xFF10, 0xFF5B) if chr(wide - 0xFEE0).isalnum()},
})


def _ascii_punctuation(text: str) -> str:
    return text.translate(_PUNCT)


def english_html(word: Word) -> str:
    en = word.sentence.pair.en
    span = word.en_span
    if span is None or not (0 <= span[0] < span[1] <= len(en)):
        return html.escape(en)
    a, b = span
    return (
        html.escape(en[:a])
        + f"<span class=vd-gloss>{html.escape(en[a:b])}</span>"
        + html.escape(en[b:])
    )


def meaning_html(word: Word) -> str:
    """The senses, "; "-separated; the sense this sentence uses, when the sentence decided
    it (Word.sense_reason), first and in <span class=vd-sense>."""
    senses = [html.escape(s) for s in word.senses]
    if senses and word.sense_reason != "dictionary":
        senses[0] = f"<span class=vd-sense>{senses[0]}</span>"
    return "; ".join(senses)


def frequency_label(word: Word) -> str:
    parts = []
    if word.count:
        parts.append(f"{word.count}× in the article" if word.count > 1 else "once in the article")
    if word.zipf is not None:
        parts.append(f"Zipf {word.zipf:.1f}")
    return ", ".join(parts)


def note_fields(word: Word, card_types: tuple[str, ...]) -> list[str]:
    """The note's fields, in FIELDS order, as HTML."""
    traditional = word.traditional if word.traditional and word.traditional != word.word else ""
    values = (
        _escape_token(word.word),  # Simplified
        _escape_token(traditional),  # Traditional
        coloured_pinyin(word.pinyin, word.pinyin_marked),  # Pinyin
        html.escape(word.pinyin),  # PinyinNumbered
        meaning_html(word),  # Meaning
        ", ".join(map(classifier_html, word.classifiers)),  # Classifiers
        hsk_label(word.hsk_level),  # HSK
        html.escape(frequency_label(word)),  # Frequency
        sentence_html(word),  # Sentence
        sentence_html(word, blank=True),  # SentenceBlanked
        sentence_pinyin(word),  # SentencePinyin
        english_html(word),  # SentenceEnglish
        _escape_token(word.source),  # Source
        *_card_flags(tuple(card_types)),  # RecognitionCard, RecallCard
    )
    # Fields go into a tab-separated file too: no tabs or line breaks inside a field. One
    # substitution over the joined fields (NUL never survives the reader) instead of 15,
    # and only when needed: four substring tests cost a tenth of one regex search.
    joined = "\0".join(values)
    if "\t" in joined or "\n" in joined or "\r" in joined or "\x1f" in joined:
        return _BREAKS.sub(" ", joined).split("\0")
    return list(values)


_BREAKS = re.compile(r"[\t\r\n\x1f]+")

# The card types' flag fields close the field list, in CARD_TYPES order.
_FLAGS = tuple(flag for _, flag in CARD_TYPES.values())
assert FIELDS[-len(_FLAGS):] == _FLAGS


@lru_cache(maxsize=None)
def _card_flags(card_types: tuple[str, ...]) -> tuple[str, ...]:
    """The flag fields' values: "y" for each card type the deck asks for."""
    return tuple("y" if name in card_types else "" for name in CARD_TYPES)


def note_guid(word: Word) -> str:
    """The same word with the same reading is the same note in every vocabdeck deck."""
    return import_genanki().guid_for("vocabdeck", word.word, word.pinyin)


def deck_id(name: str) -> int:
    """A stable deck ID from the deck name, in the range genanki recommends (2^30..2^31)."""
    digest = hashlib.sha256(("vocabdeck deck\x1f" + name).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def import_genanki():
    """Import genanki without the cost of two imports it does not need here.

    * genanki takes `cached_property` from the PyPI backport, which imports asyncio (and
      ssl) for async properties genanki never uses: 46 ms of a 0.6 s build, measured with
      `python -X importtime`. The standard library's functools.cached_property behaves the
      same for genanki's plain properties.
    * genanki's Model reads YAML only when given fields or templates as YAML text; ours
      are lists. Importing PyYAML costs 20-25 ms (its module and the regular expressions
      it compiles), so genanki gets a `yaml` whose full_load imports the real one when
      called.

    The stand-ins are in the module table only while genanki loads, so anyone else
    importing either module afterwards gets the real one.
    """
    if "genanki" in sys.modules:
        return sys.modules["genanki"]
    stand_ins = {"cached_property": types.ModuleType("cached_property"), "yaml": types.ModuleType("yaml")}
    stand_ins["cached_property"].cached_property = functools.cached_property
    stand_ins["yaml"].full_load = _full_load
    added = [name for name in stand_ins if name not in sys.modules]
    sys.modules.update((name, stand_ins[name]) for name in added)
    try:
        return importlib.import_module("genanki")
    finally:
        for name in added:
            del sys.modules[name]


def _full_load(stream):
    return importlib.import_module("yaml").full_load(stream)
