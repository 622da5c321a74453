"""Words -> a deck file: Anki package (.apkg), Anki text import (.tsv), JSON, a
spreadsheet (.csv) or Pleco flashcards (.pleco.txt).

Identity, so that a rebuilt deck updates the learner's notes instead of duplicating them:
  * the note type has a fixed ID (notetype.MODEL_ID);
  * a note's GUID comes from the simplified word and its numbered reading only, so fixing
    a gloss or changing an option keeps the GUID;
  * a deck's ID comes from its name;
  * notes carry the build time as their modification time, so Anki's "update if newer"
    takes a rebuilt deck's notes (pass `timestamp` for a reproducible file).

Every file is written atomically: built in a temporary file beside the target, then moved
over it, so a failed build leaves any existing deck untouched.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

from vocabdeck.decks import apkg, files, notes, notetype, records, tsv
from vocabdeck.errors import OptionError, option_ref
from vocabdeck.model import DEFAULT_STANDARD, Word

FORMATS = (".apkg", ".tsv", ".json", ".csv", ".pleco.txt")


def deck_format(path: Path) -> str | None:
    """The FORMATS entry a file name ends with ("x.pleco.txt" -> ".pleco.txt"), or None."""
    name = Path(path).name.lower()
    return next((f for f in sorted(FORMATS, key=len, reverse=True) if name.endswith(f)), None)


def write(
    words: Sequence[Word],
    path: Path,
    *,
    deck_name: str,
    card_types: tuple[str, ...] = ("recognition",),
    subdecks: bool | Sequence[str] = False,
    standard: str = DEFAULT_STANDARD,
    timestamp: float | None = None,
    source: str = "",
    update_notes: bool = False,
    jobs: int = 1,
) -> None:
    """Write `words` to `path`; the name's ending (see FORMATS) picks the format.

    `source` is recorded in an .apkg to say which articles it was built from
    (targets.source_key), so that a later build does not replace another article's deck.

    `subdecks` puts each word in its article's subdeck, "<deck_name>::<n> <word.source>":
    numbered in the order of `subdecks` (the article titles in course order), or in the
    order the words first show them when it is True (notes.subdeck_names).
    `standard` is the HSK standard the levels come from, noted in the deck description.
    `update_notes` stamps an .apkg's notes with the build time, so that Anki's import
    replaces the notes the learner already has (otherwise they keep their first content:
    see notetype.NOTE_STAMP).
    `jobs` > 1 lets that many worker processes work out the notes' fields of an .apkg or
    .tsv (fields.notes), with the same result.
    """
    path = Path(path)
    suffix = deck_format(path)
    if suffix is None:
        raise OptionError("output", path, f"unknown deck format {path.suffix or '(no extension)'!r}; "
                          f"use a file name ending in {', '.join(FORMATS)}")
    card_types = notetype.check_card_types(card_types)
    if not deck_name.strip():
        raise OptionError("deck_name", None, f"the deck name is empty; give one with {option_ref('deck_name')}",
                          template="{reason}")
    words = notes.unique(words)
    subdecks = notes.subdeck_names(words, subdecks)
    stamp = time.time() if timestamp is None else float(timestamp)

    if suffix == ".json":
        text = json.dumps(records.records(words), ensure_ascii=False, indent=2) + "\n"
        files.atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    elif suffix == ".csv":
        from vocabdeck.decks import plain  # csv: only for these two formats

        text = "\ufeff" + plain.csv_text(words)  # the BOM tells Excel the file is UTF-8
        files.atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))
    elif suffix == ".pleco.txt":
        from vocabdeck.decks import plain

        text = plain.pleco_text(words, deck_name=deck_name, subdecks=subdecks)
        files.atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
    elif suffix == ".tsv":
        text = tsv.tsv_text(words, deck_name=deck_name, card_types=card_types, subdecks=subdecks, jobs=jobs)
        files.atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
    else:
        files.atomic_write(
            path,
            lambda tmp: apkg.write_apkg(
                words, tmp, deck_name=deck_name, card_types=card_types,
                subdecks=subdecks, standard=standard, timestamp=stamp, source=source,
                note_stamp=max(int(stamp), notetype.NOTE_STAMP + 1) if update_notes else notetype.NOTE_STAMP,
                jobs=jobs,
            ),
        )
