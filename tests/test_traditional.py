"""Traditional input works like Simplified: the same cards (Simplified field, note GUID),
levels and readings as the same article in Simplified characters, shown in the article's
own characters. The Traditional texts are made in the test with OpenCC (a test-only
dependency: the official binding, `pip install opencc`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vocabdeck import pipeline
from vocabdeck.decks.fields import sentence_html
from vocabdeck.decks.notetype import note_guid
from vocabdeck.model import ALL_LEVELS, Options
from vocabdeck.zh.variants import simplified, simplified_many

SAMPLE = Path(__file__).parents[1] / "samples" / "library-night.txt"
DEV_DOCS = ("doc01", "doc02", "doc23")  # news on farming, on a flood, on finance


@pytest.fixture(scope="module")
def to_traditional():
    opencc = pytest.importorskip("opencc", reason="OpenCC makes the Traditional texts: pip install opencc")
    return opencc.OpenCC("s2t").convert


def _cards(path: Path):
    (text,) = pipeline.read_articles([path])
    return pipeline.choose([text], Options(levels=ALL_LEVELS)).cards


def _compare(simple_path: Path, trad_path: Path) -> tuple[int, list[str]]:
    simple = {(w.word, note_guid(w), w.hsk_level, w.pinyin) for w in _cards(simple_path)}
    trad_cards = _cards(trad_path)
    trad = {(w.word, note_guid(w), w.hsk_level, w.pinyin) for w in trad_cards}
    for w in trad_cards:  # shown as the article writes it, highlighted in its sentence
        assert w.traditional in w.sentence.pair.zh
        assert "".join(t.text for t in w.sentence.tokens) == w.sentence.pair.zh
        assert f"<span class=vd-hl>{w.traditional}</span>" in sentence_html(w)
    return len(simple), sorted(map(str, simple - trad))


def _check(tmp_path, to_traditional, source: Path):
    trad_path = tmp_path / f"{source.stem}.trad.txt"
    trad_path.write_text(to_traditional(source.read_text("utf-8")), "utf-8")
    total, missing = _compare(source, trad_path)
    assert total > 20
    assert len(missing) <= 0.02 * total, missing


def test_sample_article_in_traditional(tmp_path, to_traditional):
    _check(tmp_path, to_traditional, SAMPLE)


@pytest.mark.parametrize("doc", DEV_DOCS)
def test_dev_document_in_traditional(tmp_path, to_traditional, shared, doc):
    _check(tmp_path, to_traditional, shared / "eval" / "wmt21-dev" / f"{doc}.bilingual.txt")


def test_script_of_a_sentence():
    assert simplified("這個東西很好") == "这个东西很好"
    assert simplified("这个东西很好") is None  # Simplified text is left alone
    assert simplified("著名的乾隆皇帝") is None  # characters of both scripts: Simplified
    assert simplified("他的頭髮") == "他的头发"
    # A sentence that shows neither script follows the one before it.
    assert simplified_many(["這個", "人民", "我們"]) == (["这个", "人民", "我们"], True)
    assert simplified_many(["人民", "這個"]) == ([None, "这个"], True)
    assert simplified_many(["人民"], traditional=True) == (["人民"], True)


def test_lookup_accepts_both_forms():
    (trad,), (simp,) = pipeline.lookup_words(["這"], "2025"), pipeline.lookup_words(["这"], "2025")
    assert trad["found"] and trad["hsk_level"] == simp["hsk_level"] == 1
    assert trad["zipf"] == simp["zipf"]
    assert trad["readings"][0]["simplified"] == "这"


def test_traditional_sentence_is_segmented_and_read_as_simplified():
    """The polyphones that went wrong when Traditional text reached the model as it is
    (將 qiāng, 個 gě, 都 dū): the same tokens and readings as the Simplified sentence, in the
    article's characters."""
    from vocabdeck.model import SentencePair

    simple = "他将这个问题都说清楚了，这些东西我们都会带来。"
    trad = "他將這個問題都說清楚了，這些東西我們都會帶來。"
    (s_sent, t_sent), = pipeline.annotated_batches([SentencePair(1, simple), SentencePair(1, trad)])
    assert [(t.simplified, t.reading) for t in t_sent.tokens] == [(t.text, t.reading) for t in s_sent.tokens]
    assert "".join(t.text for t in t_sent.tokens) == trad
    readings = {t.text: t.reading for t in t_sent.tokens}
    assert readings["將"] == "jiang1" and readings["這個"] == "zhe4 ge5"
