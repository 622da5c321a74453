"""What a note carries besides its fields: its tags and its deck; one note per word and
reading."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from vocabdeck.decks.fields import hsk_tag
from vocabdeck.model import Word


@lru_cache(maxsize=1024)  # asked for every card's tags
def slug(title: str, fallback: str = "") -> str:
    """An ASCII-safe name for files and tags: "Trade talks in Geneva" -> "trade-talks-in-geneva".

    A title with no Latin letters or digits (an all-Chinese title) gives `fallback`
    slugged the same way (e.g. the file stem), else "article".
    """
    for text in (title, fallback):
        # Accents drop ("Café" -> "Cafe"); any other non-ASCII character separates words.
        ascii_text = "".join(
            ch if ch.isascii() else " "
            for ch in unicodedata.normalize("NFKD", text)
            if not unicodedata.combining(ch)
        )
        s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
        if s:
            return s[:60].rstrip("-")
    return "article"


@lru_cache(maxsize=1024)  # asked for every card's tags
def title_slug(title: str) -> str:
    """An ASCII name for a deck file or a tag: the Latin slug of `title`, or for a title
    without Latin letters its Han characters in pinyin (日本新闻 -> ri-ben-xin-wen), else
    "article"."""
    latin = slug(title, "\0")  # "article" marks a name without Latin letters or digits
    if latin != "article" or re.search(r"(?i)article", title):
        return latin
    from vocabdeck.data import cedict
    from vocabdeck.zh.script import has_han

    syllables = []
    for ch in title:
        if has_han(ch):
            readings = cedict.readings(ch)
            if readings:
                syllables.append(re.sub(r"[^a-z]", "", readings[0].lower().replace("u:", "v")))
    return slug(" ".join(syllables)) if syllables else "article"


def unique(words: Sequence[Word]) -> list[Word]:
    """One note per (word, reading): a later duplicate would share the first one's GUID."""
    seen: set[tuple[str, str]] = set()
    out = []
    for w in words:
        key = (w.word, w.pinyin)
        if key not in seen:
            seen.add(key)
            out.append(w)
    return out


def tags(word: Word) -> list[str]:
    tags = ["vocabdeck", hsk_tag(word.hsk_level)]
    if word.source:
        tags.append(title_slug(word.source))
    if word.is_name:
        tags.append("name")
    return tags


def subdeck_names(words: Sequence[Word], subdecks) -> dict[str, str]:
    """Each article's subdeck name (Word.source -> "02 Title"), numbered in course order:
    Anki lists subdecks sorted by name, so the number keeps the order the articles were
    given in (zero-padded: Anki does not sort numbers by value). `subdecks` is the titles
    in course order, or True for the order in which `words` first show them (cards come in
    article order), or False/empty for none; a dict is taken as already made."""
    if isinstance(subdecks, dict) or not subdecks:
        return subdecks or {}
    titles = dict.fromkeys(w.source for w in words) if subdecks is True else dict.fromkeys(subdecks)
    titles.update(dict.fromkeys(w.source for w in words))  # a source not in the list goes last
    titles = [t for t in titles if t.strip()]
    width = len(str(len(titles)))
    # "::" separates deck levels in Anki; a title must not add levels of its own.
    return {t: f"{i:0{width}d} {' '.join(t.replace('::', ':').split())}" for i, t in enumerate(titles, 1)}


def deck_of(word: Word, deck_name: str, subdecks: dict[str, str]) -> str:
    """The deck a word's note goes to: its article's subdeck when `subdecks` (from
    `subdeck_names`) has one."""
    sub = subdecks.get(word.source) if subdecks else None
    return f"{deck_name}::{sub}" if sub else deck_name
