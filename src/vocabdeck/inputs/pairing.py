"""Pairing the Chinese and English paragraphs of a bilingual page."""

from __future__ import annotations

import math

from vocabdeck.zh.script import en_per_zh


def _pair_cost(zh: str, en: str, ratio: float) -> float:
    """How unlike a translation pair two adjacent paragraphs are, from their lengths."""
    lz = max(1, len(zh))
    le = max(1, len(en))
    return abs(math.log(le / (lz * ratio)))


def pair_blocks(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pair adjacent Chinese and English paragraphs of a bilingual page.

    A small dynamic programme over the page: each step takes a paragraph alone (a Chinese
    one with no English, or an English one that is dropped) or an adjacent zh/en pair.
    The page's usual order (English first or Chinese first) is found by running it both
    ways and keeping the cheaper; the other order is allowed at a small extra cost.
    """
    zh_len = sum(len(t) for lang, t in items if lang == "zh")
    en_len = sum(len(t) for lang, t in items if lang == "en")
    ratio = en_per_zh(en_len, zh_len)
    alone = {"zh": 1.6, "en": 1.2}  # a pair whose lengths differ by a factor of e^1.4 is still a pair
    best = None
    for first in ("en", "zh"):
        n = len(items)
        cost = [math.inf] * (n + 1)
        back: list[tuple[int, bool]] = [(0, False)] * (n + 1)
        cost[0] = 0.0
        for i in range(n):
            if cost[i] == math.inf:
                continue
            lang, _ = items[i]
            c = cost[i] + alone[lang]
            if c < cost[i + 1]:
                cost[i + 1], back[i + 1] = c, (i, False)
            if i + 1 < n and items[i + 1][0] != lang:
                zh = items[i][1] if lang == "zh" else items[i + 1][1]
                en = items[i + 1][1] if lang == "zh" else items[i][1]
                c = cost[i] + _pair_cost(zh, en, ratio) + (0.0 if lang == first else 0.5)
                if c < cost[i + 2]:
                    cost[i + 2], back[i + 2] = c, (i, True)
        if best is None or cost[n] < best[0]:
            best = (cost[n], back)
    assert best is not None
    back = best[1]
    out: list[tuple[str, str]] = []
    j = len(items)
    while j > 0:
        i, paired = back[j]
        if paired:
            a, b = items[i], items[i + 1]
            out.append((a[1], b[1]) if a[0] == "zh" else (b[1], a[1]))
        elif items[i][0] == "zh":
            out.append((items[i][1], ""))
        j = i
    out.reverse()
    return out


