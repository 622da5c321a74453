"""The Anki package (.apkg): a zipped SQLite collection with the note type, decks, notes
and cards."""

from __future__ import annotations

import itertools
import os
import shutil
import time
from contextlib import closing
from pathlib import Path

from vocabdeck.data import tempfiles
from vocabdeck.decks import fields, notetype
from vocabdeck.decks.notes import deck_of, subdeck_names, tags


def write_apkg(words, tmp: Path, *, deck_name, card_types, subdecks, standard, timestamp, source="",
               note_stamp=notetype.NOTE_STAMP, jobs=1):
    import sqlite3
    import zipfile

    genanki = notetype.import_genanki()

    model = genanki.Model(
        notetype.MODEL_ID,
        notetype.NOTETYPE_NAME,
        fields=[{"name": f} for f in notetype.FIELDS],
        templates=notetype.templates(),
        css=notetype.css(),
        sort_field_index=0,
    )
    description = (
        f"Words from the article, made by vocabdeck. HSK levels: {standard} standard."
    )
    decks: dict[str, genanki.Deck] = {}
    subdecks = subdeck_names(words, subdecks)
    for word in words:
        name = deck_of(word, deck_name, subdecks)
        if name not in decks:
            decks[name] = genanki.Deck(notetype.deck_id(name), name, description)
    if not decks:
        decks[deck_name] = genanki.Deck(notetype.deck_id(deck_name), deck_name, description)

    # genanki's write_to_file leaves its SQLite file in the system temp folder; build the
    # collection here instead, beside the target, and always remove it.
    db_name = tempfiles.create(tmp, ".anki2")
    try:
        conn = sqlite3.connect(db_name)
        # A scratch database zipped right after: no journal, no waiting for the disk
        # (genanki's schema script took 17-22 ms with SQLite's defaults, 1 ms without).
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA journal_mode=MEMORY")
        try:
            cursor = conn.cursor()
            ids = itertools.count(int(timestamp * 1000))
            cards: list[tuple] = []  # filled as the notes stream into the table
            # The notes' workers (--jobs) start first, and work while the collection's
            # schema, note type and decks are written.
            with closing(fields.notes(words, card_types, jobs)) as made:
                _write_collection(cursor, list(decks.values()), model, timestamp)
                # The indexes of the notes and cards are made once the rows are in, from the
                # schema's own statements: 40% of the inserts' time (1 MB of news: 14,344 notes).
                indexes = cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                         " AND tbl_name IN ('notes', 'cards')").fetchall()
                for name, _ in indexes:
                    cursor.execute(f"DROP INDEX {name}")
                notes = _note_rows(words, made, model, decks, deck_name, subdecks, timestamp, ids, cards,
                                   note_stamp)
                cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)", notes)
            cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
            for _, sql in indexes:
                cursor.execute(sql)
            conn.commit()
        finally:
            conn.close()
        # Zip entries dated from `timestamp`, not the file's mtime: same input, same bytes.
        when = time.gmtime(max(timestamp, 315532800))[:6]  # zip dates start in 1980
        with zipfile.ZipFile(tmp, "w") as z:
            if source:  # which articles the deck is from (decks/targets.py); Anki ignores it
                z.comment = b"vocabdeck article " + source.encode("ascii")
            entries = {name: zipfile.ZipInfo(name, when) for name in ("collection.anki2", "media")}
            for info in entries.values():
                info.compress_type = zipfile.ZIP_DEFLATED
                # Level 1: a third of the default level's time for a file 10% larger (measured).
                # The attribute is public from Python 3.13, private before.
                setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", 1)
            # Streamed from the file: a 15,000-note collection is 18 MB.
            with open(db_name, "rb") as src, z.open(entries["collection.anki2"], "w") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            z.writestr(entries["media"], b"{}")
    finally:
        os.unlink(db_name)


def _write_collection(cursor, decks: list, model, timestamp: float) -> None:
    """What genanki's Package.write_to_db writes for decks without notes: its schema and
    collection row, then every deck and the note type in one update of the row's JSON.
    genanki reads, updates and rewrites both JSON columns once per deck, which grows with
    the square of a course's subdecks (0.085 s for 100). The note type's "did" is the last
    deck's, as genanki leaves it."""
    import json

    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    cursor.executescript(APKG_SCHEMA)
    cursor.executescript(APKG_COL)
    (decks_json, models_json), = cursor.execute("SELECT decks, models FROM col").fetchall()
    all_decks = json.loads(decks_json)
    all_decks.update((str(deck.deck_id), deck.to_json()) for deck in decks)
    models = json.loads(models_json)
    models[str(model.model_id)] = model.to_json(timestamp, decks[-1].deck_id)
    cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(all_decks), json.dumps(models)))


def _note_rows(words, made, model, decks, deck_name, subdecks, timestamp, ids, cards, note_stamp):
    """The rows of Anki's notes table, as genanki's Note.write_to_db writes them, one at a
    time for executemany; each note's card rows are appended to `cards`. genanki's note
    objects cost 42 µs a note (its HTML check, a statement per row): a third of the time
    of a 15,000-note deck. `made` gives each word's fields and GUID (fields.notes)."""
    mod = int(timestamp)
    required = [(ord_, {"any": any, "all": all}[how], needed) for ord_, how, needed in required_fields(model)]
    deck_ids: dict[str, int] = {}  # a word's deck and tags depend on its article and level only
    tag_texts: dict[tuple, str] = {}
    for due, (word, (values, guid)) in enumerate(zip(words, made)):  # new cards come in the words' order
        note_id = next(ids)
        deck_id = deck_ids.get(word.source)
        if deck_id is None:
            deck_id = deck_ids[word.source] = decks[deck_of(word, deck_name, subdecks)].deck_id
        for ord_, test, needed in required:  # the card types whose front is not empty
            if test(map(values.__getitem__, needed)):
                cards.append((next(ids), note_id, deck_id, ord_, mod, -1, 0, 0, due, 0, 0, 0, 0, 0, 0, 0, 0, ""))
        key = (word.hsk_level, word.source, word.is_name)
        tag_text = tag_texts.get(key)
        if tag_text is None:
            tag_text = tag_texts[key] = " " + " ".join(tags(word)) + " "
        yield note_id, guid, model.model_id, note_stamp, -1, tag_text, "\x1f".join(values), values[0], 0, 0, ""


def required_fields(model) -> list:
    """The rules by which Anki makes a note's cards: [card ord, "any" or "all", field ords],
    one per template (a card is made when any/all of those fields are non-empty).

    genanki works them out from the templates but has no accessor for them; they are public
    as the "req" of Model.to_json, the note type as written to the collection (the
    deck_id there is only copied into the JSON). tests/test_package.py checks that these
    rules make the cards genanki's own Note.cards makes, so a change in genanki fails loudly.
    """
    return model.to_json(0, None)["req"]
