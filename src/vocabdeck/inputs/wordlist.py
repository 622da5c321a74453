"""Word lists: a teacher's chosen words, one per line, or CSV/TSV with a header naming the
columns. Example (CSV, UTF-8):

    词语,拼音,意思
    卫星,wèixīng,satellite
    导航,dǎoháng,navigation

The Text has each word as a Chinese paragraph, its meaning (if given) as that paragraph's
English, and the entries themselves in Text.words."""

from __future__ import annotations

import csv
import io
import re

from vocabdeck.inputs.layout import Draft, stem
from vocabdeck.model import GivenWord
from vocabdeck.zh.script import HAN

_WORD_COLUMNS = {"词语", "词", "生词", "词汇", "单词", "汉字", "中文", "简体", "繁体", "word", "words", "hanzi",
                 "chinese", "simplified", "traditional", "vocabulary", "term"}
_PINYIN_COLUMNS = {"拼音", "pinyin", "读音", "注音", "reading"}
_MEANING_COLUMNS = {"意思", "释义", "英文", "解释", "词义", "翻译", "meaning", "meanings", "english", "definition",
                    "definitions", "translation", "gloss"}
_ALL = _WORD_COLUMNS | _PINYIN_COLUMNS | _MEANING_COLUMNS
_PINYIN = re.compile(r"^[a-zA-ZüÜāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ1-5 '’·\-]+$")
_SHORT_WORD = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]{1,6}$")
_LISTED_WORD = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]{1,4}$")


def _delimiter(line: str) -> str:
    return "\t" if "\t" in line else ","


def _cells(line: str) -> list[str]:
    return [c.strip().strip('"').strip().lower() for c in line.split(_delimiter(line))]


def looks_like_wordlist(text: str, suffix: str) -> bool:
    lines = [ln.strip() for ln in text[:20000].split("\n") if ln.strip() and not ln.startswith("#")]
    if not lines:
        return False
    first = _cells(lines[0])
    if len(first) >= 2 and any(c in _ALL for c in first) and any(c in _WORD_COLUMNS for c in first):
        return True
    if first[0] in _WORD_COLUMNS and len(lines) >= 2 and all(_SHORT_WORD.match(ln) for ln in lines[1:500]):
        return True  # one column with its header: 词语, then a word a line
    if suffix in ("csv", "tsv") and len(first) >= 2:
        firsts = [_cells(ln)[0] for ln in lines[:200]]
        return sum(bool(_SHORT_WORD.match(c)) for c in firsts) >= 0.8 * len(firsts)
    # One word per line: five lines or more, each a run of at most four Han characters (a
    # poem's lines of five or seven characters without punctuation are not a word list).
    return len(lines) >= 5 and all(_LISTED_WORD.match(ln) for ln in lines[:500])


def _columns(header: list[str]) -> tuple[int, int | None, int | None] | None:
    def find(names: set[str]) -> int | None:
        return next((i for i, c in enumerate(header) if c in names), None)

    word = find(_WORD_COLUMNS)
    if word is None:
        return None
    return word, find(_PINYIN_COLUMNS), find(_MEANING_COLUMNS)


def entries(text: str) -> list[GivenWord]:
    lines = [ln for ln in text.split("\n") if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return []
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=_delimiter(lines[0])))
    cols = _columns([c.strip().lower() for c in rows[0]])
    if cols is not None:
        rows = rows[1:]
    else:
        # No header: the word first; a column of pinyin next if it looks like pinyin; then the meaning.
        second_pinyin = all(len(r) > 1 and _PINYIN.match(r[1].strip() or "-") for r in rows[:50])
        cols = (0, 1 if second_pinyin else None, (2 if second_pinyin else 1))
    word_i, pinyin_i, meaning_i = cols
    out, seen = [], set()

    def cell(row: list[str], i: int | None) -> str:
        return row[i].strip() if i is not None and i < len(row) else ""

    for row in rows:
        word = cell(row, word_i)
        if not HAN.search(word) or word in seen:
            continue
        seen.add(word)
        out.append(GivenWord(word, cell(row, pinyin_i), cell(row, meaning_i)))
    return out


def draft(text: str, name: str) -> Draft:
    words = tuple(entries(text))
    return Draft(pairs=tuple((w.word, w.meaning) for w in words), title=stem(name), words=words)
