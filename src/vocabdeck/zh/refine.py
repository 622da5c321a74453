"""A bead of several sentences taken apart where the evidence allows: its 1-1 pairs, or
two Chinese sentences against one English sentence cut at a clause boundary ("“...,” he
said."). What cannot be taken apart stays one record (see align.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vocabdeck.zh.anchors import En, Zh, covered, en_anchors, length_cost, zh_anchors

if TYPE_CHECKING:
    from vocabdeck.zh.align import _Aligner

# A clause boundary inside an English sentence where a second Chinese sentence may begin:
# after a comma, semicolon or colon, or a question or exclamation mark (with any closing
# quote: '"Where to?" she asked.'), or after a closing quote (a reversed one too, when
# it follows punctuation and a space: 'confidence, “ Hao said.').
_EN_CLAUSE = re.compile(r"""[,;:?!.]?\s?[”"’']\s+|[,;:?!.]\s?“\s+|[,;:?!]\s+(?!“\s)""")
SPLIT_LENGTH = 4.0  # the largest length cost (-log p) a pair split out of a bead may have
CLEAR_WORDS = 0.3  # coverage by which the pairs must beat the crossed pairs to relax it


def refine(al: _Aligner, i: int, j: int, a: int, b: int,
           gloss: dict[str, frozenset[str]]) -> list[tuple[list[int], list[str], str]]:
    """The records of bead (i, j, a, b): its 1-1 pairs when each of them is plausible by
    length and each sentence shares at least as much with its own partner as with the
    bead's other sentences; for two Chinese sentences against one English sentence, the
    English cut at a clause boundary on the same evidence; otherwise the bead whole."""
    es = al.es
    whole = [(list(range(i, i + a)), [es[y].text for y in range(j, j + b)], f"{a}:{b}")]
    if a == 0 or b == 0 or a + b < 3 or a == 1:
        return whole
    if a == b:
        # The pairs share more words than the crossed pairs, and each is plausible by
        # length: within SPLIT_LENGTH, or within twice that when the words clearly say so
        # (a translation that expands one sentence is no reason to merge it with the next).
        own = sum(al._pair_cover(i + x, j + x) for x in range(a))
        crossed = sum(al._pair_cover(i + x, j + a - 1 - x) for x in range(a))
        limit = SPLIT_LENGTH * (2 if own - crossed >= CLEAR_WORDS else 1)
        if own > crossed and all(
                length_cost(al.zlen(al.zs[i + x]), es[j + x].length, al.ratio, al.var) <= limit for x in range(a)):
            return [([i + x], [es[j + x].text], "1:1") for x in range(a)]
        return whole
    if a == 2 and b == 1:
        cut = clause_cut(al, i, j, gloss)
        if cut:
            return [([i], [cut[0]], "1:1"), ([i + 1], [cut[1]], "1:1")]
    return whole


def clause_cut(al: _Aligner, i: int, j: int, gloss: dict[str, frozenset[str]]) -> tuple[str, str] | None:
    """English sentence j cut in two at the clause boundary that best fits Chinese
    sentences i and i + 1, when lengths and shared words both support it. The words
    common in the article count here (a name in every paragraph still says which clause
    is "Fu Kunbao said")."""
    text = al.es[j].text
    z0, z1 = al.zs[i], al.zs[i + 1]
    best = None
    for m in _EN_CLAUSE.finditer(text):
        left, right = text[: m.end()].strip(), text[m.end():].strip()
        if not left or not right:
            continue
        l0, l1 = len(re.sub(r"\s", "", left)), len(re.sub(r"\s", "", right))
        cost = length_cost(al.zlen(z0), l0, al.ratio, al.var) + length_cost(al.zlen(z1), l1, al.ratio, al.var)
        if best is None or cost < best[0]:
            best = (cost, left, right)
    if best is None or best[0] > SPLIT_LENGTH:
        return None
    _, left, right = best
    el, er = en_anchors(left), en_anchors(right)
    z0, z1 = zh_anchors(z0.text, gloss), zh_anchors(z1.text, gloss)
    def cov(z: Zh, e: En) -> float:
        zm, em = covered(z, e)
        return (min(1.0, zm.bit_count() / z.size) + min(1.0, em.bit_count() / e.size)) / 2
    own = cov(z0, el) + cov(z1, er)
    if own <= cov(z0, er) + cov(z1, el) or min(cov(z0, el), cov(z1, er)) < al.baseline / 2:
        return None
    return left, right
