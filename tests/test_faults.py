"""Faults an unlucky user meets: signals, killed runs' leftovers, a slow or closed stdout.

These run the installed console entry point in a subprocess (`python -m vocabdeck`), as a
user's shell does: signal handlers and the quick exit (os._exit) live there only.
"""

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
from typer.testing import CliRunner

from vocabdeck.cli import app
from vocabdeck.data import tempfiles

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "library-night.txt"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and file descriptors")


def vocabdeck(*args, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="")
    env.pop("PYTHONUNBUFFERED")
    return subprocess.Popen([sys.executable, "-m", "vocabdeck", *map(str, args)], env=env, **kwargs)


def big_article(path: Path, n_chars: int = 200_000) -> Path:
    """Random Han characters in 20-character sentences: long enough to interrupt two
    seconds in, also with worker processes on a quiet machine (40,000 characters were
    built, deck and all, in about two seconds there)."""
    r = random.Random(7)
    chars = [chr(c) for c in range(0x4E00, 0x9FA6)]
    sents = ["".join(r.choice(chars) for _ in range(20)) + "。" for _ in range(n_chars // 20)]
    path.write_text("\n".join("".join(sents[i:i + 5]) for i in range(0, len(sents), 5)) + "\n", encoding="utf-8")
    return path


# ----------------------------------------------------------------- signals
def test_a_stop_python_dropped_still_keeps_the_old_deck(tmp_path, monkeypatch):
    """A signal's exception raised inside a callback (an import lock's, a weak reference's)
    is printed and dropped by Python; the deck is still not replaced, and the build stops."""
    import weakref

    from vocabdeck import errors
    from vocabdeck.decks.files import atomic_write

    monkeypatch.setattr(errors, "_stop_requested", None)
    monkeypatch.setattr(sys, "unraisablehook", lambda info: None)

    class Anything:
        pass

    thing = Anything()
    watch = weakref.ref(thing, lambda _: errors.stop(errors.Terminated))
    del thing  # the callback runs here and its Terminated is dropped
    assert watch() is None
    deck = tmp_path / "deck.apkg"
    deck.write_bytes(b"OLD DECK")
    with pytest.raises(errors.Terminated):
        atomic_write(deck, lambda tmp: tmp.write_bytes(b"NEW DECK"))
    assert deck.read_bytes() == b"OLD DECK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg"]


@posix_only
def test_sigterm_is_handled_like_ctrl_c(tmp_path):
    """SIGTERM (a timeout, systemd, a cancelled CI job): the old deck stays, nothing is left
    beside it, one line, exit 143."""
    big = big_article(tmp_path / "big.txt")
    deck = tmp_path / "deck.apkg"
    deck.write_bytes(b"OLD DECK")
    p = vocabdeck("build", big, "--levels", "all", "-o", deck, cwd=tmp_path, stdout=subprocess.PIPE,
                  stderr=subprocess.PIPE)
    time.sleep(2.0)
    if p.poll() is not None:
        pytest.fail("the build ended before the signal (make the article longer)")
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    err = err.decode()
    assert p.returncode == 143, err
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("vocabdeck: interrupted")
    assert deck.read_bytes() == b"OLD DECK"
    assert [x.name for x in tmp_path.iterdir() if x.name.startswith(".")] == []


@posix_only
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_starting_up_prints_no_traceback(tmp_path, signum, code):
    """Ctrl-C in the first 60 ms arrives while the CLI imports typer: here the signal is
    raised exactly then, by an import hook."""
    script = (
        "import os, signal, sys\n"
        "class Hook:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'typer':\n"
        f"            os.kill(os.getpid(), {int(signum)})\n"
        "        return None\n"
        "sys.meta_path.insert(0, Hook())\n"
        "sys.argv = ['vocabdeck', 'words', sys.argv[1]]\n"
        "from vocabdeck.console import main\n"
        "main()\n"
    )
    p = subprocess.run([sys.executable, "-c", script, str(SAMPLE)], capture_output=True, text=True, cwd=tmp_path,
                       timeout=60)
    assert p.returncode == code, p.stderr
    assert p.stderr.splitlines() == ["vocabdeck: interrupted; nothing was written."], p.stderr


def test_ctrl_c_in_a_per_article_batch_says_what_was_written(tmp_path, monkeypatch):
    from vocabdeck import pipeline

    real = pipeline.write_deck
    calls = []

    def write_then_interrupt(selection, target, *args):
        if calls:
            raise KeyboardInterrupt
        calls.append(target)
        return real(selection, target, *args)

    monkeypatch.setattr(pipeline, "write_deck", write_then_interrupt)
    second = tmp_path / "second.txt"
    second.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(SAMPLE), str(second), "--per-article", "--levels", "all",
                                      "-o", str(tmp_path)])
    assert result.exit_code == 130
    last = result.output.strip().splitlines()[-1]
    assert "nothing was written" not in last.replace("nothing else was written", "")
    assert str(calls[0]) in last and (tmp_path / calls[0].name).exists()


# ----------------------------------------------------------------- leftovers
def test_temporary_names_say_whose_they_are_and_how_old(tmp_path):
    target = tmp_path / "deck.apkg"
    mine = tempfiles.create(target, ".part")
    assert mine.name.startswith(".deck.apkg.vdtmp-") and mine.name.endswith(".part")
    assert not tempfiles.is_stale(mine.name)  # this process is alive
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    host = mine.name.split(".vdtmp-")[1].split("-")[0]
    gone = f".deck.apkg.vdtmp-{host}-{int(dead.stdout)}-{int(time.time())}.part"
    old = f".deck.apkg.vdtmp-00000000-1-{int(time.time()) - tempfiles.STALE_AFTER - 60}.anki2"
    elsewhere = f".deck.apkg.vdtmp-00000000-1-{int(time.time())}.part"  # another machine, recent
    assert tempfiles.is_stale(gone) and tempfiles.is_stale(old) and not tempfiles.is_stale(elsewhere)
    assert not tempfiles.is_stale(".deck.apkg.part") and not tempfiles.is_stale("notes.txt")


def test_a_build_removes_the_leftovers_of_killed_builds(tmp_path):
    gone = f".deck.apkg.vdtmp-00000000-1-{int(time.time()) - tempfiles.STALE_AFTER - 60}.part"
    (tmp_path / gone).write_bytes(b"x" * 1000)
    (tmp_path / ".my-own-hidden-file").write_text("kept")
    result = CliRunner().invoke(app, ["build", str(SAMPLE), "--levels", "all", "-o", str(tmp_path / "deck.apkg")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".my-own-hidden-file", "deck.apkg"]


# ----------------------------------------------------------------- the quick exit
@posix_only
@pytest.mark.parametrize("command", ["words", "build"])
def test_output_is_complete_when_stdout_is_a_pipe_read_slowly(tmp_path, command):
    """The console entry point ends with os._exit: every byte must be out before it."""
    if command == "words":
        args, out = ["words", SAMPLE, "--levels", "all", "--format", "json"], None
    else:
        out = tmp_path / "deck.json"
        args = ["build", SAMPLE, "--levels", "all", "-o", out]
    want = CliRunner().invoke(app, [str(a) for a in args[:-2]] + ["--format", "json"] if command == "words"
                              else ["words", str(SAMPLE), "--levels", "all", "--format", "json"])
    p = vocabdeck(*args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    got = b""
    while chunk := p.stdout.read(512):
        got += chunk
        time.sleep(0.005)
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 0, err
    cards = json.loads(got) if command == "words" else json.loads(out.read_text(encoding="utf-8"))
    assert [c["word"] for c in cards] == [c["word"] for c in json.loads(want.stdout)]
    assert "cards" in err


@posix_only
def test_words_with_stdout_closed_fails(tmp_path):
    p = subprocess.run([sys.executable, "-m", "vocabdeck", "words", str(SAMPLE)], stderr=subprocess.PIPE,
                       stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1), cwd=tmp_path, timeout=120)
    err = p.stderr.decode()
    assert p.returncode == 1 and err.strip().splitlines()[-1].startswith("vocabdeck: error:"), err
    assert "closed" in err


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_words_to_a_full_disk_fails_with_one_line(tmp_path):
    with open("/dev/full", "wb") as full:
        p = subprocess.run([sys.executable, "-m", "vocabdeck", "words", str(SAMPLE), "--format", "json"],
                           stdout=full, stderr=subprocess.PIPE, cwd=tmp_path, timeout=120)
    err = p.stderr.decode()
    assert p.returncode == 1 and "Traceback" not in err and err.strip().splitlines()[-1].startswith("vocabdeck: error:")


# ----------------------------------------------------------------- silently wrong content
FOOTBALL = """The home team won the football match on Saturday evening after a late goal in extra time.

The coach praised the young striker, who had only joined the club at the start of the season.

Thousands of fans celebrated in the streets of the city until the early hours of the morning.

The league said it would review the referee's decision to award a penalty in the first half.
"""


def test_an_english_file_that_translates_something_else_gives_a_warning_and_no_english(tmp_path):
    other = tmp_path / "football.en.txt"
    other.write_text(FOOTBALL, encoding="utf-8")
    zh = REPO / "samples" / "library-night.zh.txt"
    result = CliRunner().invoke(app, ["words", str(zh), "--english", str(other), "--levels", "all", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert not any(card["sentence_en"] for card in json.loads(result.stdout))
    assert "warning" in result.stderr and "--english" in result.stderr
    own = REPO / "samples" / "library-night.en.txt"
    result = CliRunner().invoke(app, ["words", str(zh), "--english", str(own), "--levels", "all", "--format", "json"])
    assert any(card["sentence_en"] for card in json.loads(result.stdout)) and "warning" not in result.stderr


def test_english_never_goes_with_another_article_of_a_batch(tmp_path):
    second = tmp_path / "second.txt"
    second.write_text("国际新闻\n\n专家认为，教育制度需要改革。\n", encoding="utf-8")
    zh = REPO / "samples" / "library-night.zh.txt"
    result = CliRunner().invoke(app, ["build", str(zh), str(second), "--per-article", "--english",
                                      str(REPO / "samples" / "library-night.en.txt"), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "--english" in result.output
    assert not list(tmp_path.glob("*.apkg"))


# ----------------------------------------------------------------- messages and exit codes
def one_error_line(result, code: int) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vocabdeck: error:"), result.stderr
    return lines[0]


@pytest.mark.parametrize("args, names", [
    (["--min-zipf", "nan"], "--min-zipf"),
    (["--max-zipf", "nan"], "--max-zipf"),
    (["--max-zipf", "-1"], "--max-zipf"),
    (["--min-zipf", "inf"], "--min-zipf"),
    (["--max-cards", "0"], "--max-cards"),
    (["--encoding", "rot13"], "--encoding"),
    (["--encoding", "base64"], "--encoding"),
])
def test_a_bad_option_value_is_a_usage_error_naming_it(args, names):
    line = one_error_line(CliRunner().invoke(app, ["words", str(SAMPLE), *args]), 2)
    assert names in line


@pytest.mark.parametrize("option", [None, "--known", "--english"])
def test_an_unreadable_file_is_one_line_and_exit_1(tmp_path, monkeypatch, option):
    """Not typer's 3-line usage message with exit 2. Unreadability is simulated, so that
    the test means the same as root (who reads any file)."""
    locked = tmp_path / "locked.txt"
    locked.write_text("阻挠\n", encoding="utf-8")
    real_access, real_read, real_open = os.access, Path.read_bytes, os.open

    def access(path, mode, *a, **k):
        return False if Path(path) == locked else real_access(path, mode, *a, **k)

    def read_bytes(self):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    def open_(path, flags, *a, **k):  # inputs.source opens with os.open (O_NONBLOCK), then fstat
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *a, **k)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "open", open_)
    args = ["words", str(locked)] if option is None else ["words", str(SAMPLE), option, str(locked)]
    assert "locked.txt" in one_error_line(CliRunner().invoke(app, args), 1)


def test_an_empty_english_name_is_called_what_it_is():
    line = one_error_line(CliRunner().invoke(app, ["words", str(SAMPLE), "--english", ""]), 1)
    assert "--english" in line


def test_terminal_escapes_in_a_file_name_never_reach_the_terminal(tmp_path):
    name = tmp_path / "evil\x1b]0;PWNED\x07\x1b[2J.txt"
    line = one_error_line(CliRunner().invoke(app, ["build", str(name), "-o", str(tmp_path / "x.apkg")]), 1)
    assert "\x1b" not in line and "\x07" not in line and "evil" in line


# ----------------------------------------------------------------- output names
SHORT = "台灣的人才短缺問題恐怕會更加惡化，政府應該積極應對。專家認為，教育制度需要改革。\n"


def build(*args):
    return CliRunner().invoke(app, ["build", *map(str, args), "--levels", "all"])


def decks(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "decks").iterdir())


def test_all_chinese_file_names_get_pinyin_names_and_never_clash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a, b = tmp_path / "日本新闻.txt", tmp_path / "美国新闻.txt"
    a.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    b.write_text(SHORT, encoding="utf-8")
    assert build(a, b, "--per-article").exit_code == 0
    assert decks(tmp_path) == ["mei-guo-xin-wen.apkg", "ri-ben-xin-wen.apkg"]


def test_equal_names_in_one_batch_are_numbered_and_stay_with_their_article(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = tmp_path / "a" / "news.txt", tmp_path / "b" / "news.txt"
    a.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    b.write_text(SHORT, encoding="utf-8")
    first = build(a, b, "--per-article")
    assert first.exit_code == 0 and decks(tmp_path) == ["news-2.apkg", "news.apkg"]
    stamps = {p.name: p.read_bytes() for p in (tmp_path / "decks").iterdir()}
    # Rebuilding b alone replaces b's own deck, never a's.
    again = build(b)
    assert again.exit_code == 0 and "news-2.apkg" in again.stderr
    assert (tmp_path / "decks" / "news.apkg").read_bytes() == stamps["news.apkg"]
    assert decks(tmp_path) == ["news-2.apkg", "news.apkg"]


def test_a_default_name_never_replaces_another_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decks").mkdir()
    precious = tmp_path / "decks" / "library-night.apkg"
    precious.write_bytes(b"someone else's deck")
    result = build(SAMPLE)
    assert result.exit_code == 0 and "warning" in result.stderr
    assert precious.read_bytes() == b"someone else's deck"
    assert decks(tmp_path) == ["library-night-2.apkg", "library-night.apkg"]
    assert build(SAMPLE).exit_code == 0  # the same article: its own deck is replaced
    assert decks(tmp_path) == ["library-night-2.apkg", "library-night.apkg"]


@pytest.mark.parametrize("role", ["article", "--english", "--known"])
def test_o_is_never_an_input(tmp_path, role):
    zh = tmp_path / "article.json"
    zh.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    other = tmp_path / "other.tsv"
    other.write_text("More and more students study at night.\n" if role == "--english" else "日本\t1\n",
                     encoding="utf-8")
    target = zh if role == "article" else other
    before = target.read_bytes()
    extra = [] if role == "article" else [role, other]
    result = build(zh, *extra, "-o", target)
    assert result.exit_code == 2 and "-o" in result.stderr, result.output
    assert target.read_bytes() == before


# ----------------------------------------------------------------- outputs the fault checker tried
def test_o_a_symlink_replaces_the_link_not_the_file_it_points_to(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("do not touch\n")
    (tmp_path / "link.apkg").symlink_to("precious.txt")
    assert build(SAMPLE, "-o", tmp_path / "link.apkg").exit_code == 0
    assert precious.read_text() == "do not touch\n"


def test_a_full_disk_while_filling_the_apkg_collection_is_one_line(tmp_path, monkeypatch):
    import sqlite3

    deck = tmp_path / "deck.apkg"
    deck.write_bytes(b"OLD DECK")

    class FullDisk:
        def __init__(self, real):
            self.real = real

        def __getattr__(self, name):
            return getattr(self.real, name)

        def cursor(self):
            raise sqlite3.OperationalError("database or disk is full")

    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda path, *a, **k: FullDisk(real_connect(path, *a, **k))
                        if str(path).endswith(".anki2") else real_connect(path, *a, **k))
    line = one_error_line(build(SAMPLE, "-o", deck), 1)
    assert "disk is full" in line and "deck.apkg" in line
    assert deck.read_bytes() == b"OLD DECK" and sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg"]


@posix_only
def test_three_builds_writing_one_file_at_once_leave_one_whole_file(tmp_path):
    target = tmp_path / "same.json"
    procs = [vocabdeck("build", SAMPLE, "--levels", "all", "-o", target, cwd=tmp_path,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(3)]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read().decode()
    assert json.loads(target.read_text(encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["same.json"]


def test_unpunctuated_text_gives_a_deck_linear_in_its_length(tmp_path):
    """Hard-wrapped lines without 。！？ are one "sentence": each card shows only the
    clauses around its word (60 KB of such text made an 83 MB deck)."""
    r = random.Random(3)
    han = [c for c in SAMPLE.read_text(encoding="utf-8") if "\u4e00" <= c <= "\u9fff"]
    text = "".join(r.choice(han) for _ in range(6000))
    article = tmp_path / "plain.txt"
    article.write_text("\n".join(text[i:i + 40] for i in range(0, len(text), 40)) + "\n", encoding="utf-8")
    for suffix in (".apkg", ".json"):
        out = tmp_path / f"x{suffix}"
        assert build(article, "-o", out).exit_code == 0
        assert out.stat().st_size < 20 * article.stat().st_size + (1 << 20), suffix


# ----------------------------------------------------------------- caches, end to end
def _current_caches() -> dict[str, Path]:
    """This installation's cache files (the folder may hold other installations' too)."""
    from vocabdeck.data import cache, cedict, hsk, phrases
    from vocabdeck.zh import g2pm, jiebadict

    CliRunner().invoke(app, ["words", str(SAMPLE)])  # every cache built
    sources = {"cedict.sqlite3": cedict.cache_sources(), "levels.sqlite3": hsk.cache_sources(),
               "jieba-merged.sqlite3": jiebadict._sources(), "phrases.sqlite3": phrases.cache_sources(),
               "g2pm.pickle": g2pm.model_sources()}
    out = {}
    for name, paths in sources.items():
        stem, _, ext = name.partition(".")
        out[stem] = cache.cache_dir() / f"{stem}-{cache.cache_key(paths)}.{ext}"
    return out


def _copy_of_the_cache(tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "cache"
    copy.mkdir()
    for path in _current_caches().values():
        shutil.copy2(path, copy / path.name)
    return copy


def _words_json(cache_folder: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, VOCABDECK_CACHE=str(cache_folder))
    return subprocess.run([sys.executable, "-m", "vocabdeck", "words", str(SAMPLE), "--levels", "all", "--format",
                           "json"], capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.parametrize("stem, damage", [("g2pm", "noise"), ("levels", "truncated"), ("levels", "emptied")])
def test_a_damaged_cache_is_rebuilt_and_the_cards_are_right(tmp_path, stem, damage):
    cache_folder = _copy_of_the_cache(tmp_path)
    want = _words_json(cache_folder)
    assert want.returncode == 0, want.stderr
    path = cache_folder / _current_caches()[stem].name
    data = path.read_bytes()
    if damage == "noise":  # a bad sector: 64 KiB of noise in the middle
        noise = random.Random(7).randbytes(65536)
        path.write_bytes(data[:100 * 1024] + noise + data[100 * 1024 + 65536:])
    else:
        path.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"")
    got = _words_json(cache_folder)
    assert got.returncode == 0 and got.stdout == want.stdout, got.stderr
    assert "damaged" in got.stderr and "rebuilding" in got.stderr


@posix_only
def test_no_home_folder_is_one_line(tmp_path):
    script = ("import pwd, sys\n"
              "def nobody(uid): raise KeyError(uid)\n"
              "pwd.getpwuid = nobody\n"
              "from vocabdeck.cli import app\n"
              "sys.argv = ['vocabdeck', 'words', sys.argv[1]]\n"
              "app()\n")
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME", "VOCABDECK_CACHE")}
    p = subprocess.run([sys.executable, "-c", script, str(SAMPLE)], capture_output=True, text=True, env=env,
                       cwd=tmp_path, timeout=120)
    assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
    assert p.stderr.strip().splitlines()[-1].startswith("vocabdeck: error:") and "VOCABDECK_CACHE" in p.stderr


def test_a_cache_folder_removed_mid_run_is_one_line(tmp_path, monkeypatch):
    import sqlite3

    from vocabdeck.data import cache

    monkeypatch.setattr(cache, "cache_dir", lambda: tmp_path / "gone")
    message = str(cache.sqlite_failure(sqlite3.OperationalError("unable to open database file")))
    assert "\n" not in message and "run the command again" in message and "gone" in message
