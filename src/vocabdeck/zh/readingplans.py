"""What the dictionaries say about reading each token text: the plans readings.py
follows.

    prepare({"银行", "长大", "国家银行"})
    FIXED["银行"]     # "yin2 hang2": the dictionaries decide (None: the model does)
    ASKING["长大"]    # its plan: what the model chooses among (see _plan)

A plan depends only on the token's text, so each distinct text is planned once a run:
CC-CEDICT's readings of its Han runs (a headword is read with one of its own readings,
always), else the phrase dictionary's, else the run cut into headwords and characters;
which characters the model must look at and which of its reading classes to compare;
a measure word after a number and g2pM's one-reading characters settled here. The model
itself runs in readings.py, over every sentence of a batch at once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vocabdeck import workers
from vocabdeck.session import per_run
from vocabdeck.zh import g2pm
from vocabdeck.zh.script import HAN_RUN, visible

# Longest CC-CEDICT headword tried when splitting a run that is not itself a headword.
MAX_PIECE = 8

_CITATION = {"一": "yi1", "不": "bu4"}


# ----------------------------------------------------------------------------- words
# CC-CEDICT readings of every word and character looked up in this run, () when it is
# not a headword; and the plan of every token text met so far (_plan), kept as three
# maps that annotate() reads per token: its reading where the dictionaries decide it
# (None where the model does), its width, and the whole plan of the tokens that ask the
# model. A deck of 1 MB of news text meets about 30,000 distinct tokens, so later batches
# mostly reuse plans. All are per-run state (vocabdeck.session): each run, each thread,
# has its own.
_READINGS = per_run("readings.readings")
FIXED = per_run("readings.fixed")
WIDTHS = per_run("readings.widths")
ASKING = per_run("readings.asking")


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

    if workers.in_worker():
        tokens = frozenset()
    entries = [w for w in new if w in tokens]
    found = cedict.lookup_many(entries)
    for w in entries:
        known[w] = tuple(dict.fromkeys(e.pinyin for e in found.get(w, ())))
    known.update(cedict.readings_many([w for w in new if w not in tokens]))


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


def prepare(tokens: set[str]) -> None:
    """Plan every token not planned before: CC-CEDICT is queried twice at most, for the
    runs and their characters, then for the substrings of runs that must be split; the
    phrase dictionary once, for the runs CC-CEDICT cannot read."""
    fixed, said = FIXED.current(), _PHRASES.current()
    new = tokens - fixed.keys()
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
    known, widths, asking = _READINGS.current(), WIDTHS.current(), ASKING.current()
    for tok in new:
        plan = _settled(shown[tok]) or _plan(shown[tok], model["classes"], model["single"], known, said)
        fixed[tok], widths[tok] = plan[0], plan[5]
        if plan[1] is not None:
            asking[tok] = (*plan, _one_pick(plan[1]))


def _one_pick(slots: list) -> tuple | None:
    """For a token whose one slot picks a reading by the score of one character (nearly
    every token the model reads): (each option's reading, and which of the token's scores
    is the option's, -1 for an option the model has no class for), else None."""
    if len(slots) != 1 or slots[0][0] != "pick" or len(slots[0][1]) != 1:
        return None
    _, _, _, classes, spelled = slots[0]
    asked = iter(range(len(classes)))
    return tuple(" ".join(option) for option in spelled), tuple(next(asked) if c >= 0 else -1 for c, in classes)


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


def char_readings(ch: str) -> tuple[str, ...]:
    """The single-syllable CC-CEDICT readings of a character met in this run's tokens."""
    return _char(ch)


def readings_of(word: str) -> tuple[str, ...]:
    """The CC-CEDICT readings of a word or character met in this run's tokens, () if none."""
    return _READINGS.get(word, ())


def headword_readings(piece: str) -> tuple[tuple[str, ...], ...]:
    """The distinct readings (CPP conventions) of a headword met in this run, () if none."""
    return _word(piece)


def forget() -> None:
    """Drop the spelled readings remembered for the whole process (a few MiB on 1 MB of
    news): a long build calls it once its sentences are read (pipeline._choose)."""
    _spelled.cache_clear()
