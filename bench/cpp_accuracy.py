"""Accuracy of the readings stage on the CPP polyphone development set.

    python bench/cpp_accuracy.py [--shared ../shared] [--misses N]

Each sentence of ../shared/eval/cpp-dev/dev.sent (the polyphonic character marked with
U+2581 on both sides, its human label in dev.lb) is segmented as the pipeline does
(vocabdeck.zh.segment when present, else jieba.lcut), all sentences are annotated in one call,
and the syllable given to the marked character is compared with the label (u: read as v).
Prints the accuracy, the time taken by annotate, and the characters that fail most.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def segmenter():
    try:
        from vocabdeck.model import SentencePair
        from vocabdeck.zh import segment

        def cut(sentences):
            pairs = [SentencePair(paragraph=1, zh=s) for s in sentences]
            return [[t.text for t in tokens] for tokens in segment.segment(pairs)]

        return "vocabdeck.zh.segment", cut
    except ImportError:
        import jieba

        jieba.setLogLevel(60)
        return "jieba.lcut", lambda sentences: [jieba.lcut(s) for s in sentences]


def char_readings(tokens: list[str], readings: list[str]) -> list[str | None]:
    """One entry per character of the sentence: its syllable, None for non-Han."""
    out: list[str | None] = []
    for tok, reading in zip(tokens, readings):
        sylls = iter(reading.split())
        out.extend(next(sylls, None) if HAN.match(ch) else None for ch in tok)
    return out


def main() -> None:
    here = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=here.parent / "shared")
    ap.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = ap.parse_args()
    folder = args.shared / "eval" / "cpp-dev"
    sents = (folder / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (folder / "dev.lb").read_text(encoding="utf-8").splitlines()
    items = [(s.replace("\u2581", ""), s.index("\u2581"), lb.replace("u:", "v"))
             for s, lb in zip(sents, labels)]

    from vocabdeck.zh.readings import annotate

    name, cut = segmenter()
    t0 = time.perf_counter()
    tokens = cut([text for text, _, _ in items])
    t1 = time.perf_counter()
    readings = annotate(tokens)
    t2 = time.perf_counter()

    right = 0
    fails: collections.Counter[str] = collections.Counter()
    misses = []
    for (text, at, label), toks, reads in zip(items, tokens, readings):
        got = char_readings(toks, reads)[at]
        if got == label:
            right += 1
        else:
            fails[text[at]] += 1
            misses.append(f"  {text[at]} gold={label} got={got}  {text}")
    print(f"segmenter: {name}, {t1 - t0:.2f} s for {len(items)} sentences")
    print(f"annotate: {t2 - t1:.2f} s ({len(items) / (t2 - t1):.0f} sentences/s)")
    print("most missed:", " ".join(f"{c}{n}" for c, n in fails.most_common(25)))
    for line in misses[: args.misses]:
        print(line)
    print(f"cpp-dev: {right}/{len(items)} = {100.0 * right / len(items):.2f}%")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
