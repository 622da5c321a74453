"""Plain-text word lists for other programs: Pleco flashcards and a spreadsheet CSV.

Neither carries markup: every field is the text a person reads, on one line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from vocabdeck.decks.fields import hsk_label
from vocabdeck.decks.notes import subdeck_names, unique
from vocabdeck.decks.records import records
from vocabdeck.model import Word


def pleco_text(words: Sequence[Word], *, deck_name: str, subdecks=False) -> str:
    """Pleco's flashcard import format: one card a line, and category lines.

        //Deck name/Article title
        阻挠[阻撓]<TAB>zǔ náo<TAB>to obstruct; to thwart

    The headword is the Simplified form with the Traditional one in brackets when it
    differs; the pinyin has tone marks (Pleco reads marks or numbers); the definition is
    the card's senses in card order (the sense this article uses first), separated by
    "; ". A category line starts with "//" and "/" separates its levels, so a title's own
    slashes are replaced. Every card sits in a category: the deck, or the deck's subcategory
    for its article when a course has several.
    """
    lines: list[str] = []
    category = None
    words = unique(words)
    subdecks = subdeck_names(words, subdecks)
    for word in words:
        here = "/".join(_category_name(part) for part in _categories(word, deck_name, subdecks))
        if here != category:
            lines.append(f"//{here}")
            category = here
        head = word.word if word.traditional in ("", word.word) else f"{word.word}[{word.traditional}]"
        meaning = "; ".join(word.senses)
        lines.append("\t".join(_one_line(cell) for cell in (head, word.pinyin_marked, meaning)))
    return "\n".join(lines) + "\n"


def _categories(word: Word, deck_name: str, subdecks: dict[str, str]) -> tuple[str, ...]:
    sub = subdecks.get(word.source)
    return (deck_name, sub) if sub else (deck_name,)


def _category_name(text: str) -> str:
    return _one_line(text.replace("/", "／")) or "vocabdeck"


CSV_COLUMNS = (
    "word", "traditional", "pinyin", "pinyin_numbered", "meaning", "other_meanings",
    "classifiers", "hsk_level", "count", "zipf", "sentence", "sentence_pinyin",
    "sentence_english", "source", "location",
)


def csv_text(words: Sequence[Word]) -> str:
    """A table for spreadsheets: a header row, then one row per word, plain text.

    Written with a byte-order mark by the caller (Excel takes a BOM-less CSV for the
    local legacy code page and garbles Chinese). `meaning` is the sense this article uses;
    `other_meanings` the rest, separated by "; ".
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records(unique(words)):
        senses = r["definitions"]
        writer.writerow([
            r["word"], r["traditional"], r["pinyin"], r["pinyin_numbered"],
            senses[0] if senses else "", "; ".join(senses[1:]),
            "; ".join(r["classifiers"]), _level(r["hsk_level"]), r["count"],
            "" if r["zipf"] is None else f"{r['zipf']:.1f}",
            r["sentence_zh"], r["sentence_pinyin"] or "", r["sentence_en"] or "", r["source"],
            r["location"] or "",
        ])
    return out.getvalue()


def _level(level: int | None) -> str:
    return hsk_label(level).removeprefix("HSK ")


def _one_line(text: str) -> str:
    return " ".join(text.split())
