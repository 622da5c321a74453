"""Readings in context: labelled cases (tests/data/readings.json), invariants, the seed
article's gold readings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vocabdeck.readings import annotate

CASES = json.loads((Path(__file__).parent / "data" / "readings.json").read_text("utf-8"))
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
SYLLABLE = re.compile(r"[a-z]+[1-5]")


def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        yield pytest.param(case, marks=marks, id="".join(case["tokens"])[:24])


@pytest.fixture(scope="module")
def labelled():
    """All labelled sentences annotated in one call, as the pipeline does per article."""
    return dict(zip(("".join(c["tokens"]) for c in CASES), annotate([c["tokens"] for c in CASES])))


@pytest.mark.parametrize("case", list(_params()))
def test_labelled_reading(case, labelled):
    got = labelled["".join(case["tokens"])]
    for word, want in case["expect"].items():
        for token, reading in zip(case["tokens"], got):
            if token == word:
                assert reading == want, f"{word} in {''.join(case['tokens'])}"


def _check_shape(tokens, readings):
    assert len(readings) == len(tokens)
    for token, reading in zip(tokens, readings):
        hans = HAN.findall(token)
        if not hans:
            assert reading == ""
        else:
            sylls = reading.split(" ")
            assert len(sylls) == len(hans), token
            assert all(SYLLABLE.fullmatch(s) for s in sylls), reading


def test_one_syllable_per_han_character():
    sents = [c["tokens"] for c in CASES] + [["A股", "在", "9月", "上涨", "3.5%", "。"], ["𠀾", "㐀"]]
    for tokens, readings in zip(sents, annotate(sents)):
        _check_shape(tokens, readings)


def test_tokens_without_han_get_empty_reading():
    assert annotate([["2024", " ", "NATO", "，", "。"]]) == [["", "", "", "", ""]]
    assert annotate([]) == []
    assert annotate([[]]) == [[]]


def test_mixed_token_reads_its_han_only():
    assert annotate([["9月", "15日"]]) == [["yue4", "ri4"]]


def test_deterministic_and_independent_of_batch():
    one = [["他", "还", "没有", "来", "。"]]
    other = [["银行", "在", "行走"], ["孩子", "长大", "了"]]
    alone = annotate(one)
    assert annotate(one) == alone
    assert annotate(other + one)[-1] == alone[0]


def test_same_character_read_two_ways():
    got = annotate([["他", "在", "银行", "工作"], ["人们", "在", "街上", "行走"],
                    ["孩子", "长大", "了"], ["河", "的", "长度"]])
    assert got[0][2] == "yin2 hang2"
    assert got[1][3] == "xing2 zou3"
    assert got[2][1] == "zhang3 da4"
    assert got[3][2] == "chang2 du4"


def test_unknown_compound_uses_its_words():
    # jieba keeps 国家银行 whole; CC-CEDICT knows 国家 and 银行.
    assert annotate([["比利时", "国家银行"]])[0][1] == "guo2 jia1 yin2 hang2"


def test_seed_article_gold_readings(shared):
    import jieba

    jieba.setLogLevel(60)
    gold = json.loads((shared / "seeds" / "japan-us-alliance.gold.json").read_text("utf-8"))
    tokens = [jieba.lcut(s["zh"]) for s in gold["sentences"]]
    wrong = []
    for toks, reads in zip(tokens, annotate(tokens)):
        for tok, reading in zip(toks, reads):
            want = gold["readings"].get(tok)
            if want is not None and reading != want:
                wrong.append(f"{tok}: {reading} (want {want})")
    assert not wrong
