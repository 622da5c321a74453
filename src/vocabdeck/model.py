"""The few immutable records passed between pipeline stages.

Data flows one way:

    read      -> Text                 (Chinese paragraphs, English paragraphs)
    align     -> SentencePair ...     (one per Chinese sentence)
    segment   -> Token ...            (every character of a sentence in exactly one token)
    readings  -> Token.reading        (the reading each token has in its sentence)
    lookup    -> Word ...             (one per headword and reading, with senses and context)
    select    -> Selection            (the words that become cards, and why others did not)
    package   -> .apkg / .tsv / .json

Pinyin conventions used everywhere inside the program:
  * "numbered" pinyin: lowercase syllables separated by single spaces, tone digit 1-5
    (5 = neutral), ü written as "v": "zu3 nao2", "lv4", "le5".
  * "marked" pinyin: tone marks, syllables separated by spaces: "zǔ náo".
"""

from __future__ import annotations

from dataclasses import dataclass, field


# --------------------------------------------------------------------------- read
@dataclass(frozen=True, slots=True)
class GivenWord:
    """A word the input itself names as one to learn (a teacher's word list), with the
    reading and meaning it gives ("" where it gives none)."""

    word: str
    pinyin: str = ""  # as written in the list: "wèixīng", "wei4 xing1"
    meaning: str = ""


@dataclass(frozen=True, slots=True)
class Text:
    """An article as read from disk, before alignment.

    `zh` holds the Chinese paragraphs in order. `en` holds English paragraphs:
    when `paired` is True (a bilingual page), `en[i]` is the translation of `zh[i]`
    ("" when that paragraph has none) and len(en) == len(zh); when False, `en` is the
    English file's paragraphs in order (possibly a different count, possibly empty) and
    the aligner pairs them.
    """

    source: str  # the path as the user gave it, for messages
    title: str  # first Chinese paragraph's text, or the file stem, for deck and subdeck names
    zh: tuple[str, ...]
    en: tuple[str, ...] = ()
    paired: bool = False
    words: tuple[GivenWord, ...] = ()  # a word list's entries, in order (zh then holds the words)
    glosses: tuple[GivenWord, ...] = ()  # English the article gives inline for a word: 国家公园（national parks）
    # Where the text of each Chinese paragraph is in its source, for finding it again,
    # parallel to zh: (offset in the paragraph, place) where a piece begins, e.g. each cue of
    # a subtitle file ((0, "S01E02 00:12:34"), (14, "S01E02 00:12:36")); () when it has none.
    places: tuple[tuple[tuple[int, str], ...], ...] = ()
    # A book's chapters in reading order, as (title, how many of `zh` it holds); () when
    # the input is not divided (pipeline.chapters makes a Text of each).
    chapters: tuple[tuple[str, int], ...] = ()


# --------------------------------------------------------------------------- align
@dataclass(frozen=True, slots=True)
class SentencePair:
    """One Chinese sentence and the English that translates it.

    Every Chinese sentence of the article appears in exactly one SentencePair, in order.
    Where the aligner cannot tell which English sentence translates which of several
    Chinese ones, they form one record (a group) with the English of all of them; the
    clauses of a sentence cut at "；" each carry the whole sentence's English.
    """

    paragraph: int  # 1-based number of the Chinese paragraph the sentence belongs to
    zh: str
    en: str = ""  # "" when no English sentence translates it
    score: float = 0.0  # alignment confidence in [0, 1]; 0 when en == ""
    # The alignment record it comes from, as "Chinese sentences:English sentences": "1:1" a
    # sentence and its own translation, "1:2" one sentence translated by two, "2:1" or "2:2"
    # a group (zh holds the group's sentences), "1:0" none; "" when not aligned.
    bead: str = ""
    location: str = ""  # where the sentence is in its source (Text.places); "" when it has no place


# --------------------------------------------------------------------------- segment
# Token kinds.
WORD = "word"  # a dictionary word that may become a card
NAME = "name"  # a person, place or organisation name
NUMBER = "number"  # digits or Chinese numerals, with or without a measure word (两个, 9月)
OTHER = "other"  # punctuation, Latin script, spaces, debris that must never become a card


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of a sentence. Joining a sentence's tokens gives back the sentence."""

    text: str
    kind: str = OTHER
    reading: str = ""  # numbered pinyin of the Han characters in context; "" if none
    # The token in Simplified characters when its sentence is written in Traditional ones
    # (zh/variants.py): the form looked up, levelled and carded; "" in Simplified text.
    simplified: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence pair with its tokens (readings filled in by the readings stage)."""

    pair: SentencePair
    tokens: tuple[Token, ...]

    def __hash__(self) -> int:
        # Equal sentences have equal pairs; hashing every token made cached per-sentence
        # work in the package stage cost more than it saved (measured on 100 articles).
        return hash(self.pair)


# Who named a word as one to learn (Word.given), and the Word.sense_reason of the meaning
# they gave (zh/given.py).
GIVEN_BY_ARTICLE = "article"  # the article's own gloss: inline, or its vocabulary list
GIVEN_BY_LIST = "list"  # a word list


# --------------------------------------------------------------------------- lookup
@dataclass(frozen=True, slots=True)
class Entry:
    """One CC-CEDICT line.

    `senses` are cleaned (no CL: parts) and keep the dictionary's order within the line;
    cross-references ("variant of X", "see X", "used in X") stay in `senses` but are flagged.
    """

    simplified: str
    traditional: str
    pinyin: str  # numbered, lowercase, ü as v: "xing2", "lv4"
    pinyin_marked: str  # "xíng", "lǜ"
    senses: tuple[str, ...]
    classifiers: tuple[str, ...] = ()  # "个[ge4]" style, as in CC-CEDICT
    proper_name: bool = False  # CC-CEDICT pinyin capitalised
    surname: bool = False  # a "surname X" sense
    reference_only: bool = False  # every sense is a variant/see/used-in reference
    taiwan: bool = False  # a "Taiwan pr." sense
    archaic: bool = False  # (old), (archaic), (literary), (classical) senses


@dataclass(frozen=True, slots=True)
class Word:
    """A candidate card: one headword with one reading, as it occurs in the article."""

    word: str  # simplified headword as it appears in the article
    traditional: str
    pinyin: str  # numbered, in context
    pinyin_marked: str
    senses: tuple[str, ...]  # learner order, from the entries that have this reading
    classifiers: tuple[str, ...]
    hsk_level: int | None  # 1-6, 7 for the 7-9 band, None when on no list of the standard
    zipf: float | None  # general-language frequency, log10 per billion words
    count: int  # occurrences in the article(s) with this reading
    sentence: Sentence  # the occurrence chosen for the card (tokens carry readings)
    token_index: int  # which of sentence.tokens is this word (for highlighting)
    en_span: tuple[int, int] | None = None  # slice of sentence.pair.en glossing the word
    source: str = ""  # Text.title of the article it was first found in
    is_name: bool = False
    in_dictionary: bool = True
    # Why senses[0] comes first: "english" (found in the English sentence), "context" (a
    # rule on the Chinese sentence), "dictionary" (learner order), or the input's own
    # meaning: "article" (the article's gloss) or "list" (a word list's); sense_why says more.
    sense_reason: str = "dictionary"
    sense_why: str = ""
    # A character that only has senses inside words (bound forms, sounds of names) and
    # whose sentence gives it none of its own: a piece of a word, not a card.
    fragment: bool = False
    # The input names the word as one to learn (zh/given.py): "article" (its gloss or its
    # vocabulary list), "list" (a word list); "" for a word found in the text alone.
    given: str = ""
    # Where the reading comes from, when not from the sentence: "given" (the input's pinyin
    # chose it among CC-CEDICT's), "given, not in CC-CEDICT" (the input's, used as given).
    pinyin_reason: str = ""


# --------------------------------------------------------------------------- select
STANDARDS = ("2025", "2021", "2.0")
DEFAULT_STANDARD = STANDARDS[0]  # the exam syllabus in force since July 2026


ALL_LEVELS = frozenset({1, 2, 3, 4, 5, 6, 7})


@dataclass(frozen=True, slots=True)
class Options:
    """Every user-tunable choice, with its default.

    The defaults suit an intermediate learner reading news: HSK 4 and above under the 2025
    syllabus, plus words on no HSK list (rarer words, idioms, terms), names left out, every
    word seen at least once, no cap on the number of cards.
    """

    standard: str = DEFAULT_STANDARD  # one of STANDARDS
    levels: frozenset[int] = frozenset({4, 5, 6, 7})  # HSK levels to keep; 7 is the 7-9 band
    unlisted: bool = True  # keep words on no HSK list of the chosen standard
    min_count: int = 1  # occurrences in the article(s)
    min_zipf: float | None = None  # general-language frequency bounds (Zipf scale)
    max_zipf: float | None = None
    known: frozenset[str] = frozenset()  # words the learner already knows (either script)
    known_chars: frozenset[str] = frozenset()  # with --known-chars: a word of known characters is known
    max_cards: int | None = None  # keep the N best-ranked words (see select.rank)
    coverage: float | None = None  # keep the fewest words that make this % of running words known
    study_deck: bool = False  # the command line's default deck: at most select.CARDS_PER_ARTICLE a article
    names: bool = False  # keep names of people, places and organisations
    cards: tuple[str, ...] = ("recognition",)  # card types: "recognition", "recall"
    update_notes: bool = False  # an .apkg replaces the notes the learner has (decks/notetype.NOTE_STAMP)
    # Worker processes for segmenting and reading (the output is the same for any number);
    # None: the machine's cores when the input is big enough to pay for them (pipeline.jobs).
    # 1 for the library: a threaded caller (the web page) must not fork.
    jobs: int | None = 1


@dataclass(frozen=True, slots=True)
class Coverage:
    """Running words of the article (tokens of dictionary words, names and numbers aside):
    how many in all, how many the learner knows, how many once the cards are learned."""

    total: int = 0
    known: int = 0
    after: int = 0

    @property
    def known_percent(self) -> float:
        return 100 * self.known / self.total if self.total else 100.0

    @property
    def after_percent(self) -> float:
        return 100 * self.after / self.total if self.total else 100.0


@dataclass(frozen=True, slots=True)
class Selection:
    """The words that become cards, and the words left out with the reason for each."""

    cards: tuple[Word, ...]
    left_out: tuple[tuple[Word, str], ...] = field(default=())  # (word, reason)
    names: tuple[str, ...] = ()  # names found in the article (left out unless Options.names)
    coverage: Coverage = field(default_factory=Coverage)
