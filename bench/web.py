"""The page's speed and load: `vocabdeck serve` in its own process, driven over HTTP.

    python bench/web.py              # review timing (seed article) and the 20-build load check
    python bench/web.py --runs 9 --builds 20

1. Review: the time from posting the reference article (../shared/seeds, the bilingual
   page; the sample article when ../shared is absent) to the complete review table, with the
   server warm (dictionaries and model loaded by an earlier request). Target <= 0.5 s.
2. Load: BUILDS concurrent clients, each reviewing a different article and downloading its
   deck as JSON, against one server; every deck must equal `vocabdeck words --format json`
   for the same article (the CLI's records). Reports the wall time, the slowest client, and
   the server's resident and peak memory (VmRSS, VmHWM from /proc).

Articles: the WMT21 dev documents and the seed article from ../shared, the sample, then
article-sized files of the benchmark corpus (bench/corpus.py) to make up the number.
Standard library, plus the CLI (typer's test runner) for the reference decks.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "samples" / "library-night.txt"


def articles(n: int) -> list[Path]:
    found = []
    if (SHARED / "seeds").is_dir():
        found.append(SHARED / "seeds" / "japan-us-alliance.bilingual.txt")
        found += sorted((SHARED / "eval" / "wmt21-dev").glob("doc*.bilingual.txt"))
    found.append(SAMPLE)
    if len(found) < n:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import corpus

        found += corpus.course_files()[: n - len(found)]
    return found[:n]


def start_server() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "vocabdeck", "serve", "--no-browser", "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        m = re.search(r"(http://\S+/)", line)
        if m:
            return proc, m.group(1)
    raise SystemExit(f"the server did not start (exit {proc.wait()})")


def post(url: str, fields: dict) -> tuple[bytes, float]:
    data = urllib.parse.urlencode(fields, doseq=True).encode()
    t0 = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=600) as r:
        body = r.read()
    return body, time.perf_counter() - t0


def upload(url: str, fields: dict, path: Path) -> tuple[bytes, float]:
    """A multipart form with the article as an uploaded file, as a browser sends it."""
    boundary = "vocabdeck-bench-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="articles"; filename="{path.name}"\r\n'
                 "Content-Type: text/plain\r\n\r\n".encode() + path.read_bytes() + b"\r\n")
    data = b"".join(parts) + f"--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    request = urllib.request.Request(url, data=data, headers=headers)
    t0 = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as r:
        body = r.read()
    return body, time.perf_counter() - t0


def review(url: str, path: Path) -> tuple[str, float]:
    fields = {"levels": "4+", "min_count": "1", "standard": "2025", "cards": "recognition"}
    body, seconds = upload(url + "review", fields, path)
    return body.decode(), seconds


def deck(url: str, path: Path) -> tuple[list, float]:
    html, seconds = review(url, path)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    ids = re.findall(r'name="word" value="(\d+)"[^>]*checked', html)
    body, more = post(url + "download", {"token": token, "word": ids, "format": "json"})
    return json.loads(body), seconds + more


def memory(pid: int) -> dict[str, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {k: int(re.search(rf"{k}:\s+(\d+) kB", status).group(1)) / 1024 for k in ("VmRSS", "VmHWM")}


def cli_records(paths: list[Path]) -> list[list]:
    from typer.testing import CliRunner

    from vocabdeck.cli import app

    runner = CliRunner()
    out = []
    for p in paths:
        result = runner.invoke(app, ["words", str(p), "--format", "json"])
        if result.exit_code != 0:
            raise SystemExit(f"vocabdeck words {p} failed: {result.output}")
        out.append(json.loads(result.stdout))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--builds", type=int, default=20)
    args = parser.parse_args()

    paths = articles(args.builds)
    seed = paths[0]
    proc, url = start_server()
    try:
        _, first = review(url, seed)
        times = [review(url, seed)[1] for _ in range(args.runs)]
        median = statistics.median(times)
        print(f"review  {seed.name}: first request {first:.2f} s (loads dictionaries and model), "
              f"then median {median:.3f} s, max {max(times):.3f} s over {args.runs}  "
              f"[{'PASS' if median <= 0.5 else 'FAIL'} <= 0.5 s]")
        warm = memory(proc.pid)

        expected = cli_records(paths)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(len(paths)) as pool:
            results = list(pool.map(lambda p: deck(url, p), paths))
        wall = time.perf_counter() - t0
        loaded = memory(proc.pid)
        same = sum(got == want for (got, _), want in zip(results, expected))
        cards = sum(len(got) for got, _ in results)
        print(f"load    {len(paths)} concurrent builds of different articles ({cards} cards): {wall:.1f} s wall, "
              f"slowest client {max(s for _, s in results):.1f} s; decks equal to the CLI's: {same}/{len(paths)}  "
              f"[{'PASS' if same == len(paths) else 'FAIL'}]")
        print(f"memory  server after warm-up: {warm['VmRSS']:.0f} MiB resident; after the load: "
              f"{loaded['VmRSS']:.0f} MiB resident, {loaded['VmHWM']:.0f} MiB peak")
        for (got, _), want, p in zip(results, expected, paths):
            if got != want:
                print(f"  differs: {p.name}: page {len(got)} cards, CLI {len(want)}")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
