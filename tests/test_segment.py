"""Segmentation: labelled cases, the seed article's gold names and debris, invariants,
and identity with jieba on the same merged dictionary."""

from __future__ import annotations

import json
import re
import sqlite3
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vocabdeck.model import NAME, NUMBER, OTHER, WORD, SentencePair
from vocabdeck.zh.segment import cut, segment

DATA = json.loads((Path(__file__).parent / "data" / "segmentation.json").read_text("utf-8"))
KINDS = {WORD, NAME, NUMBER, OTHER}


def _case_params():
    for i, case in enumerate(DATA["cases"]):
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        yield pytest.param(case, id=f"{i}-{case['zh'][:8]}", marks=marks)


@pytest.mark.parametrize("case", list(_case_params()))
def test_labelled_case(case):
    (tokens,) = segment([SentencePair(1, case["zh"], case["en"])])
    kinds = {}
    for t in tokens:
        kinds.setdefault(t.text, set()).add(t.kind)
    for text, kind in case.get("expect", {}).items():
        assert kinds.get(text) == {kind}, (text, [(t.text, t.kind) for t in tokens])
    for text in case.get("not_word", []):
        assert WORD not in kinds.get(text, set()), text


def _seed_pairs(shared: Path) -> list[SentencePair]:
    gold = json.loads((shared / "seeds" / "japan-us-alliance.gold.json").read_text("utf-8"))
    return [SentencePair(1, s["zh"], " ".join(s["en"])) for s in gold["sentences"]], gold


def test_seed_names_and_debris(shared):
    pairs, gold = _seed_pairs(shared)
    kinds: dict[str, set[str]] = {}
    for tokens in segment(pairs):
        for t in tokens:
            kinds.setdefault(t.text, set()).add(t.kind)
    for text in gold["not_cards"]:
        assert WORD not in kinds.get(text, set()), text
    for name in gold["names"]:
        assert kinds.get(name) == {NAME}, name


def test_seed_tokens_join_back(shared):
    pairs, _ = _seed_pairs(shared)
    for pair, tokens in zip(pairs, segment(pairs)):
        assert "".join(t.text for t in tokens) == pair.zh
        assert all(t.kind in KINDS and t.text and t.reading == "" for t in tokens)


def test_words_are_cedict_headwords(shared):
    from vocabdeck.data.cedict import headwords

    pairs, _ = _seed_pairs(shared)
    hw = headwords()
    for tokens in segment(pairs):
        for t in tokens:
            if t.kind == WORD:
                assert t.text in hw, t.text
            if t.kind != OTHER:
                assert re.search("[\u4e00-\u9fff]", t.text), t.text


_CHINESE = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("日本美国的了是在小野寺五典石破茂一两个近半月年,。“”、 \n\t0123456789abcAB-.")),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(zh=st.one_of(_CHINESE, st.text(max_size=30)), en=st.text(max_size=30))
def test_any_text_joins_back_deterministically(zh, en):
    pair = SentencePair(1, zh, en)
    first = segment([pair])[0]
    assert "".join(t.text for t in first) == zh
    assert all(t.text and t.kind in KINDS for t in first)
    assert segment([pair])[0] == first
    assert "".join(cut(zh)) == zh


@lru_cache(maxsize=None)
def _full_tokenizer():
    """A jieba.Tokenizer holding the whole merged dictionary, as jieba itself would."""
    from vocabdeck.zh.jiebadict import database, import_jieba

    jieba = import_jieba()
    con = sqlite3.connect(database())
    tok = jieba.Tokenizer()
    tok.FREQ = dict(con.execute("SELECT w, f FROM words"))
    tok.total = int(con.execute("SELECT v FROM meta WHERE k = 'total'").fetchone()[0])
    tok.initialized = True
    con.close()
    return tok


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.one_of(
    st.sampled_from(list("中华人民共和国长江大桥银行行长發電機組的了是")),
    st.sampled_from(list("Ｔ恤 0123456789.%-abc\n，。")),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2000F),
), max_size=25))
def test_prepare_fetches_exactly_the_entries_a_block_reaches(text):
    """prepare() asks the database only for fragments whose key may be an entry's: it must
    still fetch every entry that starts in a block and whose prefixes are all entries."""
    from vocabdeck.zh.jiebadict import _BLOCK, Segmenter, database

    seg = Segmenter(database())
    seg.prepare(text)
    con = sqlite3.connect(database())
    padded = text + "\n"
    expected = set()
    for block in _BLOCK.finditer(padded):
        for i in range(*block.span()):
            for j in range(i + 1, len(padded) + 1):
                if not con.execute("SELECT 1 FROM words WHERE w = ?", (padded[i:j],)).fetchone():
                    break
                expected.add(padded[i:j])
    con.close()
    assert set(seg.freq) == expected


def test_block_characters_as_an_array_match_the_pattern():
    """prepare() finds block characters with numpy; the regular expression decides."""
    import numpy as np

    from vocabdeck.zh.jiebadict import _BLOCK, in_block

    codes = np.array([*range(0x10000), *range(0x1F600, 0x1F610), *range(0x20000, 0x20010)], np.uint32)
    expected = np.array([bool(_BLOCK.match(chr(c))) for c in codes.tolist()])
    assert (in_block(np, codes) == expected).all()


VARIED = [
    "我们在北京大学学习中文,他说:“今天天气很好!”",
    "iPhone 15 Pro的价格是7999元,比去年贵了10%。",
    "中华人民共和国成立于1949年10月1日。",
    "长江大桥上的长官说长大以后要当银行行长。",
    "ＡＢＣ全角字符和\u3000全角空格,还有emoji😀与繁體字混合。",
    "",
]


def test_identity_with_jieba_on_varied_text():
    full = _full_tokenizer()
    for text in VARIED:
        assert cut(text) == full.lcut(text), text


# Text that makes jieba's path search tie: traditional characters (CC-CEDICT's traditional
# headwords all have frequency 1 in the merged dictionary), rare characters the HMM has
# never seen, numbers with decimals and percent signs, whitespace and line breaks.
_TIES = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("舊區教發電機組護衛隊雙邊貿易額受暖溼羣衆喫飯未註明麪包的了是")),
        st.sampled_from(list("鑜鈸漾邊軌域並行鐵菱角平局朋四友")),
        st.sampled_from(list("0123456789.%-+#&_ abcXYZ\r\n\t　，。１０％")),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(text=_TIES)
def test_identity_with_jieba_where_paths_tie(text):
    """The segmenter computes jieba's path itself: the same words, ties broken alike."""
    assert cut(text) == _full_tokenizer().lcut(text)


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(_TIES, max_size=6))
def test_cutting_many_texts_at_once_cuts_each_alone(texts):
    """cut_many searches the paths of texts joined with newlines: each text is still cut as
    jieba cuts it alone, even one that ends in "\\r" or starts with "\\n"."""
    from vocabdeck.zh.jiebadict import Segmenter, database

    assert Segmenter(database()).cut_many(texts) == [_full_tokenizer().lcut(t) for t in texts]


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(_TIES, max_size=6))
def test_long_blocks_are_cut_as_jieba_cuts_them(texts):
    """Blocks longer than LONG_BLOCK are searched a character at a time: with a bound of 5
    characters, short and long blocks meet in one batch and each is still cut as jieba does."""
    from unittest import mock

    from vocabdeck.zh import jiebapath
    from vocabdeck.zh.jiebadict import Segmenter, database

    with mock.patch.object(jiebapath, "LONG_BLOCK", 5):
        assert Segmenter(database()).cut_many(texts) == [_full_tokenizer().lcut(t) for t in texts]


def test_identity_with_jieba_on_traditional_text():
    full = _full_tokenizer()
    for text in ["發電機組的護衛隊雙邊貿易額", "舊教區未註明受暖溼的麪包", "羣衆喫飯，價格上漲了３.５％。"]:
        assert cut(text) == full.lcut(text), text


def test_identity_with_jieba_on_seed_and_benchmark(shared):
    full = _full_tokenizer()
    pairs, _ = _seed_pairs(shared)
    lines = [p.zh for p in pairs]
    dev = (shared / "eval" / "cpp-dev" / "dev.sent").read_text("utf-8").replace("\u2581", "")
    lines += dev.splitlines()[:2000]
    for line in lines:
        assert cut(line) == full.lcut(line), line
    article = "\n".join(lines[:300])
    assert cut(article) == full.lcut(article)


@settings(max_examples=100, deadline=None)
@given(word=st.text(alphabet=st.sampled_from(list("偷逃税款约公安部门管理局长江源严阵以待发电机组万千瓦")),
                    min_size=2, max_size=8))
def test_resplit_gives_dictionary_words_that_join_back(word):
    """A piece CC-CEDICT lacks is cut into CC-CEDICT words and single characters only,
    never given back whole, and the parts join back to it."""
    from vocabdeck.zh.jiebadict import CEDICT, Segmenter, database
    from vocabdeck.zh.segment import _resplit

    seg = Segmenter(database())
    seg.prepare(word)
    parts = _resplit(seg, word)
    assert "".join(parts) == word
    assert len(parts) > 1
    assert all(len(p) == 1 or seg.flags(p) & CEDICT for p in parts)


def test_two_everyday_characters_lose_the_tie():
    """到了, 中的, 都会 (no HSK 1-6 words) are in the merged dictionary less probable than
    their two characters in a row, so the characters win where nothing else decides."""
    from math import exp

    from vocabdeck.zh.jiebadict import Segmenter, database

    seg = Segmenter(database())
    seg.prepare("到了中的都会")
    total = exp(seg.logtotal)
    for w in ("到了", "中的", "都会"):
        assert 0 < seg.freq[w] * total < seg.freq[w[0]] * seg.freq[w[1]], w
