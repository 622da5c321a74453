"""Words the input names as ones to learn (model.GivenWord): a teacher's word list
(Text.words) and the article's own glosses (Text.glosses: 国家公园（national parks）, or a
trailing 相关词汇 list). pipeline.py applies them at two points, and only when some text
gives words (`collect` is None otherwise, and nothing here runs):

  * segmentation (`segment`): each occurrence of a given word of two or more characters
    is one token; the text around it is segmented as usual. So a listed 示范田 is not cut
    into 示范 / 田, and a glossed 国家公园 is not split into its HSK words.
  * cards (`apply`): the given pinyin chooses the card's reading among CC-CEDICT's (行
    háng, not xíng); a pinyin CC-CEDICT does not have is used as given and flagged
    (Word.pinyin_reason). The given meaning comes first, marked as the article's gloss
    (sense_reason "article") or the word list's (sense_reason "list"), ahead of
    CC-CEDICT's senses. A given word CC-CEDICT lacks still becomes a card (select.py lets
    every given word through but a known one and, for an article's glosses, a name).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from vocabdeck.data import cedict
from vocabdeck.model import GIVEN_BY_ARTICLE, GIVEN_BY_LIST, NAME, WORD, GivenWord, SentencePair, Text, Token, Word
from vocabdeck.zh.pinyin import to_marks

WHY = {GIVEN_BY_ARTICLE: "the article's own gloss", GIVEN_BY_LIST: "the word list's meaning"}
# Word.pinyin_reason when the input's pinyin decided the reading.
GIVEN_READING = "given"
GIVEN_UNKNOWN = "given, not in CC-CEDICT"


@dataclass(frozen=True, slots=True)
class Given:
    """The run's given words, by their form in the article and in Simplified characters."""

    entries: dict[str, tuple[GivenWord, str]]  # word -> (entry, GIVEN_BY_ARTICLE or GIVEN_BY_LIST)
    # What the segmenter keeps whole (see `segment`); None when no given word has two
    # characters or more.
    whole: tuple[re.Pattern, dict[str, str]] | None


def collect(texts: Sequence[Text], simplified: Callable[[str], str | None]) -> Given | None:
    """The given words of these texts; None when they give none (the usual case)."""
    if not any(t.words or t.glosses for t in texts):
        return None
    entries: dict[str, tuple[GivenWord, str]] = {}
    simple: dict[str, str] = {}  # each form of a given word -> the Simplified form
    for text in texts:
        for origin, given in ((GIVEN_BY_LIST, text.words), (GIVEN_BY_ARTICLE, text.glosses)):
            for g in given:
                converted = simplified(g.word) or g.word
                for form in (g.word, converted):
                    entries.setdefault(form, (g, origin))
                    simple.setdefault(form, converted)
    long = sorted((w for w in simple if len(w) > 1), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, long))) if long else None
    return Given(entries, (pattern, simple) if pattern else None)


# ------------------------------------------------------------------------- segmentation
def segment(pairs: Sequence[SentencePair], cut: Callable, whole: tuple[re.Pattern, dict[str, str]] | None,
            written: Sequence[str] | None = None) -> list[tuple[Token, ...]]:
    """`cut(pairs)` (segment.segment), with every given word one token: the pieces
    between given words are segmented on their own; a given word is a WORD (a NAME when the
    segmenter alone makes it one name), in its Simplified form. `written` are the sentences
    as the article writes them when `pairs` hold them in Simplified characters (the same
    length): given words are found in what the article wrote.

    A two-character given word can also be two characters of neighbouring words (行人 in
    银行人员): where it would cut a dictionary word the segmenter finds there, it is not
    kept whole. Longer given words always are (示范田 is never 示范 / 田)."""
    if whole is None:
        return cut(pairs)
    pattern, simple = whole
    found = [[m for m in pattern.finditer(pair.zh if written is None else written[k])]
             for k, pair in enumerate(pairs)]
    doubtful = [k for k, matches in enumerate(found) if any(m.end() - m.start() == 2 for m in matches)]
    for k, tokens in zip(doubtful, cut([pairs[k] for k in doubtful]) if doubtful else ()):
        found[k] = [m for m in found[k] if m.end() - m.start() > 2 or not _cuts_a_word(tokens, m.start(), m.end())]
    plans: list[list] = []  # per sentence: piece numbers (segmented) and given words (kept)
    pieces: list[SentencePair] = []
    for pair, matches in zip(pairs, found):
        plan: list = []
        at = 0
        for m in matches:
            if m.start() > at:
                plan.append(len(pieces))
                pieces.append(replace(pair, zh=pair.zh[at : m.start()]))
            word = simple[m.group()]
            plan.append(word if len(word) == m.end() - m.start() else pair.zh[m.start() : m.end()])
            at = m.end()
        if at < len(pair.zh) or not plan:
            plan.append(len(pieces))
            pieces.append(replace(pair, zh=pair.zh[at:]) if at else pair)
        plans.append(plan)
    words = sorted({p for plan in plans for p in plan if isinstance(p, str)})
    done = cut(pieces + [SentencePair(0, w) for w in words])
    kinds = {w: tokens[0].kind if len(tokens) == 1 and tokens[0].kind == NAME else WORD
             for w, tokens in zip(words, done[len(pieces):])}
    return [tuple(t for p in plan for t in ((Token(p, kinds[p]),) if isinstance(p, str) else done[p]))
            for plan in plans]


def _cuts_a_word(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether a word of two or more characters (a dictionary word or a name) runs across
    `start` or `end` of the sentence."""
    at = 0
    for token in tokens:
        after = at + len(token.text)
        if (at < start < after or at < end < after) and token.kind in (WORD, NAME) and len(token.text) > 1:
            return True
        at = after
    return False


# ------------------------------------------------------------------------------ cards
def apply(words: list[Word], given: Given | None) -> list[Word]:
    """The words with the given readings and meanings applied (module docstring)."""
    if given is None:
        return words
    out = list(words)
    by_head: dict[str, list[int]] = {}
    for i, w in enumerate(out):
        if w.word in given.entries or w.traditional in given.entries:
            by_head.setdefault(w.word, []).append(i)
    for head, at in by_head.items():
        w0 = out[at[0]]
        entry, origin = given.entries.get(head) or given.entries[w0.traditional]
        chosen = at
        if entry.pinyin:
            reading, known = reading_of(entry.pinyin, head)
            same = [i for i in at if out[i].pinyin == reading]
            chosen = same or [max(at, key=lambda i: out[i].count)]
            if not same:
                out[chosen[0]] = _reread(out[chosen[0]], reading, known, entry.pinyin)
            else:
                out[same[0]] = replace(out[same[0]], pinyin_reason=GIVEN_READING if known else GIVEN_UNKNOWN)
        for i in chosen:
            out[i] = _given(out[i], entry, origin)
    return out


def _reread(word: Word, reading: str | None, known: bool, written: str) -> Word:
    """The word read as the input says, in its sentence too: a CC-CEDICT reading with that
    reading's senses; otherwise the pinyin as written, with the senses of the reading in
    context."""
    if reading is None:
        return replace(word, pinyin_marked=written, pinyin_reason=GIVEN_UNKNOWN)
    tokens = list(word.sentence.tokens)
    tokens[word.token_index] = replace(tokens[word.token_index], reading=reading)
    word = replace(word, pinyin=reading, pinyin_marked=to_marks(reading), en_span=None,
                   sentence=replace(word.sentence, tokens=tuple(tokens)))
    if not known:
        return replace(word, pinyin_reason=GIVEN_UNKNOWN)
    senses, classifiers, traditional = cedict.senses_for(word.word, reading, common_only=True)
    marked = next((e.pinyin_marked.lower() for e in cedict.lookup(word.word) if e.pinyin.lower() == reading),
                  word.pinyin_marked)
    return replace(word, pinyin_marked=marked, senses=senses or word.senses, classifiers=classifiers,
                   traditional=word.traditional or traditional, sense_reason="dictionary", sense_why="",
                   pinyin_reason=GIVEN_READING)


def _given(word: Word, entry: GivenWord, origin: str) -> Word:
    """The given meaning first (once), marked as given; the word named as given. A word
    with no meaning at all (no entry, none given) is explained by its parts."""
    if not entry.meaning:
        if not word.senses and (parts := parts_meaning(word.word)):
            return replace(word, given=origin, fragment=False, senses=(parts,),
                           sense_why="not in CC-CEDICT: the meanings of its parts")
        return replace(word, given=origin, fragment=False)
    meaning = entry.meaning
    rest = tuple(s for s in word.senses if s.casefold() != meaning.casefold())
    return replace(word, given=origin, fragment=False, senses=(meaning, *rest), sense_reason=origin,
                   sense_why=WHY[origin])


def parts_meaning(word: str) -> str:
    """A word CC-CEDICT lacks, as the CC-CEDICT words it is made of (longest first from the
    left) with their first senses: 示范田 -> "示范 (to demonstrate) + 田 (field)"; "" when a
    part is in no entry."""
    found = cedict.lookup_many({word[i:j] for i in range(len(word)) for j in range(i + 1, len(word) + 1)})
    parts, i = [], 0
    while i < len(word):
        j = next((j for j in range(len(word) - (i == 0), i, -1) if found.get(word[i:j])), None)
        if j is None:
            return ""
        senses = next((e.senses for e in found[word[i:j]] if e.senses and not e.reference_only), ())
        if not senses:
            return ""
        parts.append(f"{word[i:j]} ({senses[0]})")
        i = j
    return " + ".join(parts) if len(parts) > 1 else ""


# ---------------------------------------------------------------------------- pinyin
_TONE_OF_MARK = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
_INITIALS = ("zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsyw", "")
_FINALS = ("iang", "iong", "uang", "ueng", "ang", "eng", "ing", "ong", "uan", "ian", "iao", "uai", "van",
           "ai", "ei", "ao", "ou", "an", "en", "in", "un", "vn", "ia", "ie", "iu", "ua", "uo", "ue", "ve",
           "ui", "er", "a", "o", "e", "i", "u", "v")
# Every initial with every final: a superset of pinyin's syllables, enough to find where
# the syllables of a word's pinyin begin.
_SYLLABLES = frozenset(i + f for i in _INITIALS for f in _FINALS)


def numbered(written: str, count: int) -> str | None:
    """Pinyin as a person writes it ("guójiā gōngyuán", "wei4xing1", "Xī'ān") as `count`
    numbered syllables ("guo2 jia1 gong1 yuan2"); None when it cannot be split so.
    Syllables without a tone get 5 (so "weixing" is "wei5 xing5")."""
    letters: list[str] = []
    tones: dict[int, str] = {}  # letter index -> tone digit, for the syllable holding it
    breaks = {0}  # where a syllable must start: after a space, an apostrophe, a tone digit
    for ch in unicodedata.normalize("NFD", written.lower()):
        if ch in _TONE_OF_MARK and letters:
            tones[len(letters) - 1] = _TONE_OF_MARK[ch]
        elif ch == "\u0308" and letters:  # ü
            letters[-1] = "v"
        elif ch in "12345" and letters:
            tones[len(letters) - 1] = ch
            breaks.add(len(letters))
        elif "a" <= ch <= "z":
            letters.append(ch)
        else:
            breaks.add(len(letters))
    plain = "".join(letters)
    cuts = _split(plain, count, 0, frozenset(breaks), frozenset(tones))
    if cuts is None:
        return None
    out, start = [], 0
    for end in cuts:
        tone = next((tones[i] for i in range(start, end) if i in tones), "5")
        out.append(plain[start:end] + tone)
        start = end
    return " ".join(out)


def _split(plain: str, count: int, start: int, breaks: frozenset[int], toned: frozenset[int]) -> list[int] | None:
    """Ends of `count` pinyin syllables that make up plain[start:], longest first: none
    across a break, at most one tone each, none starting with a, e or o but after a break
    (pinyin writes Xī'ān, not Xīān)."""
    if count == 0:
        return [] if start == len(plain) else None
    if start == len(plain) or start not in breaks and plain[start] in "aeo":
        return None
    for end in range(min(len(plain), start + 6), start, -1):
        if (plain[start:end] in _SYLLABLES and not any(b in breaks for b in range(start + 1, end))
                and sum(i in toned for i in range(start, end)) <= 1):
            rest = _split(plain, count - 1, end, breaks, toned)
            if rest is not None:
                return [end, *rest]
    return None


def reading_of(written: str, word: str) -> tuple[str | None, bool]:
    """The CC-CEDICT reading of `word` that the given pinyin names, and True; else the given
    pinyin in numbers (None if it cannot be read), and False. A syllable CC-CEDICT leaves
    unstressed (tone 5) matches any tone; given pinyin without tones matches any reading
    with those syllables."""
    syllables = sum(1 for ch in word if not ch.isspace())
    given = numbered(written, syllables)
    if given is None:
        return None, False
    toneless = all(s.endswith("5") for s in given.split())
    for reading in cedict.readings(word):
        dict_syllables = reading.split()
        if len(dict_syllables) == len(given.split()) and all(
            d == g or d[:-1] == g[:-1] and (d.endswith("5") or toneless)
            for d, g in zip(dict_syllables, given.split())
        ):
            return reading, True
    return given, False
