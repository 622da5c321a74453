"""The command line: parse options, call the pipeline, print, exit. No logic lives here.

Everything for people goes to stderr; data goes to stdout. Exit codes: 0 success, 1 a
problem with the input or output, 2 a usage error, 130 interrupted.
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

DEFAULT_LEVELS = "4+"

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn a Chinese article (with its English translation) into an Anki deck of the words "
    "worth learning.\n\nExample: vocabdeck build article.txt",
)


Article = Annotated[Path, typer.Argument(help="The article: a bilingual page, or Chinese alone.", show_default=False)]
English = Annotated[
    Optional[Path],
    typer.Option("--english", "-e", help="The English translation as a separate file.", show_default=False),
]
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


def fail(message: str, code: int) -> None:
    typer.echo(f"vocabdeck: error: {message}", err=True)
    raise typer.Exit(code)


def run(action):
    """Run a command body, turning expected failures into one line and an exit code."""
    import gc

    from vocabdeck.errors import UsageError, VocabdeckError

    # A build makes millions of small objects (tokens, sentences, note fields) and no
    # reference cycles worth collecting; the cycle collector's passes over them took 15%
    # of a 1 MB build (measured: 9.0 s with it, 7.6 s without, the same peak memory).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return action()
    except typer.Exit:
        raise
    except UsageError as e:
        fail(str(e), 2)
    except VocabdeckError as e:
        fail(str(e), 1)
    except KeyboardInterrupt:
        typer.echo("vocabdeck: interrupted; nothing was written.", err=True)
        raise typer.Exit(130)
    except BrokenPipeError:
        # The reader of stdout went away (e.g. `| head`): not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1)
    except OSError as e:
        fail(f"{e.filename or ''}: {e.strerror or e}".lstrip(": "), 1)
    except Exception as e:  # a bug, not bad input: one line, the traceback on request
        if os.environ.get("VOCABDECK_DEBUG"):
            raise
        fail(f"internal error ({type(e).__name__}: {e}); please report it with the input file "
             "(VOCABDECK_DEBUG=1 shows the details).", 1)
    finally:
        if collecting:
            gc.enable()


def options_from(standard, levels, min_count, min_zipf, max_zipf, known, max_cards, names, cards=("recognition",),
                 known_options=None, known_chars=False, coverage=None):
    """The options for a run, and what the --known sources gave (None without them).

    Without --levels, --coverage or --max-cards, the study deck (select.DEFAULT_COVERAGE,
    at most select.CARDS_PER_ARTICLE words a article)."""
    from vocabdeck.data import hsk
    from vocabdeck.data import known as known_words
    from vocabdeck.model import Options
    from vocabdeck.zh import select

    study = levels is None and coverage is None and max_cards is None
    level_set, unlisted = select.parse_levels(DEFAULT_LEVELS if levels is None else levels)
    options = Options(
        standard=hsk.resolve_standard(standard),
        levels=level_set,
        unlisted=unlisted,
        min_count=min_count,
        min_zipf=min_zipf,
        max_zipf=max_zipf,
        max_cards=max_cards,
        coverage=select.DEFAULT_COVERAGE if study else coverage,
        study_deck=study,
        names=names,
        cards=cards,
    )
    select.check_options(options)
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
@app.command()
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
    forms = first["simplified"] if first["simplified"] == first["traditional"] else f"{first['simplified']} ({first['traditional']})"
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
        # Two Chinese sentences translated by one English sentence are listed as one record.
        pairs = pipeline.aligned_for_listing(pipeline.read_article(article, english, encoding))
        out = []
        for p in pairs:
            if fmt == "jsonl":
                out.append(json.dumps({"paragraph": p.paragraph, "zh": p.zh, "en": p.en, "score": round(p.score, 3)}, ensure_ascii=False))
            elif fmt == "tsv":
                out.append(f"{p.paragraph}\t{_cell(p.zh)}\t{_cell(p.en)}\t{p.score:.3f}")
            else:
                out.append(f"[{p.paragraph}] {p.zh}\n    {p.en or '(no English)'}\n")
        if fmt == "tsv":
            out.insert(0, "paragraph\tzh\ten\tscore")
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
    fmt: Annotated[str, typer.Option("--format", help="jsonl (one sentence per line) or html (a printable reading page).")] = "jsonl",
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
        batches = pipeline.annotated_batches(pipeline.aligned(text))
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
) -> None:
    """List the cards `build` would make, without writing a deck.

    Example: vocabdeck words article.txt --levels 5+ --format json
    """

    def body():
        from vocabdeck import pipeline
        from vocabdeck.decks.records import records as deck_records

        if fmt not in ("table", "tsv", "json"):
            raise _usage("--format", fmt, "table, tsv, json")
        options, sources = options_from(standard, levels, min_count, min_zipf, max_zipf, known, max_cards, names,
                                        known_options=_known_options(known_min_interval, known_suspended, known_field),
                                        known_chars=known_chars, coverage=coverage)
        selection = pipeline.choose(pipeline.read_articles([article], english, encoding), options)
        records = deck_records(selection.cards)
        if fmt == "json":
            typer.echo(json.dumps(records, ensure_ascii=False, indent=1))
        elif fmt == "tsv":
            keys = ["word", "traditional", "pinyin", "pinyin_numbered", "hsk_level", "count", "zipf", "definitions", "sentence_zh", "sentence_en"]
            typer.echo("\t".join(keys))
            for rec in records:
                typer.echo("\t".join(_cell("; ".join(v) if isinstance(v, list) else "" if v is None else str(v)) for v in (rec[k] for k in keys)))
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
        head = (f"{cards} card{'s' * (cards != 1)} written to {output} "
                f"({notes} note{'s' * (notes != 1)}, {kinds} card each)")
    else:
        head = f"{notes} word{'s' * (notes != 1)}"
    lines = [head]
    lines.append(_coverage_line(selection, options, known))
    parts = [f"{n} {reason}" for reason, n in reasons.most_common()]
    if parts:
        lines.append("left out: " + ", ".join(parts))
    wider = reasons.get("deck size", 0) + reasons.get("coverage", 0)
    if options is not None and options.study_deck and wider:
        lines.append(f"a study deck: at most {select_cards_per_article()} words an article, the most useful first; "
                     f"--levels {DEFAULT_LEVELS} gives all {notes + wider} (--coverage 98 or --max-cards N in between)")
    if known is not None:
        matched = reasons.get("known", 0)
        lines.append(f"known: {known.describe()}; {matched:,} of this article's words"
                     if matched else f"known: {known.describe()}; none of them is in this article")
    if selection.names:
        shown = " ".join(selection.names[:20]) + (f" and {len(selection.names) - 20} more" if len(selection.names) > 20 else "")
        lines.append("names found: " + shown + ("" if any(w.is_name for w in selection.cards) else " (--names keeps them)"))
    return "\n".join(lines)


def select_cards_per_article() -> int:
    from vocabdeck.zh.select import CARDS_PER_ARTICLE

    return CARDS_PER_ARTICLE


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


# --------------------------------------------------------------------------- build
@app.command()
def build(
    articles: Annotated[list[Path], typer.Argument(help="One or more articles (a course: one subdeck each).", show_default=False)],
    english: English = None,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Deck file: .apkg (Anki), .tsv (Anki text import, Pleco, spreadsheets) or .json. Default decks/<article>.apkg."),
    ] = None,
    deck_name: Annotated[Optional[str], typer.Option("--deck-name", help="Deck name in Anki (default: the article's title).")] = None,
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
    cards: Annotated[str, typer.Option("--cards", help="Card types: recognition, recall, or recognition,recall.")] = "recognition",
    per_article: Annotated[bool, typer.Option("--per-article", help="With several articles, one deck file per article.")] = False,
    encoding: Encoding = None,
) -> None:
    """Build an Anki deck from one article, or one deck with a subdeck per article.

    Example: vocabdeck build article.txt --levels 4-6 -o decks/article.apkg
    """

    def body():
        from vocabdeck import pipeline
        from vocabdeck.decks.targets import plan_builds

        card_types = tuple(c.strip().lower() for c in cards.split(",") if c.strip())
        if not card_types or set(card_types) - {"recognition", "recall"}:
            raise _usage("--cards", cards, "recognition, recall, recognition,recall")
        options, sources = options_from(standard, levels, min_count, min_zipf, max_zipf, known, max_cards, names,
                                        card_types, _known_options(known_min_interval, known_suspended, known_field),
                                        known_chars, coverage)
        for target, deck, subdecks, group in plan_builds(articles, output, deck_name, per_article):
            texts = pipeline.read_articles(group, english, encoding)
            step, bar = progress_bar(sum(len(p) for t in texts for p in t.zh))
            with bar:
                selection = pipeline.choose(texts, options, step)
            if not selection.cards:
                typer.echo(summary(selection, None, sources, options), err=True)
                fail(f"no words to put in a deck from {', '.join(map(str, group))}: widen --levels (e.g. --levels all), lower --min-count, or check --known.", 1)
            pipeline.write_deck(selection, target, deck or texts[0].title, options, subdecks)
            typer.echo(summary(selection, target, sources, options), err=True)

    run(body)


def main() -> None:
    app()
