"""A vocabulary list at the end of an article: a heading (相关词汇, 词汇, 生词, 重点词汇,
Vocabulary ...) and then one word a line, with pinyin, English, or both:

    相关词汇
    国家公园 guójiā gōngyuán national park
    大熊猫 (dà xióngmāo) - giant panda
    栖息地：habitat

The heading and its lines leave the article (they are no sentence of it); the entries are
GivenWords for the words' cards. Imported only when a short paragraph names such a list
(glosses.vocabulary): its patterns cost 6 ms to compile.
"""

from __future__ import annotations

import re

from vocabdeck.model import GivenWord
from vocabdeck.zh.script import HAN_RANGES

_HEADING = re.compile(
    r"^[\s#*【\[（(]*(?:相关词汇|重点词汇|关键词汇|核心词汇|词汇表|生词表|词汇|生词|重点词语|"
    r"key vocabulary|vocabulary|new words|key words|glossary)[\s*】\]）)]*[:：]?\s*$", re.I)
# One entry: an optional number, the word, then everything up to the next Han character.
_ENTRY = re.compile(rf"(?:\d{{1,3}}\s*[.、)）]\s*)?(?P<zh>[{HAN_RANGES}]{{1,12}})(?P<rest>[^{HAN_RANGES}]*)")
_BRACKETED = re.compile(r"^[(（\[【/]\s*(?P<py>[^)）\]】/]*)[)）\]】/]")
_TONED = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]|[a-zü][1-5]", re.I)
_PINYIN_WORD = re.compile(r"^[a-zü'’:āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ1-5\-]+$", re.I)
_SEPARATORS = " \t:：-–—=,，|/;；"
_SENTENCE_MARKS = re.compile("[。！？，；、“”]")
_HAN = re.compile(f"[{HAN_RANGES}]")
# A list item's or a table row's marker, as page extraction writes them: "- ", "| ".
_MARKER = re.compile(r"^[\s\-*•·|]+")
_HAN_FIRST = re.compile(rf"^[\s\-*•·|]*(?:\d{{1,3}}\s*[.、)）]\s*)?[{HAN_RANGES}]")
_CELL = 80  # the longest table cell taken as an entry's pinyin or English


def _entry(zh: str, rest: str) -> GivenWord | None:
    """A line's word with its pinyin (marked or numbered, perhaps in brackets) and English."""
    rest = re.sub(r"\s*\d{1,3}\s*[.、)）]?\s*$", "", rest.strip(_SEPARATORS))  # the next line's number
    pinyin = ""
    bracketed = _BRACKETED.match(rest)
    if bracketed and _TONED.search(bracketed.group("py")):
        pinyin, rest = bracketed.group("py").strip(), rest[bracketed.end():]
    else:
        words = rest.split()
        k = 0
        while k < len(words) and _PINYIN_WORD.match(words[k].strip(",，")) and _TONED.search(words[k]):
            k += 1
        pinyin, rest = " ".join(words[:k]).strip(",，"), " ".join(words[k:])
    meaning = rest.strip(_SEPARATORS)
    if not pinyin and not re.search("[A-Za-z]", meaning):
        return None
    return GivenWord(zh, pinyin, meaning)


def _entries(paragraph: str) -> list[GivenWord] | None:
    """The entries of a paragraph made only of entries (lines a reader joined are still
    entries); None for any other paragraph."""
    if _SENTENCE_MARKS.search(paragraph):
        return None
    paragraph = _MARKER.sub("", paragraph)
    out, at = [], 0
    for m in _ENTRY.finditer(paragraph):
        if paragraph[at : m.start()].strip():
            return None
        entry = _entry(m.group("zh"), m.group("rest"))
        if entry is None:
            return None
        out.append(entry)
        at = m.end()
    return out if out and not paragraph[at:].strip() else None


def without_list(paragraphs: list[str]) -> tuple[list[str], tuple[GivenWord, ...]]:
    """Paragraphs without a vocabulary list (a heading and the entries after it), and the
    list's entries. An entry may span paragraphs (a table's cells: the word, then its
    pinyin, then its English); paragraphs after the list that are no entries stay."""
    for i, p in enumerate(paragraphs):
        if len(p) > 20 or not _HEADING.match(p):
            continue
        found, j = [], i + 1
        while j < len(paragraphs) and _HAN_FIRST.match(paragraphs[j]):
            k = j + 1  # the entry's other cells: short, without Chinese
            while k < len(paragraphs) and len(paragraphs[k]) <= _CELL and not _HAN.search(paragraphs[k]):
                k += 1
            entries = _entries(" ".join(paragraphs[j:k]))
            if entries is None:
                break
            found += entries
            j = k
        if found:
            return paragraphs[:i] + paragraphs[j:], tuple(found)
    return paragraphs, ()
