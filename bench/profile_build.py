"""Where a build's time goes: the costliest imports and functions of one seed build.

    python bench/profile_build.py                 # the seed page (or samples/library-night.txt)
    python bench/profile_build.py some/article.txt --top 30
    python bench/profile_build.py bench/.data/news-1mb.txt --levels all --skip-imports

Two fresh processes: `python -X importtime -m vocabdeck build ...` for the import tree, and
`python -m cProfile -m vocabdeck build ...` for functions. cProfile slows Python code down
(by roughly 1.5-2x here), so read its figures as shares, not as wall times; run.py gives
the wall times.
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEED = REPO.parent / "shared" / "seeds" / "japan-us-alliance.bilingual.txt"
SAMPLE = REPO / "samples" / "library-night.txt"


def import_times(build: list[str], top: int) -> str:
    cmd = [sys.executable, "-X", "importtime", "-m", "vocabdeck", *build]
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - start
    rows = []  # (cumulative us, self us, depth, name)
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cum_us, name = line.split(":", 1)[1].split("|")
        depth = (len(name) - len(name.lstrip(" "))) // 2
        rows.append((int(cum_us), int(self_us), depth, name.strip()))
    total = sum(c for c, _, d, _ in rows if d == 0)
    lines = [f"importtime: {total / 1e3:.0f} ms of imports in a {wall:.2f} s build (exit {result.returncode})",
             "", "top-level imports by cumulative time:"]
    for cum, _, _, name in sorted((r for r in rows if r[2] == 0), reverse=True)[:top]:
        lines.append(f"  {cum / 1e3:8.1f} ms  {name}")
    lines += ["", "modules by self time:"]
    for _, self_us, _, name in sorted(rows, key=lambda r: -r[1])[:top]:
        lines.append(f"  {self_us / 1e3:8.1f} ms  {name}")
    return "\n".join(lines)


def functions(build: list[str], top: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        prof = Path(tmp) / "build.prof"
        cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "vocabdeck", *build]
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
        if not prof.is_file():
            return f"cProfile run failed (exit {result.returncode}):\n{result.stderr[-2000:]}"
        stats = pstats.Stats(str(prof))
    entries = []  # (cumulative, own, calls, "file:line(function)")
    for (filename, line, func), (_cc, nc, tt, ct, _) in stats.stats.items():
        short = filename
        for marker in ("site-packages/", "src/", "lib/python"):
            if marker in filename:
                short = filename.split(marker, 1)[1]
                break
        entries.append((ct, tt, nc, f"{short}:{line}({func})"))
    total = max(e[0] for e in entries)
    ours = sorted((e for e in entries if e[3].startswith("vocabdeck/")), reverse=True)[:top]
    lines = [f"cProfile: {total:.2f} s under the profiler", "", "vocabdeck functions by cumulative time:"]
    lines += [f"  {ct:7.3f} s cum  {tt:7.3f} s own  {nc:8d}x  {name}" for ct, tt, nc, name in ours]
    lines += ["", "all functions by own time:"]
    for ct, tt, nc, name in sorted(entries, key=lambda e: -e[1])[:top]:
        lines.append(f"  {tt:7.3f} s own  {ct:7.3f} s cum  {nc:8d}x  {name}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles", nargs="*", type=Path)
    ap.add_argument("--levels", default=None, help="passed on to vocabdeck build")
    ap.add_argument("--skip-imports", action="store_true", help="only the cProfile run")
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args()
    articles = args.articles or [SEED if SEED.is_file() else SAMPLE]
    with tempfile.TemporaryDirectory() as tmp:
        build = ["build", *map(str, articles), "-o", str(Path(tmp) / "deck.apkg")]
        if args.levels:
            build += ["--levels", args.levels]
        # A warm-up build, so that neither profile pays for building vocabdeck's caches.
        subprocess.run([sys.executable, "-m", "vocabdeck", *build], capture_output=True, cwd=REPO)
        print(f"# vocabdeck {' '.join(build[:4])}{' ...' if len(build) > 4 else ''}\n")
        if not args.skip_imports:
            print(import_times(build, args.top))
            print()
        print(functions(build, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
