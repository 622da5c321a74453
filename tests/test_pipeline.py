"""The whole pipeline on the sample article and, when ../shared is beside the checkout, on
the reference article against its hand-made gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vocabdeck import pipeline
from vocabdeck.model import ALL_LEVELS, Options

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def cards(*paths: Path, english: Path | None = None, **options):
    texts = pipeline.read_articles(list(paths), english)
    return pipeline.choose(texts, Options(**options)).cards


def test_both_layouts_of_the_sample_give_the_same_cards():
    page = cards(SAMPLES / "library-night.txt")
    files = cards(SAMPLES / "library-night.zh.txt", english=SAMPLES / "library-night.en.txt")
    assert page and {(w.word, w.pinyin) for w in page} == {(w.word, w.pinyin) for w in files}


def test_every_card_has_senses_its_sentence_and_its_english():
    for word in cards(SAMPLES / "library-night.txt", levels=ALL_LEVELS):
        assert word.senses and word.in_dictionary
        assert word.sentence.tokens[word.token_index].text == word.word
        assert word.word in word.sentence.pair.zh
        assert word.sentence.pair.en  # every sample paragraph is translated
        assert len(word.pinyin.split()) == len(word.word)


def test_a_course_cards_each_word_once_in_the_article_it_first_appears(tmp_path):
    first = tmp_path / "first.txt"
    second = tmp_path / "second.txt"
    first.write_text("图书馆开设夜间阅览室。\n", encoding="utf-8")
    second.write_text("阅览室很安静，读者在阅览室读书。\n", encoding="utf-8")
    words = cards(first, second, levels=ALL_LEVELS)
    reading_room = [w for w in words if w.word == "阅览室"]
    assert len(reading_room) == 1
    assert reading_room[0].source == "first"  # a one-line article is titled by its file
    assert reading_room[0].count == 3


# ------------------------------------------------------------------ the reference article
@pytest.fixture(scope="module")
def seed(shared):
    gold = json.loads((shared / "seeds" / "japan-us-alliance.gold.json").read_text(encoding="utf-8"))
    page = shared / "seeds" / "japan-us-alliance.bilingual.txt"
    return gold, cards(page, levels=ALL_LEVELS), pipeline.read_articles([page])[0]


def test_seed_debris_and_names_never_become_cards(seed):
    gold, words, _ = seed
    headwords = {w.word for w in words}
    assert not headwords & set(gold["not_cards"])
    assert not headwords & set(gold["names"])


def test_seed_readings_match_the_gold(seed):
    gold, _, text = seed
    seen: dict[str, set[str]] = {}
    for batch in pipeline.annotated_batches(pipeline.aligned(text)):
        for sentence in batch:
            for token in sentence.tokens:
                seen.setdefault(token.text, set()).add(token.reading)
    wrong = {w: seen[w] for w, want in gold["readings"].items() if w in seen and seen[w] != {want}}
    assert wrong == {}


def test_seed_context_words_show_a_right_english_sentence(seed):
    gold, words, _ = seed
    by_word = {w.word: w for w in words}
    missing = {
        word: (by_word[word].sentence.pair.en[:60] if word in by_word else "no card")
        for word, fragments in gold["context"].items()
        if not (word in by_word and any(f.lower() in by_word[word].sentence.pair.en.lower() for f in fragments))
    }
    # 战败国 is not a CC-CEDICT headword (only 战败 is), and cards need a dictionary entry.
    assert missing == {"战败国": "no card"}


@pytest.mark.parametrize("jobs", [1, 2])
def test_inputs_of_several_batches_keep_every_sentence_and_its_article(jobs):
    """Two word lists of 700 words each: three batches of sentences, in this process or in
    workers. Every word is a card, in the list it comes from (batches once dropped a
    sentence at each batch's end and gave the sentences after it the next one's article)."""
    from vocabdeck.data.cedict import headwords
    from vocabdeck.model import GivenWord, Text
    from vocabdeck.zh.variants import simplified

    words = sorted(w for w in headwords() if len(w) == 2 and all("\u4e00" <= c <= "\u9fa5" for c in w))
    words = [w for w in words if simplified(w) is None][:1400]  # Simplified already: one card each
    assert pipeline.BATCH < 700
    texts = [Text(source=title, title=title, zh=tuple(part), words=tuple(GivenWord(w) for w in part))
             for title, part in (("first", words[:700]), ("second", words[700:]))]
    cards = pipeline.choose(texts, Options(jobs=jobs)).cards
    assert {w.word: w.source for w in cards} == {w: "first" if i < 700 else "second" for i, w in enumerate(words)}
