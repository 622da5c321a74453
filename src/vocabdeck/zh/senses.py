"""Which sense of a word its sentence uses, and which English words translate it.

A card shows the sense of this sentence first, then the others in learner order. The sense
is chosen, in this order:

1. a context rule, where the sentence itself decides (将 before an object and a verb marks
   the object like 把; 称 after a subject "states"; a measure word after a number or 这/那
   is a classifier);
2. the aligned English sentence: the first sense (learner order) whose words are found in
   it, stemmed, unless another word of the same Chinese sentence translates those English
   words better (作为 "one's conduct" must not take "conductor", the translation of 指挥家);
3. the dictionary's learner order.

The same matching marks the English word(s) that gloss the card's word (`Choice.span`):
whole English words only, never the words of a cross-reference ("see 可汗"), never a word
that another Chinese word of the sentence claims.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from vocabdeck.model import NAME, NUMBER, Token
from vocabdeck.zh.script import HAN_RANGES
from vocabdeck.zh.stem import FILLER, stem
from vocabdeck.zh.stem import STOP as FUNCTION_WORDS

# Why a sense came first (Word.sense_reason).
ENGLISH = "english"  # its words are in the aligned English sentence
CONTEXT = "context"  # a rule on the Chinese sentence
DICTIONARY = "dictionary"  # learner order: nothing in the sentence decided


@dataclass(frozen=True, slots=True)
class Choice:
    senses: tuple[str, ...]  # the chosen sense first, then the others in learner order
    reason: str  # ENGLISH, CONTEXT or DICTIONARY
    why: str  # for people: the English words matched, or the rule applied
    span: tuple[int, int] | None  # the English words that gloss the word, if any


# ------------------------------------------------------------------------ English words
# Words that carry no meaning of their own in a definition ("to", "a", "sb"...). A phrase
# needs at least one other word (of 3+ letters) to match.
# Broader than the filler words of zh/stem.py: a phrase found by "all", "this" or "have"
# alone would mark words that translate nothing in particular.
STOP = FILLER | frozenset(
    "somebody were been onto so such this that these those than then but has have had his "
    "her their our your who what which when where how all any some one ones esp e.g i.e".split()
)
# Words in a definition that stand for any words of the sentence: "to take sb to court".
_SLOT = frozenset("sb sth one's oneself someone something somebody".split())
# Words a definition starts with that an English sentence need not have ("to weigh").
_LEADING = _SLOT | {"to", "a", "an", "the", "be"}
_PAREN = re.compile(r"\([^()]*\)|\[[^\]]*\]|（[^）]*）")
_HAN = re.compile(f"[{HAN_RANGES}|]")
# A word of an English sentence: letters and digits together, so that "26th" is one word
# and never yields "th"; only words without digits can match.
_EN_WORD = re.compile(r"[A-Za-z0-9]+")
_DEF_WORD = re.compile(r"[A-Za-z0-9]+(?:'s)?")
# Derivations that keep a one-word sense's meaning ("obstruct" glosses "obstruction",
# "treaty" does not gloss "treatment"): the endings the evaluation's matcher also accepts.
_DERIVED = ("er", "ers", "or", "ors", "al", "ally", "ion", "ions", "ation", "ations", "ment", "ments", "ly")


def _key(word: str) -> str:
    """The form an English word is matched by: its stem (zh/stem.py), unless stemming left
    fewer than three letters of a longer word ("weed" is not "we")."""
    key = stem(word)
    return key if len(key) >= 3 or len(word) < 3 else word.lower()


@dataclass(frozen=True, slots=True)
class _English:
    tokens: tuple[tuple[int, int, str], ...]  # (start, end, stem); stem "" for a word with digits
    at: dict  # stem -> indexes of the tokens with that stem


@lru_cache(maxsize=4096)
def english_words(english: str) -> _English:
    """The words of an English sentence. An acronym (US, JSDF) keeps its capitals, so that
    no definition word matches it ("to use" is not "US")."""
    tokens = []
    for m in _EN_WORD.finditer(english):
        w = m.group()
        if not w.isalpha():
            key = ""
        elif w.isupper() and len(w) > 1:
            key = w
        else:
            key = _key(w)
        tokens.append((m.start(), m.end(), key))
    at: dict[str, list[int]] = {}
    for i, (_, _, key) in enumerate(tokens):
        if key:
            at.setdefault(key, []).append(i)
    return _English(tuple(tokens), at)


@lru_cache(maxsize=1 << 16)
def phrases(sense: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The phrases a sense can be found by, each as its parts (stems of consecutive words;
    parts are separated by a slot such as "sb"): "to take sb to court" ->
    ((("take",), ("court",)),). A cross-reference ("see 可汗") has none."""
    from vocabdeck.data.cedict_entries import is_reference

    if is_reference(sense):
        return ()
    text = _HAN.sub(" ", _PAREN.sub(" ", sense))
    out = []
    for phrase in re.split(r"[;,:/]", text):
        words = [w.lower() for w in _DEF_WORD.findall(phrase)]
        trimmed = set()
        while words and words[0] in _LEADING:
            trimmed.add(words.pop(0))
        while words and words[-1] in _SLOT:
            words.pop()
        if not any(len(w) >= 3 and w not in STOP for w in words):
            continue
        if trimmed - {"to", "a", "an", "the"} and all(w in FUNCTION_WORDS for w in words):
            continue  # "to be after" (pursue) is not found by "after"
        parts: list[list[str]] = [[]]
        for w in words:
            if w in _SLOT:
                parts.append([])
            else:
                parts[-1].append(_key(w))
        phrase_parts = tuple(tuple(p) for p in parts if p)
        if phrase_parts and phrase_parts not in out:
            out.append(phrase_parts)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Match:
    sense: int  # index of the sense in the word's list
    first: int  # first and last English token matched
    last: int
    weak: bool  # a derived form of a one-word sense ("conductor" for "conduct")


@lru_cache(maxsize=1 << 15)
def matches(english: str, senses: tuple[str, ...]) -> tuple[Match, ...]:
    """Where each sense is found in the English sentence: whole phrases of consecutive
    words first, then (weak) a derived form of a one-word phrase of 4+ letters."""
    if not english or not senses:
        return ()
    en = english_words(english)
    tokens = en.tokens
    out: list[Match] = []
    for index, sense in enumerate(senses):
        for parts in phrases(sense):
            found = _find(en, parts)
            if found is not None:
                out.append(Match(index, found[0], found[1], False))
                break
    for index, sense in enumerate(senses):
        if any(m.sense == index for m in out):
            continue
        for word, final_e in _loose_words(sense):
            hit = next(
                (i for i, (a, b, key) in enumerate(tokens)
                 if key.startswith(word) and key != word and _derived(english[a:b].lower(), word, final_e)),
                None,
            )
            if hit is not None:
                out.append(Match(index, hit, hit, True))
                break
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _loose_words(sense: str) -> tuple[tuple[str, bool], ...]:
    """(stem, whether the word ends in e) of each one-word phrase of 4+ letters of a sense:
    the words that may match in a derived form."""
    out = []
    words = None
    for parts in phrases(sense):
        if len(parts) == 1 and len(parts[0]) == 1 and len(parts[0][0]) >= 4:
            if words is None:
                words = set(_DEF_WORD.findall(sense.lower()))
            out.append((parts[0][0], parts[0][0] + "e" in words))
    return tuple(out)


def _find(en: _English, parts: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """First and last token of the parts found in order, each part as consecutive words,
    all within 8 words of the first."""
    start = last = None
    pos = 0
    for part in parts:
        hit = None
        for i in en.at.get(part[0], ()):
            if i >= pos and all(
                i + k < len(en.tokens) and en.tokens[i + k][2] == w for k, w in enumerate(part)
            ):
                hit = i
                break
        if hit is None or (start is not None and hit - start > 8):
            return None
        if start is None:
            start = hit
        last = hit + len(part) - 1
        pos = last + 1
    return (start, last) if start is not None else None


def _derived(word: str, base: str, final_e: bool = False) -> bool:
    """`word` is `base` (a stem) with a derivational ending: "conductor" of "conduct",
    "relocation" of "relocate". A word whose e the stem dropped keeps it before a
    consonant ("severely"), and loses it only before -ion, -ation, -or, -er ("several" is
    not "severe" + -al)."""
    rest = word[len(base):] if word.startswith(base) else None
    if rest is None:
        return False
    if rest[:1] == "e" and rest[1:] in _DERIVED:
        return True
    if final_e:
        return rest in ("ion", "ions", "ation", "ations", "or", "ors", "er", "ers")
    return rest in _DERIVED


# ------------------------------------------------------------------------ claims
def claim_key(match: Match, text: str) -> tuple:
    """How strongly a Chinese word claims the English words of a match (lower is stronger):
    an exact phrase beats a derived form; a word of several characters beats a single
    character (more specific); then the earlier sense."""
    return (match.weak, len(text) == 1, match.sense)


def claims(english: str, others: Sequence[tuple[str, tuple[str, ...]]]) -> dict[int, tuple]:
    """English token index -> the strongest claim on it by the other words of the sentence."""
    best: dict[int, tuple] = {}
    for text, senses in others:
        for m in matches(english, senses):
            key = claim_key(m, text)
            for i in range(m.first, m.last + 1):
                if i not in best or key < best[i]:
                    best[i] = key
    return best


# ------------------------------------------------------------------------ context rules
_CLASSIFIER = re.compile(r"^classifier for|^\(classifier\)|^classifier$")
_DEMONSTRATIVE = frozenset("这 那 每 哪 几 该 此 各 某 本 整 首 同".split())
_NUMERALS = "〇零一二三四五六七八九十百千万亿两几半0123456789０１２３４５６７８９"
_PUNCT = frozenset("，。、；：！？,.;:!?（）()—…")  # ends a clause
_QUOTES = frozenset("“”\"'‘’《》「」『』")  # skipped: 作为“声如夏花”系列
# jieba tags of words that can stand as an object or a subject: nouns, pronouns, names.
_NOMINAL = ("n", "r", "s")
_VERBAL = ("v",)


def _text(token: Token) -> str:
    """The token as the rules read it: Simplified (a Traditional token keeps its carded form)."""
    return (token.simplified or token.text).strip()


def _tag_of(tag: Callable[[str], str] | None, token: Token) -> str:
    if token.kind == NAME:
        return "nr"
    if token.kind == NUMBER:
        return "m"
    return tag(_text(token)) if tag is not None else ""


def _neighbours(tokens: Sequence[Token], i: int, step: int, most: int = 6) -> list[Token]:
    """The tokens next to i in one direction, nearest first, up to the clause's punctuation
    (at most `most` of them); spaces and quotation marks skipped."""
    out = []
    j = i + step
    while 0 <= j < len(tokens) and len(out) < most:
        t = tokens[j]
        text = t.text.strip()
        if text and not all(c in _QUOTES for c in text):
            if text in _PUNCT or all(c in _PUNCT for c in text):
                break
            out.append(t)
        j += step
    return out


def context_sense(
    word: str, senses: tuple[str, ...], tokens: Sequence[Token], i: int, tag: Callable[[str], str] | None
) -> tuple[int, str] | None:
    """(sense index, rule) when the Chinese sentence decides the sense; else None."""
    after = _neighbours(tokens, i, 1)
    before = _neighbours(tokens, i, -1)
    if word in ("将", "把") and len(after) >= 2:
        marker = _find_sense(senses, r"used in the same way as 把|marks? the (?:direct )?object|introduces? object")
        if marker is not None:
            first = _tag_of(tag, after[0])
            verb_later = any(_tag_of(tag, t).startswith(_VERBAL) for t in after[1:])
            if first.startswith(_NOMINAL + ("nr", "m")) and not first.startswith("v") and verb_later:
                return marker, f"{word} before an object and a verb marks the object"
        if word == "将":
            will = _find_sense(senses, r"^will$")
            if will is not None and _tag_of(tag, after[0]).startswith(("v", "p", "d")):
                return will, "将 before a verb: the future"
    if word == "称" and before and (after or i + 1 < len(tokens)):
        state = _find_sense(senses, r"^to state$|^to say$")
        nxt = _text(tokens[i + 1]) if i + 1 < len(tokens) else ""
        if state is not None and (
            _tag_of(tag, before[0]).startswith(_NOMINAL + ("nr", "nt", "vn")) or nxt[:1] in "，,：:“\""
        ) and not any(_text(t) in ("为", "作") for t in after):
            return state, "称 after a subject: says"
    if word == "作为" and after and not (before and _text(before[0]) in ("有所", "大有", "无所", "有")):
        k = _find_sense(senses, r"^as\b")
        if k is not None:
            return k, "作为 before what it introduces: as"
    if len(word) == 1 and before:
        prev = _text(before[0])
        if prev and (prev in _DEMONSTRATIVE or (before[0].kind == NUMBER and prev[-1] in _NUMERALS)
                     or (len(prev) == 1 and prev in _NUMERALS)):
            cl = next((k for k, s in enumerate(senses) if _CLASSIFIER.match(s)), None)
            if cl is not None:
                return cl, f"a measure word after {prev}"
    return None


def _find_sense(senses: Sequence[str], pattern: str) -> int | None:
    rx = re.compile(pattern)
    return next((k for k, s in enumerate(senses) if rx.search(s)), None)


# ------------------------------------------------------------------------ the choice
def choose(
    word: str,
    senses: tuple[str, ...],
    tokens: Sequence[Token],
    index: int,
    english: str,
    others: dict[int, tuple] | None = None,
    tag: Callable[[str], str] | None = None,
) -> Choice:
    """The sense the sentence uses, first; and the English words that gloss the word.

    `others` are the claims of the sentence's other words on the English (see `claims`).
    """
    if not senses:
        return Choice(senses, DICTIONARY, "", None)
    found = [m for m in matches(english, senses) if _free(m, word, others or {})]
    rule = context_sense(word, senses, tokens, index, tag) if tokens else None
    if rule is not None:
        k, why = rule
        hit = next((m for m in found if m.sense == k), None)
        return Choice(_first(senses, k), CONTEXT, why, _span(english, hit))
    if found:
        hit = min(found, key=lambda m: (m.weak, m.sense))
        en = english_words(english).tokens
        matched = english[en[hit.first][0] : en[hit.last][1]]
        return Choice(_first(senses, hit.sense), ENGLISH, f'"{matched}" in the English', _span(english, hit))
    if len(word) == 1:
        # A character standing alone means what it means alone: its bound-form and
        # phonetic senses (what it means inside compounds and names) go after the rest.
        free = tuple(s for s in senses if not BOUND_SENSE.match(s))
        senses = free + tuple(s for s in senses if BOUND_SENSE.match(s))
    return Choice(senses, DICTIONARY, "", None)


# A sense a character has only inside a word: bound forms, sounds in transliterations,
# surnames, literary and old uses, pointers to other words.
BOUND_SENSE = re.compile(
    r"^\((?:bound form|phonetic|literary|old|archaic|classical)\)|^used in |^variant of|^old variant|^see "
    r"|^surname "
)


def is_fragment(word: str, choice: Choice) -> bool:
    """A single character whose sentence chose no sense and whose every sense is one it
    has only inside a word (肌 "(bound form) flesh", 斯 "(phonetic) s; (literary) this"):
    a piece of a word or a name, not a card."""
    return len(word) == 1 and choice.reason == DICTIONARY and all(BOUND_SENSE.match(s) for s in choice.senses)


def _free(m: Match, word: str, others: dict[int, tuple]) -> bool:
    """A match no other word of the sentence claims more strongly."""
    mine = claim_key(m, word)
    return all(others.get(i, mine) >= mine for i in range(m.first, m.last + 1))


def _first(senses: tuple[str, ...], k: int) -> tuple[str, ...]:
    return senses if k == 0 else (senses[k], *senses[:k], *senses[k + 1 :])


def _span(english: str, m: Match | None) -> tuple[int, int] | None:
    if m is None:
        return None
    tokens = english_words(english).tokens
    return tokens[m.first][0], tokens[m.last][1]


def gloss_span(english: str, senses: tuple[str, ...]) -> tuple[int, int] | None:
    """The English words that gloss a word, its sentence's other words aside: the first
    sense (learner order) found as a phrase, else a derived form of a one-word sense."""
    found = matches(english, senses)
    if not found:
        return None
    return _span(english, min(found, key=lambda m: (m.weak, m.sense)))
