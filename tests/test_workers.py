"""--jobs: worker processes give the deck one process gives, and none outlives the build."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_faults import big_article
from vocabdeck import pipeline, workers
from vocabdeck.decks.records import records
from vocabdeck.decks.tsv import tsv_text
from vocabdeck.model import ALL_LEVELS, Options
from vocabdeck.session import Session

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "samples"
forking = pytest.mark.skipif(not workers.can_fork(), reason="workers are forked; elsewhere --jobs runs in one process")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def generated(folder: Path, articles: int = 6, sentences: int = 40, seed: int = 3) -> list[Path]:
    """Articles of random words from a small vocabulary, some paragraphs in Traditional
    characters and some sentences in neither script (they follow the one before, across
    batch boundaries too), with digits, Latin and unpunctuated runs."""
    r = random.Random(seed)
    simplified = ["经济", "发展", "这个", "问题", "国家", "们", "说", "会议", "记者", "报道", "银行", "学习"]
    traditional = ["經濟", "發展", "這個", "問題", "國家", "們", "說", "會議", "記者", "報道", "銀行", "學習"]
    neutral = ["中国", "人民", "今天", "上午", "北京", "1998年", "3月", "GDP", "百分之", "十"]
    paths = []
    for a in range(articles):
        paragraphs = []
        for _ in range(sentences // 5):
            words = traditional if r.random() < 0.3 else simplified
            sents = []
            for _ in range(5):
                pool = neutral if r.random() < 0.2 else words + neutral
                sents.append("".join(r.choice(pool) for _ in range(r.randint(3, 12))) + r.choice("。！？，"))
            paragraphs.append("".join(sents))
        path = folder / f"article-{a}.txt"
        path.write_text(f"第{a}课\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def inputs(tmp_path: Path) -> dict[str, list[Path]]:
    course = [SAMPLES / "library-night.txt"]
    if (SHARED / "seeds").is_dir():
        course.append(SHARED / "seeds/japan-us-alliance.bilingual.txt")
        course.extend(sorted((SHARED / "eval/wmt21-dev").glob("doc*.bilingual.txt"))[:3])
    return {"sample course": course, "generated articles": generated(tmp_path)}


def deck(paths: list[Path], jobs: int) -> tuple[str, str, str]:
    """Everything a deck holds, built in a session of its own."""
    options = Options(levels=ALL_LEVELS, cards=("recognition", "recall"), names=True, jobs=jobs)
    with Session():
        selection = pipeline.choose(pipeline.read_articles(paths), options)
    return (
        json.dumps(records(selection.cards), ensure_ascii=False),
        tsv_text(selection.cards, deck_name="Course", card_types=options.cards, subdecks=True),
        repr((sorted((w.word, reason) for w, reason in selection.left_out), selection.names)),
    )


@forking
@pytest.mark.parametrize("which", ["sample course", "generated articles"])
def test_workers_build_the_deck_one_process_builds(tmp_path, monkeypatch, which):
    from vocabdeck.zh import lookup

    monkeypatch.setattr(pipeline, "BATCH", 16)  # many batches from a short input
    monkeypatch.setattr(lookup, "SHARE_FROM", 10)  # a worker chooses half the words' senses
    paths = inputs(tmp_path)[which]
    one = deck(paths, 1)
    assert one[0] != "[]"
    assert deck(paths, 2) == one
    assert deck(paths, 3) == one


@forking
def test_workers_give_every_token_one_process_gives(tmp_path, monkeypatch):
    """All of each token (text, kind, reading, Simplified form), not only what a deck
    shows: a batch that starts after a Traditional sentence reads on in Traditional."""
    monkeypatch.setattr(pipeline, "BATCH", 8)
    pairs = [p for path in generated(tmp_path, articles=3) for p in pipeline.aligned(pipeline.read_article(path))]

    def tokens(jobs):
        with Session():
            return [(s.pair, s.tokens) for batch in pipeline.annotated_batches(pairs, jobs=jobs) for s in batch]

    one = tokens(1)
    assert any(t.simplified for _, sentence in one for t in sentence)
    assert tokens(2) == one
    # The script carried across batches as within one (readings may differ in the last
    # bits with the batch's make-up, so they are left out of this comparison).
    monkeypatch.setattr(pipeline, "BATCH", 10**6)
    whole = tokens(1)
    shape = lambda sentences: [[(t.text, t.kind, t.simplified) for t in tokens] for _, tokens in sentences]  # noqa: E731
    assert shape(whole) == shape(one)


@forking
@pytest.mark.parametrize("suffix", [".tsv", ".apkg"])
def test_workers_write_the_notes_one_process_writes(tmp_path, monkeypatch, suffix):
    """Note fields and GUIDs worked out by workers, a few notes at a time: the same file
    (an .apkg compared with its build time fixed)."""
    from vocabdeck.decks import fields
    from vocabdeck.decks.write import write

    monkeypatch.setattr(fields, "NOTES_BATCH", 7)
    options = Options(levels=ALL_LEVELS, cards=("recognition", "recall"), names=True)
    with Session():
        words = pipeline.choose(pipeline.read_articles(generated(tmp_path, articles=3)), options).cards
    assert len(words) > 3 * fields.NOTES_BATCH
    made = {}
    for jobs in (1, 2, 3):
        made[jobs] = tmp_path / f"deck-{jobs}{suffix}"
        with Session():
            write(words, made[jobs], deck_name="Course", card_types=options.cards, subdecks=True, timestamp=1e9,
                  jobs=jobs)
    assert made[2].read_bytes() == made[1].read_bytes() == made[3].read_bytes()


SIGNAL_AT_FORK = """
import os, signal, sys
from vocabdeck import workers
from vocabdeck.errors import Terminated

def terminate(signum, frame):
    raise Terminated()

signal.signal(signal.SIGTERM, terminate)
sent = []

def send_once():  # SIGTERM arriving while the workers are forked
    if not sent:
        sent.append(1)
        os.kill(os.getpid(), signal.SIGTERM)

os.register_at_fork(after_in_parent=send_once)
try:
    with workers.Workers(2) as pool:
        list(pool.map(abs, range(-50, 50)))
except Terminated:
    sys.exit(143)
sys.exit(0)
"""


@forking
def test_a_signal_while_the_workers_are_forked_still_ends_the_run():
    """A signal handled inside a fork hook raises where Python drops the exception; held
    while forking, it is handled after and ends the run."""
    result = subprocess.run([sys.executable, "-c", SIGNAL_AT_FORK], capture_output=True, text=True, timeout=60)
    assert result.returncode == 143, result.stderr


def test_without_fork_the_build_runs_in_this_process(tmp_path, monkeypatch):
    """macOS and Windows: --jobs N builds in one process (no fork, no spawn), same deck."""
    monkeypatch.setattr(pipeline, "BATCH", 16)
    paths = generated(tmp_path, articles=2)
    one = deck(paths, 1)
    for platform in ("darwin", "win32"):
        monkeypatch.setattr(workers.sys, "platform", platform)
        assert not workers.can_fork()
        assert workers.Workers(4).jobs == 1

        def no_fork():
            raise AssertionError("forked where fork is not used")

        monkeypatch.setattr(os, "fork", no_fork)
        assert deck(paths, 4) == one


def test_jobs_unset_uses_the_free_cores_only_for_long_input(monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda: 4)
    monkeypatch.setattr(workers, "running_now", lambda: None)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.0, 0.0))
    assert pipeline.jobs(None, pipeline.JOBS_FROM - 1) == 1
    assert pipeline.jobs(None, pipeline.JOBS_FROM) == 4
    monkeypatch.setattr(os, "getloadavg", lambda: (2.9, 0.0, 0.0))  # two other jobs running
    assert pipeline.jobs(None, pipeline.JOBS_FROM) == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (9.0, 0.0, 0.0))
    assert pipeline.jobs(None, pipeline.JOBS_FROM) == 1
    assert pipeline.jobs(3, 10) == 3
    assert pipeline.jobs(1, 10**6) == 1
    assert Options().jobs == 1  # the library never forks unless asked (the web page runs threads)


def test_the_load_average_of_a_build_just_ended_leaves_the_cores_free(monkeypatch):
    """The load average trails: what runs at this moment counts when it is less."""
    monkeypatch.setattr(workers, "cores", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (1.9, 1.0, 0.5))  # the previous build's workers
    monkeypatch.setattr(workers, "running_now", lambda: 1)  # only this process runs now
    assert workers.free_cores() == 2
    monkeypatch.setattr(workers, "running_now", lambda: 3)  # another job holds a core, and does now
    assert workers.free_cores() == 1
    monkeypatch.setattr(os, "getloadavg", lambda: (0.4, 0.0, 0.0))  # a moment's burst of others
    assert workers.free_cores() == 2


@pytest.mark.skipif(not Path("/proc/loadavg").is_file(), reason="Linux's /proc/loadavg")
def test_running_now_counts_this_process():
    assert workers.running_now() >= 1


def _fail_in_worker(item):
    if item == 5:
        raise ValueError("bad item")
    return os.getpid()


def _gone(pids, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            try:
                os.kill(pid, 0)
                alive.append(pid)
            except ProcessLookupError:
                pass
        if not alive:
            return True
        time.sleep(0.05)
    return False


@forking
def test_an_error_in_a_worker_ends_every_worker():
    seen = []
    with pytest.raises(ValueError, match="bad item"):
        with workers.Workers(2) as pool:
            for pid in pool.map(_fail_in_worker, range(20)):
                seen.append(pid)
    assert seen and os.getpid() not in seen
    assert _gone(set(seen))


@forking
def test_an_error_in_the_parent_ends_every_worker():
    seen = []
    with pytest.raises(KeyError):
        with workers.Workers(2) as pool:
            for pid in pool.map(_fail_in_worker, range(4)):
                seen.append(pid)
                raise KeyError("the parent fails")
    assert _gone(set(seen))


def _here_or_there(bad, item):
    if item == 0:  # this process's item: the workers have been forked for the others
        _forked.extend(_children(os.getpid()))
    if item == bad:
        raise ValueError("bad item")
    return item, os.getpid()


_forked: list[int] = []


@forking
@linux_only
def test_shared_work_is_done_here_and_in_one_worker_fewer_in_order():
    _forked.clear()
    with workers.Workers(3, shared=None, here=True) as pool:
        done = list(pool.share(_here_or_there, range(7)))
    assert [item for item, _ in done] == list(range(7))
    assert done[0][1] == os.getpid()
    assert {pid for _, pid in done[1:]} <= set(_forked) and len(_forked) == 2
    assert _gone(_forked)


@forking
@linux_only
@pytest.mark.parametrize("bad", [0, 4], ids=["in this process", "in a worker"])
def test_an_error_in_shared_work_ends_every_worker(bad):
    _forked.clear()
    with pytest.raises(ValueError, match="bad item"):
        with workers.Workers(2, shared=bad, here=True) as pool:
            list(pool.share(_here_or_there, range(6)))
    assert len(_forked) == 1
    assert _gone(_forked)


def test_without_workers_shared_work_is_done_here():
    with workers.Workers(1, shared=9, here=True) as pool:
        assert list(pool.share(_here_or_there, range(3))) == [(i, os.getpid()) for i in range(3)]


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


@forking
@linux_only
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGKILL, -9)])
def test_no_worker_outlives_a_stopped_build(tmp_path, signum, code):
    """Ctrl-C, SIGTERM, and even SIGKILL of the build while its workers run."""
    big = big_article(tmp_path / "big.txt", 60000)
    deck_file = tmp_path / "deck.apkg"
    p = subprocess.Popen([sys.executable, "-m", "vocabdeck", "build", str(big), "--levels", "all", "--jobs", "2",
                          "-o", str(deck_file)], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    kids: list[int] = []
    while len(kids) < 2 and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.05)
        kids = _children(p.pid)
    if len(kids) < 2:
        p.kill()
        p.communicate()
        pytest.fail(f"no workers seen (exit code {p.returncode})")
    time.sleep(0.3)  # the workers have work in hand
    p.send_signal(signum)
    _, err = p.communicate(timeout=60)
    assert p.returncode == code, err.decode()
    if signum != signal.SIGKILL:
        assert "Traceback" not in err.decode()
        assert err.decode().strip().splitlines()[-1].startswith("vocabdeck: interrupted")
    assert _gone(kids), f"workers {kids} outlived the build"
    assert not deck_file.exists()


@forking
def test_a_forked_worker_opens_its_own_sqlite_connections():
    from vocabdeck.data import cedict

    db = cedict._db()
    db.execute("SELECT 1").fetchall()
    parent = id(db._local.db)
    with workers.Workers(2) as pool:
        seen = list(pool.map(_connection_of, range(2)))
    assert parent not in seen
    assert id(db._local.db) == parent


def _connection_of(_item) -> int:
    from vocabdeck.data import cedict

    db = cedict._db()  # the worker's copy of the parent's view
    db.execute("SELECT 1").fetchall()
    return id(db._local.db)


def test_jobs_must_be_at_least_one(tmp_path):
    from typer.testing import CliRunner

    from vocabdeck.cli import app

    result = CliRunner().invoke(app, ["words", str(SAMPLES / "library-night.txt"), "--jobs", "0"])
    assert result.exit_code == 2
    assert "--jobs" in result.output


@forking
@linux_only
def test_the_notes_workers_start_at_once_and_end_when_closed(tmp_path, monkeypatch):
    """They work while the deck's other parts are written; a deck that fails before its
    notes are read still ends them."""
    from vocabdeck.decks import fields

    monkeypatch.setattr(fields, "NOTES_BATCH", 7)
    with Session():
        words = pipeline.choose(pipeline.read_articles(generated(tmp_path, articles=2)),
                                Options(levels=ALL_LEVELS, names=True)).cards
        assert len(words) > 3 * fields.NOTES_BATCH
        made = fields.notes(words, ("recognition",), 2)
        kids = _children(os.getpid())
        assert len(kids) == 2
        made.close()
    assert _gone(kids)
