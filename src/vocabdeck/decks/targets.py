"""Where the decks of a build go: one file per deck, named after the article or course.

Output names never collide and never destroy input:
  * a default name comes from the article's file name; an all-Chinese name is spelt in
    pinyin (日本新闻.txt -> decks/ri-ben-xin-wen.apkg);
  * two decks of one batch that would get the same name are numbered (a/news.txt and
    b/news.txt -> news.apkg, news-2.apkg);
  * a default name never replaces a deck built from another article: every .apkg records
    which article files it was built from (a key in its zip comment, see `source_key`),
    and a file there that is not this article's deck (another article's, an older
    vocabdeck's, any other file) is kept, the deck going to the next free numbered name;
  * a name given with -o is the user's choice and replaces what is there, except an input
    of the build (the article, --english, --known), which is a usage error.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from vocabdeck.decks.notes import title_slug
from vocabdeck.errors import OptionError, option_ref

DECKS = Path("decks")  # the default output folder, created on demand
SOURCE_MARK = b"vocabdeck article "  # + source_key(): the .apkg's zip comment

log = logging.getLogger("vocabdeck")


def plan_builds(
    articles: Sequence[Path], output: Path | None, deck_name: str | None, per_article: bool
) -> list[tuple[Path, str | None, bool, list[Path]]]:
    """(output file, deck name or None for the article title, subdecks?, articles) per file.

    One article: one deck. Several: one deck with a subdeck per article, each word carded
    once in the article where it first appears; or, with per_article, one file each (then
    -o, if given, is the folder to write them to).
    """
    from vocabdeck.decks.write import FORMATS, deck_format

    if deck_name is not None and not deck_name.strip():
        raise OptionError("deck_name", deck_name, "is empty; give the deck a name, or leave the option out.",
                          template="{option} {reason}")
    if output is not None and deck_format(output) is None and not (per_article and len(articles) > 1):
        raise OptionError("output", output, f"unknown deck format; use a file name ending in {', '.join(FORMATS)}.")
    if len(articles) == 1 or per_article:
        if per_article and len(articles) > 1:
            folder = output if output is not None else DECKS
            if folder.suffix:
                raise OptionError("output", output, f"with {option_ref('per_article')}, {option_ref('output')} "
                                  "names a folder, not a file.")
            return settle([(default_target(folder, a), deck_name, False, [a]) for a in articles], set())
        target = output if output is not None else default_target(DECKS, articles[0])
        return settle([(target, deck_name, False, list(articles))], {output})
    name = deck_name or "Course"
    target = output if output is not None else DECKS / f"{title_slug(name)}.apkg"
    return settle([(target, name, True, list(articles))], {output})


def default_target(folder: Path, article: Path) -> Path:
    return folder / f"{title_slug(article.name.split('.')[0] or article.stem)}.apkg"


def source_key(articles: Sequence[Path], course: str | None = None) -> str:
    """Which article files a deck is built from: a hash of their absolute paths (a path
    itself would tell anyone the deck is shared with where the user keeps files). A course
    is known by its deck name, so that adding an article to it updates its file."""
    h = hashlib.sha1()
    if course is not None:
        h.update(b"course\0" + course.encode("utf-8", "surrogateescape"))
    else:
        for article in articles:
            h.update(os.path.abspath(article).encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()[:16]


def _deck_key(path: Path) -> str | None:
    """The source key recorded in an existing .apkg, "" for any other file, None if none."""
    import zipfile

    if not path.exists():
        return None
    try:
        with zipfile.ZipFile(path) as z:
            comment = z.comment
    except (OSError, zipfile.BadZipFile):
        return ""
    return comment[len(SOURCE_MARK):].decode("ascii", "replace") if comment.startswith(SOURCE_MARK) else ""


def settle(plans: list[tuple[Path, str | None, bool, list[Path]]], explicit: set[Path]):
    """The plans with every default target made safe: unique within the batch, and never
    another article's deck or another file. `explicit` are the targets the user named."""
    taken: set[str] = set()
    settled = []
    for target, deck, subdecks, group in plans:
        if target not in explicit:
            key = source_key(group, deck if subdecks else None)
            first, n = target, 1
            while _norm(target) in taken or _deck_key(target) not in (None, key):
                n += 1
                target = first.with_name(f"{first.stem}-{n}{first.suffix}")
            if target != first and _norm(first) not in taken:
                log.warning(f"{first} holds another deck; this one goes to {target}")
        taken.add(_norm(target))
        settled.append((target, deck, subdecks, group))
    return settled


def _norm(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path)).casefold()  # decks/News.apkg is news.apkg on macOS


def check_not_inputs(targets: Sequence[Path], inputs: dict[str, Sequence[Path]]) -> None:
    """No deck may be written over a file the build reads (-o article.json destroyed it)."""
    for target in targets:
        for what, paths in inputs.items():
            for path in paths:
                if path is not None and _same_file(target, path):
                    raise OptionError("output", target, f"that file is {what} of this build; writing the deck "
                                      "there would destroy it; choose another file name.")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return _norm(a) == _norm(b)
