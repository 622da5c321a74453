"""Word selection: level specs, filter order, ranking. Pure functions, hand-made words."""

from __future__ import annotations

import pytest

from vocabdeck.errors import OptionError
from vocabdeck.model import ALL_LEVELS, Options, Sentence, SentencePair, Token, Word
from vocabdeck.zh.select import check_options, parse_levels, select

LEVEL_SPECS = [
    ("all", ALL_LEVELS, True),
    ("4-6", {4, 5, 6}, False),
    ("5+", {5, 6, 7}, True),
    ("7-9", {7}, False),
    ("3,5", {3, 5}, False),
    ("4-6,unlisted", {4, 5, 6}, True),
    ("unlisted", set(), True),
    ("1-9", ALL_LEVELS, False),
    ("6", {6}, False),
]


@pytest.mark.parametrize("spec,levels,unlisted", LEVEL_SPECS)
def test_parse_levels(spec, levels, unlisted):
    assert parse_levels(spec) == (frozenset(levels), unlisted)


@pytest.mark.parametrize("spec", ["", "x", "6-4", "0-3", "4--6", "10", "hsk5"])
def test_malformed_levels_name_the_option(spec):
    with pytest.raises(OptionError, match="^levels[ :]") as err:
        parse_levels(spec)
    assert err.value.option == "levels"


def test_min_zipf_above_max_zipf_is_refused():
    with pytest.raises(OptionError, match=r"^min_zipf \(5\) is above max_zipf") as err:
        check_options(Options(min_zipf=5, max_zipf=3))
    assert (err.value.option, err.value.value) == ("min_zipf", 5)


def word(text, level=None, count=1, zipf=3.0, name=False, found=True):
    pair = SentencePair(1, text)
    return Word(
        word=text, traditional=text, pinyin="", pinyin_marked="", senses=("x",), classifiers=(),
        hsk_level=level, zipf=zipf, count=count, sentence=Sentence(pair, (Token(text),)),
        token_index=0, is_name=name, in_dictionary=found,
    )


def test_each_word_left_out_for_its_first_reason():
    words = [
        word("甲", found=False), word("乙", name=True, level=5), word("丙", level=5),
        word("丁", level=2), word("戊", level=5, count=1), word("己", level=6, zipf=6.5),
        word("庚", level=None), word("辛", level=7, count=3),
    ]
    options = Options(levels=frozenset({4, 5, 6, 7}), unlisted=False, known=frozenset({"丙"}), max_zipf=6.0)
    chosen = select(words, options)
    reasons = {w.word: r for w, r in chosen.left_out}
    assert reasons == {"甲": "no dictionary entry", "乙": "name", "丙": "known", "丁": "level",
                       "己": "frequency", "庚": "level"}
    assert [w.word for w in chosen.cards] == ["戊", "辛"]
    assert chosen.names == ("乙",)


def test_every_word_is_either_a_card_or_left_out_once():
    words = [word(c, level=lv) for c, lv in zip("一二三四五六七八", [1, 2, 3, 4, 5, 6, 7, None])]
    chosen = select(words, Options())
    accounted = [w.word for w in chosen.cards] + [w.word for w, _ in chosen.left_out]
    assert sorted(accounted) == sorted(w.word for w in words)
    assert [w.word for w in chosen.cards] == ["四", "五", "六", "七", "八"]


def test_max_cards_keeps_best_ranked_in_article_order():
    # usefulness: log2(count) (not for a character no sentence confirmed) + Zipf / 2
    words = [word("甲乙", count=1, zipf=2), word("乙丙", count=3), word("丙丁", count=1, zipf=4),
             word("丁", count=8, zipf=5)]
    chosen = select(words, Options(levels=ALL_LEVELS, max_cards=2))  # 1.0, 3.08, 2.0, 2.5
    assert [w.word for w in chosen.cards] == ["乙丙", "丁"]
    assert {w.word for w, r in chosen.left_out if r == "max cards"} == {"甲乙", "丙丁"}


RANKING_CASES = [
    # (label, words in article order, max cards, cards expected)
    ("a piece of an unknown term repeated 20 times does not beat a common word",
     [word("宝", count=20, zipf=None), word("准备", count=1, zipf=4.5)], 1, ["准备"]),
    ("a single character no sentence confirmed cannot climb on its count",
     [word("帕", count=7, zipf=4.0), word("防务", count=1, zipf=4.2)], 1, ["防务"]),
    ("a term no frequency list knows cannot climb on its count",
     [word("偷逃税款", count=200, zipf=None), word("保护", count=1, zipf=4.2)], 1, ["保护"]),
    ("a topic word met 8 times beats a slightly more common word met once",
     [word("藏羚羊", count=8, zipf=2.5), word("迁徙", count=1, zipf=3.5)], 1, ["藏羚羊"]),
    ("names come after words, however often they occur",
     [word("傅昆宝", count=13, zipf=None, name=True, found=False), word("转移", count=1, zipf=4.4)], 1, ["转移"]),
]


@pytest.mark.parametrize("label,words,n,expected", RANKING_CASES, ids=[c[0][:40] for c in RANKING_CASES])
def test_max_cards_ranking_cannot_be_gamed(label, words, n, expected):
    chosen = select(words, Options(levels=ALL_LEVELS, max_cards=n, names=True))
    assert [w.word for w in chosen.cards] == expected, label


def test_ranking_invariants():
    """More occurrences or a more common word never rank lower, all else equal."""
    from vocabdeck.zh.select import usefulness

    for text in ("字", "词语"):
        for zipf in (None, 1.0, 3.0, 5.5):
            counts = [usefulness(word(text, count=c, zipf=zipf)) for c in range(1, 40)]
            assert counts == sorted(counts)
        zipfs = [usefulness(word(text, count=3, zipf=z)) for z in (0.5, 1, 2, 3, 4, 5, 6, 7)]
        assert zipfs == sorted(zipfs)
    # repetition counts for a word whose frequency is known and whose sense is shown
    assert usefulness(word("词语", count=8, zipf=3)) > usefulness(word("词语", count=1, zipf=3))


def test_names_kept_with_the_names_option():
    chosen = select([word("石破茂", name=True)], Options(names=True))
    assert [w.word for w in chosen.cards] == ["石破茂"]


def test_names_no_dictionary_knows_kept_with_the_names_option():
    names = [word("傅昆宝", name=True, found=False), word("王恒文", name=True, found=False)]
    assert [w.word for w in select(names, Options(names=True)).cards] == ["傅昆宝", "王恒文"]
    chosen = select(names, Options())
    assert {r for _, r in chosen.left_out} == {"name"} and chosen.names == ("傅昆宝", "王恒文")


def test_everyday_word_on_no_list_counts_as_level_one():
    common, rare = word("看到", level=None, zipf=5.3), word("镜花水月", level=None, zipf=1.9)
    chosen = select([common, rare], Options())  # default: 4 and above plus unlisted
    assert [w.word for w in chosen.cards] == ["镜花水月"]
    assert select([common, rare], Options(levels=ALL_LEVELS)).cards == (common, rare)
