"""The command line's parameters: each option declared once (flag, help, type, default),
and the groups of them that several commands share, with `grouped`, which puts a group's
options in a command's signature and hands the command one object.

Imported by `vocabdeck --help`: nothing heavy at import time. No `from __future__ import
annotations` here: the groups' annotations are the typer parameters themselves, read as
they are rather than evaluated from strings for each command.
"""

import functools
import inspect
from collections.abc import Callable, Collection
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Annotated, Optional, get_type_hints

import typer

from vocabdeck.model import DEFAULT_STANDARD
from vocabdeck.zh.select import LEVELS_HELP

# readable=False: the readers report an unreadable file in one line with exit 1, where
# typer's own check gave a 3-line usage message and exit 2.
Article = Annotated[
    Path,
    typer.Argument(
        help="The article (Chinese, or bilingual): text, a saved web page, Markdown, subtitles, EPUB, .docx, PDF, "
        "a word list; - reads standard input.",
        show_default=False,
        readable=False,
    ),
]
English = Annotated[
    Optional[Path],
    typer.Option("--english", "-e", help="The English translation as a separate file (one article; for several, "
                 "give ZH=EN or name it like its article with .en: lesson1.en.txt).", show_default=False,
                 readable=False),
]
Chapters = Annotated[bool, typer.Option(
    "--chapters/--no-chapters",
    help="A book (EPUB) given alone: a subdeck per chapter (at most 30 words a chapter in the default study "
    "deck), or --no-chapters for the whole book as one article.")]
Encoding = Annotated[
    Optional[str],
    typer.Option("--encoding", help="Encoding of the input files (default: detected), e.g. gb18030, big5."),
]
Standard = Annotated[str, typer.Option("--standard", help="HSK word lists: 2025 (exam syllabus), 2021, or 2.0.")]
Levels = Annotated[
    Optional[str],
    typer.Option("--levels", help=LEVELS_HELP + " Default 4+, as a study deck: see --coverage.", show_default=False),
]
Coverage = Annotated[
    Optional[float],
    typer.Option(
        "--coverage",
        help="Keep the fewest words that make this percentage of the article's running words known (e.g. 98), "
        "most useful first. Without --levels, --coverage or --max-cards: a study deck, the words that reach 98% "
        "at HSK 4+, at most 30 per article.",
        show_default=False,
    ),
]
MinCount = Annotated[int, typer.Option("--min-count", help="Keep words seen at least N times in the article.")]
MinZipf = Annotated[
    Optional[float],
    typer.Option("--min-zipf", help="Keep words at least this common in Chinese (Zipf scale: 7 very common, 1 rare)."),
]
MaxZipf = Annotated[
    Optional[float], typer.Option("--max-zipf", help="Keep words at most this common in Chinese (e.g. 4.5).")
]
Known = Annotated[
    Optional[list[str]],
    typer.Option(
        "--known",
        help="Words you know: an Anki export (.apkg, .colpkg) or a word list (one or several a line, "
        "CSV/TSV, Pleco, Anki text export, a vocabdeck deck). Repeat it or separate files with commas.",
        show_default=False,
        readable=False,
    ),
]
KnownMinInterval = Annotated[
    int,
    typer.Option("--known-min-interval", help="From an Anki export, a word is known when a card of it has been "
                 "reviewed with an interval of at least N days (21: Anki's 'mature')."),
]
KnownSuspended = Annotated[
    bool,
    typer.Option("--known-suspended/--no-known-suspended", help="Count suspended Anki cards that meet the interval."),
]
KnownField = Annotated[
    Optional[str],
    typer.Option("--known-field", help="The Anki note field (or list column) holding the word (default: the first).",
                 show_default=False),
]
KnownChars = Annotated[
    bool,
    typer.Option("--known-chars", help="Also count as known a word whose every character is in a known word."),
]
MaxCards = Annotated[
    Optional[int],
    typer.Option(
        "--max-cards",
        help="Keep at most N words: the most frequent in the article first, then the most common in Chinese.",
    ),
]
Names = Annotated[bool, typer.Option("--names", help="Keep names of people, places and organisations.")]
Jobs = Annotated[Optional[int], typer.Option(
    "--jobs", "-j", min=1, show_default=False,
    help="Processes for segmenting and reading, and for the notes' fields (the output is the same). Default: "
    "the cores other work leaves free, for input of 1,024 sentences (or notes) or more, else 1; always 1 on "
    "macOS and Windows.")]


@dataclass(frozen=True)
class Filters:
    """Which words become cards, as the flags give them (`words`, `handout`, `build`).

    The fields are the commands' parameters, in the order --help lists them; a default here
    is the flag's default (a test checks known_min_interval against data/known.py)."""

    standard: Standard = DEFAULT_STANDARD
    levels: Levels = None
    min_count: MinCount = 1
    min_zipf: MinZipf = None
    max_zipf: MaxZipf = None
    known: Known = None
    known_min_interval: KnownMinInterval = 21
    known_suspended: KnownSuspended = True
    known_field: KnownField = None
    known_chars: KnownChars = False
    max_cards: MaxCards = None
    coverage: Coverage = None
    names: Names = False

    def options(self, cards: tuple[str, ...] = ("recognition",), jobs: int | None = 1):
        """The run's Options (select.filter_options), and what the --known sources gave (None
        without them)."""
        from dataclasses import replace

        from vocabdeck.errors import UsageError
        from vocabdeck.zh import select

        options = select.filter_options(
            standard=self.standard, levels=self.levels, min_count=self.min_count, min_zipf=self.min_zipf,
            max_zipf=self.max_zipf, max_cards=self.max_cards, coverage=self.coverage, names=self.names,
            cards=cards, jobs=jobs,
        )
        if self.known_min_interval < 0:
            raise UsageError("--known-min-interval must be 0 or more days.")
        if not self.known:
            return options, None
        from vocabdeck.data import known as known_words  # zipfile and the export readers: only with --known

        sources = known_words.load(known_words.split_sources(self.known), known_words.KnownOptions(
            min_interval=self.known_min_interval, suspended=self.known_suspended, field=self.known_field))
        chars = frozenset(c for w in sources.words for c in w) if self.known_chars else frozenset()
        return replace(options, known=sources.words, known_chars=chars), sources

    def known_paths(self) -> list[Path]:
        """The --known files, one path each."""
        if not self.known:
            return []
        from vocabdeck.data.known import split_sources  # zipfile and the export readers

        return split_sources(self.known)


@dataclass(frozen=True)
class Reading:
    """How the input is read (`words`, `handout`, `build`)."""

    encoding: Encoding = None
    jobs: Jobs = None
    chapters: Chapters = True


def grouped(*, omit: Collection[str] = ()) -> Callable:
    """A command decorator: each parameter annotated with a group (Filters, Reading) becomes
    the group's fields, in its place, as typer parameters; the command gets them back as one
    group object. A field in `omit` is no option of this command and keeps its default."""

    def decorate(command: Callable) -> Callable:
        signature = inspect.signature(command, eval_str=True)
        parameters, groups = [], {}
        for parameter in signature.parameters.values():
            group = parameter.annotation
            if not is_dataclass(group):
                parameters.append(parameter)
                continue
            hints = get_type_hints(group, include_extras=True)
            kept = [f for f in fields(group) if f.name not in omit]
            groups[parameter.name] = (group, [f.name for f in kept])
            parameters += [inspect.Parameter(f.name, parameter.kind, default=f.default, annotation=hints[f.name])
                           for f in kept]

        unknown = set(omit) - {f.name for group, _ in groups.values() for f in fields(group)}
        if unknown:  # a misspelt name would leave the option in
            raise TypeError(f"{command.__name__}: no group has {', '.join(sorted(unknown))} to omit")

        @functools.wraps(command)
        def wrapper(**kwargs):
            for name, (group, names) in groups.items():
                kwargs[name] = group(**{field: kwargs.pop(field) for field in names})
            return command(**kwargs)

        wrapper.__signature__ = signature.replace(parameters=parameters)
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": signature.return_annotation}
        return wrapper

    return decorate
