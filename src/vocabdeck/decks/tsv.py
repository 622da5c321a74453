"""Anki's text-import format (.tsv), one note per line."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing

from vocabdeck.decks import fields, notetype
from vocabdeck.decks.notes import deck_of, subdeck_names, tags, unique
from vocabdeck.model import Word

TSV_EXTRA = ("Tags", "GUID", "Deck")


def tsv_text(words: Sequence[Word], *, deck_name: str, card_types: tuple[str, ...],
             subdecks=False, jobs: int = 1) -> str:
    """Anki's text-import format (File > Import), one note per line.

    The header lines tell Anki the note type, deck, and which columns hold the GUID and
    tags, so importing it after the .apkg (or twice) updates notes instead of adding. The
    first columns are word, traditional, pinyin, as Pleco and spreadsheets expect; fields
    are HTML as in the .apkg, so a note keeps its markup whichever file updated it last.
    """
    words = unique(words)
    subdecks = subdeck_names(words, subdecks)
    columns = list(notetype.FIELDS) + list(TSV_EXTRA)
    n = len(notetype.FIELDS)
    head = [
        "#separator:tab",
        "#html:true",
        f"#notetype:{notetype.NOTETYPE_NAME}",
        f"#deck:{_one_line(deck_name)}",
        f"#tags column:{n + 1}",
        f"#guid column:{n + 2}",
        f"#deck column:{n + 3}",
        "#columns:" + "\t".join(columns),
    ]
    lines = []
    with closing(fields.notes(words, notetype.check_card_types(card_types), jobs)) as made:
        for word, (values, guid) in zip(words, made):
            row = values + [" ".join(tags(word)), guid, _one_line(deck_of(word, deck_name, subdecks))]
            lines.append("\t".join(row))
    return "\n".join(head + lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())
