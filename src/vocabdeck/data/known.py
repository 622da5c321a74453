"""The learner's known words, from wherever learners keep them.

Sources, told apart by their content (never by their name alone):

* Anki packages and collections (.apkg, .colpkg) in the current format (a zstd-compressed
  SQLite collection, `collection.anki21b`) and the legacy ones (`collection.anki21`,
  `collection.anki2`), read with the standard library and a zstd decoder: a note is known
  when one of its cards has been reviewed with an interval of at least `min_interval` days.
  A package with no review history at all (a shared deck, a deck vocabdeck wrote) is a
  word list: every note counts.
* Text lists in any layout: one word per line, several per line (spaces, commas, 、), the
  first or a named column of a CSV/TSV, Pleco exports (`农业[農業]<TAB>nong2ye4<TAB>...` and
  Pleco's XML), Anki text exports with `#` header lines (GUID, note type and deck columns
  skipped), vocabdeck's own .tsv and .json.

A word is every run of Han characters in the chosen field or cell, after HTML, sound tags,
ruby and bracketed readings (`字[zi4]`, `漢字[かんじ]`) are stripped; a Pleco or CC-CEDICT
style `简[繁]` gives both forms, so Simplified and Traditional both match.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from vocabdeck.errors import InputError, OptionError, VocabdeckError, option_ref
from vocabdeck.zh.script import HAN_RANGES, HAN_RUN

KNOWN = option_ref("known")

# Anki calls a card "mature" from an interval of 21 days (its statistics and browser use
# that line): by then the learner has recalled the word at growing gaps over three weeks
# or more. A young card is still being learned, so its word still gets a card.
DEFAULT_MIN_INTERVAL = 21

ZIP_MAGIC = b"PK\x03\x04"
SQLITE_MAGIC = b"SQLite format 3\x00"
# Collections inside a package, best first: Anki 2.1.50+ writes `collection.anki21b`
# (zstd) and keeps a stub `collection.anki2` that only says "please update Anki".
COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")

# Anki's card queues and types (rslib/src/card/mod.rs): queue -1 suspended, 0 new; type 0 new.
QUEUE_SUSPENDED = -1
TYPE_NEW = 0


@dataclass(frozen=True, slots=True)
class KnownOptions:
    min_interval: int = DEFAULT_MIN_INTERVAL  # days; a card reviewed at this interval or more
    suspended: bool = True  # count suspended cards that meet the interval
    field: str | None = None  # note field or column holding the word (default: the first)


@dataclass(frozen=True, slots=True)
class Source:
    """What one --known source gave, for the summary."""

    path: str
    words: frozenset[str]
    how: str = ""  # "interval >= 21 days", "every note: no review history", "" for lists

    def describe(self) -> str:
        n = len(self.words)
        return f"{n:,} word{'s' * (n != 1)} from {Path(self.path).name}" + (f" ({self.how})" if self.how else "")


@dataclass(frozen=True, slots=True)
class Known:
    """Every source read, and the union of their words (both scripts where given)."""

    sources: tuple[Source, ...] = ()

    @property
    def words(self) -> frozenset[str]:
        return frozenset().union(*(s.words for s in self.sources))

    def describe(self) -> str:
        return ", ".join(s.describe() for s in self.sources)


def split_sources(values: Iterable[str | Path]) -> list[Path]:
    """`--known a.txt --known b.apkg,c.csv` -> [a.txt, b.apkg, c.csv]. A comma inside an
    existing file's name is kept."""
    paths: list[Path] = []
    for value in values:
        text = str(value)
        if "," in text and not Path(text).exists():
            paths += [Path(p.strip()) for p in text.split(",") if p.strip()]
        else:
            paths.append(Path(text))
    return paths


def load(paths: Sequence[Path], options: KnownOptions = KnownOptions()) -> Known:
    return Known(tuple(read_source(path, options) for path in paths))


def load_known(path: Path) -> frozenset[str]:
    """The words of one source, with the default options."""
    return read_source(path).words


def read_source(path: Path, options: KnownOptions = KnownOptions()) -> Source:
    head = _head(path)
    if head.startswith(ZIP_MAGIC):
        words, how = _read_package(path, options)
    elif head.startswith(SQLITE_MAGIC):
        words, how = _read_collection_db(path, path, options)
    else:
        words, how = _read_list(path, options), ""
    if not words:
        raise InputError(path, f"no Chinese words in it{_why_empty(how)}.", option="known")
    if not _any_dictionary_word(words):
        sample = "、".join(sorted(words)[:3])
        raise VocabdeckError(
            f"{KNOWN} {path}: none of its {len(words):,} entries is a Chinese word ({sample}...); "
            f"check {option_ref('known_field')} or the column that holds the words."
        )
    return Source(str(path), words, how)


def _head(path: Path) -> bytes:
    """The file's first bytes, once it is known to be a regular file (anything else, or a
    missing file, gets the message every input gets)."""
    from vocabdeck.inputs.source import read_path

    try:
        if stat.S_ISREG(os.stat(path).st_mode):
            with open(path, "rb") as f:
                return f.read(16)
    except OSError:
        pass
    read_path(path, role=KNOWN)  # raises the reason
    raise InputError(path, "cannot be read; check the path", option="known")


def _why_empty(how: str) -> str:
    if how.startswith("interval"):
        return f" with a card reviewed at an {how} (try a lower {option_ref('known_min_interval')})"
    return "; save it as UTF-8 text, one word per line, or give an Anki export"


# --------------------------------------------------------------------------- Anki
def _read_package(path: Path, options: KnownOptions) -> tuple[frozenset[str], str]:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            name = next((n for n in COLLECTION_NAMES if n in names), None)
            if name is None:
                raise VocabdeckError(
                    f"{KNOWN} {path}: a zip file without an Anki collection in it; give an .apkg or .colpkg export."
                )
            with tempfile.TemporaryDirectory(prefix="vocabdeck-known-") as tmp:
                db = Path(tmp) / "collection.db"
                with z.open(name) as member, open(db, "wb") as out:
                    if name.endswith("b"):
                        with _zstd_open(member) as plain:
                            shutil.copyfileobj(plain, out, 1 << 20)
                    else:
                        shutil.copyfileobj(member, out, 1 << 20)
                return _read_collection_db(db, path, options)
    except (zipfile.BadZipFile, EOFError) as e:
        raise InputError(path, f"a damaged zip file ({e}); export it again from Anki.", option="known") from None


def _zstd_open(fileobj):
    try:
        from compression import zstd  # Python 3.14+
    except ImportError:
        try:
            from backports import zstd
        except ImportError:
            raise VocabdeckError(
                f"{KNOWN}: reading a current Anki export needs the zstd decoder: pip install backports-zstd "
                "(or, in Anki, export with 'Support older Anki versions')."
            ) from None
    return zstd.ZstdFile(fileobj)


def _read_collection_db(db: Path, shown: Path, options: KnownOptions) -> tuple[frozenset[str], str]:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as e:
        raise InputError(shown, f"cannot open the Anki collection ({e}).", option="known") from None
    try:
        fields = _field_index(conn, shown, options.field)
        # The best card of each note: reviewed (not new) cards' longest interval.
        rows = conn.execute(
            "SELECT n.mid, n.flds, max(CASE WHEN c.type != ? AND (? OR c.queue != ?) THEN c.ivl END),"
            " max(c.type != ?) FROM notes n JOIN cards c ON c.nid = n.id GROUP BY n.id",
            (TYPE_NEW, options.suspended, QUEUE_SUSPENDED, TYPE_NEW),
        ).fetchall()
    except sqlite3.DatabaseError as e:
        raise VocabdeckError(
            f"{KNOWN} {shown}: not a readable Anki collection ({e}); export it again from Anki."
        ) from None
    finally:
        conn.close()
    reviewed_any = any(row[3] for row in rows)
    if reviewed_any:
        how = f"interval >= {options.min_interval} day{'s' * (options.min_interval != 1)}"
        if not options.suspended:
            how += ", suspended left out"
        chosen = (row for row in rows if row[2] is not None and row[2] >= options.min_interval)
    else:
        how = "every note: no review history"
        chosen = iter(rows)
    words: set[str] = set()
    for mid, flds, _, _ in chosen:
        index = fields.get(mid, 0 if options.field is None else None)
        if index is None:
            continue
        values = flds.split("\x1f")
        if index < len(values):
            words.update(words_in(values[index]))
    return frozenset(words), how


def _field_index(conn: sqlite3.Connection, shown: Path, name: str | None) -> dict[int, int]:
    """Note type id -> the index of the field holding the word (the first unless named)."""
    names: dict[int, list[str]] = {}
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "fields" in tables:  # schema 15 and later
        for ntid, fname in conn.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
            names.setdefault(ntid, []).append(fname)
    else:  # the note types as JSON in col.models
        (models,) = conn.execute("SELECT models FROM col").fetchone()
        for model in json.loads(models or "{}").values():
            names[int(model["id"])] = [f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"])]
    used = {row[0] for row in conn.execute("SELECT DISTINCT mid FROM notes")}
    names = {ntid: fields for ntid, fields in names.items() if ntid in used}
    if name is None:
        return dict.fromkeys(names, 0)
    wanted = name.casefold()
    found = {ntid: fields.index(f) for ntid, fields in names.items() for f in fields if f.casefold() == wanted}
    if not found:
        seen = sorted({f for fields in names.values() for f in fields})
        raise VocabdeckError(
            f"{KNOWN} {shown}: no note type has a field called {name!r}; its fields are {', '.join(seen)}."
        )
    return found


# --------------------------------------------------------------------------- markup
_TAG = re.compile(r"<[^>]*>")
_RUBY_TEXT = re.compile(r"<r[tp]\b[^>]*>.*?</r[tp]>", re.S | re.I)
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.S)
# `字[zi4]`, `漢字[かんじ]`, ` 字[zì]`: a reading in brackets after the word. A bracket
# holding Han characters is another form of the word (Pleco's and CC-CEDICT's `简[繁]`).
_BRACKET = re.compile(r"\[([^\]]*)\]")
_MARKUP = re.compile(r"[<\[{&]")
_HAN_ONLY = re.compile(f"^[{HAN_RANGES}]+$")


def words_in(field: str) -> set[str]:
    """The Chinese words in a note field or a list cell."""
    if not _MARKUP.search(field):  # plain text: most list cells, many fields
        return set(HAN_RUN.findall(field))
    text = _CLOZE.sub(r"\1", field)
    text = _SOUND.sub(" ", text)
    text = _RUBY_TEXT.sub("", text)
    text = html.unescape(_TAG.sub(" ", text))
    other_forms = [inner for inner in _BRACKET.findall(text) if _HAN_ONLY.match(inner.strip())]
    text = _BRACKET.sub(" ", text)
    return set(HAN_RUN.findall(text)) | {form.strip() for form in other_forms}


# --------------------------------------------------------------------------- text lists
_ANKI_HEADER = re.compile(
    r"^#(separator|html|tags|guid column|notetype column|deck column|tags column|columns|notetype|deck):(.*)$"
)
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}


def _read_list(path: Path, options: KnownOptions) -> frozenset[str]:
    from vocabdeck.inputs.decode import decode
    from vocabdeck.inputs.source import read_path

    data = read_path(path, role=KNOWN).data  # within the input size limit
    try:
        decoded = [decode(data, str(path))]
    except VocabdeckError:
        raise VocabdeckError(
            f"{KNOWN} {path}: cannot tell its encoding; save it as UTF-8 (or give the Anki export itself)."
        ) from None
    # A list of a few short words says little about its encoding: where it would decode as
    # either Chinese legacy encoding, keep the reading in which more entries are words.
    for codec in ("gb18030", "big5"):
        try:
            decoded.append(data.decode(codec))
        except UnicodeDecodeError:
            pass
    readings = [_list_words(text.lstrip("\ufeff"), path, options) for text in decoded]
    return max(readings, key=_dictionary_words)


def _list_words(text: str, path: Path, options: KnownOptions) -> frozenset[str]:
    stripped = text.lstrip()
    if stripped[:1] in "[{":
        try:
            return frozenset(_json_words(json.loads(stripped), options.field))
        except json.JSONDecodeError:
            pass
    if stripped.startswith("<"):
        return frozenset(_xml_words(stripped))
    return frozenset(_table_words(text.splitlines(), options.field))


def _json_words(data, field: str | None) -> Iterator[str]:
    """vocabdeck's records ({"word", "traditional", ...}), a list of strings, or objects
    with a word-like key."""
    keys = (field,) if field else ("word", "simplified", "traditional", "hanzi", "headword", "front", "expression")
    if isinstance(data, dict):
        data = data.get("words", data.get("cards", [data]))
    items = data if isinstance(data, list) else []
    for item in items:
        if isinstance(item, str):
            yield from words_in(item)
        elif isinstance(item, dict):
            lowered = {str(k).casefold(): v for k, v in item.items()}
            for key in keys:
                value = lowered.get(key.casefold())
                if isinstance(value, str):
                    yield from words_in(value)


_PLECO_HEADWORD = re.compile(r"<headword\b[^>]*>(.*?)</headword>", re.S | re.I)


def _xml_words(text: str) -> Iterator[str]:
    """Pleco's XML flashcard export: <card><entry><headword charset="sc">农业</headword>..."""
    heads = _PLECO_HEADWORD.findall(text)
    for head in heads:
        yield from words_in(head)
    if not heads:  # some other XML: the Han runs of its text
        yield from words_in(text)


def _table_words(lines: list[str], field: str | None) -> Iterator[str]:
    separator: str | None = None
    skip: set[int] = set()  # 0-based columns that are not fields (GUID, note type, deck, tags)
    column: int | None = None
    for line in lines:
        m = _ANKI_HEADER.match(line.strip())
        if m:
            key, value = m.group(1), m.group(2).strip()
            if key == "separator":
                separator = _SEPARATORS.get(value.lower(), value[:1] or None)
            elif key.endswith("column") and value.isdigit():
                skip.add(int(value) - 1)
            elif key == "columns" and field:
                cells = [c.strip().casefold() for c in value.split(separator or "\t")]
                if field.casefold() in cells:
                    column = cells.index(field.casefold())
    body = [line for line in lines if line.strip() and not line.lstrip().startswith(("#", "//"))]
    if separator is None:
        separator = _guess_separator(body)
    if field and column is None:
        column = _named_column(body, separator, field)
    if column is None:
        column = min(set(range(len(skip) + 1)) - skip)
    for line in body:
        cells = line.split(separator) if separator else [line]
        cells = [c.strip().strip('"') for c in cells]
        if not skip and not field and all(_HAN_ONLY.match(_BRACKET.sub("", c)) for c in cells if c):
            # Every cell a Chinese word: a list of several words a line (农业,工业,商业).
            for cell in cells:
                yield from words_in(cell)
        elif column < len(cells):
            yield from words_in(cells[column])


def _guess_separator(lines: list[str]) -> str | None:
    sample = lines[:200]
    for sep in ("\t", ",", ";"):
        if sample and sum(sep in line for line in sample) >= len(sample) / 2:
            return sep
    return None


def _named_column(lines: list[str], separator: str | None, field: str) -> int:
    wanted = field.casefold()
    for line in lines[:5]:
        cells = [c.strip().strip('"').casefold() for c in (line.split(separator) if separator else [line])]
        if wanted in cells:
            return cells.index(wanted)
    raise OptionError("known_field", field, "no column of that name in the list's header line.",
                      template="{option} {value!r}: {reason}")


def _any_dictionary_word(words: frozenset[str]) -> bool:
    """Whether any of the words is in CC-CEDICT, looked up a few hundred at a time (a
    collection of 30,000 notes usually answers in the first few hundred)."""
    ordered = sorted(words)
    return any(_dictionary_words(frozenset(ordered[i:i + 500])) for i in range(0, len(ordered), 500))


def _dictionary_words(words: frozenset[str]) -> int:
    from vocabdeck.data import cedict

    return len(cedict.lookup_many(words))
