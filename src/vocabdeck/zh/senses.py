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

from vocabdeck.model import Token
from vocabdeck.zh.alternates import with_alternate_senses
from vocabdeck.zh.script import HAN_RANGES
from vocabdeck.zh.stem import FILLER, stem
from vocabdeck.zh.stem import STOP as FUNCTION_WORDS
from vocabdeck.zh.usage import adverb_sense, context_sense, sentence_sense

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
        content = [w for w in words if w not in FUNCTION_WORDS]
        if "or" in words and len(content) == 1 and len(content[0]) >= 3 and (_key(content[0]),) not in out:
            out.append(((_key(content[0]),),))  # "to point at or to" is found by "pointed"
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


# ------------------------------------------------------------------------ the choice
def choose(
    word: str,
    senses: tuple[str, ...],
    tokens: Sequence[Token],
    index: int,
    english: str,
    others: dict[int, tuple] | None = None,
    tag: Callable[[str], str] | None = None,
    names: tuple[str, ...] = (),
) -> Choice:
    """The sense the sentence uses, first; and the English words that gloss the word.

    `others` are the claims of the sentence's other words on the English (see `claims`);
    `names` the senses of the word's proper-name entries, which a card shows only when
    the English names them (奔驰 "Mercedes-Benz").
    """
    if not senses:
        return Choice(senses, DICTIONARY, "", None)
    senses = with_alternate_senses(word, tokens[index].reading if tokens else "", senses)
    others = others or {}
    found = [m for m in matches(english, senses) if _free(m, word, others)]
    rule = context_sense(word, senses, tokens, index, tag) if tokens else None
    if rule is not None and rule[0] is not None:
        k, why = rule
        hit = next((m for m in found if m.sense == k), None)
        return Choice(_first(senses, k), CONTEXT, why, _span(english, hit))
    if found:
        # A match shared with another word of the sentence, as strong as this word's, comes
        # after one this word has alone (联盟 "coalition" when 同盟 also has "alliance").
        # Then a sense that has the English words as they are written beats one that has
        # them only by their stem (群众 "the masses" for "masses", not "mass").
        hit = found[0] if len(found) == 1 else min(
            found, key=lambda m: (_shared(m, word, others), m.weak, not _as_written(english, m, senses), m.sense))
        quoted = _words(english, hit)
        adverb = adverb_sense(quoted, hit.sense, senses)
        if adverb is not None:
            return Choice(_first(senses, adverb[0]), CONTEXT, adverb[1], _span(english, hit))
        return Choice(_first(senses, hit.sense), ENGLISH, f'"{quoted}" in the English', _span(english, hit))
    named = _named(english, names, word, others) if len(word) > 1 else None
    if named is not None:
        return Choice((names[named.sense], *senses), ENGLISH, f'"{_words(english, named)}" in the English',
                      _span(english, named))
    if len(word) == 1:
        # A character standing alone means what it means alone: its bound-form and
        # phonetic senses (what it means inside compounds and names) go after the rest.
        free = tuple(s for s in senses if not BOUND_SENSE.match(s))
        if not free:
            return Choice(senses, DICTIONARY, "", None)
        senses = free + tuple(s for s in senses if BOUND_SENSE.match(s))
    part = _partial(english, senses, others) if len(word) > 1 else None
    if part is not None:
        k, shared = part
        return Choice(_first(senses, k), ENGLISH, f'"{shared}" in the English (a word of "{senses[k]}")', None)
    use = tokens and sentence_sense(word, senses, tokens, index, tag)
    if use and use[0] is not None:
        return Choice(_first(senses, use[0]), CONTEXT, use[1], None)
    return Choice(learner_order(senses), DICTIONARY, "", None)


# Labels of register that a sense starts with: a learner meets the plain senses of a word
# first (爷爷 "paternal grandfather" before "(coll.) father's father"). Field labels
# ("(sports)") stay where they are: for a term they name its main sense.
_LABELLED = re.compile(
    r"^(?:fig\.|lit\.) |^\((?:fig\.|lit\.|figuratively|literally|old|archaic|literary|classical|dialect|"
    r"coll\.|colloquial|slang|Internet slang|Tw|Cantonese|euphemism|derog\.|pejorative|humble|honorific|"
    r"polite|onom\.|since [^)]*)\)"
)


def learner_order(senses: tuple[str, ...]) -> tuple[str, ...]:
    """Senses as a card shows them when the sentence decided nothing: CC-CEDICT's order,
    except that senses labelled with a register go after the plain ones."""
    plain = tuple(s for s in senses if not _LABELLED.match(s))
    if not plain or len(plain) == len(senses):
        return senses
    return plain + tuple(s for s in senses if _LABELLED.match(s))


def _words(english: str, m: Match) -> str:
    en = english_words(english).tokens
    return english[en[m.first][0] : en[m.last][1]]


_BE = frozenset("am is are was were be been being".split())


def _as_written(english: str, m: Match, senses: tuple[str, ...]) -> bool:
    """The matched English words appear, as written, as whole words of the sense; not an
    -ing form after a form of "be" ("are beginning to": the verb, not "beginning")."""
    tokens = english_words(english).tokens
    words = [english[a:b].lower() for a, b, _ in tokens[m.first : m.last + 1]]
    if words[-1].endswith("ing") and m.first and english[slice(*tokens[m.first - 1][:2])].lower() in _BE:
        return False
    own = _written(senses[m.sense])
    n = len(words)
    return any(own[i : i + n] == words for i in range(len(own) - n + 1))


@lru_cache(maxsize=1 << 15)
def _written(sense: str) -> list[str]:
    """The words of a sense as written, lowercase."""
    return [w.lower() for w in _EN_WORD.findall(sense)]


def _shared(m: Match, word: str, others: dict[int, tuple]) -> bool:
    """Another word of the sentence claims these English words as strongly as this one."""
    mine = claim_key(m, word)
    return any(others.get(i) == mine for i in range(m.first, m.last + 1))


def _named(english: str, names: tuple[str, ...], word: str, others: dict[int, tuple]) -> Match | None:
    """The proper-name sense of the word that the English writes with capitals, the widest
    match first ("Mercedes-Benz" rather than "Benz")."""
    if not english or not names:
        return None
    en = english_words(english).tokens
    named = [m for m in matches(english, names) if not m.weak and _free(m, word, others) and all(
        english[en[i][0]].isupper() for i in range(m.first, m.last + 1) if len(en[i][2]) >= 3)]
    return max(named, key=lambda m: (m.last - m.first, -m.sense), default=None)


# Words too general to show which sense a sentence uses when the rest of the sense is
# missing: function words, and prepositions of place and direction.
_NOT_SHARED = frozenset(
    _key(w) for w in FUNCTION_WORDS | STOP | frozenset(
        "through throughout toward towards across around among against along behind beyond upon near "
        "inside outside within above below".split()))


_CLASSIFIER_SENSE = re.compile(r"^(?:\(bound form\) )?classifier|^\(classifier\)")


def shares_a_word(english: str, senses: tuple[str, ...]) -> bool:
    """Some content word of a sense is in the English (a quick test before `_partial`)."""
    at = english_words(english).at
    return any(key in at for key in _content_keys(senses))


@lru_cache(maxsize=1 << 15)
def _content_keys(senses: tuple[str, ...]) -> frozenset[str]:
    return frozenset(key for sense in senses if not _CLASSIFIER_SENSE.match(sense) for parts in phrases(sense)
                     for part in parts for key in part if len(key) >= 4 and key not in _NOT_SHARED)


def _partial(english: str, senses: tuple[str, ...], others: dict[int, tuple]) -> tuple[int, str] | None:
    """(sense, English word) for the sense that shares the most content words (4+ letters,
    not function words) with the English, none of them claimed by another word of the
    sentence: 社交 "social contact" for "social media"; None when no sense shares one.
    Only for words of two or more characters: a single character's senses share a word
    with almost any sentence (从 "related by common paternal grandfather" for "related").
    """
    if not english:
        return None
    en = english_words(english)
    best = None
    for k, sense in enumerate(senses):
        if _CLASSIFIER_SENSE.match(sense):
            continue  # "classifier for number of people" is not found by "number"
        shared = []
        for parts in phrases(sense):
            for part in parts:
                for key in part:
                    hits = en.at.get(key, ()) if len(key) >= 4 and key not in _NOT_SHARED else ()
                    free = [i for i in hits if i not in others]
                    if free and key not in shared:
                        shared.append(key)
                        first = free[0]
        if shared and (best is None or len(shared) > best[0]):
            a, b, _ = en.tokens[first]
            best = (len(shared), k, english[a:b])
    return (best[1], best[2]) if best else None


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
