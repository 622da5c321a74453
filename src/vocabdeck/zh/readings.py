"""The reading each token has in its own sentence (polyphone disambiguation).

    annotate([["银行", "在", "行走"], ...]) -> [["yin2 hang2", "zai4", "xing2 zou3"], ...]

Evidence, strongest first:

1. Word level. A Han run of a token that is a CC-CEDICT headword is read with one of that
   headword's own readings, always (调查 diao4 cha2, 种植 zhong4 zhi2): the model may
   choose among them (长大/长度 in one headword 长), never outside them, so no word loses
   its dictionary entry, and its card, to a reading. A run CC-CEDICT lacks takes the
   reading of pypinyin's phrase dictionary (data/phrases.py). Any other run (jieba joins
   国家银行, 英国首相) is split into the fewest CC-CEDICT words, longest first, so 银行 and
   首相 still give their evidence; there the model may override a piece's reading when it
   is at least MODEL_OVERRIDES_WORD sure.
2. Context. Where the word level leaves a choice (a single character such as 了, 将, 都;
   a headword with several readings), a character BiLSTM chooses among the readings
   CC-CEDICT allows. The model is g2pM (Park & Lee 2020, github.com/kakaobrain/g2pM,
   Apache-2.0), trained on the CPP polyphone corpus; its weights and a forward pass batched
   over every sentence of an article are in g2pm.py. The model was trained to choose
   among the readings of 791 polyphonic characters only; for a character that g2pM's own dictionary reads one
   way (个 gè, 岗 gǎng), that reading is taken.
3. Neighbours. Where a token's neighbouring words leave one reading only (还 before 都 is
   hái, 地 between an adverbial and a verb is de, 东西 before 两侧 is dōngxī), that reading
   is taken whatever the model chose: the rules are in polyphones.py, and they too give
   only the token's own CC-CEDICT readings. Two more come from CC-CEDICT's senses: a
   measure word after a number takes its classifier reading (40只 zhī), and a person's
   name takes its surname's reading (肖方 Xiāo).

The word level (1, and the measure words of 3) depends on the token's text alone: it is
planned once per distinct text in readingplans.py; this module asks the model over a
batch's sentences and applies the context rules.

Spelling: a token is given CC-CEDICT's own spelling of the reading chosen, neutral tones
included (东西 dong1 xi5, 收拾 shou1 shi5), so the sentence pinyin and the card agree.
The model tells readings apart in CPP conventions (each character keeps its full tone:
衣服 yi1 fu2; 一 and 不 their citation tones), so readings that differ only by a neutral
tone (东西 "thing" dong1 xi5, "east and west" dong1 xi1) are one choice for it, spelled
as the first of them in learner order, the reading the card shows. Invisible characters
(zero-width spaces) are looked through: 会\u200b长 is 会长.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, chain, compress, repeat

from vocabdeck.zh import g2pm, readingplans
from vocabdeck.zh.polyphones import RULED, neighbours, reading_by_context
from vocabdeck.zh.readingplans import ASKING, FIXED, WIDTHS
from vocabdeck.zh.script import HAN_RUN, visible

# A word-level reading gives way to the model only when the model puts at least this
# probability on another reading of the character. Measured on the CPP development set
# (9,893 sentences): where the two disagree and the model is this sure, the model was
# right 69 times and the word 32 times (mostly names: 勃艮第 gen4, 德累斯顿 lei2); below it
# the word was right far more often. Two-fold cross-validation chose the same value.
MODEL_OVERRIDES_WORD = 0.99


# ----------------------------------------------------------------------------- API
def annotate(sentences: Sequence[Sequence[str]], names: Sequence[Sequence[bool]] | None = None) -> list[list[str]]:
    """Numbered reading of every token, in context; "" for tokens without Han characters.

    `sentences` holds the token texts of each sentence (every character in one token). One
    call per batch of sentences: the model runs once, over all sentences that need it.
    A token mixing Han and other characters ("9月") gets syllables for its Han ones only.
    `names`, when given, tells for each token whether the segmenter found it a name
    (zh/names.py): a person's name then takes its surname's reading (_surnames).
    """
    tokens = set().union(*sentences)
    readingplans.prepare(tokens)
    fixed, width, asking = FIXED.current().__getitem__, WIDTHS.current().__getitem__, ASKING.current()
    none_asks = asking.keys().isdisjoint
    out: list[list[str | None]] = []
    asked = []  # (sentence, token, its first character) of each token for the model
    for si, sent in enumerate(sentences):
        out.append(list(map(fixed, sent)))
        if none_asks(sent):
            continue
        starts = list(accumulate(map(width, sent), initial=0))
        at = list(compress(range(len(sent)), map(asking.__contains__, sent)))
        asked.extend(zip(repeat(si), at, map(starts.__getitem__, at)))
    if asked:
        plans = [asking[sentences[si][ti]] for si, ti, _ in asked]
        texts = [""] * len(sentences)  # as the plans count characters; those the model reads
        for si in {si for si, _, _ in asked}:
            texts[si] = visible("".join(sentences[si]))
        _decide_all(asked, plans, g2pm.log_probs(texts, *_questions(asked, plans)), out)
    _by_context(sentences, out)
    _surnames(sentences, names if names is not None else [[False] * len(s) for s in sentences], out)
    return out  # type: ignore[return-value]


def _questions(asked: list[tuple[int, int, int]], plans: list[tuple]):
    """What the model is asked for the tokens `asked` (sentence, token, its first
    character), whose plans are `plans`: the (sentence, character) targets, in order, and
    for every score _decide reads, in its order, the target and the reading class."""
    from vocabdeck.data.cache import import_numpy

    np = import_numpy()
    n_offsets = np.fromiter(map(len, [plan[2] for plan in plans]), np.int64, len(plans))
    n_scores = np.fromiter(map(len, [plan[3] for plan in plans]), np.int64, len(plans))
    sentence, _token, first = (np.array(column, np.int64) for column in zip(*asked))
    offsets = np.fromiter(chain.from_iterable(plan[2] for plan in plans), np.int64, int(n_offsets.sum()))
    targets = np.empty((len(offsets), 2), np.int64)
    targets[:, 0] = np.repeat(sentence, n_offsets)
    targets[:, 1] = np.repeat(first, n_offsets) + offsets
    # A plan numbers its targets from 0: shift them by the targets of the tokens before.
    before = np.cumsum(n_offsets) - n_offsets
    total = int(n_scores.sum())
    rows = np.repeat(before, n_scores) + np.fromiter(chain.from_iterable(plan[3] for plan in plans), np.int64, total)
    cols = np.fromiter(chain.from_iterable(plan[4] for plan in plans), np.int64, total)
    return targets, rows, cols



def _surnames(sentences: Sequence[Sequence[str]], names: Sequence[Sequence[bool]], out: list[list]) -> None:
    """A person's name CC-CEDICT lacks (肖方) reads its first character with one of its
    CC-CEDICT surname readings (肖 xiāo, not xiào; 单 Shàn, 区 Ōu): the model's choice if it
    is one, else the first. So does a character alone after 姓 (姓曾 Zēng). Compound
    surnames (欧阳, 尉迟) are CC-CEDICT words, read so already. Which names: _persons_name."""
    from vocabdeck.data import cedict

    # The entries of every first character in one query a chunk, before _surname_readings
    # asks for them one by one (about 500 queries on 1 MB of news).
    named = [(sent, got, [i for i, is_name in enumerate(kinds) if is_name])
             for sent, kinds, got in zip(sentences, names, out) if True in kinds]
    cedict.lookup_many({sent[i][0] for sent, _, at in named for i in at if sent[i]})
    for sent, got, at in named:
        for i in at:
            tok = sent[i]
            if got[i]:
                readings = _surname_readings(tok[0])
                first, _, rest = got[i].partition(" ")
                if readings and first not in readings and _persons_name(tok):
                    got[i] = " ".join(filter(None, (readings[0], rest)))
    for sent, got in zip(sentences, out):
        if "姓" in sent:
            for i in range(1, len(sent)):
                if sent[i - 1] == "姓" and len(sent[i]) == 1 and got[i]:
                    readings = _surname_readings(sent[i])
                    if readings and got[i] not in readings:
                        got[i] = readings[0]


@lru_cache(maxsize=4096)
def _persons_name(tok: str) -> bool:
    """A name token of two or three characters, that jieba tags a person's or does not
    know, not ending like a place (覃塘区), not transliteration only (柏威 bó-)."""
    from vocabdeck.zh.jiebadict import segmenter
    from vocabdeck.zh.names import _PLACE_ENDINGS, TRANSLITERATION

    headword = readingplans.headword_readings
    if not 2 <= len(tok) <= 3 or not HAN_RUN.fullmatch(tok) or headword(tok) or tok[-1] in _PLACE_ENDINGS:
        return False
    if all(c in TRANSLITERATION for c in tok) or headword(tok[:2]):  # 柏威; 尉迟宝琳, read as 尉迟
        return False
    seg = segmenter()
    tag = seg.tag_of(tok)
    # Not a character that is on its own a verb or a function word (任 rèn, 曾 céng): the
    # name detector takes 曾助 "once helped", 任满 "term expired" for names.
    if seg.tag_of(tok[0]) in _NOT_SURNAME_TAGS or seg.tag_of(tok[1:]).startswith("v"):
        return False
    return tag.startswith("nr") or not tag


# jieba's tags of verbs, adverbs, prepositions, pronouns, conjunctions and particles.
_NOT_SURNAME_TAGS = frozenset("v vg vd vn d p r c u ug uj ul uv uz ud".split())


@lru_cache(maxsize=1024)
def _surname_readings(ch: str) -> tuple[str, ...]:
    """The readings of a character's "surname X" senses in CC-CEDICT (单 shan4, 覃 qin2 tan2)."""
    from vocabdeck.data import cedict

    return tuple(dict.fromkeys(e.pinyin for e in cedict.lookup(ch) if e.surname and " " not in e.pinyin))


def _by_context(sentences: Sequence[Sequence[str]], out: list[list]) -> None:
    """Single-character polyphones whose neighbours decide their reading (polyphones.py),
    read so; only ever with one of the character's own CC-CEDICT readings."""
    ruled = [(sent, got, [i for i, tok in enumerate(sent) if tok in RULED])
             for sent, got in zip(sentences, out) if not RULED.isdisjoint(sent)]
    if not ruled:
        return
    from vocabdeck.zh.jiebadict import segmenter

    # The parts of speech the rules may ask for, in one query a chunk rather than one
    # query a word (about 700 on 1 MB of news).
    segmenter().fetch_tags({word for sent, _, at in ruled for i in at for word in neighbours(sent, i)})
    for sent, got, at in ruled:
        for i in at:
            tok = sent[i]
            reading = reading_by_context(sent, i)
            if reading is None:
                continue
            own = readingplans.char_readings(tok) if len(tok) == 1 else readingplans.readings_of(tok)
            if reading in own:
                got[i] = reading


def _decide_all(asked: list[tuple[int, int, int]], plans: list[tuple], scores, out: list[list]) -> None:
    """The reading of every token the model was asked about (its plan's scores are the next
    ones in `scores`, in order). Tokens that pick an option by one character's score are
    decided at once: each option's score, or -30 where the model has no class for it, the
    first of the highest winning, as _decide does; the others by _decide."""
    from vocabdeck.data.cache import import_numpy

    np = import_numpy()
    listed = scores.tolist()
    first = list(accumulate((len(plan[3]) for plan in plans), initial=0))
    picks = [j for j, plan in enumerate(plans) if plan[6] is not None]
    if picks:
        wheres = [plans[j][6][1] for j in picks]
        sizes = np.fromiter(map(len, wheres), np.int64, len(picks))
        where = np.fromiter(chain.from_iterable(wheres), np.int64, int(sizes.sum()))
        row = np.repeat(np.arange(len(picks)), sizes)
        col = np.arange(len(where)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        at = np.repeat(np.array([first[j] for j in picks], np.int64), sizes) + where
        table = np.full((len(picks), int(sizes.max())), -np.inf)
        table[row, col] = np.where(where >= 0, scores.astype(np.float64)[np.where(where >= 0, at, 0)], -30.0)
        for j, best in zip(picks, table.argmax(axis=1).tolist()):  # the first of the highest
            si, ti, _ = asked[j]
            out[si][ti] = plans[j][6][0][best]
    for j, plan in enumerate(plans):
        if plan[6] is None:
            si, ti, _ = asked[j]
            own = iter(listed[first[j] : first[j + 1]])
            out[si][ti] = " ".join(s for slot in plan[1] for s in _decide(slot, own))


def _decide(slot: tuple, scores) -> tuple[str, ...]:
    if slot[0] == "pick":
        best, best_total = None, None
        for option, classes in zip(slot[4], slot[3]):
            total = 0.0
            for c in classes:
                total += next(scores) if c >= 0 else -30.0
            # Strictly greater: the first of equals wins, so learner order breaks ties.
            if best_total is None or total > best_total:
                best, best_total = option, total
        return best
    if slot[0] == "check":
        syllables = list(slot[2])
        for k, alts in zip(slot[4], slot[3]):
            top, top_score = None, None
            for syll, _c in alts:
                v = next(scores)
                if top_score is None or v > top_score:
                    top, top_score = syll, v
            if top != syllables[k] and math.exp(top_score) >= MODEL_OVERRIDES_WORD:
                syllables[k] = top
        return slot[5] if tuple(syllables) == slot[2] else tuple(syllables)
    return slot


def forget() -> None:
    """Drop the spelled readings remembered for the whole process (a few MiB on 1 MB of
    news): a long build calls it once its sentences are read (pipeline._choose)."""
    readingplans.forget()
