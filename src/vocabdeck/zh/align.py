"""Align each Chinese sentence with the English sentence(s) that translate it.

A Gale-Church style dynamic programme over "beads" (1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 1-3,
3-1 sentences), where a bead's cost adds

  * a length term: English characters against Chinese characters times a ratio learned
    from the text itself (Gale & Church 1993, with their normal-tail probability); a
    Latin letter or digit inside the Chinese counts as one English character;
  * a prior for the bead's shape;
  * minus a lexical term: the share of each side covered by anchors found on the other,
    namely numbers and dates (9月 ~ September), Latin script inside the Chinese (B-29),
    and CC-CEDICT glosses of the Chinese words among the (lightly lemmatised) English words.

When the English comes from its own file, the programme runs once over all sentences, with
paragraph breaks as soft hints (headlines, bylines and captions with no counterpart fall out
as 1-0 and 0-1 beads).

The units are sentences ending in 。！？ (the clauses of a sentence cut at "；" travel
together and each carries the sentence's English). A bead of several sentences is then
taken apart where the evidence allows: its 1-1 pairs when lengths and shared words favour
them over the crossed pairs, two Chinese sentences against one English sentence by cutting
the English at a clause boundary ("“...,” he said."). What cannot be taken apart stays one
record, the whole group on both sides, so that a card's English always translates its
Chinese; SentencePair.bead says which.

The evidence (anchors, lengths) is in anchors.py; the taking apart of beads in refine.py.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from vocabdeck.model import SentencePair, Text
from vocabdeck.zh.anchors import (
    SQRT2,
    En,
    Zh,
    common_keys,
    covered,
    en_anchors,
    glosses,
    length_cost,
    zh_anchors,
    zh_length,
)
from vocabdeck.zh.refine import SPLIT_LENGTH, clause_cut, refine
from vocabdeck.zh.script import en_per_zh
from vocabdeck.zh.sentences import split_en, split_zh

__all__ = ["align"]

# ------------------------------------------------------------------------ the programme
# Shape priors: -log P(bead). Gale & Church measured 0.89 / 0.0099 / 0.089 / 0.011 on
# English-French-German; Chinese-English news merges and splits more often (the seed
# article has 8 one-to-two beads in 25), so 2-1 and 1-2 are made cheaper.
BEADS = {(1, 1): 0.0, (1, 2): 1.6, (2, 1): 1.8, (2, 2): 3.2, (1, 3): 3.6, (3, 1): 4.0,
         (1, 0): 2.5, (0, 1): 2.5}
# See _Aligner; tuned on re-paragraphed copies of the seed article.
PARAGRAPH_MISMATCH = 1.0
PARAGRAPH_SPAN = 3.0
# LEX_WEIGHT, the skip priors above and MERGE_PENALTY came from a grid search on copies of
# the seed article with Chinese or English sentences deleted, inserted or merged at random
# (99.3% of sentences right with these values, 95% with the Gale-Church skip prior and no
# merge penalty); PAIR_PENALTY from a headline facing a byline in tests/data/align.
LEX_WEIGHT = 10.0  # cost taken off per unit of mean coverage above BASELINE
# Coverage a sentence gets by chance from an unrelated one (names and words every sentence
# of an article shares); below it, a sentence is evidence against the bead it is in.
BASELINE = 0.3  # used on texts too short to measure it (see _Aligner._baseline)
BASELINE_RANGE = (0.15, 0.35)
MERGE_PENALTY = 6.0  # for a merge bead whose weakest sentence is at chance coverage
PAIR_PENALTY = 2.0  # the same for a 1-1 bead


class _Aligner:
    def __init__(self, zs: Sequence[Zh], es: Sequence[En], ratio: float, var: float,
                 beads: dict[tuple[int, int], float], zstart: Sequence[bool] = (),
                 estart: Sequence[bool] = ()):
        self.zs, self.es, self.ratio, self.var, self.beads = zs, es, ratio, var, beads
        # Which sentences begin a paragraph, when the two sides come from separate files:
        # a bead that begins a paragraph on one side only, or runs across a paragraph
        # break, costs a little more.
        self.zstart, self.estart = zstart, estart
        self.lexical = True
        self.pair_cache: dict[tuple[int, int], tuple[int, int]] = {}
        self.baseline = self._baseline()
        # How much a sentence's coverage counts as evidence: short ones ("她问。") carry
        # little either way (full weight from 12 Chinese characters or 5 English words).
        self.zweight = [min(1.0, z.size / 12) for z in zs]
        self.eweight = [min(1.0, e.size / 5) for e in es]
        self.zcum = [0.0]
        for z in zs:
            self.zcum.append(self.zcum[-1] + self.zlen(z))
        self.ecum = [0]
        for e in es:
            self.ecum.append(self.ecum[-1] + e.length + 1)

    def zlen(self, z: Zh) -> float:
        return z.length - z.latin + z.latin / self.ratio

    def _baseline(self) -> float:
        """The coverage that separates translations from chance, measured on this text:
        halfway between the typical best partner of a Chinese sentence near its place and
        the typical sentence elsewhere. News with many names and numbers shares more words
        than a novel does; a fixed threshold would suit only one of them."""
        n, m = len(self.zs), len(self.es)
        if n < 4 or m < 4:
            return BASELINE
        best, chance = [], []
        step = max(1, n // 60)  # about 60 sentences are enough for two medians
        for i in range(0, n, step):
            centre = int(i * m / n)
            near = [self._pair_cover(i, j) for j in range(max(0, centre - 3), min(m, centre + 4))]
            far = [j for j in (centre + m // 2, centre + m // 3, centre - m // 3) if abs(j - centre) > 3 and 0 <= j < m]
            best.append(max(near))
            chance.extend(self._pair_cover(i, j) for j in far)
        if len(chance) < 3:
            return BASELINE
        best.sort()
        chance.sort()
        level = (best[len(best) // 2] + chance[len(chance) // 2]) / 2
        return min(BASELINE_RANGE[1], max(BASELINE_RANGE[0], level))

    def _pair_cover(self, i: int, j: int) -> float:
        zm, em = self.cover(i, j)
        return (min(1.0, zm.bit_count() / self.zs[i].size) + min(1.0, em.bit_count() / self.es[j].size)) / 2

    def cover(self, i: int, j: int) -> tuple[int, int]:
        key = (i, j)
        c = self.pair_cache.get(key)
        if c is None:
            c = self.pair_cache[key] = covered(self.zs[i], self.es[j])
        return c

    def bead_cost(self, i: int, j: int, a: int, b: int, budget: float = math.inf) -> tuple[float, float]:
        """Cost of the bead taking zs[i:i+a] and es[j:j+b]; and its lexical coverage.

        Each sentence of the bead is scored on its own coverage by the other side, so that
        a sentence with nothing in common with the others is cheaper left alone (1-0, 0-1)
        than merged into a neighbour's bead. Returns inf when the cost cannot be below
        `budget` whatever the words say (which saves the lexical comparison)."""
        prior = self.beads[(a, b)]
        if a == 0 or b == 0:
            return prior, 0.0
        lz = self.zcum[i + a] - self.zcum[i]
        le = self.ecum[j + b] - self.ecum[j] - 1
        length = length_cost(lz, le, self.ratio, self.var)
        members = a + b
        if not self.lexical:
            return prior + length, 0.0
        if prior + length + LEX_WEIGHT * (self.baseline - 1.0) * members / 2 >= budget:
            return math.inf, 0.0
        cover, zs, es = self.cover, self.zs, self.es
        if a == 1 and b == 1:  # the common case, written out
            zm, em = cover(i, j)
            covs = [min(1.0, zm.bit_count() / zs[i].size), min(1.0, em.bit_count() / es[j].size)]
            weights = [self.zweight[i], self.eweight[j]]
        else:
            emasks = [0] * b
            covs = []
            for x in range(a):
                zm = 0
                for y in range(b):
                    cz, ce = cover(i + x, j + y)
                    zm |= cz
                    emasks[y] |= ce
                covs.append(min(1.0, zm.bit_count() / zs[i + x].size))
            for y in range(b):
                covs.append(min(1.0, emasks[y].bit_count() / es[j + y].size))
            weights = self.zweight[i : i + a] + self.eweight[j : j + b]
        lex = sum(covs) / members
        cost = prior + length + LEX_WEIGHT * (self.baseline - lex) * members / 2
        if self.zstart:
            zst, est = self.zstart, self.estart
            if zst[i] != est[j]:
                cost += PARAGRAPH_MISMATCH
            if any(zst[i + 1 : i + a]) or any(est[j + 1 : j + b]):
                cost += PARAGRAPH_SPAN
        # A merge whose weakest sentence shares (almost) nothing with the other side is
        # more likely a sentence without a counterpart next to a true pair; so, less
        # strongly, is a 1-1 bead (a headline facing a byline).
        weak = max(max(0.0, self.baseline - c) / self.baseline * w for c, w in zip(covs, weights))
        cost += (MERGE_PENALTY if members > 2 else PAIR_PENALTY) * weak
        return cost, lex

    def run(self) -> list[tuple[int, int, int, int, float, float]]:
        """Best bead sequence: (i, j, a, b, cost, coverage) for each bead, in order.

        Long texts are aligned twice: by length alone in a wide band around the diagonal,
        then with the words too in a narrow band around that first path (length-only
        alignment is right about 87% of the time and its errors are local)."""
        n, m = len(self.zs), len(self.es)
        width = max(10, abs(n - m) + 6, max(n, m) // 12)
        bands = [(max(0, int(i * m / n) - width), min(m, int(i * m / n) + width)) for i in range(n + 1)]
        if n * width > 1500:
            # The first pass only needs the path's neighbourhood: simple beads, half the
            # band (a drift of more than half the difference in sentence counts from the
            # diagonal needs all the merges at one end of the text).
            width = max(10, abs(n - m) // 2 + 8, max(n, m) // 12)
            bands = [(max(0, int(i * m / n) - width), min(m, int(i * m / n) + width)) for i in range(n + 1)]
            path = self._length_search(bands)
            near = 4
            lo = [m] * (n + 1)
            hi = [0] * (n + 1)
            for i, j, a, b, _, _ in path + [(n, m, 0, 0, 0.0, 0.0)]:
                for x in range(i, min(n, i + a) + 1):
                    lo[x] = min(lo[x], max(0, j - near))
                    hi[x] = max(hi[x], min(m, j + b + near))
            bands = [(min(lo[max(0, x - 2) : x + 3]), max(hi[max(0, x - 2) : x + 3])) for x in range(n + 1)]
        return self._search(bands)

    def _length_search(self, bands: list[tuple[int, int]]) -> list[tuple[int, int, int, int, float, float]]:
        """The search by length and bead shape alone, written out for speed."""
        n, m = len(self.zs), len(self.es)
        zcum, ecum, ratio, var = self.zcum, self.ecum, self.ratio, self.var
        shapes = [(a, b, p) for (a, b), p in self.beads.items() if a + b <= 3]
        erfc, log, sqrt, inf = math.erfc, math.log, math.sqrt, math.inf
        cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
        back: dict[tuple[int, int], tuple[int, int]] = {}
        for i in range(n + 1):
            lo, hi = bands[i]
            for j in range(lo, hi + 1):
                here = cost.get((i, j))
                if here is None:
                    continue
                for a, b, prior in shapes:
                    if i + a > n or j + b > m:
                        continue
                    c = here + prior
                    if a and b:
                        lz = zcum[i + a] - zcum[i]
                        le = ecum[j + b] - ecum[j] - 1
                        d = abs(le - lz * ratio) / sqrt(max(1.0, (lz + le / ratio) / 2) * var)
                        c -= log(max(erfc(d / SQRT2), 1e-12))
                    key = (i + a, j + b)
                    if c < cost.get(key, inf):
                        cost[key] = c
                        back[key] = (a, b)
        path = []
        i, j = n, m
        while (i, j) != (0, 0):
            a, b = back[(i, j)]
            i, j = i - a, j - b
            path.append((i, j, a, b, 0.0, 0.0))
        path.reverse()
        return path

    def _search(self, bands: list[tuple[int, int]]) -> list[tuple[int, int, int, int, float, float]]:
        n, m = len(self.zs), len(self.es)
        inf = math.inf
        cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
        back: dict[tuple[int, int], tuple[int, int, float, float]] = {}
        for i in range(n + 1):
            lo, hi = bands[i]
            for j in range(lo, hi + 1):
                here = cost.get((i, j), inf)
                if here == inf:
                    continue
                for (a, b) in self.beads:
                    if i + a > n or j + b > m:
                        continue
                    best = cost.get((i + a, j + b), inf)
                    c, lex = self.bead_cost(i, j, a, b, best - here)
                    total = here + c
                    if total < best:
                        cost[(i + a, j + b)] = total
                        back[(i + a, j + b)] = (a, b, c, lex)
        beads = []
        i, j = n, m
        if (n, m) not in back and (n, m) != (0, 0):  # outside the band: should not happen
            raise RuntimeError("alignment band too narrow")
        while (i, j) != (0, 0):
            a, b, c, lex = back[(i, j)]
            i, j = i - a, j - b
            beads.append((i, j, a, b, c, lex))
        beads.reverse()
        return beads


def _confidence(a: int, b: int, cost: float, lex: float) -> float:
    if a == 0 or b == 0:
        return 0.0
    # A 1-1 bead with no length penalty and a third of its words anchored costs about -2;
    # map cost to (0, 1) so that such a bead scores about 0.9.
    per = cost / ((a + b) / 2)
    return round(1.0 / (1.0 + math.exp(per)), 3)


def _stats(zh: Sequence[str], en: Sequence[str]) -> tuple[float, float]:
    """English characters per Chinese character, and the variance of the difference per
    character, learned from the text (paragraph pairs when they are given)."""
    le = sum(len(re.sub(r"\s", "", e)) for e in en)
    lz = sum(zh_length(z, 2.9) for z in zh)
    ratio = en_per_zh(le, lz)
    # Variance of (le - ratio*lz) per character: Gale & Church had 6.8 for English-German
    # characters at ratio 1; scaled by the ratio, about 20 for Chinese-English.
    var = 6.8 * ratio
    return ratio, var


def _align_block(zh: Sequence[str], en: Sequence[str], ratio: float, var: float,
                 gloss: dict[str, frozenset[str]], common: frozenset[str] = frozenset(),
                 beads: dict[tuple[int, int], float] = BEADS, zstart: Sequence[bool] = (),
                 estart: Sequence[bool] = ()) -> list[tuple[list[int], list[str], float, str]]:
    """Align two lists of units. Returns, per record, (zh indexes, its English pieces,
    confidence, shape): a bead of several sentences on both sides or of several Chinese
    ones is split into smaller pairs where the evidence allows (see refine), and otherwise
    kept whole, as a group whose two sides translate each other."""
    if not zh:
        return []
    if not en:
        return [([i], [], 0.0, "1:0") for i in range(len(zh))]
    if len(zh) > 2 * CHUNK:
        return _align_chunks(zh, en, ratio, var, gloss, common, beads, zstart, estart)
    zs = [zh_anchors(z, gloss, common) for z in zh]
    es = [en_anchors(e, common) for e in en]
    aligner = _Aligner(zs, es, ratio, var, beads, zstart, estart)
    out = []
    path = aligner.run()
    k = 0
    while k < len(path):
        i, j, a, b, c, lex = path[k]
        conf = _confidence(a, b, c, lex)
        # A sentence the search left without English next to a 1-1 pair: the pair's English
        # may hold both ("“...,” he said." against "“……。”" and "他说。").
        nxt = path[k + 1] if k + 1 < len(path) else None
        if nxt and (a, b, nxt[2], nxt[3]) in ((1, 1, 1, 0), (1, 0, 1, 1)):
            jj = j if b else nxt[1]
            cut = clause_cut(aligner, i, jj, gloss)
            if cut:
                conf = max(conf, _confidence(nxt[2], nxt[3], nxt[4], nxt[5]))
                out.extend([([i], [cut[0]], conf, "1:1"), ([i + 1], [cut[1]], conf, "1:1")])
                k += 2
                continue
        records = refine(aligner, i, j, a, b, gloss)
        prev = path[k - 1] if k else None
        if (a, b) == (2, 1) and len(records) == 1 and prev and prev[2:4] == (1, 1) and out[-1][3] == "1:1":
            # Its first sentence may rather be the last clause of the previous pair's English
            # ("“...,” Hao said." against "“……。”" and "郝说。"), the second this English.
            cut = clause_cut(aligner, i - 1, prev[1], gloss)
            if cut and aligner._pair_cover(i + 1, j) >= aligner._pair_cover(i, j) and length_cost(
                    aligner.zlen(aligner.zs[i + 1]), aligner.es[j].length, aligner.ratio, aligner.var) <= SPLIT_LENGTH:
                last = out.pop()
                out.extend([([i - 1], [cut[0]], last[2], "1:1"), ([i], [cut[1]], last[2], "1:1")])
                records = [([i + 1], [aligner.es[j].text], "1:1")]
        for zi, pieces, shape in records:
            out.append((zi, pieces, conf, shape))
        k += 1
    return out


# Texts longer than this many Chinese sentences are cut into pieces of about this size,
# cut where the lengths say the two sides are at the same place, and each piece is aligned
# on its own: time and memory stay linear (a bead or two may go wrong at each cut).
CHUNK = 1000


def _align_chunks(zh, en, ratio, var, gloss, common, beads, zstart, estart):
    zcum = [0]
    for z in zh:
        zcum.append(zcum[-1] + len(z))
    ecum = [0]
    for e in en:
        ecum.append(ecum[-1] + len(e))
    scale = ecum[-1] / zcum[-1] if zcum[-1] else 1.0
    import bisect

    cuts = [(0, 0)]
    for k in range(CHUNK, len(zh) - CHUNK // 2, CHUNK):
        j = bisect.bisect_left(ecum, zcum[k] * scale)
        cuts.append((k, min(max(j, cuts[-1][1]), len(en))))
    cuts.append((len(zh), len(en)))
    out = []
    for (i0, j0), (i1, j1) in zip(cuts, cuts[1:]):
        part = _align_block(zh[i0:i1], en[j0:j1], ratio, var, gloss, common, beads,
                            zstart[i0:i1] if zstart else (), estart[j0:j1] if estart else ())
        out.extend(([i + i0 for i in zi], pieces, c, shape) for zi, pieces, c, shape in part)
    return out


def _pairs_for(units: list[tuple[int, tuple[str, ...]]], en_sents: list[str], ratio: float, var: float,
               gloss: dict[str, frozenset[str]], common: frozenset[str], zstart: Sequence[bool] = (),
               estart: Sequence[bool] = ()) -> list[SentencePair]:
    """Align sentences (each a tuple of its "；" clauses) with English sentences. A sentence
    stays whole, clauses and all, beside the English that translates it: a clause alone
    beside the whole sentence's English reads as a translation padded with its neighbours."""
    out = []
    records = _align_block(["".join(c) for _, c in units], en_sents, ratio, var, gloss, common, BEADS,
                           zstart, estart)
    for zi, pieces, conf, shape in records:
        if not zi:  # English that translates nothing here
            continue
        en = " ".join(pieces)
        score = conf if en else 0.0
        zh = "".join("".join(units[i][1]) for i in zi)
        out.append(SentencePair(units[zi[0]][0], zh, en, score, shape))
    return out


def _units(paragraph: str) -> list[tuple[str, ...]]:
    """The paragraph's sentences, each as its clauses: split_zh cuts at "；" too, but an
    English translation rarely does, so the clauses are aligned as one sentence."""
    out: list[list[str]] = []
    for piece in split_zh(paragraph):
        if out and out[-1][-1].rstrip("”’」』）)\"' ").endswith(("；", ";")):
            out[-1].append(piece)
        else:
            out.append([piece])
    return [tuple(u) for u in out]


def align(text: Text) -> list[SentencePair]:
    """One SentencePair per Chinese sentence of `text`, in order (see the module docstring)."""
    zh_sents = [_units(p) for p in text.zh]
    if not any(text.en):
        return [SentencePair(paragraph=k + 1, zh=c) for k, ss in enumerate(zh_sents) for u in ss for c in u]
    # Glosses only where there is English to find them in (a bilingual page may leave
    # most paragraphs untranslated; looking up every substring of a long text costs).
    with_english = zh_sents if not text.paired else [ss for ss, e in zip(zh_sents, text.en) if e]
    gloss = glosses(["".join(u) for ss in with_english for u in ss])
    en_sents = [split_en(e) for e in text.en]
    common = common_keys([s for ss in en_sents for s in ss])
    out: list[SentencePair] = []
    if text.paired:
        ratio, var = _stats([z for z, e in zip(text.zh, text.en) if e], [e for e in text.en if e])
        for k, (ss, _e) in enumerate(zip(zh_sents, text.en)):
            out.extend(_pairs_for([(k + 1, s) for s in ss], en_sents[k], ratio, var, gloss, common))
        return out
    ratio, var = _stats(text.zh, text.en)
    # One pass over all sentences, with paragraph breaks as hints: translators keep most
    # paragraphs, but merge, split or add some (and headlines, bylines, captions).
    zs = [(k + 1, s) for k, ss in enumerate(zh_sents) for s in ss]
    zstart = [x == 0 for ss in zh_sents for x in range(len(ss))]
    es = [s for ss in en_sents for s in ss]
    estart = [x == 0 for ss in en_sents for x in range(len(ss))]
    nz, ne = len(text.zh), len(text.en)
    if min(nz, ne) < 0.7 * max(nz, ne) and (len(zs) < 1.2 * nz or len(es) < 1.2 * ne):
        # One side has a sentence per line, the other paragraphs: line breaks say nothing.
        zstart = estart = []
    out.extend(_pairs_for(zs, es, ratio, var, gloss, common, zstart, estart))
    return out
