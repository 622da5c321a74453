"""Where the decks of a build go: one file per deck, named after the article or course."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vocabdeck.errors import UsageError

DECKS = Path("decks")  # the default output folder, created on demand


def plan_builds(
    articles: Sequence[Path], output: Path | None, deck_name: str | None, per_article: bool
) -> list[tuple[Path, str | None, bool, list[Path]]]:
    """(output file, deck name or None for the article title, subdecks?, articles) per file.

    One article: one deck. Several: one deck with a subdeck per article, each word carded
    once in the article where it first appears; or, with per_article, one file each (then
    -o, if given, is the folder to write them to).
    """
    from vocabdeck.decks.notes import slug
    from vocabdeck.decks.write import FORMATS

    if deck_name is not None and not deck_name.strip():
        raise UsageError("--deck-name is empty; give the deck a name, or leave the option out.")
    if output is not None and output.suffix.lower() not in FORMATS and not (per_article and len(articles) > 1):
        raise UsageError(f"-o {output}: unknown deck format; use a file name ending in {', '.join(FORMATS)}.")
    if len(articles) == 1 or per_article:
        if per_article and len(articles) > 1:
            folder = output if output is not None else DECKS
            if folder.suffix:
                raise UsageError(f"-o {output}: with --per-article, -o names a folder, not a file.")
            return [(default_target(folder, a), deck_name, False, [a]) for a in articles]
        target = output if output is not None else default_target(DECKS, articles[0])
        return [(target, deck_name, False, list(articles))]
    name = deck_name or "Course"
    target = output if output is not None else DECKS / f"{slug(name)}.apkg"
    return [(target, name, True, list(articles))]


def default_target(folder: Path, article: Path) -> Path:
    from vocabdeck.decks.notes import slug

    stem = article.name.split(".")[0] or article.stem
    return folder / f"{slug(stem)}.apkg"
