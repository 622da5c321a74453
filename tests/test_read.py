"""Reading articles: layouts, page debris, encodings, cleaning, and errors a user can fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from vocabdeck.errors import OptionError, VocabdeckError
from vocabdeck.inputs.plaintext import read_pair, read_text

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DEBRIS = ("Source", "Editor", "Time", "Related News", "back", "China Military Online", "Li Jiayao")


def test_seed_bilingual_page(shared):
    t = read_text(shared / "seeds" / "japan-us-alliance.bilingual.txt")
    assert t.paired and len(t.zh) == len(t.en) == 9
    assert t.title == "日本谋求日美对等同盟关系难如愿"
    assert t.en[0].startswith("Japan's pursuit") and t.zh[1] == "王恒文" and t.en[1] == "By Wang Hengwen"
    assert all(e for e in t.en)
    for e in t.en:
        assert e not in DEBRIS and not e.startswith("2024-")
    assert not any(z in ("来源", "返回") for z in t.zh)


def test_seed_two_files(shared):
    s = shared / "seeds"
    t = read_pair(s / "japan-us-alliance.zh.txt", s / "japan-us-alliance.en.txt")
    assert not t.paired and len(t.zh) == 8 and len(t.en) == 8
    assert t.en[0] == "By Wang Hengwen" and t.title == t.zh[0]


def test_sample_article():
    t = read_text(SAMPLES / "library-night.txt")
    assert t.paired and t.title == "市图书馆开设夜间阅览室"
    assert 8 <= len(t.zh) <= 10 and all(t.en)
    assert not any(x in t.en for x in ("Source", "Riverside Daily", "Chen Xiaoyu", "Related News", "back"))
    pair = read_pair(SAMPLES / "library-night.zh.txt", SAMPLES / "library-night.en.txt")
    assert set(pair.zh) <= set(t.zh)


def write(tmp_path, text, name="a.txt", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_chinese_before_english_and_unpaired_paragraphs(tmp_path):
    text = ("我们今天去图书馆看书。\n\nWe went to the library to read today.\n\n"
            "图书馆很安静。\n\n"  # no English
            "这里有很多新书，孩子们很喜欢。\n\nThere are many new books here, and children love them.\n\n"
            "Photo: a reader at the library\n\n"  # English with no Chinese
            "晚上十点关门。\n\nIt closes at ten at night.\n")
    t = read_text(write(tmp_path, text))
    assert t.zh == ("我们今天去图书馆看书。", "图书馆很安静。", "这里有很多新书，孩子们很喜欢。", "晚上十点关门。")
    assert t.en == ("We went to the library to read today.", "",
                    "There are many new books here, and children love them.", "It closes at ten at night.")


def test_chinese_only_file(tmp_path):
    t = read_text(write(tmp_path, "北京下雪了\n\n今天北京下了第一场雪。孩子们都很高兴。\n"))
    assert t.en == () and not t.paired and t.title == "北京下雪了"
    assert t.zh == ("北京下雪了", "今天北京下了第一场雪。孩子们都很高兴。")


@pytest.mark.parametrize("name, title", [("snow.txt", "snow"), ("snow.zh.txt", "snow"), (".hidden.txt", "hidden"),
                                         ("..txt", "txt"), ("v1.2 notes.txt", "v1.2 notes")])
def test_title_falls_back_to_file_stem(tmp_path, name, title):
    t = read_text(write(tmp_path, "今天北京下了第一场雪。孩子们都很高兴。", name=name))
    assert t.title == title


def test_cleaning(tmp_path):
    raw = "\ufeff第一段\u200b文字，有B-29和“引号”。\r\n\r\n第二段\u202e文字。\r第三行\u00a0文字。"
    t = read_text(write(tmp_path, raw))
    # Invisible characters stay (every character of the input is accounted for in the
    # output); line endings, the byte order mark and odd spaces are normalised.
    assert t.zh == ("第一段\u200b文字，有B-29和“引号”。", "第二段\u202e文字。", "第三行 文字。")


def test_control_characters_and_escapes_are_dropped(tmp_path):
    t = read_text(write(tmp_path, "我们努力学习。\x1b[2J\x1b]0;title\x07他们\x00\x01很忙。\x1b[31m红色\x1b[0m。"))
    assert t.zh == ("我们努力学习。他们很忙。红色。",)


def test_hard_wrapped_paragraph_is_joined(tmp_path):
    text = ("今天北京下了今年的第一场雪，很多市民一早就来到公园里拍照，孩子们在雪地里\n"
            "堆雪人、打雪仗，玩得非常开心。\n\n第二段。\n")
    t = read_text(write(tmp_path, text))
    assert t.zh[0].endswith("堆雪人、打雪仗，玩得非常开心。") and len(t.zh) == 2


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk", "big5"])
def test_encodings(tmp_path, encoding):
    zh = "圖書館開設夜間閱覽室，讀者可以借書。" if encoding == "big5" else "图书馆开设夜间阅览室，读者可以借书。"
    p = write(tmp_path, f"{zh}\n\nThe library opens a night reading room.\n", encoding=encoding)
    t = read_text(p)
    assert t.zh == (zh,) and t.en == ("The library opens a night reading room.",)


def test_utf8_with_a_damaged_byte(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("图书馆开设夜间阅览室。读者可以借书。".encode() + b"\xff" + "晚上开放。".encode())
    assert read_text(p).zh == ("图书馆开设夜间阅览室。读者可以借书。\ufffd晚上开放。",)


@pytest.mark.parametrize("encoding", ["big5", "gb18030"])
def test_two_word_legacy_files(tmp_path, encoding):
    """Too short for statistics: the decoding whose characters are everyday ones wins."""
    p = write(tmp_path, "熬夜\n通宵\n", encoding=encoding)
    assert read_text(p).zh == ("熬夜", "通宵")


def test_explicit_encoding(tmp_path):
    p = write(tmp_path, "图书馆开设夜间阅览室。", encoding="gb18030")
    assert read_text(p, encoding="gb18030").zh == ("图书馆开设夜间阅览室。",)
    with pytest.raises(OptionError, match="^encoding no-such-codec: unknown encoding") as err:
        read_text(p, encoding="no-such-codec")
    assert (err.value.option, err.value.value) == ("encoding", "no-such-codec")
    with pytest.raises(VocabdeckError, match="as encoding utf-8"):
        read_text(p, encoding="utf-8")


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"", "is empty"),
    (b" \n\t\n", "is empty"),
    (b"Only English here, nothing else.", "no Chinese text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "PNG image"),
])
def test_errors_name_the_file(tmp_path, content, message):
    p = tmp_path / "article.txt"
    if content is not None:
        p.write_bytes(content)
    with pytest.raises(VocabdeckError, match=message) as e:
        read_text(p)
    assert str(p) in str(e.value) and "\n" not in str(e.value)


def test_directory_and_english_file_errors(tmp_path):
    with pytest.raises(VocabdeckError, match="directory"):
        read_text(tmp_path)
    zh = write(tmp_path, "图书馆开设夜间阅览室。", name="zh.txt")
    en = write(tmp_path, "图书馆。", name="en.txt")
    with pytest.raises(VocabdeckError, match="no English text"):
        read_pair(zh, en)


def test_long_line(tmp_path):
    line = "图书馆开设夜间阅览室，" * 10000 + "。"
    t = read_text(write(tmp_path, line))
    assert len(t.zh) == 1 and len(t.zh[0]) == len(line)


def test_a_text_that_mentions_page_words_in_its_sentences_loses_nothing():
    """Two or more sentences that mention 广告 or 首页 do not make a text a page copied from a
    browser: every sentence stays, the short ones before the first long one too."""
    from vocabdeck.inputs.paragraphs import without_chrome

    pars = ["1990年9月15日，发现了此天体。", "他回到了星球。",
            "这家公司去年在电视上投放了大量的宣传材料，销售额比前年增长了三成以上。",
            "楼的外观已被广告牌遮盖。", "网站首页改了。",
            "用户的评价越来越好，网站的访问量也在这一年里稳步上升，大家都很满意。", "大家都很满意。"]
    assert without_chrome(pars) == pars
    page = ["首页 新闻 体育 登录 注册", *pars, "相关新闻", "版权所有 ©2024 新华网"]
    assert without_chrome(page) == pars
