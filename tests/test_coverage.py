"""Coverage of the article's running words, --coverage, the default study deck, and the
summary's count of cards as Anki counts them."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from test_select import word
from vocabdeck.cli import app
from vocabdeck.model import ALL_LEVELS, Coverage, Options
from vocabdeck.zh import coverage
from vocabdeck.zh.select import CARDS_PER_ARTICLE, coverage_rank, select

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "library-night.txt"


# --------------------------------------------------------------------------- pure
def test_running_words_leave_out_names_and_pieces_no_dictionary_has():
    words = [word("甲", level=2, count=5), word("乙", level=5, count=3), word("丙", name=True, count=4),
             word("丁", found=False, count=7), word("戊", level=6, count=2)]
    chosen = select(words, Options())  # levels 4+: level 2 assumed known
    assert chosen.coverage == Coverage(total=10, known=5, after=10)
    assert chosen.coverage.known_percent == 50.0


def test_known_words_and_max_zipf_count_as_known():
    words = [word("甲", level=5, count=2), word("乙", level=5, count=2, zipf=6.5), word("丙", level=5, count=6)]
    chosen = select(words, Options(levels=ALL_LEVELS, known=frozenset({"甲"}), max_zipf=6.0))
    assert chosen.coverage.known == 4
    assert [w.word for w in chosen.cards] == ["丙"]


counts_strategy = st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(counts=counts_strategy, known=st.integers(min_value=0, max_value=50),
       target=st.floats(min_value=1, max_value=100))
def test_fewest_for_meets_the_target_with_no_word_to_spare(counts, known, target):
    words = [word(chr(0x4E00 + i), level=5, count=c) for i, c in enumerate(counts)]
    base = Coverage(total=sum(counts) + known, known=known)
    chosen = coverage.fewest_for(target, words, base, coverage_rank)
    reached = base.known + sum(w.count for w in chosen)
    goal = target / 100 * base.total
    if reached + 1e-9 < goal:  # out of reach: every word is taken
        assert len(chosen) == len(words)
        return
    # Minimal: dropping any chosen word falls short of the target ...
    for w in chosen:
        assert reached - w.count + 1e-9 < goal
    # ... and no smaller set reaches it: the largest counts are taken.
    assert sum(sorted(counts, reverse=True)[: len(chosen) - 1]) + base.known + 1e-9 < goal or not chosen


def test_study_deck_caps_each_article():
    words = [word(chr(0x4E00 + i), level=5, count=1) for i in range(80)]
    for i, w in enumerate(words):
        object.__setattr__(w, "source", "A" if i < 50 else "B")
    chosen = select(words, Options(study_deck=True))
    per_source = {s: sum(w.source == s for w in chosen.cards) for s in "AB"}
    assert per_source == {"A": CARDS_PER_ARTICLE, "B": CARDS_PER_ARTICLE}
    assert {r for _, r in chosen.left_out} == {"deck size"}


# --------------------------------------------------------------------------- on the sample
runner = CliRunner()


def _words(*args: str) -> tuple[list[dict], str]:
    result = runner.invoke(app, ["words", str(SAMPLE), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def _independent_coverage(cards: set[str], low_levels: set[int]) -> tuple[float, float, dict[str, int]]:
    """Coverage worked out again from the article's tokens, not from the selection."""
    from vocabdeck import pipeline
    from vocabdeck.data import cedict, hsk
    from vocabdeck.model import WORD
    from vocabdeck.zh.script import visible

    texts = pipeline.read_articles([SAMPLE])
    tokens = [visible(t.text) for batch in pipeline.annotated_batches(pipeline.aligned(texts[0]))
              for s in batch for t in s.tokens if t.kind == WORD]
    found = cedict.lookup_many(set(tokens))
    tokens = [t for t in tokens if t in found]
    levels, zipfs = hsk.hsk_levels(set(tokens), "2025"), hsk.zipf_many(set(tokens))

    def known(t: str) -> bool:
        level = levels.get(t) or (1 if (zipfs.get(t) or 0) >= 5.0 else None)
        return level in low_levels

    counts: dict[str, int] = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    before = sum(known(t) for t in tokens)
    after = sum(known(t) or t in cards for t in tokens)
    return 100 * before / len(tokens), 100 * after / len(tokens), counts


@pytest.mark.parametrize("target", [80.0, 95.0, 98.0])
def test_coverage_option_meets_the_target_minimally_on_the_sample(target):
    records, stderr = _words("--levels", "4+", "--coverage", str(target))
    cards = {r["word"] for r in records}
    before, after, counts = _independent_coverage(cards, {1, 2, 3})
    assert after >= target - 1e-9
    for w in cards:  # no word could be dropped with the target still met
        assert after - 100 * counts[w] / sum(counts.values()) < target
    said = re.search(r"you know ([\d.]+)% .*; with these (\d+) words, ([\d.]+)%", stderr)
    assert said, stderr
    assert float(said.group(1)) == pytest.approx(before, abs=0.05)
    assert int(said.group(2)) == len(cards)
    assert float(said.group(3)) == pytest.approx(after, abs=0.05)


def test_default_is_a_study_deck_and_says_what_a_wider_filter_gives():
    study, stderr = _words()
    every, _ = _words("--levels", "4+")
    assert len(study) == min(CARDS_PER_ARTICLE, len(every)) < len(every)
    assert {r["word"] for r in study} <= {r["word"] for r in every}
    assert f"--levels 4+ gives all {len(every)}" in stderr
    # The study deck holds the best-ranked words: the same as --max-cards would keep.
    capped, _ = _words("--levels", "4+", "--coverage", "98", "--max-cards", str(CARDS_PER_ARTICLE))
    assert [r["word"] for r in study] == [r["word"] for r in capped]


def test_explicit_levels_all_is_every_word():
    """The scorer's `words --levels all` is unchanged by the study deck."""
    records, stderr = _words("--levels", "all")
    assert len(records) > 100 and "study deck" not in stderr


@pytest.mark.parametrize("types, per_note", [("recognition", 1), ("recognition,recall", 2)])
def test_cards_written_counts_cards_as_anki_does(types, per_note, tmp_path):
    out = tmp_path / "deck.apkg"
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(out), "--cards", types])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as z:
        (tmp_path / "c.db").write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "c.db")
    notes, cards = conn.execute("SELECT (SELECT count(*) FROM notes), (SELECT count(*) FROM cards)").fetchone()
    conn.close()
    assert cards == notes * per_note
    assert f"{cards} cards written to {out} ({notes} notes," in result.stderr
