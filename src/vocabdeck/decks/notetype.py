"""The Anki note type: its ID, name, fields, card types and templates; note and deck IDs.

The note type's ID, name and field list are frozen: Anki recognises a note type by its ID
and forks a new one ("vocabdeck word v1-xxxxx") on import when fields differ, which would
split a learner's collection. A change of fields means a new ID and a new name ("v2").
The HTML that goes into each field is built in decks/fields.py.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import sys
import types
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from vocabdeck.errors import OptionError
from vocabdeck.model import Word

# Picked at random once (random.randrange(1 << 30, 1 << 31)); never change it.
MODEL_ID = 1875268477
NOTETYPE_NAME = "vocabdeck word v1"

FIELDS = (
    "Simplified",  # the headword; first field, so Anki sorts and checks duplicates on it
    "Traditional",  # traditional form, only when it differs from the simplified one
    "Pinyin",  # tone-marked syllables, each in <span class=toneN>
    "PinyinNumbered",  # "zu3 nao2", ü as v: plain text for searching and sorting
    "Meaning",  # the dictionary senses, "; "-separated
    "Classifiers",  # measure words with tone-coloured pinyin
    "HSK",  # "HSK 5", "HSK 7-9", or empty when on no list
    "Frequency",  # occurrences in the article and the Zipf frequency
    "Sentence",  # the article sentence, the word in <span class=vd-hl>
    "SentenceBlanked",  # the same sentence with the word replaced by blanks (Recall front)
    "SentencePinyin",  # the sentence in tone-marked pinyin, the word highlighted
    "SentenceEnglish",  # its English translation, the glossing words in <span class=vd-gloss>
    "Source",  # the article title; for a subtitle cue, where it is: "S01E02 00:12:34"
    "RecognitionCard",  # "y" when the deck asks for Recognition cards, else empty
    "RecallCard",  # "y" when the deck asks for Recall cards, else empty
)

# Card type name (as given to --cards) -> (template name, flag field that switches it on).
# Anki makes no card whose front renders empty, and each front is wrapped in its flag's
# section, so an empty flag means no card of that type.
CARD_TYPES = {
    "recognition": ("Recognition", "RecognitionCard"),
    "recall": ("Recall", "RecallCard"),
}
_TEMPLATE_FILES = {
    "Recognition": ("recognition_front.html", "recognition_back.html"),
    "Recall": ("recall_front.html", "recall_back.html"),
}


@lru_cache(maxsize=None)
def _template_text(name: str) -> str:
    # The package's own folder, not importlib.resources (2 ms of imports: tempfile, random)
    return (Path(__file__).parent / "templates" / name).read_text(encoding="utf-8")


def templates() -> list[dict]:
    """The card templates in genanki's form, in the order of CARD_TYPES (card ords 0, 1)."""
    return [
        {"name": name, "qfmt": _template_text(front), "afmt": _template_text(back)}
        for name, (front, back) in _TEMPLATE_FILES.items()
    ]


def css() -> str:
    return _template_text("style.css")


def check_card_types(card_types: Sequence[str]) -> tuple[str, ...]:
    """Validated, de-duplicated card type names (raises OptionError for "cards")."""
    names = tuple(dict.fromkeys(c.strip().lower() for c in card_types if c.strip()))
    unknown = [c for c in names if c not in CARD_TYPES]
    if unknown or not names:
        what = f"unknown card type {unknown[0]!r}" if unknown else "no card type chosen"
        raise OptionError("cards", None, f"{what}; choose from {', '.join(CARD_TYPES)}")
    return names


# Every note vocabdeck writes carries this modification time instead of the build time.
# Anki's package import updates an existing note only when the imported one is newer
# ("Update notes: If newer", its default), so a word the learner already has keeps the
# sentence, English, source and deck it was first learned with when another article's deck
# shares it (and an older vocabdeck's notes, stamped with their build time, are never
# overwritten). Raise it (to the release date) only when a release changes what notes hold
# so much that rebuilt decks should refresh them; "Update notes: Always" refreshes anyway.
NOTE_STAMP = 1_767_225_600  # 2026-01-01 00:00 UTC


def note_guid(word: Word) -> str:
    """The same word with the same reading is the same note in every vocabdeck deck.

    genanki.guid_for("vocabdeck", word, pinyin), worked out here in half its time (a
    15,000-note deck asks 15,000 times), and without importing genanki: the first 8 bytes
    of the SHA-256 of "vocabdeck__<word>__<pinyin>", as a number written in Anki's base 91,
    most significant digit first. tests/test_package.py compares it with genanki's."""
    n = int.from_bytes(hashlib.sha256(f"vocabdeck__{word.word}__{word.pinyin}".encode()).digest()[:8], "big")
    digits = []
    while n:  # two base-91 digits a turn
        n, pair = divmod(n, 91 * 91)
        digits.append(_BASE91_PAIRS[pair])
    return "".join(reversed(digits)).lstrip(_BASE91[0])  # no leading zeros, as genanki's


# Anki's base 91 (genanki.util.BASE91_TABLE), and every pair of its digits.
_BASE91 = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
           "!#$%&()*+,-./:;<=>?@[]^_`{|}~")
_BASE91_PAIRS = tuple(a + b for a in _BASE91 for b in _BASE91)


def deck_id(name: str) -> int:
    """A stable deck ID from the deck name, in the range genanki recommends (2^30..2^31)."""
    digest = hashlib.sha256(("vocabdeck deck\x1f" + name).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def import_genanki():
    """Import genanki without the cost of two imports it does not need here.

    * genanki takes `cached_property` from the PyPI backport, which imports asyncio (and
      ssl) for async properties genanki never uses: 46 ms of a 0.6 s build, measured with
      `python -X importtime`. The standard library's functools.cached_property behaves the
      same for genanki's plain properties.
    * genanki's Model reads YAML only when given fields or templates as YAML text; ours
      are lists. Importing PyYAML costs 20-25 ms (its module and the regular expressions
      it compiles), so genanki gets a `yaml` whose full_load imports the real one when
      called.

    The stand-ins are in the module table only while genanki loads, so anyone else
    importing either module afterwards gets the real one.
    """
    if "genanki" in sys.modules:
        return sys.modules["genanki"]
    stand_ins = {"cached_property": types.ModuleType("cached_property"), "yaml": types.ModuleType("yaml")}
    stand_ins["cached_property"].cached_property = functools.cached_property
    stand_ins["yaml"].full_load = _full_load
    added = [name for name in stand_ins if name not in sys.modules]
    sys.modules.update((name, stand_ins[name]) for name in added)
    try:
        return importlib.import_module("genanki")
    finally:
        for name in added:
            del sys.modules[name]


def _full_load(stream):
    return importlib.import_module("yaml").full_load(stream)
