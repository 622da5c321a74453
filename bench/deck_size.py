"""Deck sizes and coverage under several filters, on the sample article, the seed article
and the WMT21 dev documents: the measurement behind the default deck size.

    python bench/deck_size.py                 # every document, the variants below
    python bench/deck_size.py a.txt b.txt     # other articles

For each article: Chinese characters, cards and the share of running words known before
and after learning the cards, for each variant of the options. The words are looked up
once per article; each variant only re-runs the selection.
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"

VARIANTS = {
    "4+ (old default)": dict(),
    "4+ cov95": dict(coverage=95.0),
    "4+ cov98": dict(coverage=98.0),
    "4+ cov98 cap30": dict(coverage=98.0, max_cards=30),
    "4+ cov98 cap40": dict(coverage=98.0, max_cards=40),
    "4+ cov98 cap50": dict(coverage=98.0, max_cards=50),
    "all": dict(levels=frozenset(range(1, 8))),
    "all cov98": dict(levels=frozenset(range(1, 8)), coverage=98.0),
}


def articles() -> list[Path]:
    found = [HERE.parent / "samples" / "library-night.txt"]
    found += [SHARED / "seeds" / "japan-us-alliance.bilingual.txt"]
    found += sorted((SHARED / "eval" / "wmt21-dev").glob("doc*.bilingual.txt"))
    return [p for p in found if p.is_file()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles", nargs="*", type=Path)
    args = ap.parse_args()

    from vocabdeck import pipeline
    from vocabdeck.model import Options
    from vocabdeck.zh import select

    looked_up = {}
    real_select = select.select

    def keep(words, options):
        looked_up["words"] = list(words)
        return real_select(words, options)

    select.select = keep
    table: dict[str, list[tuple[int, float, float]]] = {v: [] for v in VARIANTS}
    print("article", "chars", *VARIANTS, sep="\t")
    for path in args.articles or articles():
        texts = pipeline.read_articles([path])
        pipeline.choose(texts, Options())
        chars = sum(len(p) for t in texts for p in t.zh)
        cells = []
        for name, change in VARIANTS.items():
            s = real_select(looked_up["words"], replace(Options(), **change))
            c = s.coverage
            table[name].append((len(s.cards), c.known_percent, c.after_percent))
            cells.append(f"{len(s.cards)} {c.known_percent:.1f}->{c.after_percent:.1f}")
        print(path.name.split(".")[0], chars, *cells, sep="\t")
    print()
    print("variant", "cards median", "cards range", "known before (median)", "after (median)", "after (min)", sep="\t")
    for name, rows in table.items():
        cards = [r[0] for r in rows]
        print(name, statistics.median(cards), f"{min(cards)}-{max(cards)}",
              f"{statistics.median(r[1] for r in rows):.1f}", f"{statistics.median(r[2] for r in rows):.1f}",
              f"{min(r[2] for r in rows):.1f}", sep="\t")


if __name__ == "__main__":
    main()
