"""A sentence in tone-marked pinyin, one written word per token, punctuation kept: the
SentencePinyin field and the JSON records' "sentence_pinyin"."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter

from vocabdeck.decks.escape import escape_token
from vocabdeck.model import NAME, Sentence, Token, Word
from vocabdeck.session import current
from vocabdeck.zh.pinyin import reading_runs, syllable_marks
from vocabdeck.zh.script import HAN_RUN, visible


@lru_cache(maxsize=16384)  # every card spells its whole sentence: words repeat a lot
def word_pinyin(numbered: str) -> str:
    """Tone-marked pinyin of a word written as one word: "zu3 nao2" -> "zǔnáo", with an
    apostrophe before a syllable that starts with a, o or e ("xi1 an1" -> "xī'ān")."""
    syllables = numbered.split()
    if not syllables:
        return ""
    first, *rest = map(syllable_marks, syllables)
    for syl in rest:
        first += f"'{syl}" if syl[:1] in _APOSTROPHE_BEFORE else syl
    return first


# The first letters, in either case, of a syllable that follows another with an apostrophe.
_APOSTROPHE_BEFORE = frozenset("aāáǎàoōóǒòeēéěè" + "aāáǎàoōóǒòeēéěè".upper())


def pinyin_layout(sentence: Sentence, markup: bool) -> tuple[str, tuple[int, ...], tuple[int, ...], bool]:
    """The sentence's pinyin as pieces joined (each piece with the space before it), where
    each piece starts in it (and where the last one ends), for each token the position of
    its piece (-1 for a token without a reading), and whether any token has a reading."""
    tokens = sentence.tokens
    shown = current().shown[markup]
    # Keyed by the token's id, not by the token: hashing a Token costs more than the rest
    # of its turn here (equal tokens are one object, pipeline.py). The entry holds the
    # token, which keeps its id from going to another object while the entry is there.
    got = list(map(shown.get, map(id, tokens)))
    if None in got:
        for at, token in enumerate(tokens):
            if got[at] is None:
                got[at] = (token, *_token_pinyin(token, markup))
                if len(shown) < 100_000:
                    shown[id(token)] = got[at]
    pieces: list[str] = []
    where: list[int] = []
    last_opens = True  # nothing before the first piece: no space
    joined = False  # the last token ends in text the next one may continue (B-29, １９９８年)
    doubled = _reduplication_tails(tokens)
    for at, (_, reads, bare, spaced, closes, opens, joins_left, joins_right) in enumerate(got):
        if reads:
            where.append(len(pieces))
        else:
            where.append(-1)
            if not bare:  # whitespace: the text before it has ended
                joined = False
                continue
        pieces.append(bare if closes or last_opens or joined and joins_left or at in doubled else spaced)
        last_opens, joined = opens, joins_right
    return "".join(pieces), (0, *accumulate(map(len, pieces))), tuple(where), any(at >= 0 for at in where)


_AABB = re.compile(r"(\w)\1(\w)\2")
_TEXT = attrgetter("text")


def _reduplication_tails(tokens: tuple[Token, ...]) -> frozenset[int]:
    """Tokens that continue an AABB reduplication the segmenter cut inside AB (干|干净|净,
    干|干|净|净): one written word, gāngānjìngjìng, not "gān gānjìng jìng"."""
    if not _AABB.search("".join(map(_TEXT, tokens))):  # most sentences
        return frozenset()
    tails: set[int] = set()
    for i, first in enumerate(tokens):
        text = first.text
        for j in range(i + 1, min(len(tokens), i + 4)):
            text += tokens[j].text
            if len(text) > 4 or not tokens[j].reading:
                break
            # Two words AA and BB (谢谢|妈妈) are two words; a cut inside AB is not.
            if (len(text) == 4 and text[0] == text[1] != text[2] == text[3] and len(first.text) != 2
                    and first.reading and HAN_RUN.fullmatch(text)):
                tails.update(range(i + 1, j + 1))
                break
    return frozenset(tails)


def _token_pinyin(token: Token, markup: bool) -> tuple[bool, str, str, bool, bool, bool, bool]:
    """How a token shows in a sentence's pinyin: (whether it has a reading, its piece, the
    piece after a space, whether it closes (no space before it; never for a token with a
    reading), whether no space may follow it, whether it starts and whether it ends with a
    character written against its neighbour); its piece is "" when it shows nothing."""
    if token.reading and HAN_RUN.fullmatch(token.text):  # most tokens: _plain_pinyin's first case
        text = word_pinyin(token.reading)
        if token.kind == NAME:
            text = text[:1].upper() + text[1:]
        piece = escape_token(text) if markup else text
        return True, piece, " " + piece, False, not text or text.endswith(_OPENING), False, False
    text, closes, opens, joins_left, joins_right = _plain_pinyin(token)
    piece = escape_token(text) if markup else text
    reads = bool(token.reading)
    return reads, piece, " " + piece, closes and not reads, opens, joins_left, joins_right


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
    if token.kind == NAME and token.reading:
        # Proper names are capitalised in pinyin (Běijīng), each part of a name written with
        # a separating dot too (埃马纽埃尔·马克龙: Āimǎniǔ'āi'ěr · Mǎkèlóng).
        text = " ".join(part[:1].upper() + part[1:] for part in text.split(" "))
    return text, bool(_CLOSING.match(text)), not text or text.endswith(_OPENING), joins_left, joins_right


_OPENING = (" ", "“", "‘", "(", "《")  # no space after these


# Characters that jieba separates but the text writes together: Latin text (B-29, 10:01,
# LDP's) and the two halves of the dashes and ellipses —— and …….
_WRITTEN_TOGETHER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-./:%+#&_'—…")

# Every token's pinyin piece, with markup and without, shared by all sentences that hold
# it, is kept for the run in Session.shown.


def sentence_pinyin(word: Word, *, markup: bool = True) -> str:
    """The sentence in tone-marked pinyin, one written word per token, punctuation kept.

    Empty when the tokens carry no readings."""
    return highlighted(word, _pinyin_layout(word.sentence, markup), markup)


# Several cards often show one sentence. decks/fields.py keeps the layouts with its own
# per-sentence work.
_pinyin_layout = lru_cache(maxsize=16384)(pinyin_layout)


def highlighted(word: Word, layout: tuple[str, tuple[int, ...], tuple[int, ...], bool], markup: bool = True) -> str:
    """sentence_pinyin(word, markup=markup) from its sentence's pinyin_layout."""
    text, starts, where, read = layout
    if not read:  # no token has a reading
        return ""
    at = where[word.token_index] if markup and 0 <= word.token_index < len(where) else -1
    if at < 0:
        return text.strip()
    end = starts[at + 1]
    word_piece = text[starts[at]:end].lstrip(" ")
    return f"{text[:end - len(word_piece)]}<span class=vd-hl>{word_piece}</span>{text[end:]}".strip()


_CLOSING = re.compile(r"^[,.;:!?)\]”’»%]")
_PUNCT = str.maketrans({
    "，": ",", "。": ".", "、": ",", "；": ";", "：": ":", "！": "!", "？": "?",
    "（": "(", "）": ")", "“": "“", "”": "”", "《": "«", "》": "»", "—": "—",
    # Full-width digits and letters (１９９８, ＡＰＥＣ), as the pinyin around them is written.
    **{chr(wide): chr(wide - 0xFEE0) for wide in range(0xFF10, 0xFF5B) if chr(wide - 0xFEE0).isalnum()},
})


def _ascii_punctuation(text: str) -> str:
    return text.translate(_PUNCT)
