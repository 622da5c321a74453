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
import re
import sys
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, compress

from vocabdeck.session import per_run
from vocabdeck.zh import g2pm
from vocabdeck.zh.polyphones import RULED, neighbours, reading_by_context
from vocabdeck.zh.script import HAN_RUN, visible

# A word-level reading gives way to the model only when the model puts at least this
# probability on another reading of the character. Measured on the CPP development set
# (9,893 sentences): where the two disagree and the model is this sure, the model was
# right 69 times and the word 32 times (mostly names: 勃艮第 gen4, 德累斯顿 lei2); below it
# the word was right far more often. Two-fold cross-validation chose the same value.
MODEL_OVERRIDES_WORD = 0.99

# Longest CC-CEDICT headword tried when splitting a run that is not itself a headword.
MAX_PIECE = 8

_CITATION = {"一": "yi1", "不": "bu4"}


# ----------------------------------------------------------------------------- words
# CC-CEDICT readings of every word and character looked up in this run, () when it is
# not a headword; and the plan of every token text met so far. A deck of 1 MB of news
# text meets about 30,000 distinct tokens, so later batches mostly reuse plans. Both are
# per-run state (vocabdeck.session): each run, each thread, has its own.
_READINGS = per_run("readings.readings")
_PLANS = per_run("readings.plans")


def _fetch(words, tokens=frozenset()) -> None:
    """Look up the readings of the words not looked up before, in one query a chunk: those
    that are `tokens` as CC-CEDICT entries (the look-up stage asks for the same entries
    later in this process), the others as readings alone. In a worker process all are
    read as readings alone: the parent looks the batch's words up itself (the entries
    made in a worker took 0.13 s of CPU on 1 MB of news, to be thrown away)."""
    known = _READINGS.current()
    new = [w for w in dict.fromkeys(words) if w not in known]
    if not new:
        return
    from vocabdeck.data import cedict

    if _in_worker():
        tokens = frozenset()
    entries = [w for w in new if w in tokens]
    found = cedict.lookup_many(entries)
    for w in entries:
        known[w] = tuple(dict.fromkeys(e.pinyin for e in found.get(w, ())))
    known.update(cedict.readings_many([w for w in new if w not in tokens]))


def _in_worker() -> bool:
    """Whether this process is a worker (vocabdeck.workers), whose results go back to the
    process that started it."""
    mp = sys.modules.get("multiprocessing")
    return mp is not None and mp.parent_process() is not None


def _split(run: str, known: dict[str, tuple[str, ...]]) -> list[str]:
    """Cut a Han run into the fewest pieces that are headwords (single characters always
    count), preferring longer pieces first on ties: 国家银行 -> 国家 银行."""
    n = len(run)
    best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, [])
    for i in range(n):
        if best[i] is None:
            continue
        cost, pieces = best[i]
        for j in range(min(n, i + MAX_PIECE), i, -1):
            piece = run[i:j]
            if j - i > 1 and not known.get(piece):
                continue
            cand = (cost + 1, [*pieces, piece])
            if best[j] is None or cand[0] < best[j][0]:
                best[j] = cand
    return best[n][1]


@lru_cache(maxsize=None)
def _char(ch: str) -> tuple[str, ...]:
    """Single-syllable readings of a character (already fetched)."""
    return tuple(r for r in _READINGS.get(ch, ()) if " " not in r)


@lru_cache(maxsize=None)
def _spelled(piece: str) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The readings of a piece (already fetched) with one syllable per character: each in
    CPP conventions (what the model tells apart) -> the first CC-CEDICT spelling of it in
    learner order (what the token is given). 东西 dong1 xi5 "thing" and dong1 xi1 "east and
    west" are one option for the model, dong1 xi1; the token is then read dong1 xi5, as
    the card that learner order gives it is."""
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    cited = not _CITATION.keys().isdisjoint(piece)
    for reading in _READINGS.get(piece, ()):
        sylls = tuple(reading.split())
        if len(sylls) == len(piece):
            # Only a neutral tone or 一/不 differ from CPP conventions (_own_tone).
            out.setdefault(_model_form(piece, sylls) if cited or "5" in reading else sylls, sylls)
    return out


def _word(piece: str) -> tuple[tuple[str, ...], ...]:
    """Distinct readings of a piece (already fetched), one syllable per character, CPP
    conventions."""
    return tuple(_spelled(piece))


def _model_form(piece: str, sylls) -> tuple[str, ...]:
    return tuple(_own_tone(ch, s) for ch, s in zip(piece, sylls))


def _own_tone(ch: str, syll: str) -> str:
    if ch in _CITATION:
        return _CITATION[ch]
    if syll.endswith("5"):
        own = _char(ch)
        if syll not in own:
            full = [r for r in own if r[:-1] == syll[:-1]]
            if full:
                return full[0]
    return syll


def _prepare(tokens: set[str]) -> None:
    """Plan every token not planned before: CC-CEDICT is queried twice at most, for the
    runs and their characters, then for the substrings of runs that must be split; the
    phrase dictionary once, for the runs CC-CEDICT cannot read."""
    plans, said = _PLANS.current(), _PHRASES.current()
    new = [tok for tok in tokens if tok not in plans]
    if not new:
        return
    shown = {tok: visible(tok) for tok in new}
    runs = {run for tok in new for run in HAN_RUN.findall(shown[tok])}
    _fetch([*runs, *{ch for run in runs for ch in run}], set(shown.values()))
    unread = [run for run in runs if len(run) > 1 and not _spelled(run) and run not in said]
    if unread:
        from vocabdeck.data import phrases

        found = phrases.readings_many(unread)
        said.update((run, found.get(run, "")) for run in unread)
    _fetch(
        run[i:j]
        for run in runs
        if len(run) > 2 and not _spelled(run) and not said.get(run)
        for i in range(len(run))
        for j in range(i + 2, min(len(run), i + MAX_PIECE) + 1)
        if j - i < len(run)
    )
    model = g2pm.model() if runs else {"classes": {}, "single": {}}
    known = _READINGS.current()
    for tok in new:
        plans[tok] = _settled(shown[tok]) or _plan(shown[tok], model["classes"], model["single"], known, said)


def _settled(tok: str) -> tuple | None:
    """The plan of a token that is a headword with one reading (most tokens: nothing to
    decide, and no measure word after a number), as _plan would make it; else None."""
    if tok[:1] not in _NUMERALS and HAN_RUN.fullmatch(tok):
        spelled = _spelled(tok)
        if len(spelled) == 1:
            return " ".join(*spelled.values()), None, (), (), (), len(tok)
    return None


# Readings of Han runs that CC-CEDICT cannot read, from the phrase dictionary ("" when it
# has none either).
_PHRASES = per_run("readings.phrases")


def _plan(tok: str, classes: dict[str, int], single: dict[str, str], known: dict, said: dict) -> tuple:
    """How a token (its visible characters) gets its reading: (reading, None, (), (), (),
    width) when the dictionaries alone decide it, else (None, slots, offsets, ask_rows,
    ask_cols, width), where a slot is a tuple of fixed syllables or a choice for the model:
      ("pick", offsets, options, [[class or -1 for each offset] for each option], spellings)
        several readings: the spelling of the one the model scores highest;
      ("check", offsets, syllables, [[(syllable, class)...] for each offset], ks, spelling)
        one reading of a piece cut from a longer run, whose polyphonic characters the
        model may override.
    A run that is a CC-CEDICT headword is read with one of its own readings, always: the
    model chooses among them, never outside them. A run CC-CEDICT lacks takes the phrase
    dictionary's reading, else is cut into headwords and characters.
    Offsets are those of the characters the model must look at, within the token; the
    next two items gather every slot's offsets, and the (offset number, class) of each
    score _decide will read, in its order; width is the token's length.
    """
    slots: list = []
    asks = False
    for m in HAN_RUN.finditer(tok):
        run = m.group()
        at = m.start()
        spelled = _spelled(run)
        if spelled:
            parts = [(at, run, tuple(spelled), spelled, False)]
        elif said.get(run):
            sylls = tuple(said[run].split())
            parts = [(at, run, (_model_form(run, sylls),), {_model_form(run, sylls): sylls}, False)]
        else:
            parts = []
            for piece in _split(run, known):
                options = _word(piece) if len(piece) > 1 else ()
                if options:
                    parts.append((at, piece, options, _spelled(piece), True))
                else:  # a character, or a multi-character headword with no usable reading
                    parts.extend((at + k, ch, tuple((r,) for r in _char(ch)), None, False)
                                 for k, ch in enumerate(piece))
                at += len(piece)
        _measure_word(tok, m.end(), parts)
        for start, text, options, spell, override in parts:
            slot = _slot(start, text, _agreeing(text, options, single), classes, single, spell, override)
            asks = asks or isinstance(slot[0], str) and slot[0] in ("pick", "check")
            slots.append(slot)
    if not asks:
        return " ".join(s for slot in slots for s in slot), None, (), (), (), len(tok)
    # What annotate() asks the model, worked out once per token text: the characters to
    # look at (offsets in the token), and the scores _decide reads, in its order, as
    # (which of those characters, reading class).
    offsets: list[int] = []
    ask_rows: list[int] = []
    ask_cols: list[int] = []
    for slot in slots:
        if slot[0] == "pick":
            for classes in slot[3]:
                for k, c in enumerate(classes):
                    if c >= 0:
                        ask_rows.append(len(offsets) + k)
                        ask_cols.append(c)
            offsets.extend(slot[1])
        elif slot[0] == "check":
            for k, alts in enumerate(slot[3]):
                ask_rows.extend(len(offsets) + k for _ in alts)
                ask_cols.extend(c for _, c in alts)
            offsets.extend(slot[1])
    return None, slots, tuple(offsets), tuple(ask_rows), tuple(ask_cols), len(tok)


def _agreeing(piece: str, options, single: dict[str, str]):
    """The options that read each character as g2pM does where g2pM knows one reading only
    (个 gè, 写 xiě, 圣 shèng, 岗 gǎng): its model was never trained to choose for such a
    character, and its scores there are noise (they read 一个 as yī gě). All the options
    when none agrees."""
    if len(options) > 1:
        for k, ch in enumerate(piece):
            only = single.get(ch)
            if only is not None:
                agreeing = tuple(o for o in options if o[k] == only)
                if agreeing:
                    options = agreeing
    return options


def _slot(start: int, piece: str, options, classes: dict[str, int], single: dict[str, str],
          spell: dict | None, override: bool) -> tuple:
    """The slot of one piece (see _plan). `options` are in CPP conventions; `spell` maps
    each to the syllables the token is given (None: the same); `override` lets the model
    replace the one reading of a piece with another reading of a character."""
    if not options:
        return (_fallback(piece),)
    spelled = [spell[o] for o in options] if spell else list(options)
    ks = []
    for k, ch in enumerate(piece):
        heard = {o[k] for o in options}
        # The model checks a word's reading only for characters it was trained on.
        if len(heard) > 1 or (override and len(options) == 1 and ch not in single
                              and sum(r in classes for r in _char(ch)) > 1):
            ks.append(k)
    if not ks:
        return spelled[0]
    offsets = [start + k for k in ks]
    if len(options) > 1:
        return ("pick", offsets, options,
                [[classes.get(o[k], -1) for k in ks] for o in options], spelled)
    alts = [[(r, classes[r]) for r in _char(piece[k]) if r in classes] for k in ks]
    return ("check", offsets, options[0], alts, ks, spelled[0])


def _fallback(ch: str) -> str:
    """A reading for a character CC-CEDICT lacks (rare): pypinyin's."""
    from pypinyin import Style, pinyin

    found = pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore")
    if found and found[0]:
        return found[0][0].replace("ü", "v").lower()
    return "xx5"


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
    _prepare(tokens)
    plans = _PLANS.current()
    fixed = {tok: plans[tok][0] for tok in tokens}.__getitem__  # None where the model decides
    asking = {tok for tok in tokens if plans[tok][1] is not None}
    width = {tok: plans[tok][5] for tok in tokens}.__getitem__
    out: list[list[str | None]] = []
    targets: list[tuple[int, int]] = []  # (sentence, character) the model must look at
    rows: list[int] = []  # which target, and which reading class, for every score needed
    cols: list[int] = []
    pending = []  # (sentence, token, slots)
    for si, sent in enumerate(sentences):
        out.append(list(map(fixed, sent)))
        if asking.isdisjoint(sent):
            continue
        starts = list(accumulate(map(width, sent), initial=0))
        for ti in compress(range(len(sent)), map(asking.__contains__, sent)):
            _fixed, slots, offsets, ask_rows, ask_cols, _width = plans[sent[ti]]
            pending.append((si, ti, slots))
            rows.extend(map(len(targets).__add__, ask_rows))
            cols.extend(ask_cols)
            base = starts[ti]
            targets.extend((si, base + p) for p in offsets)
    if pending:
        texts = [visible("".join(s)) for s in sentences]  # as the plans count characters
        scores = iter(g2pm.log_probs(texts, targets, rows, cols).tolist())
        for si, ti, slots in pending:
            out[si][ti] = " ".join(_decide(slots[0], scores)) if len(slots) == 1 else \
                " ".join(s for slot in slots for s in _decide(slot, scores))
    _by_context(sentences, out)
    _surnames(sentences, names if names is not None else [[False] * len(s) for s in sentences], out)
    return out  # type: ignore[return-value]


# A number and a character (40只, 一处) that is not a CC-CEDICT word (二十八宿): the measure
# word takes its one reading with a classifier sense (40只 zhī, not zhǐ "only"), in _plan.
_NUMERALS = frozenset("0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万亿几数半")
_COUNTED = re.compile(f"[{''.join(sorted(_NUMERALS))}.]+([\u3400-\u9fff])")


def _measure_word(tok: str, end: int, parts: list) -> None:
    """Give the measure word ending a counted token (its Han run ends at `end`) its
    classifier reading as the only option."""
    if end == len(tok) and tok[:1] in _NUMERALS and parts and len(parts[-1][1]) == 1:
        counted = _counted(tok)
        if counted:
            parts[-1] = (parts[-1][0], parts[-1][1], ((counted,),), None, False)


@lru_cache(maxsize=8192)
def _counted(tok: str) -> str | None:
    """The classifier reading of a token's measure word after a number (40只 zhi1), or None."""
    m = _COUNTED.fullmatch(tok)
    run = HAN_RUN.search(tok).group() if m else ""
    return _classifier_reading(m.group(1)) if m and (len(run) == 1 or not _READINGS.get(run)) else None


@lru_cache(maxsize=1024)
def _classifier_reading(ch: str) -> str | None:
    """The one reading of a character with a classifier sense (只 zhi1, 处 chu4), else None."""
    from vocabdeck.data import cedict

    entries = [e for e in cedict.lookup(ch) if " " not in e.pinyin]
    if len({e.pinyin.lower() for e in entries}) < 2:
        return None
    found = {e.pinyin.lower() for e in entries if any("classifier" in s for s in e.senses)}
    return found.pop() if len(found) == 1 else None


def _surnames(sentences: Sequence[Sequence[str]], names: Sequence[Sequence[bool]], out: list[list]) -> None:
    """A person's name CC-CEDICT lacks (肖方) reads its first character with one of its
    CC-CEDICT surname readings (肖 xiāo, not xiào; 单 Shàn, 区 Ōu): the model's choice if it
    is one, else the first. So does a character alone after 姓 (姓曾 Zēng). Compound
    surnames (欧阳, 尉迟) are CC-CEDICT words, read so already. Which names: _persons_name."""
    from vocabdeck.data import cedict

    # The entries of every first character in one query a chunk, before _surname_readings
    # asks for them one by one (about 500 queries on 1 MB of news).
    cedict.lookup_many({tok[0] for sent, kinds in zip(sentences, names) if True in kinds
                        for tok, is_name in zip(sent, kinds) if is_name and tok})
    for sent, kinds, got in zip(sentences, names, out):
        for i in [i for i, is_name in enumerate(kinds) if is_name] if True in kinds else ():
            tok = sent[i]
            if got[i]:
                readings = _surname_readings(tok[0])
                first, _, rest = got[i].partition(" ")
                if readings and first not in readings and _persons_name(tok):
                    got[i] = " ".join(filter(None, (readings[0], rest)))
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

    if not 2 <= len(tok) <= 3 or not HAN_RUN.fullmatch(tok) or _word(tok) or tok[-1] in _PLACE_ENDINGS:
        return False
    if all(c in TRANSLITERATION for c in tok) or _word(tok[:2]):  # 柏威; 尉迟宝琳, read as 尉迟
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
            if reading is not None and reading in (_char(tok) if len(tok) == 1 else _READINGS.get(tok, ())):
                got[i] = reading


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
    _spelled.cache_clear()
