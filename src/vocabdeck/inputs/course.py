"""A course: the articles of one build, each with its English translation if it has one.

Three ways to give a translation, in the order they are tried:

  * `ZH=EN` as one argument (`lesson1.txt=lesson1-en.txt`): any two names;
  * by name, when several files are given: an English file is named like its article with
    `.en` (or `.eng`) before the extension (`lesson1.en.txt` goes with `lesson1.zh.txt` or
    `lesson1.txt`; `ep01.en.srt` with `ep01.zh.srt`); it never becomes an article itself;
  * `--english FILE` with a single article.

The lessons keep the order in which their Chinese articles were given.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vocabdeck.errors import OptionError, UsageError, option_ref


@dataclass(frozen=True, slots=True)
class Lesson:
    """One article of a build and its separate English translation (None: none, or the
    article is bilingual itself)."""

    path: Path
    english: Path | None = None


# "lesson1.en.txt" -> ("lesson1", "en", ".txt"); the language tag is one of these.
_TAGGED = re.compile(r"^(?P<base>.+?)\.(?P<tag>[A-Za-z]{2,7}(?:[-_][A-Za-z]{2,4})?)(?P<ext>\.[A-Za-z0-9]{1,8})?$")
ENGLISH_TAGS = frozenset({"en", "eng", "english"})
CHINESE_TAGS = frozenset({"zh", "cn", "chs", "cht", "chi", "zho", "chinese", "sc", "tc", "zh-cn", "zh-hans",
                          "zh-hant", "zh-tw", "zh-hk", "zh_cn", "zh_tw"})


def lessons(articles: Sequence[Path], english: Path | None = None) -> list[Lesson]:
    """The lessons of a build from its arguments (see the module's docstring). Raises
    UsageError when a pairing is ambiguous or an English file has no article."""
    given = [_split(Path(a)) for a in articles]
    if len(given) > 1:
        given = _pair_by_name(given)
    if english is not None:
        if len(given) > 1:
            raise OptionError("english", english, "goes with a single Chinese article; for a course give each "
                              "article as ZH=EN (lesson1.txt=lesson1-en.txt), or name the English files like "
                              "their articles with .en (lesson1.en.txt for lesson1.txt).", template="{option} {reason}")
        if given and given[0].english is not None:
            raise OptionError("english", english, f"{given[0].path} has its English already "
                              f"({given[0].english}); give one of them.", template="{option} {reason}")
        given = [Lesson(given[0].path, english)] if given else given
    return given


def _split(arg: Path) -> Lesson:
    """`ZH=EN` as one argument, unless a file has that very name."""
    text = str(arg)
    if "=" not in text or text == "-" or os.path.lexists(text):
        return Lesson(arg)
    cuts = [i for i, c in enumerate(text) if c == "="]
    at = next((i for i in cuts if os.path.lexists(text[:i])), cuts[0])
    zh, en = text[:at], text[at + 1:]
    if not zh or not en:
        raise UsageError(f"{text}: give an article and its English translation as ZH=EN, "
                         "e.g. lesson1.txt=lesson1-en.txt")
    return Lesson(Path(zh), Path(en))


def _key(path: Path) -> tuple[str, str, str] | None:
    """(folder, base name, language tag) of a file whose name carries a tag; None otherwise."""
    m = _TAGGED.match(path.name)
    if m is None or m["tag"].lower() not in ENGLISH_TAGS | CHINESE_TAGS:
        return None
    return os.path.normcase(os.path.abspath(path.parent)), m["base"], m["tag"].lower()


def _stem_key(path: Path) -> tuple[str, str]:
    """(folder, name without its extension): what `lesson1.txt` offers `lesson1.en.txt`."""
    name = path.name
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return os.path.normcase(os.path.abspath(path.parent)), stem


def _pair_by_name(given: list[Lesson]) -> list[Lesson]:
    """English files named after their articles (`lesson1.en.txt`) join those articles."""
    english_files = []
    for i, lesson in enumerate(given):
        key = _key(lesson.path) if lesson.english is None and str(lesson.path) != "-" else None
        if key is not None and key[2] in ENGLISH_TAGS:
            english_files.append((i, key))
    if not english_files:
        return given
    taken = {i for i, _ in english_files}
    partners: dict[int, list[int]] = {}
    for i, (folder, base, _) in english_files:
        found = []
        for j, lesson in enumerate(given):
            if j in taken:
                continue
            key = _key(lesson.path)
            if (key is not None and key[2] in CHINESE_TAGS and key[:2] == (folder, base)) or \
                    _stem_key(lesson.path) == (folder, base):
                found.append(j)
        if not found:
            raise UsageError(f"{given[i].path}: an English translation (its name has .{_key(given[i].path)[2]}), "
                             f"but no article named {base}.txt or {base}.zh.txt (any extension) was given; add the "
                             "article, or pair them as ZH=EN")
        if len(found) > 1:
            names = " and ".join(str(given[j].path) for j in found)
            raise UsageError(f"{given[i].path}: which article does it translate, {names}? Pair it as ZH=EN "
                             f"({given[found[0]].path}={given[i].path})")
        j = found[0]
        if given[j].english is not None or j in partners:
            other = given[j].english or given[partners[j][0]].path
            raise UsageError(f"{given[j].path}: two English translations, {other} and {given[i].path}; "
                             f"give one of them (as ZH=EN, or with {option_ref('english')})")
        partners[j] = [i]
    return [Lesson(lesson.path, given[partners[j][0]].path if j in partners else lesson.english)
            for j, lesson in enumerate(given) if j not in taken]


def english_files(course: Sequence[Lesson]) -> list[Path]:
    return [lesson.english for lesson in course if lesson.english is not None]
