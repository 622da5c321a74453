"""Wall time of each stage of one build, in one process, without a profiler's overhead.

    python bench/stages.py                        # the seed page (or samples/library-night.txt)
    python bench/stages.py bench/.data/news-1mb.txt --levels all

Imports are timed where the build pays for them: the pipeline import, then the first call
of each stage (which loads that stage's data). Run it twice; the first run may also build
vocabdeck's caches. Peak memory is the process's ru_maxrss after each stage. The script
calls the stages as pipeline.py does (in the same batches), so it follows pipeline.py when
that changes.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from itertools import groupby
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent.parent / "shared" / "seeds" / "japan-us-alliance.bilingual.txt"
SAMPLE = HERE.parent / "samples" / "library-night.txt"


def main() -> int:
    start = time.perf_counter()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles", nargs="*", type=Path)
    ap.add_argument("--levels", default="4+")
    args = ap.parse_args()
    articles = args.articles or [SEED if SEED.is_file() else SAMPLE]

    rows = []
    last = time.perf_counter()

    def mark(what: str) -> None:
        nonlocal last
        now = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append((what, now - last, peak))
        last = now

    import gc

    gc.disable()  # as cli.run does for every command
    import vocabdeck.cli as cli  # noqa: F401  (what every command pays)
    mark("import vocabdeck.cli")
    from vocabdeck import pipeline
    from vocabdeck.zh import lookup, readings, segment, select
    mark("import vocabdeck.pipeline (all stages)")
    from dataclasses import replace

    from vocabdeck.model import Sentence

    options = select.filter_options(standard="2025", levels=args.levels, min_count=1, min_zipf=None,
                                    max_zipf=None, max_cards=None, coverage=None, names=False,
                                    cards=("recognition",))
    mark("options (HSK standard, levels)")
    texts = [pipeline.read_article(p) for p in articles]
    mark("read")
    pairs = [pipeline.aligned(t) for t in texts]
    mark(f"align ({sum(map(len, pairs))} sentence pairs)")
    # In batches as the pipeline runs them (across article boundaries), so that the work
    # per batch and peak memory are the pipeline's.
    batch = getattr(pipeline, "BATCH", 512)
    titled = [(t.title, p) for t, ps in zip(texts, pairs) for p in ps]
    batches = [titled[i : i + batch] for i in range(0, len(titled), batch)]
    tokens = [segment.segment([p for _, p in b]) for b in batches]
    mark(f"segment ({sum(len(t) for ts in tokens for t in ts)} tokens)")
    reads = [readings.annotate([[t.text for t in s] for s in ts]) for ts in tokens]
    mark("readings (model load + annotate)")
    sentences = [
        [(title, Sentence(p, tuple(replace(t, reading=r) for t, r in zip(ts, rs)))) for (title, p), ts, rs in zip(b, tss, rss)]  # noqa: E501 (one printed line)
        for b, tss, rss in zip(batches, tokens, reads)
    ]
    del tokens, reads
    counter = lookup.WordCounter(options.standard)
    for batch_sentences in sentences:
        for title, group in groupby(batch_sentences, key=lambda ts: ts[0]):
            counter.add(title, [sentence for _, sentence in group])
    words = counter.words()
    selection = select.select(words, options)
    mark(f"lookup + select ({len(selection.cards)} cards)")
    with tempfile.TemporaryDirectory() as tmp:
        pipeline.write_deck(selection, Path(tmp) / "deck.apkg", texts[0].title, options, len(articles) > 1)
        mark("package (.apkg)")

    total = sum(r[1] for r in rows)
    width = max(len(r[0]) for r in rows)
    print(f"# {', '.join(a.name for a in articles[:3])}{' ...' if len(articles) > 3 else ''}")
    print(f"{'stage'.ljust(width)}  seconds  peak MiB")
    for what, seconds, peak in rows:
        print(f"{what.ljust(width)}  {seconds:7.3f}  {peak:8.1f}")
    print(f"{'total of stages'.ljust(width)}  {total:7.3f}")
    print(f"(interpreter start not included; process so far {time.perf_counter() - start:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
