"""The command line: parse options, call the pipeline, print, exit. No logic lives here.

Everything for people goes to stderr; data goes to stdout. Exit codes: 0 success, 1 a
problem with the input or output, 2 a usage error, 130 interrupted.

The options are declared in cli_params.py, the text for people is made in cli_output.py.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from vocabdeck.cli_output import (
    aligned_lines,
    cards_per_article,
    interrupted_message,
    lookup_text,
    printable,
    progress_bar,
    summary,
    table,
    tsv_rows,
)
from vocabdeck.cli_params import Article, Encoding, English, Filters, Reading, Standard, grouped
from vocabdeck.model import DEFAULT_STANDARD

app = typer.Typer(
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn a Chinese article (with its English translation) into an Anki deck of the words "
    "worth learning.\n\nExample: vocabdeck build article.txt",
)


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


# Option names (Options / API parameters) whose flag is not "--" + the name with "-" for "_".
_FLAGS = {"output": "-o"}


def flag(option: str) -> str:
    """The command-line flag for an option's library name ("deck_name" -> "--deck-name")."""
    return _FLAGS.get(option) or "--" + option.replace("_", "-")


def cli_message(error) -> str:
    """A library error's message with its options named by their flags."""
    return error.render(flag)


def run(action, written: list[Path] | None = None, server: bool = False):
    """Run a command body, turning expected failures into one line and an exit code.

    `written` lists the files the body has finished writing, for the message when it is
    interrupted part of the way through a batch. A command is a build of sorts, run with
    the cyclic collector paused; a `server` runs for hours and collects as usual, pausing it
    for each build it makes (pipeline.paused_gc).
    """
    import contextlib
    import gc

    from vocabdeck.errors import Terminated, UsageError, VocabdeckError
    from vocabdeck.pipeline import paused_gc

    _show_warnings()
    if server:
        gc.enable()  # the entry point turns it off for start-up
    try:
        with contextlib.nullcontext() if server else paused_gc():
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
            typer.echo(lookup_text(r))
        if not all(r["found"] for r in results):
            raise typer.Exit(1)

    run(body)


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
        pairs = pipeline.aligned(pipeline.read_article(article, english, encoding))
        typer.echo("\n".join(aligned_lines(pairs, fmt)))

    run(body)


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
@grouped()
def words(
    article: Article,
    english: English = None,
    filters: Filters = Filters(),
    fmt: Annotated[str, typer.Option("--format", help="table (for people), tsv, or json.")] = "table",
    reading: Reading = Reading(),
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
        options, sources = filters.options(jobs=reading.jobs)
        _, texts = pipeline.read_course(course.lessons([article], english), reading.encoding, reading.chapters)
        selection = pipeline.choose(texts, options)
        records = deck_records(selection.cards)
        if fmt == "json":
            typer.echo(json.dumps(records, ensure_ascii=False, indent=1))
        elif fmt == "tsv":
            for line in tsv_rows(records):
                typer.echo(line)
        else:
            typer.echo(table(records))
        typer.echo(summary(selection, None, sources, options), err=True)

    run(body)


# --------------------------------------------------------------------------- handout
@app.command()
# handout's glossary: no --coverage, no Anki export's card options, one process.
@grouped(omit=("known_min_interval", "known_suspended", "known_field", "known_chars", "coverage", "jobs"))
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
    filters: Filters = Filters(),
    reading: Reading = Reading(),
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
        options, _ = filters.options()
        _, texts = pipeline.read_course(course.lessons(articles, english), reading.encoding, reading.chapters)
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


# --------------------------------------------------------------------------- build
@app.command(short_help="Build an Anki deck from one article, or from several (a course).")
@grouped()
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
    filters: Filters = Filters(),
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
    reading: Reading = Reading(),
) -> None:
    """Build an Anki deck from one article, or one deck with a subdeck per article.

    Example: vocabdeck build article.txt --levels 4-6 -o decks/article.apkg

    A course with translations: vocabdeck build lesson1.zh.txt lesson1.en.txt lesson2.txt=lesson2-en.txt
    (an English file that could go with two articles, or with none given, is refused: exit 2).
    """

    written: list[Path] = []

    def body():
        from vocabdeck import pipeline
        from vocabdeck.decks.notetype import CARD_TYPES
        from vocabdeck.decks.targets import check_not_inputs, plan_builds, source_key
        from vocabdeck.inputs import course

        card_types = tuple(dict.fromkeys(c.strip().lower() for c in cards.split(",") if c.strip()))
        if not card_types or set(card_types) - CARD_TYPES.keys():
            raise _usage("--cards", cards, "recognition, recall, recognition,recall")
        lessons = course.lessons(articles, english)
        options, sources = filters.options(card_types, reading.jobs)
        options = replace(options, update_notes=update_notes)
        paths = [lesson.path for lesson in lessons]
        plans = plan_builds(paths, output, deck_name, per_article)
        check_not_inputs([p[0] for p in plans], {"the article": paths, "an English translation":
                                                  course.english_files(lessons),
                                                  "the --known list": filters.known_paths()})
        lesson_of = {id(path): lesson for path, lesson in zip(paths, lessons)}
        for target, deck, subdecks, group in plans:
            title, texts = pipeline.read_course([lesson_of[id(p)] for p in group], reading.encoding,
                                                reading.chapters)
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

    run(body, server=True)


# `build`, the main command, first in --help; the others in the order a user meets them
# (a command not named here comes after these, in the order it was defined).
_ORDER = ("build", "words", "handout", "serve", "lookup", "align", "annotate")
app.registered_commands.sort(key=lambda c: _ORDER.index(c.callback.__name__) if c.callback.__name__ in _ORDER
                             else len(_ORDER))


def main() -> None:
    app()
