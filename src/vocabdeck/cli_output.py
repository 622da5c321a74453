"""What the commands print for people: looked-up words, the word table, a run's summary.

Text from the pipeline's records, returned, not printed; and the progress bar.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import typer


def printable(text: str) -> str:
    """`text` safe for a terminal: control characters (a file name can hold ESC sequences
    that retitle or clear the terminal) shown as escapes, on one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def interrupted_message(written: list[Path] | None) -> str:
    if not written:
        return "vocabdeck: interrupted; nothing was written."
    names = ", ".join(map(str, written))
    return f"vocabdeck: interrupted; written before that: {names}; nothing else was written."


def progress_bar(total_chars: int):
    """A progress callback and a closer; silent for input too short to wait for."""
    import contextlib

    # About 100,000 characters take a few seconds: below that a bar would only flicker.
    if total_chars < 100_000 or not sys.stderr.isatty():
        return lambda _n: None, contextlib.nullcontext()
    bar = typer.progressbar(length=total_chars, label="reading", file=sys.stderr)
    return (lambda n: bar.update(n)), bar


def lookup_text(r: dict) -> str:
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


def cell(s: str) -> str:
    return s.replace("\t", " ").replace("\n", " ")


def aligned_lines(pairs, fmt: str) -> list[str]:
    """`align`'s output: the records the cards use (the clauses of a sentence cut at "；"
    listed as one). "bead" says whether a record is a sentence with its own translation
    (1:1, 1:2) or a group of sentences the aligner could not pair one by one (2:1, 2:2...)."""
    out = ["paragraph\tzh\ten\tscore\tbead"] if fmt == "tsv" else []
    for p in pairs:
        if fmt == "jsonl":
            record = {"paragraph": p.paragraph, "zh": p.zh, "en": p.en, "score": round(p.score, 3), "bead": p.bead}
            out.append(json.dumps(record, ensure_ascii=False))
        elif fmt == "tsv":
            out.append(f"{p.paragraph}\t{cell(p.zh)}\t{cell(p.en)}\t{p.score:.3f}\t{p.bead}")
        else:
            group = " (group)" if p.bead and not p.bead.startswith(("1:", "0:")) else ""
            out.append(f"[{p.paragraph}] {p.bead}{group} {p.zh}\n    {p.en or '(no English)'}\n")
    return out


# The columns of `words --format tsv`.
TSV_KEYS = ("word", "traditional", "pinyin", "pinyin_numbered", "hsk_level", "count", "zipf", "definitions",
            "sentence_zh", "sentence_en", "location")


def tsv_rows(records: list[dict]):
    """`words --format tsv`: a header line, then a line a record (a list as "a; b")."""
    yield "\t".join(TSV_KEYS)
    for rec in records:
        values = (rec[k] for k in TSV_KEYS)
        yield "\t".join(cell("; ".join(v) if isinstance(v, list) else "" if v is None else str(v)) for v in values)


def table(records: list[dict]) -> str:
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
    lines.append(coverage_line(selection, options, known))
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


def coverage_line(selection, options, known) -> str:
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


def cards_per_article(selection, texts) -> str:
    """'per article: Title one 12, Title two 8': cards in each subdeck of a course."""
    counts = Counter(word.source for word in selection.cards)
    return "per article: " + ", ".join(f"{text.title} {counts[text.title]}" for text in texts)
