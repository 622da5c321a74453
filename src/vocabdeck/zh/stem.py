"""The one English stemmer and stop-word list: alignment anchors and gloss marking match
English words through them, so the two agree on what counts as the same word."""

from __future__ import annotations

from functools import lru_cache

# Words that carry no meaning of their own in a dictionary gloss ("to", "a", "sb"...):
# gloss marking skips them when it matches a sense's words in a sentence.
FILLER = frozenset(
    "to a an the of sb sth one's oneself someone something be is are was for and or in on at "
    "by with as from into etc it its up out off very also not no".split()
)
# FILLER and every other function word, and the labels of CC-CEDICT senses: words too common
# to say which English sentence translates which Chinese one.
STOP = FILLER | frozenset(
    """a an the of to in on at by for with from as and or but not no nor is are was were be been
    being am do does did have has had it its this that these those there their they them he she
    his her him we our us you your i me my one's sb sth etc lit fig abbr used variant see also
    pr old which whom than then so such very more most much many some
    any all each both either neither other into onto over under about up down out off s can
    could will would shall should may might must just also only even still yet too if whether
    because while though although after before since until during per via within without
    surname particle classifier kind esp e.g i.e something someone oneself""".split()
)


_VOWELS = frozenset("aeiou")
_SUFFIXES = (("ingly", ""), ("edly", ""), ("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
             ("s", ""), ("ly", ""))


def _cvc(w: str) -> bool:
    return len(w) == 3 and w[0] not in _VOWELS and w[1] in _VOWELS and w[2] not in _VOWELS and w[2] not in "wxy"


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light, consistent lemma for matching English words with each other: possessives,
    plurals, -ed, -ing, -ly and a final e go, so that cost/costs, reduce/reduced,
    study/studies, stop/stopping, vote/voting and use/using meet. Not a linguistic lemma."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 2 or not w.isalpha():
        return w
    for suffix, repl in _SUFFIXES:
        if not w.endswith(suffix):
            continue
        rest = w[: len(w) - len(suffix)]
        if suffix == "s" and rest.endswith(("s", "u", "i")):  # class, status, analysis
            break
        if suffix == "es" and not rest.endswith(("x", "z", "ch", "sh", "o")):
            continue  # homes, cases: only the s goes
        if suffix == "ly" and (len(rest) < 4 or rest[-1] in "ip"):  # family, early, supply
            break
        short_ok = len(rest) == 2 and (rest[0] in _VOWELS or rest[1] in _VOWELS)  # us-ing, go-ing
        if len(rest) < 3 and not (suffix in ("ing", "ed") and short_ok):
            continue  # uses: not "us" + "es" but "use" + "s"
        w = rest + ("e" if len(rest) == 2 and rest[1] not in _VOWELS else repl)  # us-ing -> use
        if suffix in ("ing", "ed") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]  # stopping, planned
        elif suffix in ("ing", "ed") and _cvc(w):
            w += "e"  # voting, making, based
        break
    if len(w) >= 5 and w.endswith("e"):  # reduce/reduc(ed), but use, late, vote stay
        w = w[:-1]
    return w
