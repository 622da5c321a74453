"""Builds running in threads at the same time give exactly what serial builds give.

Per-run state lives in a Session (src/vocabdeck/session.py); shared data is read-only and
loaded once under a lock. This test runs many builds of different articles at once, in
threads that each either open their own session or use the thread's default one, and
compares every output with the serial build's, byte for byte. VOCABDECK_THREAD_REPS sets
the number of rounds (default 3)."""

from __future__ import annotations

import json
import os
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from vocabdeck import pipeline
from vocabdeck.decks.records import records
from vocabdeck.decks.tsv import tsv_text
from vocabdeck.model import ALL_LEVELS, Options
from vocabdeck.session import Session

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
OPTIONS = Options(levels=ALL_LEVELS, cards=("recognition", "recall"))


def articles() -> list[tuple[Path, Path | None]]:
    """The sample in both layouts; with ../shared, the reference article and four WMT21
    dev documents (different vocabularies, so the threads' memos differ)."""
    out: list[tuple[Path, Path | None]] = [
        (REPO / "samples/library-night.txt", None),
        (REPO / "samples/library-night.zh.txt", REPO / "samples/library-night.en.txt"),
    ]
    if (SHARED / "seeds").is_dir():
        out.append((SHARED / "seeds/japan-us-alliance.bilingual.txt", None))
        docs = sorted((SHARED / "eval/wmt21-dev").glob("doc*.bilingual.txt"))
        out.extend((doc, None) for doc in docs[:4])
    return out


def build(article: tuple[Path, Path | None]) -> tuple[str, str, str]:
    """Everything a deck holds: the JSON records, the Anki text file, what was left out."""
    zh, en = article
    selection = pipeline.choose(pipeline.read_articles([zh], en), OPTIONS)
    return (
        json.dumps(records(selection.cards), ensure_ascii=False),
        tsv_text(selection.cards, deck_name="News", card_types=OPTIONS.cards, subdecks=True),
        repr((sorted((w.word, reason) for w, reason in selection.left_out), selection.names)),
    )


def build_in_session(article):
    with Session():
        return build(article)


def test_threads_build_what_serial_builds_build(monkeypatch):
    from vocabdeck.data import cedict
    from vocabdeck.zh import jiebadict, segment

    # Small memo bounds, so that every build also forgets and fetches again mid-run.
    monkeypatch.setattr(jiebadict, "ASKED_LIMIT", 300)
    monkeypatch.setattr(cedict, "SEEN_LIMIT", 500)
    monkeypatch.setattr(segment, "SETTLED_LIMIT", 200)
    monkeypatch.setattr(pipeline, "TOKENS_LIMIT", 300)
    jobs = articles()
    serial = {}
    for article in jobs:
        with Session():
            serial[article] = build(article)
    assert all(s[0] != "[]" for s in serial.values())  # every article makes cards

    reps = int(os.environ.get("VOCABDECK_THREAD_REPS", "3"))
    rng = random.Random(14)
    work = [article for _ in range(reps) for article in jobs]
    rng.shuffle(work)
    with ThreadPoolExecutor(max_workers=6) as pool:
        # Odd jobs open a session of their own; even ones run in the worker thread's
        # default session, which carries memos over from that thread's earlier builds.
        futures = [(a, pool.submit(build_in_session if i % 2 else build, a)) for i, a in enumerate(work)]
        for article, future in futures:
            assert future.result() == serial[article], article[0].name


def test_a_session_is_per_thread_by_default():
    from concurrent.futures import ThreadPoolExecutor as Pool

    from vocabdeck.session import current

    main = current()
    with Pool(2) as pool:
        others = list(pool.map(lambda _: id(current()), range(2)))
    assert id(main) not in others
    with Session() as mine:
        assert current() is mine
    assert current() is main


@pytest.mark.parametrize("load_twice", [False, True])
def test_once_loads_once_under_a_race(load_twice):
    import threading
    import time

    from vocabdeck.session import once

    calls = []

    @once
    def load():
        calls.append(1)
        time.sleep(0.05)  # long enough for every thread to arrive while it loads
        return object()

    if load_twice:
        load()
        load.cache_clear()
    got = []
    threads = [threading.Thread(target=lambda: got.append(load())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(g) for g in got}) == 1 and len(got) == 8
    assert len(calls) == (2 if load_twice else 1)
