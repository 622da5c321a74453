"""Words -> a deck file: Anki package (.apkg), Anki text import (.tsv), or JSON.

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

import itertools
import json
import os
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from vocabdeck.decks import notetype
from vocabdeck.errors import UsageError, VocabdeckError
from vocabdeck.model import Word

FORMATS = (".apkg", ".tsv", ".json")


# --------------------------------------------------------------------------- public API
def write(
    words: Sequence[Word],
    path: Path,
    *,
    deck_name: str,
    card_types: tuple[str, ...] = ("recognition",),
    subdecks: bool = False,
    standard: str = "2025",
    timestamp: float | None = None,
) -> None:
    """Write `words` to `path`; the extension (.apkg, .tsv, .json) picks the format.

    `subdecks` puts each word in the subdeck "<deck_name>::<word.source>".
    `standard` is the HSK standard the levels come from, noted in the deck description.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(
            f"-o {path}: unknown deck format {path.suffix or '(no extension)'!r}; "
            f"use a file name ending in {', '.join(FORMATS)}"
        )
    card_types = check_card_types(card_types)
    if not deck_name.strip():
        raise UsageError("the deck name is empty; give one with --deck-name")
    words = _unique(words)
    stamp = time.time() if timestamp is None else float(timestamp)

    if suffix == ".json":
        text = json.dumps(records(words), ensure_ascii=False, indent=2) + "\n"
        _atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    elif suffix == ".tsv":
        text = tsv_text(words, deck_name=deck_name, card_types=card_types, subdecks=subdecks)
        _atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
    else:
        _atomic_write(
            path,
            lambda tmp: _write_apkg(
                words, tmp, deck_name=deck_name, card_types=card_types,
                subdecks=subdecks, standard=standard, timestamp=stamp,
            ),
        )


def check_card_types(card_types: Sequence[str]) -> tuple[str, ...]:
    """Validated, de-duplicated card type names (raises UsageError naming --cards)."""
    names = tuple(dict.fromkeys(c.strip().lower() for c in card_types if c.strip()))
    unknown = [c for c in names if c not in notetype.CARD_TYPES]
    if unknown or not names:
        what = f"unknown card type {unknown[0]!r}" if unknown else "no card type chosen"
        raise UsageError(f"--cards: {what}; choose from {', '.join(notetype.CARD_TYPES)}")
    return names


def records(words: Sequence[Word]) -> list[dict]:
    """The JSON records shared by `.json` decks and `vocabdeck words --format json`.

    Example record:
        {"word": "阻挠", "traditional": "阻撓", "pinyin": "zǔ náo",
         "pinyin_numbered": "zu3 nao2", "definitions": ["to obstruct", "to thwart"],
         "classifiers": [], "hsk_level": 7, "count": 2, "zipf": 2.9,
         "sentence_zh": "...", "sentence_en": "..." or null, "sentence_pinyin": "...",
         "gloss_en": "obstruct" or null, "source": "...", "is_name": false,
         "sense_reason": "english", "sense_why": "\"obstruct\" in the English"}
    """
    out = []
    for w in words:
        en = w.sentence.pair.en
        span = w.en_span
        gloss = en[span[0]:span[1]] if span and 0 <= span[0] < span[1] <= len(en) else None
        out.append({
            "word": w.word,
            "traditional": w.traditional or w.word,
            "pinyin": w.pinyin_marked,
            "pinyin_numbered": w.pinyin,
            "definitions": list(w.senses),
            "classifiers": list(w.classifiers),
            "hsk_level": w.hsk_level,
            "count": w.count,
            "zipf": w.zipf,
            "sentence_zh": w.sentence.pair.zh,
            "sentence_en": en or None,
            "sentence_pinyin": notetype.sentence_pinyin(w, markup=False) or None,
            "gloss_en": gloss,
            "paragraph": w.sentence.pair.paragraph,
            "source": w.source,
            "is_name": w.is_name,
            # definitions[0] is the sense this sentence uses, chosen by "english",
            # "context" or "dictionary" order; sense_why says how.
            "sense_reason": w.sense_reason,
            "sense_why": w.sense_why or None,
        })
    return out


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


# --------------------------------------------------------------------------- notes
def _unique(words: Sequence[Word]) -> list[Word]:
    """One note per (word, reading): a later duplicate would share the first one's GUID."""
    seen: set[tuple[str, str]] = set()
    out = []
    for w in words:
        key = (w.word, w.pinyin)
        if key not in seen:
            seen.add(key)
            out.append(w)
    return out


def _tags(word: Word) -> list[str]:
    tags = ["vocabdeck", notetype.hsk_tag(word.hsk_level)]
    if word.source:
        tags.append(slug(word.source))
    if word.is_name:
        tags.append("name")
    return tags


def _deck_of(word: Word, deck_name: str, subdecks: bool) -> str:
    if subdecks and word.source.strip():
        # "::" separates deck levels in Anki; a title must not add levels of its own.
        return f"{deck_name}::{' '.join(word.source.replace('::', ':').split())}"
    return deck_name


# --------------------------------------------------------------------------- .apkg
def _write_apkg(words, tmp: Path, *, deck_name, card_types, subdecks, standard, timestamp):
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
    for word in words:
        name = _deck_of(word, deck_name, subdecks)
        if name not in decks:
            decks[name] = genanki.Deck(notetype.deck_id(name), name, description)
    if not decks:
        decks[deck_name] = genanki.Deck(notetype.deck_id(deck_name), deck_name, description)
    for deck in decks.values():
        deck.add_model(model)

    # genanki's write_to_file leaves its SQLite file in the system temp folder; build the
    # collection here instead, beside the target, and always remove it.
    fd, db_name = tempfile.mkstemp(prefix=f".{tmp.name}.", suffix=".anki2", dir=tmp.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(db_name)
        # A scratch database zipped right after: no journal, no waiting for the disk
        # (genanki's schema script took 17-22 ms with SQLite's defaults, 1 ms without).
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA journal_mode=MEMORY")
        try:
            cursor = conn.cursor()
            ids = itertools.count(int(timestamp * 1000))
            # genanki writes the collection: schema, note type and decks.
            genanki.Package(list(decks.values())).write_to_db(cursor, timestamp, ids)
            cards: list[tuple] = []  # filled as the notes stream into the table
            notes = _note_rows(words, model, decks, deck_name, card_types, subdecks, timestamp, ids, cards)
            cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)", notes)
            cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
            conn.commit()
        finally:
            conn.close()
        # Zip entries dated from `timestamp`, not the file's mtime: same input, same bytes.
        when = time.gmtime(max(timestamp, 315532800))[:6]  # zip dates start in 1980
        with zipfile.ZipFile(tmp, "w") as z:
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


def _note_rows(words, model, decks, deck_name, card_types, subdecks, timestamp, ids, cards):
    """The rows of Anki's notes table, as genanki's Note.write_to_db writes them, one at a
    time for executemany; each note's card rows are appended to `cards`. genanki's note
    objects cost 42 µs a note (its HTML check, a statement per row): a third of the time
    of a 15,000-note deck."""
    mod = int(timestamp)
    required = [(ord_, {"any": any, "all": all}[how], fields) for ord_, how, fields in model._req]
    for due, word in enumerate(words):  # new cards come in the order the words were given
        fields = notetype.note_fields(word, card_types)
        note_id = next(ids)
        deck_id = decks[_deck_of(word, deck_name, subdecks)].deck_id
        for ord_, test, needed in required:  # the card types whose front is not empty
            if test(fields[i] for i in needed):
                cards.append((next(ids), note_id, deck_id, ord_, mod, -1, 0, 0, due, 0, 0, 0, 0, 0, 0, 0, 0, ""))
        yield (
            note_id, notetype.note_guid(word), model.model_id, mod, -1,
            " " + " ".join(_tags(word)) + " ", "\x1f".join(fields), fields[0], 0, 0, "",
        )


# --------------------------------------------------------------------------- .tsv
TSV_EXTRA = ("Tags", "GUID", "Deck")


def tsv_text(words: Sequence[Word], *, deck_name: str, card_types: tuple[str, ...],
             subdecks: bool = False) -> str:
    """Anki's text-import format (File > Import), one note per line.

    The header lines tell Anki the note type, deck, and which columns hold the GUID and
    tags, so importing it after the .apkg (or twice) updates notes instead of adding. The
    first columns are word, traditional, pinyin, as Pleco and spreadsheets expect; fields
    are HTML as in the .apkg, so a note keeps its markup whichever file updated it last.
    """
    words = _unique(words)
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
    for word in words:
        row = notetype.note_fields(word, check_card_types(card_types)) + [
            " ".join(_tags(word)),
            notetype.note_guid(word),
            _one_line(_deck_of(word, deck_name, subdecks)),
        ]
        lines.append("\t".join(row))
    return "\n".join(head + lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- files
def _atomic_write(path: Path, build: Callable[[Path], None]) -> None:
    """Build into a temporary file in the target's folder, then move it over the target."""
    folder = path.parent
    if path.is_dir():
        raise VocabdeckError(f"cannot write {path}: it is a folder; give a file name with -o, "
                             f"e.g. -o {path / ('deck' + path.suffix)}")
    if not folder.is_dir():
        raise VocabdeckError(f"cannot write {path}: the folder {folder} does not exist; "
                             "create it or choose another -o")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as e:
        raise VocabdeckError(f"cannot write {path}: {e.strerror or e} in {folder}; "
                             "choose a writable folder with -o") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        build(tmp)
        # mkstemp makes the file private (0600); give the deck the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as e:
        _remove(tmp)
        raise VocabdeckError(f"cannot write {path}: {e.strerror or e}; "
                             "check the disk and folder, or choose another -o") from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
