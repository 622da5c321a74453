"""Choose the words that become cards. Pure functions: no I/O, no dictionaries.

The filters run in a fixed order and a word left out is reported with the first reason
that applies: "name" (or, for other words, "no dictionary entry", then "fragment": a
character with no sense of its own here), "known", "count", "level", "frequency",
"coverage" (not needed to reach --coverage), "max cards", "deck size" (beyond the default
deck's CARDS_PER_ARTICLE).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from vocabdeck.errors import OptionError, option_ref
from vocabdeck.model import ALL_LEVELS, Options, Selection, Word
from vocabdeck.zh import coverage

LEVELS_HELP = (
    "HSK levels to keep: 'all', a level '5', a range '4-6', a list '3,5', '7-9' (or 7) for the "
    "top band, 'N+' for level N and above plus words on no HSK list, and 'unlisted' for words "
    "on no list. A range or list without '+' or 'unlisted' leaves unlisted words out. An "
    "everyday word on no list (Zipf 5 or more, e.g. 看到) counts as level 1."
)

# Zipf 5 is 100 occurrences per million words: the median frequency of HSK 1-2 words
# (jieba's counts, HSK 2025 lists: level 1 median 5.17, level 2 5.02, level 4 4.72).
EVERYDAY_ZIPF = 5.0

# The command line's default deck, when no --levels, --coverage or --max-cards is given: the
# words of the default levels that bring the article to 98% of its running words known (the
# top of the 95-98% band of comfortable reading), at most 30 per article, most useful first.
# 30 is a day or two of Anki's default 20 new cards a day. On the sample, the seed and the 13
# WMT21 dev documents (bench/deck_size.py) the old default gave 43-722 cards (median 238);
# the 30 most useful words (about a tenth of those) teach a third of the running words a
# learner of HSK 1-3 does not know: 36.9% -> 57.9% known (median), against 100% with all.
DEFAULT_COVERAGE = 98.0
CARDS_PER_ARTICLE = 30
DEFAULT_LEVELS = "4+"  # the levels of the study deck, and what --levels means when not given

_LEVEL_ITEM = re.compile(r"^(?:(\d)\s*-\s*(\d)|(\d)(\+?))$")


def parse_levels(spec: str) -> tuple[frozenset[int], bool]:
    """'4-6' -> ({4, 5, 6}, False); '5+' -> ({5, 6, 7}, True); 'all' -> (1..7, True).

    Returns the levels to keep (7 stands for the 7-9 band) and whether to keep words that
    are on no HSK list.
    """
    levels: set[int] = set()
    unlisted = False
    for raw in spec.replace("，", ",").split(","):
        item = raw.strip().lower()
        if item == "all":
            return ALL_LEVELS, True
        if item in ("unlisted", "none", "0"):
            unlisted = True
            continue
        if item == "7-9":
            levels.add(7)
            continue
        m = _LEVEL_ITEM.match(item)
        if not m:
            raise OptionError("levels", raw.strip(), f"cannot read {raw.strip()!r}. {LEVELS_HELP}",
                              template="{option}: {reason}")
        if m.group(1):
            lo, hi = int(m.group(1)), min(int(m.group(2)), 7)
        else:
            lo = int(m.group(3))
            hi = 7 if m.group(4) else min(lo, 7)
            unlisted = unlisted or bool(m.group(4))
        if not 1 <= lo <= hi:
            raise OptionError("levels", raw.strip(), f"{raw.strip()!r} is not a range of HSK levels 1-9. {LEVELS_HELP}",
                              template="{option}: {reason}")
        levels.update(range(lo, hi + 1))
    if not levels and not unlisted:
        raise OptionError("levels", raw, f"empty. {LEVELS_HELP}", template="{option} is {reason}")
    return frozenset(levels), unlisted


# Zipf values of real words run from about 1 (rare) to about 7.5 (的); a bound outside
# 0-8 keeps every word or none, and is a typo or a misunderstanding.
ZIPF_RANGE = (0.0, 8.0)


def filter_options(*, standard: str, levels: str | None, min_count: int, min_zipf: float | None,
                   max_zipf: float | None, max_cards: int | None, coverage: float | None, names: bool,
                   cards: tuple[str, ...], known: frozenset[str] = frozenset(), jobs: int = 1) -> Options:
    """Options from the filters as a person gives them (the command line's flags, the page's
    form), checked. Without levels, coverage or a card cap, the study deck: DEFAULT_LEVELS
    words that reach DEFAULT_COVERAGE, at most CARDS_PER_ARTICLE an article."""
    from vocabdeck.data import hsk

    study = levels is None and coverage is None and max_cards is None
    level_set, unlisted = parse_levels(DEFAULT_LEVELS if levels is None else levels)
    options = Options(
        standard=hsk.resolve_standard(standard),
        levels=level_set,
        unlisted=unlisted,
        min_count=min_count,
        min_zipf=min_zipf,
        max_zipf=max_zipf,
        known=known,
        max_cards=max_cards,
        coverage=DEFAULT_COVERAGE if study else coverage,
        study_deck=study,
        names=names,
        cards=cards,
        jobs=jobs,
    )
    check_options(options)
    return options


def check_options(options: Options) -> None:
    """Reject contradictory options before any work is done."""
    for name, value in (("min_zipf", options.min_zipf), ("max_zipf", options.max_zipf)):
        if value is not None and not ZIPF_RANGE[0] <= value <= ZIPF_RANGE[1]:  # also NaN
            raise OptionError(name, value, "Zipf values run from about 1 (rare) to 7 (very common); give a "
                              f"number from {ZIPF_RANGE[0]:g} to {ZIPF_RANGE[1]:g}, e.g. {option_ref(name)} 3.5.")
    if options.min_zipf is not None and options.max_zipf is not None and options.min_zipf > options.max_zipf:
        low, high = option_ref("min_zipf"), option_ref("max_zipf")
        raise OptionError("min_zipf", options.min_zipf, f"is above {high} ({options.max_zipf}): lower {low} or "
                          f"raise {high}.", template="{option} ({value}) {reason}")
    if options.min_count < 1:
        raise OptionError("min_count", options.min_count, "must be 1 or more.", template="{option} {reason}")
    if options.max_cards is not None and options.max_cards < 1:
        raise OptionError("max_cards", options.max_cards, "keeps no card; give 1 or more, or leave it out.",
                          template="{option} {value} {reason}")
    if options.coverage is not None and not 0 < options.coverage <= 100:
        raise OptionError("coverage", options.coverage, "is a percentage of the article's words: above 0, at most "
                          "100 (e.g. 98).", template="{option} {reason}")


def reason_to_leave_out(word: Word, options: Options) -> str | None:
    """The first filter that rejects `word`, or None when it becomes a card."""
    if word.is_name and not options.names:
        # A name needs no dictionary entry: with --names it is a card, its meaning the
        # dictionary's or its spelling in the English.
        return "name"
    if word.given:
        # The input names it as a word to learn (a word list, the article's gloss): no
        # filter drops it but the learner's own known words (and --names, above).
        return "known" if is_known(word, options) else None
    if not word.is_name and not word.in_dictionary:
        return "no dictionary entry"
    if not word.is_name and word.fragment:
        return "fragment"
    if is_known(word, options):
        return "known"
    if word.count < options.min_count:
        return "count"
    if word.hsk_level is None:
        # A word on no list is rare or a compound the lists leave out; an everyday one
        # (看到, 每天) is as easy as the first level, and counts as level 1.
        if (word.zipf or 0.0) >= EVERYDAY_ZIPF:
            if 1 not in options.levels:
                return "level"
        elif not options.unlisted:
            return "level"
    elif word.hsk_level not in options.levels:
        return "level"
    zipf = word.zipf if word.zipf is not None else 0.0  # a word with no frequency is rare
    if options.min_zipf is not None and zipf < options.min_zipf:
        return "frequency"
    if options.max_zipf is not None and zipf > options.max_zipf:
        return "frequency"
    return None


def is_known(word: Word, options: Options) -> bool:
    """Either form of the word is a known word, or (with known characters) every
    character of it is known."""
    if word.word in options.known or word.traditional in options.known:
        return True
    return bool(options.known_chars) and all(c in options.known_chars for c in word.word)


def effective_level(word: Word) -> int | None:
    """The word's HSK level; an everyday word on no list (看到, 每天) counts as level 1;
    None for a rarer word on no list."""
    if word.hsk_level is None and (word.zipf or 0.0) >= EVERYDAY_ZIPF:
        return 1
    return word.hsk_level


def assumed_known(word: Word, options: Options) -> bool:
    """Whether the options say the learner knows the word: a known word, a level below
    the levels kept (--levels 4+ says levels 1-3 are known), or more common than --max-zipf."""
    if is_known(word, options):
        return True
    level = effective_level(word)
    if level is not None and options.levels and level < min(options.levels):
        return True
    return options.max_zipf is not None and (word.zipf or 0.0) > options.max_zipf


# How much general-language frequency counts against repetition in the article: a word
# met twice as often in the article is worth half a Zipf point (a word used about 3 times
# as often in the language). A topic word met 16 times (主动脉 "aorta", Zipf 2.5) then ranks
# with an everyday word met twice (Zipf 5.5).
ZIPF_WEIGHT = 0.5
# Repetition that proves nothing: a word no frequency list knows, or a single character
# whose sentence did not show which sense it has, may be a piece of a name or of a term
# no dictionary knows, repeated as often as the whole. Its count does not count.
UNPROVEN_DOUBLINGS = 0.0


def usefulness(word: Word) -> float:
    """How useful a card is to a reader of this article: log2 of its count in the article
    (not counted for repetition that proves nothing) plus half its Zipf frequency (0 when
    no frequency list knows it)."""
    repeats = math.log2(max(word.count, 1))
    proven = word.zipf is not None and (len(word.word) > 1 or word.sense_reason != "dictionary")
    if not proven:
        repeats = min(repeats, UNPROVEN_DOUBLINGS)
    return repeats + ZIPF_WEIGHT * (word.zipf or 0.0)


def rank(word: Word) -> tuple:
    """Ranking for --max-cards (lowest first): words the input names (zh/given.py) first,
    words before names (kept with --names), dictionary words before the rest, then the
    more useful word, then (the sort being stable) the earlier word in the article."""
    return (not word.given, word.is_name, not word.in_dictionary, -usefulness(word))


def coverage_rank(word: Word) -> tuple:
    """Order for --coverage: most occurrences in the article first (which reaches a coverage
    with the fewest words), then the more useful word."""
    return (-word.count, rank(word))


def select(words: Sequence[Word], options: Options) -> Selection:
    """Split `words` (in article order) into cards and words left out, with reasons."""
    kept: list[Word] = []
    left_out: list[tuple[Word, str]] = []
    for word in words:
        reason = reason_to_leave_out(word, options)
        if reason is None:
            kept.append(word)
        else:
            left_out.append((word, reason))
    if options.coverage is not None:
        base = coverage.coverage(words, lambda w: assumed_known(w, options), ())
        needed = set(map(id, coverage.fewest_for(options.coverage, kept, base, coverage_rank)))
        needed.update(id(w) for w in kept if w.given)  # named by the input: kept as every filter keeps it
        left_out += [(w, "coverage") for w in kept if id(w) not in needed]
        kept = [w for w in kept if id(w) in needed]
    if options.max_cards is not None and len(kept) > options.max_cards:
        best = set(map(id, sorted(kept, key=rank)[: options.max_cards]))  # sort is stable
        left_out += [(w, "max cards") for w in kept if id(w) not in best]
        kept = [w for w in kept if id(w) in best]
    if options.study_deck:
        by_source: dict[str, list[Word]] = {}  # each article's words, in article order
        for w in kept:
            by_source.setdefault(w.source, []).append(w)
        best = set()
        for group in by_source.values():
            best.update(map(id, sorted(group, key=rank)[:CARDS_PER_ARTICLE]))
        left_out += [(w, "deck size") for w in kept if id(w) not in best]
        kept = [w for w in kept if id(w) in best]
    names = tuple(dict.fromkeys(w.word for w in words if w.is_name))
    reached = coverage.coverage(words, lambda w: assumed_known(w, options), kept)
    return Selection(cards=tuple(kept), left_out=tuple(left_out), names=names, coverage=reached)
