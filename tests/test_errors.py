"""Bad input, bad options and failing output: every case ends in a one-line error that names
the file or option and says what to do, a non-zero exit status, no traceback, and nothing of
the user's lost or half-written.

The promise (README, "Exit codes and promises"): 1 for a problem with the input or output,
2 for a bad option, 130 for Ctrl-C; a deck is replaced only when the build succeeded.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vocabdeck.cli import app

runner = CliRunner()
# Cases that take minutes on a 2-core machine run only when asked for.
only_when_asked = pytest.mark.skipif(not os.environ.get("VOCABDECK_SLOW"), reason="slow: set VOCABDECK_SLOW=1 to run")
VOCABDECK = Path(sys.executable).with_name("vocabdeck")

# A short article whose words include several at HSK 4 and above (通宵, 熬夜, 损害, 记忆力,
# 效率), so that a build with the default filters has cards to write.
ARTICLE = (
    "图书馆的夜晚\n\n"
    "近年来，越来越多的大学生选择在图书馆通宵学习。他们认为安静的环境有助于提高效率。\n\n"
    "然而，专家提醒，长期熬夜会损害健康，甚至影响记忆力。\n\n"
    "学校已经决定调整开放时间，并增加自习室的座位。\n"
)
ENGLISH = (
    "More and more university students choose to study all night in the library. They think a "
    "quiet environment helps them work efficiently.\n\n"
    "However, experts warn that staying up late for long periods harms health and can even "
    "affect memory.\n\n"
    "The school has decided to adjust the opening hours and add seats to the study rooms.\n"
)


# --------------------------------------------------------------------------- helpers
def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def assert_fails(result, code: int, *names: str) -> str:
    """Exit `code`, no traceback, and exactly one "vocabdeck: error:" line naming `names`."""
    assert not (result.exception and not isinstance(result.exception, SystemExit)), (
        f"uncaught {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("vocabdeck: error:")]
    assert len(errors) == 1, result.stderr
    for name in names:
        assert name in errors[0], f"{name!r} not named in: {errors[0]}"
    return errors[0]


def assert_ok(result):
    assert not (result.exception and not isinstance(result.exception, SystemExit)), (
        f"uncaught {result.exception!r}\n{result.output}"
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def listing(folder: Path) -> set[str]:
    """Every file and folder under `folder`, relative, so leftovers (temp files) show."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def in_tmp(tmp_path, monkeypatch) -> Path:
    """Run in an empty folder, so a default `decks/` lands there and leftovers show."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


# --------------------------------------------------------------------------- the article
READERS = [["build"], ["words"], ["align"], ["annotate"]]


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_missing_file(command, in_tmp):
    line = assert_fails(invoke(*command, "no-such-article.txt"), 1, "no-such-article.txt")
    assert "no such file" in line
    assert listing(in_tmp) == set()


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_directory(command, in_tmp):
    (in_tmp / "folder").mkdir()
    line = assert_fails(invoke(*command, "folder"), 1, "folder")
    assert "is a directory" in line or "is a folder" in line
    assert listing(in_tmp) == {"folder"}


def test_symlink_loop(in_tmp):
    os.symlink("loop.txt", in_tmp / "loop.txt")
    assert_fails(invoke("build", "loop.txt"), 1, "loop.txt")
    assert listing(in_tmp) == {"loop.txt"}


def test_unreadable_file(in_tmp):
    path = in_tmp / "secret.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with rights that read a chmod 000 file (root): nothing to test")
        line = assert_fails(invoke("build", path), 1, "secret.txt")
        assert "permission" in line.lower()
        assert listing(in_tmp) == {"secret.txt"}
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\n\t \r\n", "\u3000\u3000\n\n\u00a0\n".encode(), b"\xef\xbb\xbf", b"\xef\xbb\xbf\n \n"],
    ids=["empty", "whitespace", "wide-spaces", "bom-only", "bom-and-blank-lines"],
)
@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_empty_or_blank_file(command, content, in_tmp):
    path = in_tmp / "blank.txt"
    path.write_bytes(content)
    line = assert_fails(invoke(*command, path), 1, "blank.txt")
    assert "empty" in line
    assert listing(in_tmp) == {"blank.txt"}


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_english_only_says_there_is_nothing_to_learn(command, in_tmp):
    path = in_tmp / "english.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    line = assert_fails(invoke(*command, path), 1, "english.txt")
    assert "no Chinese" in line and "nothing to learn" in line
    assert listing(in_tmp) == {"english.txt"}


def _png(seed: int = 0) -> bytes:
    rng = random.Random(seed)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4000)


def _garbage_without_nul(seed: int = 1) -> bytes:
    # Bytes that are neither UTF-8 nor GB18030 nor Big5 (0x80 and 0xFF lead bytes are invalid
    # in all three) and contain no NUL, so the cheap binary check does not catch them.
    rng = random.Random(seed)
    body = bytes(rng.choice(range(0x80, 0x100)) for _ in range(3000))
    return body + b"\xff\x80" * 10


@pytest.mark.parametrize(
    "name,content,says",
    [
        ("photo.png", _png(), "PNG image"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + random.Random(2).randbytes(3000), "JPEG image"),
        ("archive.zip", b"PK\x03\x04" + random.Random(3).randbytes(3000), "zip file"),
        ("noise.bin", random.Random(4).randbytes(5000), "not a text file"),
        ("garbage.txt", _garbage_without_nul(), "--encoding"),
    ],
    ids=["png", "jpeg", "zip", "random-bytes", "undetectable-encoding"],
)
@pytest.mark.parametrize("command", [["build"], ["words"]], ids=lambda c: c[0])
def test_binary_or_undetectable_file(command, name, content, says, in_tmp):
    (in_tmp / name).write_bytes(content)
    line = assert_fails(invoke(*command, name), 1, name)
    # The user is told what the file is; an encoding hint only for what may be text.
    assert says in line
    assert ("--encoding" in line) == (says == "--encoding")
    assert listing(in_tmp) == {name}


def test_known_encoding_that_does_not_fit_names_the_file_and_option(in_tmp):
    (in_tmp / "gb.txt").write_bytes(ARTICLE.encode("gb18030"))
    line = assert_fails(invoke("build", "gb.txt", "--encoding", "utf-8"), 1, "gb.txt", "--encoding")
    assert "decode" in line
    assert listing(in_tmp) == {"gb.txt"}


def test_ascii_encoding_for_chinese_text(in_tmp):
    (in_tmp / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert_fails(invoke("words", "a.txt", "--encoding", "ascii"), 1, "a.txt", "--encoding")


def test_unknown_codec_is_a_usage_error(in_tmp):
    (in_tmp / "a.txt").write_text(ARTICLE, encoding="utf-8")
    line = assert_fails(invoke("build", "a.txt", "--encoding", "klingon-8"), 2, "--encoding", "klingon-8")
    assert "gb18030" in line  # says which names work
    assert listing(in_tmp) == {"a.txt"}


def test_detected_legacy_encoding_builds(in_tmp):
    """GB18030 without --encoding is detected, not refused."""
    (in_tmp / "gb.txt").write_bytes(ARTICLE.encode("gb18030"))
    result = invoke("words", "gb.txt", "--format", "json")
    assert_ok(result)
    assert "熬夜" in result.stdout


# --------------------------------------------------------------------------- --english
def test_english_with_several_articles_is_a_usage_error(in_tmp, article):
    second = in_tmp / "second.txt"
    second.write_text(ARTICLE, encoding="utf-8")
    en = in_tmp / "en.txt"
    en.write_text(ENGLISH, encoding="utf-8")
    line = assert_fails(invoke("build", article, second, "--english", en), 2, "--english")
    assert "one at a time" in line or "single" in line
    assert listing(in_tmp) == {"second.txt", "en.txt"}


def test_english_file_missing(in_tmp, article):
    assert_fails(invoke("build", article, "--english", "missing.en.txt"), 1, "missing.en.txt")
    assert listing(in_tmp) == set()


def test_english_file_with_no_english(in_tmp, article):
    en = in_tmp / "en.txt"
    en.write_text(ARTICLE, encoding="utf-8")
    line = assert_fails(invoke("build", article, "--english", en), 1, "en.txt")
    assert "--english" in line
    assert listing(in_tmp) == {"en.txt"}


# --------------------------------------------------------------------------- options
BAD_OPTIONS = [
        (["--standard", "3.5"], "--standard"),
        (["--standard", ""], "--standard"),
        (["--levels", "abc"], "--levels"),
        (["--levels", "6-4"], "--levels"),
        (["--levels", "10"], "--levels"),
        (["--levels", "4-"], "--levels"),
        (["--levels", ""], "--levels"),
        (["--levels", ",,"], "--levels"),
        (["--levels", "-3"], "--levels"),
        (["--min-zipf", "5", "--max-zipf", "3"], "--min-zipf"),
        (["--min-count", "0"], "--min-count"),
        (["--max-cards", "-1"], "--max-cards"),
        (["--cards", "flashy"], "--cards"),
        (["--cards", ","], "--cards"),
]


@pytest.mark.parametrize(
    "command,args,option",
    [("build", a, o) for a, o in BAD_OPTIONS] + [("words", a, o) for a, o in BAD_OPTIONS if o != "--cards"],
)
def test_bad_option_is_a_usage_error(command, args, option, in_tmp, article):
    assert_fails(invoke(command, article, *args), 2, option)
    assert listing(in_tmp) == set()


def test_blank_deck_name_names_the_option(in_tmp, article):
    assert_fails(invoke("build", article, "--deck-name", "  "), 2, "--deck-name")
    assert listing(in_tmp) == set()


def test_non_number_for_a_number_option_is_a_usage_error(in_tmp, article):
    result = invoke("build", article, "--min-zipf", "high")
    assert result.exit_code == 2
    assert "--min-zipf" in result.stderr and "Traceback" not in result.output
    assert listing(in_tmp) == set()


def test_known_file_missing(in_tmp, article):
    line = assert_fails(invoke("build", article, "--known", "known.txt"), 1, "--known", "known.txt")
    assert "no such file" in line
    assert listing(in_tmp) == set()


def test_known_file_is_a_folder(in_tmp, article):
    (in_tmp / "known").mkdir()
    assert_fails(invoke("build", article, "--known", "known"), 1, "--known", "known")
    assert listing(in_tmp) == {"known"}


def test_known_file_that_is_not_text(in_tmp, article):
    (in_tmp / "known.txt").write_bytes(b"\xff\x80\xff\x80" * 50)
    line = assert_fails(invoke("build", article, "--known", "known.txt"), 1, "--known", "known.txt")
    assert "UTF-8" in line
    assert listing(in_tmp) == {"known.txt"}


def _cards(article: Path, *options: str) -> list[str]:
    import json

    result = invoke("words", article, "--format", "json", *options)
    assert_ok(result)
    return [record["word"] for record in json.loads(result.stdout)]


@pytest.mark.parametrize("codec", ["gb18030", "utf-16", "utf-8-sig", "utf-8"])
def test_known_list_in_any_accepted_encoding_removes_its_words(codec, tmp_path, article):
    words = _cards(article)
    assert "熬夜" in words and "通宵" in words
    known = tmp_path / "known.txt"
    known.write_bytes("# words I know\n熬夜\n通宵,tōngxiāo,all night\n".encode(codec))
    after = _cards(article, "--known", str(known))
    assert "熬夜" not in after and "通宵" not in after
    assert set(after) == set(words) - {"熬夜", "通宵"}


def test_known_list_in_big5_works(tmp_path, article):
    known = tmp_path / "known.txt"
    known.write_bytes("熬夜\n通宵\n".encode("big5"))
    assert "熬夜" in _cards(article) and "通宵" in _cards(article)
    after = _cards(article, "--known", str(known))
    assert "熬夜" not in after and "通宵" not in after


# --------------------------------------------------------------------------- output
def test_default_output_folder_is_created(in_tmp, article):
    """README: `decks/` is created when missing."""
    assert_ok(invoke("build", article))
    assert (in_tmp / "decks" / "article.apkg").is_file()
    assert listing(in_tmp) == {"decks", "decks/article.apkg"}


def test_other_missing_output_folder_is_an_error(in_tmp, article):
    """README: any missing folder other than the default `decks/` is an error."""
    line = assert_fails(invoke("build", article, "-o", "nowhere/deck.apkg"), 1, "nowhere")
    assert "-o" in line
    assert listing(in_tmp) == set()


def test_output_path_that_is_a_folder(in_tmp, article):
    (in_tmp / "out.apkg").mkdir()
    line = assert_fails(invoke("build", article, "-o", "out.apkg"), 1, "out.apkg")
    assert "folder" in line and "-o" in line
    assert listing(in_tmp) == {"out.apkg"}


def test_unwritable_output_folder(in_tmp, article):
    locked = in_tmp / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running with rights that write into a read-only folder (root): nothing to test")
        line = assert_fails(invoke("build", article, "-o", "locked/deck.apkg"), 1, "locked")
        assert "-o" in line
        assert listing(in_tmp) == {"locked"}
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize("target", ["deck.docx", "decks/deck.docx", "deck"])
def test_unknown_output_format(target, in_tmp, article):
    line = assert_fails(invoke("build", article, "-o", target), 2, "-o", target)
    assert ".apkg" in line
    assert listing(in_tmp) == set()  # not even an empty decks/ folder


@pytest.fixture
def old_deck(in_tmp, article) -> Path:
    """A deck from an earlier, successful build; a failing build must leave its bytes alone."""
    target = in_tmp / "deck.apkg"
    assert_ok(invoke("build", article, "-o", target))
    return target


@pytest.mark.parametrize(
    "args,code",
    [
        (["--cards", "flashy"], 2),
        (["--levels", "nonsense"], 2),
        (["--known", "missing-known.txt"], 1),
        (["--min-count", "99"], 1),  # nothing left to put in a deck
    ],
    ids=["bad-cards", "bad-levels", "missing-known", "no-cards-left"],
)
def test_failed_build_leaves_an_existing_deck_untouched(args, code, old_deck, in_tmp, article):
    before = old_deck.read_bytes()
    mtime = old_deck.stat().st_mtime_ns
    result = invoke("build", article, "-o", old_deck, *args)
    assert_fails(result, code)
    assert old_deck.read_bytes() == before and old_deck.stat().st_mtime_ns == mtime
    assert listing(in_tmp) == {"deck.apkg"}


def test_failed_build_from_a_bad_article_leaves_the_deck_untouched(old_deck, in_tmp):
    before = old_deck.read_bytes()
    (in_tmp / "blank.txt").write_text("\n", encoding="utf-8")
    assert_fails(invoke("build", "blank.txt", "-o", old_deck), 1, "blank.txt")
    assert old_deck.read_bytes() == before
    assert listing(in_tmp) == {"deck.apkg", "blank.txt"}


def test_successful_rebuild_replaces_the_deck(old_deck, in_tmp, article):
    assert_ok(invoke("build", article, "-o", old_deck, "--cards", "recognition,recall"))
    with zipfile.ZipFile(old_deck) as z:
        assert "collection.anki2" in z.namelist()
    assert listing(in_tmp) == {"deck.apkg"}


@pytest.mark.parametrize("suffix", [".apkg", ".tsv", ".json"])
def test_full_disk_keeps_the_old_deck_and_leaves_no_temp_file(suffix, in_tmp, article, monkeypatch):
    target = in_tmp / f"deck{suffix}"
    assert_ok(invoke("build", article, "-o", target))
    before = target.read_bytes()

    def no_space(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # The write itself fails, as it would when the disk fills up half way through.
    if suffix == ".apkg":
        monkeypatch.setattr(zipfile.ZipFile, "writestr", no_space)
    else:
        real_write_text = Path.write_text

        def half_then_full(self, data, *args, **kwargs):
            real_write_text(self, data[: len(data) // 2], *args, **kwargs)
            no_space(self)

        monkeypatch.setattr(Path, "write_text", half_then_full)
    line = assert_fails(invoke("build", article, "-o", target), 1, target.name)
    assert "No space left" in line
    assert target.read_bytes() == before
    assert listing(in_tmp) == {target.name}


def test_ctrl_c_while_writing_keeps_the_old_deck_and_leaves_no_temp_file(old_deck, in_tmp, article, monkeypatch):
    before = old_deck.read_bytes()

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(zipfile.ZipFile, "writestr", interrupted)
    result = invoke("build", article, "-o", old_deck)
    assert result.exit_code == 130, result.output
    assert "Traceback" not in result.output and "interrupted" in result.stderr
    assert old_deck.read_bytes() == before
    assert listing(in_tmp) == {"deck.apkg"}


def test_unusable_cache_folder_says_how_to_choose_another(tmp_path):
    """The dictionary caches cannot be built: one line naming the folder and the variable
    that moves it. Run in a process of its own, with caches not yet built."""
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    env = dict(os.environ, VOCABDECK_CACHE=str(tmp_path / "a-file" / "cache"))
    proc = subprocess.run([str(VOCABDECK), "build", "article.txt", "-o", "deck.apkg"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("vocabdeck: error:")]
    assert len(errors) == 1, proc.stderr
    assert "a-file" in errors[0] and "VOCABDECK_CACHE" in errors[0]
    assert listing(tmp_path) == {"a-file", "article.txt"}


# --------------------------------------------------------------------------- Ctrl-C and size
def _big_article(path: Path, megabytes: float, seed: int = 0) -> None:
    """Chinese-only text built from a few hundred distinct sentences, shuffled."""
    rng = random.Random(seed)
    stems = [s for s in ARTICLE.replace("\n", "").replace("。", "。\n").split("\n") if len(s) > 5]
    subjects = ["我们", "学生们", "专家", "政府", "记者", "工程师", "老师", "经济学家", "医生", "农民"]
    adverbs = ["今天", "去年", "最近", "每天", "突然", "终于", "仍然", "已经"]
    sentences = [f"{rng.choice(subjects)}{rng.choice(adverbs)}说，{rng.choice(stems)}" for _ in range(400)]
    target = int(megabytes * 1024 * 1024)
    with path.open("w", encoding="utf-8") as f:
        written = 0
        while written < target:
            paragraph = "".join(rng.choice(sentences) for _ in range(rng.randint(2, 6))) + "\n\n"
            f.write(paragraph)
            written += len(paragraph.encode("utf-8"))


def test_ctrl_c_stops_cleanly(tmp_path):
    """SIGINT during a build: exit 130, a one-line message, no deck and no temp file."""
    big = tmp_path / "big.txt"
    _big_article(big, 6)
    err = tmp_path / "stderr.txt"
    with err.open("wb") as stderr:
        proc = subprocess.Popen([str(VOCABDECK), "build", "big.txt", "-o", "out.apkg"], cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=stderr)
        # Long enough for the program to be past start-up and into the article.
        time.sleep(2.5)
        assert proc.poll() is None, "the build ended before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=60)
    message = err.read_text(encoding="utf-8", errors="replace")
    assert code == 130, message
    assert "Traceback" not in message
    assert "interrupted" in message
    assert listing(tmp_path) == {"big.txt", "stderr.txt"}


@pytest.mark.slow
@only_when_asked
def test_very_large_input_builds_with_bounded_memory(tmp_path):
    """20 MB of Chinese: the deck is written and the peak memory stays bounded.

    The bound: the process may hold the article's text a few times over, plus the
    dictionaries, but not a record per token of the whole article (which for 20 MB of text
    is several GiB).
    """
    big = tmp_path / "big.txt"
    _big_article(big, 20)
    err = tmp_path / "stderr.txt"
    with err.open("wb") as stderr:
        proc = subprocess.Popen([str(VOCABDECK), "build", "big.txt", "-o", "out.apkg"], cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    message = err.read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, message
    assert "Traceback" not in message
    assert zipfile.ZipFile(tmp_path / "out.apkg").testzip() is None
    peak_mib = usage.ru_maxrss / 1024  # kilobytes on Linux
    # Measured 168 MiB (43 s); 179 MiB (75 s) when sentences first streamed through lookup,
    # 1644 MiB before.
    assert peak_mib < 400, f"peak memory {peak_mib:.0f} MiB for a 20 MB article"
    assert listing(tmp_path) == {"big.txt", "stderr.txt", "out.apkg"}
