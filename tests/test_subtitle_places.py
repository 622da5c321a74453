"""A card from subtitles says where its sentence is (the episode and the cue's start time),
so that a learner can find the scene: on the card under the English (the Source field), in
the JSON, CSV and TSV outputs and in the handout. Articles have no place."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

import makefiles as mk
from test_formats import BODY, ENGLISH, SAMPLES
from test_formats import bilingual_cues as formats_cues
from vocabdeck import inputs
from vocabdeck.cli import app
from vocabdeck.decks.notetype import FIELDS

START = (12 * 60 + 34) * 1000  # the episode's first cue at 00:12:34
PLACE = re.compile(r"^(?P<episode>\S+) (?P<h>\d\d):(?P<m>\d\d):(?P<s>\d\d)$")


def bilingual_cues() -> list[tuple[int, int, list[str]]]:
    return formats_cues(start=START, pause=1500)


def pair_of_files() -> tuple[list, list]:
    """A Chinese file of short cues and an English file with one cue per paragraph."""
    zh_cues, en_cues, t = [], [], START
    for zh, en in zip(BODY, ENGLISH):
        start = t
        for piece in mk.split_cues(zh, 12):
            zh_cues.append((t, t + 1800, [piece]))
            t += 2000
        en_cues.append((start + 300, t - 400, [en]))
        t += 1500
    return zh_cues, en_cues


def seconds(place: str) -> int:
    m = PLACE.match(place)
    assert m, place
    return int(m["h"]) * 3600 + int(m["m"]) * 60 + int(m["s"])


def check_places(records: list[dict], cues: list, episode: str) -> None:
    """Every card's place names the episode and the start of a cue from which its sentence
    runs: the sentence begins in the Chinese of that cue (and ends in it or a cue after it)."""
    starts = {c[0] // 1000: i for i, c in reversed(list(enumerate(cues)))}
    assert records
    for r in records:
        m = PLACE.match(r["location"] or "")
        assert m and m["episode"] == episode, r["location"]
        at = starts[seconds(r["location"])]
        pieces = [re.sub(r"<[^>]+>|\s", "", c[2][0]) for c in cues[at:at + 12]]
        begins = "".join(pieces).find(r["sentence_zh"].replace(" ", ""))
        assert 0 <= begins < len(pieces[0]), (r["location"], pieces[0], r["sentence_zh"])


def words_json(*args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["words", *args, "--levels", "all", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_bilingual_srt_cards_say_where(tmp_path):
    srt = tmp_path / "S01E02.srt"
    srt.write_bytes(mk.srt(bilingual_cues()))
    text = inputs.read(srt)
    assert len(text.places) == len(text.zh) and text.places[0][0] == (0, "S01E02 00:12:34")
    records = words_json(str(srt))
    check_places(records, bilingual_cues(), "S01E02")
    assert all(r["sentence_en"] for r in records)
    assert len({r["location"] for r in records}) > 3


def test_srt_pair_cards_say_where(tmp_path):
    zh_cues, en_cues = pair_of_files()
    (tmp_path / "ep03.zh.srt").write_bytes(mk.srt(zh_cues))
    (tmp_path / "ep03.en.srt").write_bytes(mk.srt(en_cues))
    out = tmp_path / "deck.json"
    # Two files named like each other: one article and its translation, paired by time.
    result = CliRunner().invoke(app, ["build", str(tmp_path / "ep03.zh.srt"), str(tmp_path / "ep03.en.srt"),
                                      "--levels", "all", "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = json.loads(out.read_text(encoding="utf-8"))
    check_places(records, zh_cues, "ep03")
    assert all(r["sentence_en"] for r in records)


def test_articles_have_no_place(tmp_path):
    records = words_json(str(SAMPLES / "library-night.txt"))
    assert records and all(r["location"] is None for r in records)


def test_place_in_tsv_csv_and_handout(tmp_path):
    srt = tmp_path / "S01E02.srt"
    srt.write_bytes(mk.srt(bilingual_cues()))
    places = {r["word"]: r["location"] for r in words_json(str(srt))}
    runner = CliRunner()
    for name in ("deck.tsv", "deck.csv"):
        result = runner.invoke(app, ["build", str(srt), "--levels", "all", "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    lines = [ln for ln in (tmp_path / "deck.tsv").read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = [dict(zip(FIELDS, ln.split("\t"))) for ln in lines]
    assert rows and all(row["Source"] == places[row["Simplified"]] for row in rows)
    table = list(csv.DictReader(io.StringIO((tmp_path / "deck.csv").read_text(encoding="utf-8-sig"))))
    assert table and all(row["location"] == places[row["word"]] for row in table)
    page = tmp_path / "handout.html"
    result = runner.invoke(app, ["handout", str(srt), "--levels", "all", "-o", str(page)])
    assert result.exit_code == 0, result.output
    shown = re.findall(r'<tr data-word="([^"]+)">.*?<span class="where">([^<]+)</span>', page.read_text("utf-8"))
    assert shown and all(places[word] == where for word, where in shown)


def test_anki_card_shows_the_place_under_the_english(tmp_path):
    pytest.importorskip("anki.collection")
    from anki.collection import Collection

    from test_anki_import import import_apkg, rendered, visible_text

    srt = tmp_path / "S01E02.srt"
    srt.write_bytes(mk.srt(bilingual_cues()))
    places = {r["word"]: (r["location"], r["sentence_en"]) for r in words_json(str(srt))}
    deck = tmp_path / "deck.apkg"
    result = CliRunner().invoke(app, ["build", str(srt), "--levels", "all", "-o", str(deck)])
    assert result.exit_code == 0, result.output
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        import_apkg(col, deck)
        seen = 0
        for card, _, answer in rendered(col):
            word = card.note()["Simplified"]
            where, english = places[word]
            back = visible_text(answer)
            assert where in back and back.index(where) > back.index(english[:20]), back
            seen += 1
        assert seen == len(places)
    finally:
        col.close()
