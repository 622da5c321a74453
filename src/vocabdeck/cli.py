"""The command line: parse options, call the pipeline, print, exit. No logic lives here.

Everything for people goes to stderr; data goes to stdout. Exit codes: 0 success, 1 a
problem with the input or output, 2 a usage error, 130 interrupted.

Long module: one typer signature per command (seven commands) with its help text and
example, over option types declared once at the top; splitting the commands across
modules would split those shared declarations, not shorten any command.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from vocabdeck.model import DEFAULT_STANDARD
from vocabdeck.zh.select import LEVELS_HELP

app = typer.Typer(
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn a Chinese article (with its English translation) into an Anki deck of the words "
    "worth learning.\n\nExample: vocabdeck build article.txt",
)


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


def _version(value: bool) -> None:
    if value:
        from vocabdeck import __version__

        typer.echo(f"vocabdeck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    pass


def fail(message: str, code: int) -> None:
    typer.echo(f"vocabdeck: error: {printable(message)}", err=True)
    raise typer.Exit(code)


def printable(text: str) -> str:
    """`text` safe for a terminal: control characters (a file name can hold ESC sequences
    that retitle or clear the terminal) shown as escapes, on one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


# Option names (Options / API parameters) whose flag is not "--" + the name with "-" for "_".
_FLAGS = {"output": "-o"}


def flag(option: str) -> str:
    """The command-line flag for an option's library name ("deck_name" -> "--deck-name")."""
    return _FLAGS.get(option) or "--" + option.replace("_", "-")


def cli_message(error) -> str:
    """A library error's message with its options named by their flags."""
    return error.render(flag)


def run(action, written: list[Path] | None = None):
    """Run a command body, turning expected failures into one line and an exit code.

    `written` lists the files the body has finished writing, for the message when it is
    interrupted part of the way through a batch.
    """
    from vocabdeck.errors import Terminated, UsageError, VocabdeckError
    from vocabdeck.pipeline import paused_gc

    _show_warnings()
    try:
        with paused_gc():  # every command is a build of sorts
            return action()
    except typer.Exit:
        raise
    except UsageError as e:
        fail(cli_message(e), 2)
    except VocabdeckError as e:
        fail(cli_message(e), 1)
    except KeyboardInterrupt as e:  # Ctrl-C, or SIGTERM (see console.py)
        typer.echo(printable(interrupted_message(written)), err=True)
        raise typer.Exit(143 if isinstance(e, Terminated) else 130) from None
    except BrokenPipeError:
        # The reader of stdout went away (e.g. `| head`): not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    except OSError as e:
        fail(f"{e.filename or ''}: {e.strerror or e}".lstrip(": "), 1)
    except Exception as e:  # a bug, not bad input: one line, the traceback on request
        if os.environ.get("VOCABDECK_DEBUG"):
            raise
        if type(e).__module__ == "sqlite3":  # reading a cache: damaged, deleted, disk full
            from vocabdeck.data import cache

            fail(str(cache.sqlite_failure(e)), 1)
        fail(f"internal error ({type(e).__name__}: {e}); please report it with the input file "
             "(VOCABDECK_DEBUG=1 shows the details).", 1)


def _show_warnings() -> None:
    """The library's notices (logger "vocabdeck") as one line each on stderr."""
    import logging

    log = logging.getLogger("vocabdeck")
    if not any(getattr(h, "vocabdeck_cli", False) for h in log.handlers):
        class ToStderr(logging.Handler):
            """One line on whatever sys.stderr is when the notice comes (tests swap it)."""

            vocabdeck_cli = True

            def emit(self, record) -> None:
                from vocabdeck.errors import log_message

                typer.echo(printable(f"vocabdeck: warning: {log_message(record, flag)}"), err=True)

        log.addHandler(ToStderr())
        log.setLevel(logging.WARNING)
        log.propagate = False
        # The library's notices (a cache being built) as "vocabdeck: <message>".
        class NoticeToStderr(logging.Handler):
            def emit(self, record) -> None:
                typer.echo(printable(f"vocabdeck: {record.getMessage()}"), err=True)

        notice = logging.getLogger("vocabdeck.notice")
        notice.addHandler(NoticeToStderr())
        notice.setLevel(logging.INFO)
        notice.propagate = False


def interrupted_message(written: list[Path] | None) -> str:
    if not written:
        return "vocabdeck: interrupted; nothing was written."
    names = ", ".join(map(str, written))
    return f"vocabdeck: interrupted; written before that: {names}; nothing else was written."


def options_from(standard, levels, min_count, min_zipf, max_zipf, known, max_cards, names, cards=("recognition",),
                 known_options=None, known_chars=False, coverage=None, jobs=1):
    """The options for a run, and what the --known sources gave (None without them).

    Without --levels, --coverage or --max-cards, the study deck (select.DEFAULT_COVERAGE,
    at most select.CARDS_PER_ARTICLE words a article)."""
    from vocabdeck.data import known as known_words
    from vocabdeck.zh import select

    options = select.filter_options(
        standard=standard, levels=levels, min_count=min_count, min_zipf=min_zipf, max_zipf=max_zipf,
        max_cards=max_cards, coverage=coverage, names=names, cards=cards, jobs=jobs,
    )
    if known_options is not None and known_options.min_interval < 0:
        from vocabdeck.errors import UsageError

        raise UsageError("--known-min-interval must be 0 or more days.")
    sources = None
    if known:
        sources = known_words.load(known_words.split_sources(known), known_options or known_words.KnownOptions())
        words = sources.words
        chars = frozenset(c for w in words for c in w) if known_chars else frozenset()
        options = replace(options, known=words, known_chars=chars)
    return options, sources


def known_paths(known) -> list[Path]:
    from vocabdeck.data.known import split_sources

    return split_sources(known or [])


def _known_options(min_interval, suspended, field):
    from vocabdeck.data.known import KnownOptions

    return KnownOptions(min_interval=min_interval, suspended=suspended, field=field)


def progress_bar(total_chars: int):
    """A progress callback and a closer; silent for input too short to wait for."""
    import contextlib

    # About 100,000 characters take a few seconds: below that a bar would only flicker.
    if total_chars < 100_000 or not sys.stderr.isatty():
        return lambda _n: None, contextlib.nullcontext()
    bar = typer.progressbar(length=total_chars, label="reading", file=sys.stderr)
    return (lambda n: bar.update(n)), bar


# --------------------------------------------------------------------------- lookup
@app.command(short_help="Look words up: readings, senses, classifiers, HSK level, frequency.")
def lookup(
    words: Annotated[list[str], typer.Argument(help="Chinese words, simplified or traditional.", show_default=False)],
    standard: Standard = DEFAULT_STANDARD,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Look words up: every reading, senses in learner order, classifiers, HSK level, frequency.

    Example: vocabdeck lookup 行 长 了 也 阻挠
    """

    def body():
        from vocabdeck import pipeline
        from vocabdeck.data import hsk

        results = pipeline.lookup_words(words, hsk.resolve_standard(standard))
        if as_json:
            typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
            return
        for r in results:
            typer.echo(_lookup_text(r))
        if not all(r["found"] for r in results):
            raise typer.Exit(1)

    run(body)


def _lookup_text(r: dict) -> str:
    if not r["found"]:
        return f"{r['word']}: not in CC-CEDICT\n"
    lines = []
    first = r["readings"][0]
    simplified, traditional = first["simplified"], first["traditional"]
    forms = simplified if simplified == traditional else f"{simplified} ({traditional})"
    level = "7-9" if r["hsk_level"] == 7 else (r["hsk_level"] or "-")
    zipf = f"{r['zipf']:.2f}" if r["zipf"] is not None else "-"
    lines.append(f"{forms}    HSK {level}    Zipf {zipf}")
    for reading in r["readings"]:
        lines.append(f"  {reading['pinyin']} [{reading['pinyin_numbered']}]")
        for i, sense in enumerate(reading["definitions"], 1):
            lines.append(f"    {i}. {sense}")
        if reading["classifiers"]:
            lines.append(f"    classifiers: {', '.join(reading['classifiers'])}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- align
@app.command()
def align(
    article: Article,
    english: English = None,
    fmt: Annotated[str, typer.Option("--format", help="text (for people), tsv, or jsonl.")] = "text",
    encoding: Encoding = None,
) -> None:
    """Pair every Chinese sentence with the English that translates it.

    Example: vocabdeck align article.zh.txt --english article.en.txt --format tsv
    """

    def body():
        from vocabdeck import pipeline

        if fmt not in ("text", "tsv", "jsonl"):
            raise _usage("--format", fmt, "text, tsv, jsonl")
        # The records the cards use; the clauses of a sentence cut at "；" listed as one.
        # "bead" says whether a record is a sentence with its own translation (1:1, 1:2)
        # or a group of sentences the aligner could not pair one by one (2:1, 2:2...).
        pairs = pipeline.aligned(pipeline.read_article(article, english, encoding))
        out = []
        for p in pairs:
            if fmt == "jsonl":
                record = {"paragraph": p.paragraph, "zh": p.zh, "en": p.en, "score": round(p.score, 3), "bead": p.bead}
                out.append(json.dumps(record, ensure_ascii=False))
            elif fmt == "tsv":
                out.append(f"{p.paragraph}\t{_cell(p.zh)}\t{_cell(p.en)}\t{p.score:.3f}\t{p.bead}")
            else:
                group = " (group)" if p.bead and not p.bead.startswith(("1:", "0:")) else ""
                out.append(f"[{p.paragraph}] {p.bead}{group} {p.zh}\n    {p.en or '(no English)'}\n")
        if fmt == "tsv":
            out.insert(0, "paragraph\tzh\ten\tscore\tbead")
        typer.echo("\n".join(out))

    run(body)


def _cell(s: str) -> str:
    return s.replace("\t", " ").replace("\n", " ")


def _usage(option: str, value: str, accepted: str):
    from vocabdeck.errors import UsageError

    return UsageError(f"{option}: unknown value {value!r}; use one of: {accepted}.")


# --------------------------------------------------------------------------- annotate
@app.command()
def annotate(
    article: Article,
    english: English = None,
    fmt: Annotated[
        str, typer.Option("--format", help="jsonl (one sentence per line) or html (a printable reading page).")
    ] = "jsonl",
    encoding: Encoding = None,
) -> None:
    """Every sentence with its words and their readings in context.

    Example: vocabdeck annotate article.txt --format html > handout.html
    """

    def body():
        from vocabdeck import pipeline

        if fmt not in ("jsonl", "html"):
            raise _usage("--format", fmt, "jsonl, html")
        (text,) = pipeline.read_articles([article], english, encoding)
        batches = pipeline.annotated_text(text)
        if fmt == "html":
            from vocabdeck.decks import handout

            typer.echo(handout.render(text.title, [s for batch in batches for s in batch]))
            return
        for batch in batches:  # written as it goes: memory stays flat on long input
            typer.echo("\n".join(
                json.dumps({"paragraph": s.pair.paragraph, "zh": s.pair.zh, "en": s.pair.en,
                            "tokens": [[t.text, t.reading] for t in s.tokens]}, ensure_ascii=False)
                for s in batch
            ))

    run(body)


# --------------------------------------------------------------------------- words
@app.command()
def words(
    article: Article,
    english: English = None,
    standard: Standard = DEFAULT_STANDARD,
    levels: Levels = None,
    min_count: MinCount = 1,
    min_zipf: MinZipf = None,
    max_zipf: MaxZipf = None,
    known: Known = None,
    known_min_interval: KnownMinInterval = 21,
    known_suspended: KnownSuspended = True,
    known_field: KnownField = None,
    known_chars: KnownChars = False,
    max_cards: MaxCards = None,
    coverage: Coverage = None,
    names: Names = False,
    fmt: Annotated[str, typer.Option("--format", help="table (for people), tsv, or json.")] = "table",
    encoding: Encoding = None,
    jobs: Jobs = None,
    chapters: Chapters = True,
) -> None:
    """List the cards `build` would make, without writing a deck.

    Example: vocabdeck words article.txt --levels 5+ --format json
    """

    def body():
        from vocabdeck import pipeline
        from vocabdeck.decks.records import records as deck_records
        from vocabdeck.inputs import course

        if fmt not in ("table", "tsv", "json"):
            raise _usage("--format", fmt, "table, tsv, json")
        options, sources = options_from(standard, levels, min_count, min_zipf, max_zipf, known, max_cards, names,
                                        known_options=_known_options(known_min_interval, known_suspended, known_field),
                                        known_chars=known_chars, coverage=coverage, jobs=jobs)
        _, texts = pipeline.read_course(course.lessons([article], english), encoding, chapters)
        selection = pipeline.choose(texts, options)
        records = deck_records(selection.cards)
        if fmt == "json":
            typer.echo(json.dumps(records, ensure_ascii=False, indent=1))
        elif fmt == "tsv":
            keys = ["word", "traditional", "pinyin", "pinyin_numbered", "hsk_level", "count", "zipf", "definitions",
                    "sentence_zh", "sentence_en", "location"]
            typer.echo("\t".join(keys))
            for rec in records:
                values = (rec[k] for k in keys)
                typer.echo("\t".join(
                    _cell("; ".join(v) if isinstance(v, list) else "" if v is None else str(v)) for v in values
                ))
        else:
            typer.echo(_table(records))
        typer.echo(summary(selection, None, sources, options), err=True)

    run(body)


def _table(records: list[dict]) -> str:
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    def pad(s: str, n: int) -> str:
        return s + " " * max(0, n - width(s))

    rows = [("word", "pinyin", "HSK", "n", "zipf", "meaning")]
    for r in records:
        level = "7-9" if r["hsk_level"] == 7 else str(r["hsk_level"] or "-")
        zipf = f"{r['zipf']:.1f}" if r["zipf"] is not None else "-"
        meaning = "; ".join(r["definitions"][:3])
        rows.append((r["word"], r["pinyin"], level, str(r["count"]), zipf, meaning[:60]))
    widths = [max(width(row[i]) for row in rows) for i in range(5)]
    return "\n".join("  ".join(pad(c, widths[i]) for i, c in enumerate(row[:5])) + "  " + row[5] for row in rows)


def summary(selection, output: Path | None, known=None, options=None) -> str:
    """What a run did, for people: cards (as Anki counts them) or words, coverage, what was
    left out and why, what the known-word sources gave, the names found."""
    reasons = Counter(reason for _, reason in selection.left_out)
    notes = len(selection.cards)
    if output is not None:
        types = options.cards if options is not None else ("recognition",)
        cards = notes * len(types)
        kinds = " and ".join(f"a {t}" for t in types) if len(types) > 1 else f"one {types[0]}"
        head = (f"{cards} card{'s' * (cards != 1)} written to {printable(str(output))} "
                f"({notes} note{'s' * (notes != 1)}, {kinds} card each)")
    else:
        head = f"{notes} word{'s' * (notes != 1)}, a card each (two with build --cards recognition,recall)"
    lines = [head]
    lines.append(_coverage_line(selection, options, known))
    parts = [f"{n} {reason}" for reason, n in reasons.most_common()]
    if parts:
        lines.append("left out: " + ", ".join(parts))
    wider = reasons.get("deck size", 0) + reasons.get("coverage", 0)
    if options is not None and options.study_deck and wider:
        from vocabdeck.zh import select

        lines.append(f"a study deck: at most {select.CARDS_PER_ARTICLE} words an article, the most useful first; "
                     f"--levels {select.DEFAULT_LEVELS} gives all {notes + wider} "
                     "(--coverage 98 or --max-cards N in between)")
    if known is not None:
        matched = reasons.get("known", 0)
        lines.append(f"known: {known.describe()}; {matched:,} of this article's words"
                     if matched else f"known: {known.describe()}; none of them is in this article")
    if selection.names:
        more = len(selection.names) - 20
        shown = " ".join(selection.names[:20]) + (f" and {more} more" if more > 0 else "")
        kept = any(w.is_name for w in selection.cards)
        lines.append("names found: " + shown + ("" if kept else " (--names keeps them)"))
    return "\n".join(lines)


def _coverage_line(selection, options, known) -> str:
    """'you know 91.2% of this article's words; with these 37 words, 98.0%'."""
    cov = selection.coverage
    assumed = []
    if options is not None and options.levels and min(options.levels) > 1:
        low = min(options.levels) - 1
        assumed.append(f"HSK {'1' if low == 1 else f'1-{low}'}")
    if known is not None:
        assumed.append("your known words")
    n = len(selection.cards)
    return (f"coverage: you know {cov.known_percent:.1f}% of this article's running words"
            + (f" ({' and '.join(assumed)})" if assumed else "")
            + f"; with these {n} word{'s' * (n != 1)}, {cov.after_percent:.1f}%")


# --------------------------------------------------------------------------- handout
@app.command()
def handout(
    articles: Annotated[
        list[Path], typer.Argument(help="One or more articles (one section each).", show_default=False)
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The handout's HTML file.")],
    english: English = None,
    pinyin: Annotated[
        str, typer.Option("--pinyin", help="Pinyin over the deck's words (deck), over every word (all), or none.")
    ] = "deck",
    english_at: Annotated[str, typer.Option(
        "--english-at", help="The English under each paragraph (under), after the article (end), or none.")] = "end",
    lesson: Annotated[Optional[int], typer.Option(
        "--lesson", help="Lesson number printed in the title block (several articles count up from it).")] = None,
    standard: Standard = DEFAULT_STANDARD,
    levels: Levels = None,
    min_count: MinCount = 1,
    min_zipf: MinZipf = None,
    max_zipf: MaxZipf = None,
    known: Known = None,
    max_cards: MaxCards = None,
    names: Names = False,
    encoding: Encoding = None,
    chapters: Chapters = True,
) -> None:
    """Write a printable class handout: the article and a glossary.

    Example: vocabdeck handout article.txt -o handout.html --pinyin deck --english-at end
    """

    def body():
        from vocabdeck import pipeline
        from vocabdeck.decks import files, printed
        from vocabdeck.inputs import course

        if pinyin not in printed.PINYIN_CHOICES:
            raise _usage("--pinyin", pinyin, ", ".join(printed.PINYIN_CHOICES))
        if english_at not in printed.ENGLISH_CHOICES:
            raise _usage("--english-at", english_at, ", ".join(printed.ENGLISH_CHOICES))
        options, _ = options_from(standard, levels, min_count, min_zipf, max_zipf, known, max_cards, names)
        _, texts = pipeline.read_course(course.lessons(articles, english), encoding, chapters)
        selection = pipeline.choose(texts, options)
        sections = []
        for text in texts:
            sentences = tuple(s for batch in pipeline.annotated_text(text) for s in batch)
            words = tuple(w for w in selection.cards if w.source == text.title)
            sections.append(printed.Section(text.title, Path(text.source).name, sentences, words))
        page = printed.render(sections, pinyin=pinyin, english=english_at, lesson=lesson)
        files.atomic_write(output, lambda tmp: tmp.write_text(page, encoding="utf-8"))
        typer.echo(f"handout with {len(selection.cards)} glossary words written to {output}", err=True)

    run(body)


def cards_per_article(selection, texts) -> str:
    """'per article: Title one 12, Title two 8': cards in each subdeck of a course."""
    counts = Counter(word.source for word in selection.cards)
    return "per article: " + ", ".join(f"{text.title} {counts[text.title]}" for text in texts)


# --------------------------------------------------------------------------- build
@app.command(short_help="Build an Anki deck from one article, or from several (a course).")
def build(
    articles: Annotated[
        list[Path],
        typer.Argument(
            help="One or more articles (a course: one subdeck each, in this order), in any format `words` reads; "
            "- reads standard input. ZH=EN gives an article with its English translation; an English file named "
            "like its article with .en (lesson1.en.txt for lesson1.txt or lesson1.zh.txt) joins it.",
            show_default=False,
            readable=False,
        ),
    ],
    english: English = None,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Deck file: .apkg (Anki), .tsv (Anki text import, Pleco, spreadsheets) "
                     "or .json. Default decks/<article>.apkg.",
                     readable=False),
    ] = None,
    deck_name: Annotated[
        Optional[str], typer.Option("--deck-name", help="Deck name in Anki (default: the article's title).")
    ] = None,
    standard: Standard = DEFAULT_STANDARD,
    levels: Levels = None,
    min_count: MinCount = 1,
    min_zipf: MinZipf = None,
    max_zipf: MaxZipf = None,
    known: Known = None,
    known_min_interval: KnownMinInterval = 21,
    known_suspended: KnownSuspended = True,
    known_field: KnownField = None,
    known_chars: KnownChars = False,
    max_cards: MaxCards = None,
    coverage: Coverage = None,
    names: Names = False,
    cards: Annotated[
        str, typer.Option("--cards", help="Card types: recognition, recall, or recognition,recall.")
    ] = "recognition",
    per_article: Annotated[
        bool, typer.Option("--per-article", help="With several articles, one deck file per article.")
    ] = False,
    update_notes: Annotated[bool, typer.Option(
        "--update-notes",
        help="Let this .apkg replace the notes you already have (their sentence, meaning and cards); "
        "by default a word you have keeps the card it was first learned with.")] = False,
    encoding: Encoding = None,
    jobs: Jobs = None,
    chapters: Chapters = True,
) -> None:
    """Build an Anki deck from one article, or one deck with a subdeck per article.

    Example: vocabdeck build article.txt --levels 4-6 -o decks/article.apkg

    A course with translations: vocabdeck build lesson1.zh.txt lesson1.en.txt lesson2.txt=lesson2-en.txt
    (an English file that could go with two articles, or with none given, is refused: exit 2).
    """

    written: list[Path] = []

    def body():
        from vocabdeck import pipeline
        from vocabdeck.decks.targets import check_not_inputs, plan_builds, source_key
        from vocabdeck.inputs import course

        card_types = tuple(c.strip().lower() for c in cards.split(",") if c.strip())
        if not card_types or set(card_types) - {"recognition", "recall"}:
            raise _usage("--cards", cards, "recognition, recall, recognition,recall")
        lessons = course.lessons(articles, english)
        options, sources = options_from(standard, levels, min_count, min_zipf, max_zipf, known, max_cards, names,
                                        card_types, _known_options(known_min_interval, known_suspended, known_field),
                                        known_chars, coverage, jobs)
        options = replace(options, update_notes=update_notes)
        paths = [lesson.path for lesson in lessons]
        plans = plan_builds(paths, output, deck_name, per_article)
        check_not_inputs([p[0] for p in plans], {"the article": paths, "an English translation":
                                                  course.english_files(lessons),
                                                  "the --known list": known_paths(known)})
        lesson_of = {id(path): lesson for path, lesson in zip(paths, lessons)}
        for target, deck, subdecks, group in plans:
            title, texts = pipeline.read_course([lesson_of[id(p)] for p in group], encoding, chapters)
            step, bar = progress_bar(sum(len(p) for t in texts for p in t.zh))
            with bar:
                selection = pipeline.choose(texts, options, step)
            if not selection.cards:
                typer.echo(summary(selection, None, sources, options), err=True)
                fail(f"no words to put in a deck from {', '.join(map(str, group))}: widen --levels "
                     "(e.g. --levels all), lower --min-count, or check --known.", 1)
            pipeline.write_deck(selection, target, deck or title, options,
                                tuple(t.title for t in texts) if len(texts) > 1 else (),
                                source_key(group, deck if subdecks else None))
            written.append(target)
            typer.echo(summary(selection, target, sources, options), err=True)
            if len(texts) > 1:
                typer.echo(cards_per_article(selection, texts), err=True)

    run(body, written)


# --------------------------------------------------------------------------- serve
@app.command(short_help="Start the page for teachers: paste an article, tick words, download.")
def serve(
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).")] = 8765,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; anything but 127.0.0.1 lets others on your network in.")
    ] = "127.0.0.1",
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open the page in a browser.")] = False,
) -> None:
    """Start a local web page: paste or upload an article, choose the filters, tick the words,
    download the deck. Needs the web extra: pip install 'vocabdeck[web]'.

    Example: vocabdeck serve --port 8765
    """

    def body():
        from vocabdeck.web.server import serve as run_server

        run_server(host, port, not no_browser)

    run(body)


# `build`, the main command, first in --help; the others in the order a user meets them
# (a command not named here comes after these, in the order it was defined).
_ORDER = ("build", "words", "handout", "serve", "lookup", "align", "annotate")
app.registered_commands.sort(key=lambda c: _ORDER.index(c.callback.__name__) if c.callback.__name__ in _ORDER
                             else len(_ORDER))


def main() -> None:
    app()
