"""Words the input names as ones to learn: a word list's entries, the article's inline glosses
and its trailing vocabulary list (zh/given.py). Real-shaped files: a saved news page with
inline glosses, the sample article with a 相关词汇 list, a CSV word list with pinyin and
meanings; the deck opened with the real Anki library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import makefiles as mk
from vocabdeck import inputs, pipeline
from vocabdeck.decks.fields import meaning_html
from vocabdeck.model import GivenWord, Options, Text
from vocabdeck.zh import given

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
ZH = [p.strip() for p in (SAMPLES / "library-night.zh.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
TITLE, BODY = ZH[0], ZH[1:]


def cards(text, **options) -> dict:
    return {w.word: w for w in pipeline.choose([text], Options(**options)).cards}


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# A paragraph of the sample with glosses as Chinese news and textbooks write them: a word
# CC-CEDICT has (阅览室), a word it lacks (夜读区), one whose HSK words would split it (上班族).
GLOSSED = ("阅览室（reading room）在二楼，旁边新设了夜读区（night reading area）。"
           "其中大部分是刚下班的上班族(office workers)。")
GLOSSED_PLAIN = "阅览室在二楼，旁边新设了夜读区。其中大部分是刚下班的上班族。"


# ------------------------------------------------------------------------ inline glosses
@pytest.fixture(scope="module")
def glossed_page(tmp_path_factory):
    page = mk.news_page(TITLE, [BODY[0], GLOSSED, *BODY[2:]])
    text = inputs.read(write(tmp_path_factory.mktemp("page"), "page.html", page))
    return text, cards(text)


def test_page_glosses_leave_the_sentences(glossed_page):
    text, _ = glossed_page
    assert GLOSSED_PLAIN in text.zh
    assert not any(g in "".join(text.zh) for g in ("reading room", "office workers", "（", "("))
    assert [(g.word, g.meaning) for g in text.glosses] == [
        ("阅览室", "reading room"), ("夜读区", "night reading area"), ("上班族", "office workers")]


def test_page_gloss_comes_first_marked_as_the_articles(glossed_page):
    _, found = glossed_page
    w = found["阅览室"]
    assert w.senses[0] == "reading room" and w.sense_reason == "article" and w.given == "article"
    assert meaning_html(w).startswith("<span class=vd-sense>reading room</span> <i>(the article's gloss)</i>")
    assert w.senses == ("reading room",)  # CC-CEDICT's same sense is not said twice
    assert len(found["上班族"].senses) > 1  # CC-CEDICT's senses follow


def test_glossed_word_cc_cedict_lacks_is_a_whole_card(glossed_page):
    _, found = glossed_page
    w = found["夜读区"]
    assert not w.in_dictionary and w.senses == ("night reading area",)
    assert w.pinyin == "ye4 du2 qu1" and w.pinyin_marked == "yè dú qū"
    assert not {"夜读", "读区"} & found.keys()


def test_glossed_word_is_not_split_into_its_hsk_words(glossed_page):
    _, found = glossed_page
    assert found["上班族"].senses[0] == "office workers"
    assert "上班族" in [t.text for t in found["上班族"].sentence.tokens]


def test_default_filters_keep_glossed_words(glossed_page):
    """The command line's default deck (HSK 4+, a study deck) keeps the article's glossed words."""
    text, _ = glossed_page
    from vocabdeck.zh.select import filter_options

    options = filter_options(standard="2025", levels=None, min_count=1, min_zipf=None, max_zipf=None,
                             max_cards=None, coverage=None, names=False, cards=("recognition",))
    assert {"阅览室", "夜读区", "上班族"} <= {w.word for w in pipeline.choose([text], options).cards}


def test_glossed_name_stays_a_name():
    """A news article spelling out a foreign name is no vocabulary: the name is left out
    unless --names, and then its meaning is the article's spelling."""
    text = inputs.read("美国总统拜登（Joe Biden）周二访问了图书馆。" * 2)
    assert "拜登" not in cards(text)
    assert cards(text, names=True)["拜登"].senses[0] == "Joe Biden"


# --------------------------------------------------------------------- vocabulary list
VOCABULARY = """相关词汇
阅览室 yuèlǎnshì reading room
借书证 (jiè shū zhèng) - library card
上班族：office workers
4. 行人 xíngrén pedestrian
"""


@pytest.mark.parametrize("layout", ["lines", "blank lines", "markdown"])
def test_trailing_vocabulary_list(tmp_path, layout):
    vocab = VOCABULARY
    if layout == "blank lines":
        vocab = vocab.replace("\n", "\n\n")
    elif layout == "markdown":
        heading, *lines = vocab.splitlines()
        vocab = f"## {heading}\n" + "\n".join(f"- {line}" for line in lines)
    name = "article.md" if layout == "markdown" else "article.txt"
    article = f"# {TITLE}\n\n" if layout == "markdown" else f"{TITLE}\n\n"
    text = inputs.read(write(tmp_path, name, (article + "\n\n".join(BODY) + "\n\n" + vocab).encode()))
    assert text.zh == (TITLE, *BODY) and not text.en
    assert [(g.word, g.pinyin, g.meaning) for g in text.glosses] == [
        ("阅览室", "yuèlǎnshì", "reading room"), ("借书证", "jiè shū zhèng", "library card"),
        ("上班族", "", "office workers"), ("行人", "xíngrén", "pedestrian")]
    found = cards(text, levels=frozenset({6}))
    for word, meaning in [("阅览室", "reading room"), ("借书证", "library card"), ("行人", "pedestrian")]:
        assert found[word].senses[0] == meaning and found[word].sense_reason == "article"
    assert found["行人"].pinyin == "xing2 ren2" and found["行人"].pinyin_reason == "given"


@pytest.mark.parametrize("markup", [
    "<h3>相关词汇</h3><ul><li>阅览室 yuèlǎnshì reading room</li><li>上班族：office workers</li></ul>",
    "<p>生词</p><table><tr><td>阅览室</td><td>yuèlǎnshì</td><td>reading room</td></tr>"
    "<tr><td>上班族</td><td>shàngbānzú</td><td>office workers</td></tr></table>",
])
def test_saved_page_with_a_vocabulary_list(tmp_path, markup):
    page = mk.news_page(TITLE, BODY).replace(b'<div class="editor">', markup.encode() + b'<div class="editor">')
    text = inputs.read(write(tmp_path, "page.html", page))
    assert text.zh == (TITLE, *BODY) and not text.en
    assert [(g.word, g.meaning) for g in text.glosses] == [("阅览室", "reading room"), ("上班族", "office workers")]


def test_long_entries_a_reader_joined_are_still_entries():
    """A plain-text reader joins a long line to a next one that starts with a Han character
    (hard wrapping); the list's entries are still found one by one."""
    long = "阅览室 yuèlǎnshì a room in a library where people read quietly"
    text = inputs.read("\n\n".join(BODY) + f"\n\n生词\n{long}\n借书证 jièshūzhèng library card\n")
    assert text.zh == tuple(BODY)
    assert [g.word for g in text.glosses] == ["阅览室", "借书证"]


def test_a_paragraph_about_vocabulary_is_no_list():
    text = inputs.read("\n\n".join(BODY) + "\n\n词汇\n\n学生们每天学习新的词汇，读者可以借书。\n")
    assert not text.glosses and text.zh[-1] == "学生们每天学习新的词汇，读者可以借书。"


# -------------------------------------------------------------------------- word lists
WORD_LIST = """词语,拼音,意思
行,háng,"profession; line of business"
示范田,shìfàntián,
卫星,wei4 xing1,satellite
长大,zhàngdà,
图书馆,,
插秧,,to transplant rice seedlings
"""


@pytest.fixture(scope="module")
def word_list(tmp_path_factory):
    text = inputs.read(write(tmp_path_factory.mktemp("list"), "words.csv", WORD_LIST.encode()))
    return text, cards(text)


def test_word_list_cards_every_word_whole(word_list):
    _, found = word_list
    assert list(found) == ["行", "示范田", "卫星", "长大", "图书馆", "插秧"]
    assert all(w.given == "list" for w in found.values())


def test_given_pinyin_chooses_the_dictionary_reading(word_list):
    _, found = word_list
    w = found["行"]
    assert (w.pinyin, w.pinyin_marked, w.pinyin_reason) == ("hang2", "háng", "given")
    assert w.senses[0] == "profession; line of business" and w.sense_reason == "list"
    assert "to walk" not in w.senses  # xíng's senses belong to the other reading
    assert found["卫星"].pinyin_reason == "given" and found["卫星"].pinyin == "wei4 xing1"


def test_given_pinyin_none_of_the_dictionarys_is_used_and_flagged(word_list):
    _, found = word_list
    w = found["长大"]
    assert (w.pinyin, w.pinyin_marked, w.pinyin_reason) == ("zhang4 da4", "zhàng dà", "given, not in CC-CEDICT")
    assert w.senses == ("to grow up",)  # the senses of the word as read in context


def test_listed_word_cc_cedict_lacks(word_list):
    _, found = word_list
    w = found["示范田"]
    assert (w.pinyin, w.pinyin_reason) == ("shi4 fan4 tian2", "given, not in CC-CEDICT")
    assert w.senses == ("示范 (to demonstrate) + 田 (field)",)


def test_known_words_are_still_left_out(word_list):
    """A learner's own known words (--known) are the one filter a word list passes through:
    the learner asked for it, and a second note of a word they know is what it prevents."""
    text, _ = word_list
    selection = pipeline.choose([text], Options(known=frozenset({"卫星"})))
    assert "卫星" not in {w.word for w in selection.cards}
    assert ("卫星", "known") in {(w.word, reason) for w, reason in selection.left_out}


def test_words_json_says_what_was_given(tmp_path):
    from typer.testing import CliRunner

    from vocabdeck.cli import app

    path = write(tmp_path, "words.csv", WORD_LIST.encode())
    result = CliRunner().invoke(app, ["words", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = {r["word"]: r for r in json.loads(result.stdout[: result.stdout.rindex("]") + 1])}
    assert records["行"]["sense_reason"] == "list" and records["行"]["given"] == "list"
    assert records["行"]["definitions"][0] == "profession; line of business"
    assert records["长大"]["pinyin_reason"] == "given, not in CC-CEDICT"
    assert records["图书馆"]["pinyin_reason"] is None


# --------------------------------------------------------------------------- invariants
@pytest.mark.parametrize("written, count, expected", [
    ("wèixīng", 2, "wei4 xing1"),
    ("wei4 xing1", 2, "wei4 xing1"),
    ("guójiā gōngyuán", 4, "guo2 jia1 gong1 yuan2"),
    ("Xī'ān", 2, "xi1 an1"),
    ("lǜsè", 2, "lv4 se4"),
    ("weixing", 2, "wei5 xing5"),
    ("háng", 2, None),
])
def test_written_pinyin_in_numbers(written, count, expected):
    assert given.numbered(written, count) == expected


def test_without_given_words_nothing_changes():
    text = inputs.read("\n\n".join(BODY))
    assert given.collect([text], lambda s: None) is None
    pairs = pipeline.aligned(text)
    from vocabdeck.zh import segment

    assert given.segment(pairs, segment.segment, None) == segment.segment(pairs)


def test_tokens_join_back_with_given_words():
    text = inputs.read(GLOSSED + "读者在阅览室阅览室里读书。")
    chosen = given.collect([text], lambda s: None)
    from vocabdeck.zh import segment

    pairs = pipeline.aligned(text)
    for pair, tokens in zip(pairs, given.segment(pairs, segment.segment, chosen.whole)):
        assert "".join(t.text for t in tokens) == pair.zh
    assert [t.text for t in given.segment(pairs, segment.segment, chosen.whole)[-1]].count("阅览室") == 2


# --------------------------------------------------------------------------------- Anki
def test_deck_shows_the_given_meaning_in_anki(tmp_path):
    collection = pytest.importorskip("anki.collection")
    from test_anki_import import import_apkg, visible_text
    from vocabdeck.decks.write import write as write_deck

    text = inputs.read(write(tmp_path, "words.csv", WORD_LIST.encode()))
    selection = pipeline.choose([text], Options())
    out = tmp_path / "words.apkg"
    write_deck(selection.cards, out, deck_name="words")
    col = collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        assert import_apkg(col, out)[0] == 6
        note = col.get_note(col.find_notes("Simplified:行")[0])
        assert note["PinyinNumbered"] == "hang2"
        assert note["Meaning"].startswith("<span class=vd-sense>profession; line of business</span> <i>(word list)</i>")
        answer = visible_text(col.get_card(col.find_cards("Simplified:示范田")[0]).answer())
        assert "示范 (to demonstrate) + 田 (field)" in answer and "shì fàn tián" in answer
    finally:
        col.close()


def test_annotate_keeps_given_words_whole_as_the_cards_do():
    """annotate, the handout and the page segment as the cards do: the handout's glossary
    numbers a word by finding its token in the sentences."""
    text = inputs.read(GLOSSED)
    tokens = [t.text for batch in pipeline.annotated_text(text) for s in batch for t in s.tokens]
    assert {"阅览室", "夜读区", "上班族"} <= set(tokens)


def test_the_sentence_pinyin_follows_the_given_reading(word_list):
    from vocabdeck.decks.sentence_pinyin import sentence_pinyin

    _, found = word_list
    assert sentence_pinyin(found["行"], markup=False) == "háng"
    assert sentence_pinyin(found["长大"], markup=False) == "zhàngdà"


@pytest.mark.parametrize("sentence, kept, cut", [
    ("银行人员和行人都来了。", ["银行", "人员", "行人"], []),  # 行人 of 银行人员 is no 行人
    ("他们在示范田间插秧。", ["示范田"], ["田间"]),  # three characters: always whole
])
def test_a_two_character_given_word_never_cuts_a_word(sentence, kept, cut):
    text = Text(source="t", title="t", zh=(sentence,), glosses=(GivenWord("行人", "", "pedestrian"),
                                                               GivenWord("示范田", "", "demonstration field")))
    from vocabdeck.zh import segment

    chosen = given.collect([text], lambda s: None)
    tokens = [t.text for t in given.segment(pipeline.aligned(text), segment.segment, chosen.whole)[0]]
    assert all(w in tokens for w in kept) and not any(w in tokens for w in cut), tokens
