"""Reading a large Anki collection export with --known: time and peak memory.

    python bench/known_export.py              # builds bench/.data/known-50mb.colpkg once
    python bench/known_export.py FILE.colpkg  # an export of your own

The export is made with the `anki` package (the test extra) the way File > Export >
Anki Collection Package makes it: 30,000 Chinese notes (a large learner's collection, with
HTML in the fields), three in four reviewed, some suspended, and media (incompressible, as
audio and images are) to bring the file to 50 MB. The reader runs in a fresh process, as a
build's `--known` does; its time is the wall time of `data.known.read_source` and its
memory the process's peak RSS. Targets: under 2 s and under 200 MiB.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
TARGET = DATA / "known-50mb.colpkg"
NOTES = 30_000
SIZE = 50 << 20
SECONDS, MIB = 2.0, 200

MEASURE = """
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
from vocabdeck.data.known import read_source
source = read_source(Path(sys.argv[1]))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mib": peak, "words": len(source.words), "how": source.how}))
"""


def build(target: Path) -> None:
    from anki.collection import Collection

    rng = random.Random(1)
    han = [chr(c) for c in range(0x4E00, 0x9FA5)]
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(str(Path(tmp) / "collection.anki2"))
        notetype = col.models.by_name("Basic")
        deck = col.decks.id("Chinese")
        for i in range(NOTES):
            note = col.new_note(notetype)
            word = "".join(rng.choice(han) for _ in range(rng.choice((1, 2, 2, 2, 3, 4))))
            note["Front"] = f"<div class=hanzi>{word}</div>"
            note["Back"] = (f"<span class=tone1>pīn</span> <span class=tone4>yìn</span><br>meaning {i}: "
                            + "a gloss of the word, with an example sentence " + "".join(rng.choices(han, k=20)))
            col.add_note(note, deck)
        media = Path(col.media.dir())
        for i in range(SIZE // (1 << 20)):
            (media / f"audio{i}.mp3").write_bytes(rng.randbytes(1 << 20))
        cards = [col.get_card(cid) for cid in col.find_cards("")]
        for card in cards:
            state = rng.random()
            if state < 0.75:
                card.type, card.queue, card.ivl, card.due = 2, (-1 if state < 0.05 else 2), rng.randint(1, 400), 100
        col.update_cards(cards)
        DATA.mkdir(exist_ok=True)
        col.export_collection_package(str(target), True, False)  # closes the collection


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    if not path.exists():
        print(f"building {path} (once) ...", file=sys.stderr)
        build(path)
    size = path.stat().st_size
    run = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if run.returncode:
        print(run.stderr, file=sys.stderr)
        return 1
    got = json.loads(run.stdout.strip().splitlines()[-1])
    ok = got["seconds"] < SECONDS and got["peak_mib"] < MIB
    print(f"known: {path.name} {size / (1 << 20):.1f} MB, {got['words']:,} known words ({got['how']}): "
          f"{got['seconds']:.2f} s (target < {SECONDS:g} s), peak {got['peak_mib']:.0f} MiB (target < {MIB}) "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
