"""rjieba (jieba-rs, compiled) beside vocabdeck's segmenter: the same tokens? at what cost?

    pip install rjieba==0.2.2
    python bench/fast_jieba.py                  # the 1 MB text, the course, the seed page
    python bench/fast_jieba.py some/article.txt

A faster jieba may replace vocabdeck's segmenter only if it cuts every text as jieba does
with the same dictionary. rjieba is given vocabdeck's merged dictionary (jieba's dict.txt
plus the CC-CEDICT and HSK headwords jieba lacks) with `add_word`, which also adds each
word's frequency to the dictionary's total, as jieba does when it loads a dictionary file.
vocabdeck keeps jieba's own total instead (see jiebadict.py), so three cuts are compared,
block by block (jieba's blocks: runs of Han, ASCII letters, digits and +#&._%-):

  vocabdeck  jiebadict.Segmenter, the merged dictionary with jieba's total
  jieba      jieba.Tokenizer holding the merged dictionary, total = the sum of its words
  rjieba     rjieba with the same words added to its built-in copy of jieba's dict.txt

Load cost and memory come from a fresh process each, median of 5.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SEED = HERE.parent.parent / "shared" / "seeds" / "japan-us-alliance.bilingual.txt"

# jieba 0.42.1's re_han_default: the blocks it segments.
BLOCK = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+")

# What a build would pay to use rjieba: its import (which loads jieba's dictionary), then
# adding the merged dictionary's words that jieba's dict.txt lacks (or holds with another
# frequency), already in memory; and the resident memory the two add.
LOAD_CODE = """\
import sqlite3, sys, time

def resident_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20

jieba_words = {}
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        word, n = line.split()[:2]
        jieba_words[word] = int(n)
rows = sqlite3.connect(sys.argv[1]).execute("SELECT w, f, tag FROM words WHERE f > 0").fetchall()
extra = [(w, n, tag or None) for w, n, tag in rows if jieba_words.get(w) != n]
del jieba_words, rows
before = resident_mib()
start = time.perf_counter()
import rjieba
imported = time.perf_counter()
for word, n, tag in extra:
    rjieba.add_word(word, n, tag)
added = time.perf_counter()
print(imported - start, added - imported, resident_mib() - before)
"""


def texts(paths: list[Path]) -> dict[str, str]:
    if paths:
        return {p.name: p.read_text(encoding="utf-8") for p in paths}
    import corpus

    out = {
        "1 MB news": corpus.big_text().read_text(encoding="utf-8"),
        "course (100 files)": "\n".join(p.read_text(encoding="utf-8") for p in corpus.course_files()),
    }
    if SEED.is_file():
        out["seed page"] = SEED.read_text(encoding="utf-8")
    return out


def with_ascii(blocks: list[str]) -> int:
    return sum(any(c.isascii() for c in b) for b in blocks)


def load_cost(database: Path, dict_txt: Path) -> tuple[float, float, float]:
    runs = []
    for _ in range(5):
        done = subprocess.run([sys.executable, "-c", LOAD_CODE, str(database), str(dict_txt)],
                              capture_output=True, text=True, check=True)
        runs.append(tuple(map(float, done.stdout.split())))
    return tuple(statistics.median(r[k] for r in runs) for k in range(3))  # type: ignore[return-value]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("texts", nargs="*", type=Path)
    args = ap.parse_args()
    try:
        import rjieba
    except ImportError:
        print("rjieba is not installed: pip install rjieba==0.2.2", file=sys.stderr)
        return 2
    import sqlite3
    from importlib.metadata import version

    from vocabdeck.zh.jiebadict import database, import_jieba, jieba_dict_file, segmenter

    rows = sqlite3.connect(database()).execute("SELECT w, f, tag FROM words").fetchall()
    jieba_words = {}
    with open(jieba_dict_file(), encoding="utf-8") as f:
        for line in f:
            word, n = line.split()[:2]
            jieba_words[word] = int(n)
    added = [(word, n, tag or None) for word, n, tag in rows if n and jieba_words.get(word) != n]
    for word, n, tag in added:
        rjieba.add_word(word, n, tag)
    reference = import_jieba().Tokenizer()
    reference.FREQ = {word: n for word, n, _ in rows}
    reference.total = sum(n for _, n, _ in rows)
    reference.initialized = True
    ours = segmenter()

    imported, added, peak = load_cost(database(), jieba_dict_file())
    print(f"rjieba {version('rjieba')}: import {imported:.3f} s, "
          f"adding {len(added):,} words {added:.3f} s, "
          f"resident memory +{peak:.0f} MiB (fresh process, median of 5)")
    print()
    print("| text | blocks | cut s: vocabdeck / jieba / rjieba | vocabdeck ≠ rjieba | of them with ASCII | jieba ≠ rjieba | of them with ASCII |")  # noqa: E501 (one printed line)
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    examples = []
    for name, text in texts(args.texts).items():
        blocks = BLOCK.findall(text)
        t0 = time.perf_counter()
        by_ours = ours.cut_many(blocks)
        t1 = time.perf_counter()
        by_jieba = [reference.lcut(b) for b in blocks]
        t2 = time.perf_counter()
        by_rjieba = [rjieba.cut(b) for b in blocks]
        t3 = time.perf_counter()

        def differing(cuts):
            return [b for b, x, y in zip(blocks, cuts, by_rjieba) if x != y]  # noqa: B023 (called within the same iteration)  # noqa: B023 (called within the same iteration)

        ours_diff, jieba_diff = differing(by_ours), differing(by_jieba)
        print(f"| {name} | {len(blocks):,} | {t1 - t0:.3f} / {t2 - t1:.3f} / {t3 - t2:.3f} "
              f"| {len(ours_diff)} | {with_ascii(ours_diff)} "
              f"| {len(jieba_diff)} | {with_ascii(jieba_diff)} |")
        for b in (ours_diff + jieba_diff)[:4]:
            examples.append((name, b, ours.cut(b), reference.lcut(b), rjieba.cut(b)))
    print()
    for name, block, by_ours, by_jieba, by_rjieba in examples:
        print(f"{name}: {block[:40]}")
        print(f"  vocabdeck {' / '.join(by_ours)[:100]}")
        print(f"  jieba     {' / '.join(by_jieba)[:100]}")
        print(f"  rjieba    {' / '.join(by_rjieba)[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
