"""When each step of one build happens, with its workers: wall time, this process's CPU
and its workers' CPU at each step, and the page faults of both.

    python bench/timeline.py bench/.data/news-1mb.txt --levels all
    python bench/timeline.py bench/.data/course/*.txt --jobs 2

The build runs in this process (cli.app, as a console run does, with the arguments given
after the script's name and `-o` a temporary deck unless one is given). Steps: reading,
aligning, loading what the workers share (_warm), each batch back from the workers, the
look-up stage's last step (WordCounter.words), selecting, the notes (first and last) and
the whole deck. Workers' CPU counts once they are reaped (at the end of their pool), so it
shows in steps, not as it accrues. On a busy machine the wall times stretch and the CPU
times do not: compare CPU times, or run it when the machine is quiet.
"""

from __future__ import annotations

import functools
import resource
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()


def stamp(label: str) -> None:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{time.perf_counter() - START:7.3f} s wall  parent {own.ru_utime + own.ru_stime:6.3f} s"
          f"  workers {kids.ru_utime + kids.ru_stime:6.3f} s  faults {own.ru_minflt:6d} / {kids.ru_minflt:6d}"
          f"  {label}", file=sys.stderr, flush=True)


def around(owner, name: str, label: str | None = None) -> None:
    """Stamp before and after each call of owner.name."""
    func = getattr(owner, name)

    @functools.wraps(func)
    def timed(*args, **kwargs):
        stamp(f"{label or name} ...")
        result = func(*args, **kwargs)
        stamp(f"{label or name} done")
        return result

    setattr(owner, name, timed)


def main(argv: list[str]) -> None:
    from vocabdeck import pipeline
    from vocabdeck.decks import fields
    from vocabdeck.zh import lookup

    stamp("imports")
    around(pipeline, "read_lessons", "read")
    around(pipeline, "_warm")
    around(lookup.WordCounter, "words", "WordCounter.words")
    around(pipeline.select, "select")
    around(pipeline, "write_deck")
    aligned = pipeline.aligned
    done = [0]

    def aligned_once(text):  # a course aligns each article: stamp the first and the last
        result = aligned(text)
        done[0] += 1
        if done[0] == 1:
            stamp("first article aligned")
        return result

    pipeline.aligned = aligned_once
    batches = pipeline.annotated_batches

    def each_batch(*args, **kwargs):
        stamp(f"{done[0]} article(s) aligned")
        for n, batch in enumerate(batches(*args, **kwargs), 1):
            stamp(f"batch {n} back ({len(batch)} sentences)")
            yield batch

    pipeline.annotated_batches = each_batch
    notes = fields.notes

    def each_note(*args, **kwargs):
        n = 0
        for n, note in enumerate(notes(*args, **kwargs), 1):
            if n == 1:
                stamp("first note")
            yield note
        stamp(f"{n} notes")

    fields.notes = each_note
    from vocabdeck.cli import app

    with tempfile.TemporaryDirectory() as tmp:
        if "-o" not in argv and "--output" not in argv:
            argv = [*argv, "-o", str(Path(tmp) / "deck.apkg")]
        sys.argv = ["vocabdeck", "build", *argv]
        try:
            app()
        except SystemExit:
            pass
    stamp("end")


if __name__ == "__main__":
    main(sys.argv[1:])
