"""Hostile or odd text: markup and script in the article, invisible and bidi characters,
emoji, rare and compatibility ideographs, full-width Latin, huge lines, thousands of
paragraphs and bilingual pages whose layout does not match.

Every case either builds or fails with one line; none raises, none loses Chinese text, and
nothing from the article becomes live markup on a card or in the HTML handout.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vocabdeck.cli import app

runner = CliRunner()

HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Markup that would run or load something if it reached a card or the handout unescaped.
LIVE = re.compile(r"<\s*/?\s*(script|img|svg|iframe|object|embed|a)\b|<[^>]*\son\w+\s*=|<[^>]*javascript:", re.I)
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "<a href=\"javascript:alert(1)\">点击</a>",
)

# Three paragraphs in Chinese and English, each carrying markup; the first is the title.
HOSTILE = (
    "<script>alert(1)</script>图书馆的夜晚\n\n"
    "Students choose to study all night in the library <img src=x onerror=alert(1)>. They "
    "think a quiet environment helps them work efficiently <script>alert(2)</script>.\n\n"
    "越来越多的大学生选择在图书馆通宵学习<img src=x onerror=alert(1)>。他们认为安静的环境"
    "有助于提高效率<script>alert(2)</script>。\n\n"
    'Experts warn that staying up late harms health "><svg onload=alert(1)> and memory.\n\n'
    '专家提醒，长期熬夜会损害健康"><svg onload=alert(1)>，甚至影响记忆力。\n\n'
    'The school will adjust the opening hours <a href="javascript:alert(1)">here</a>.\n\n'
    '学校决定调整开放时间<a href="javascript:alert(1)">点击</a>，并增加自习室的座位。\n'
)


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def ok(result):
    assert not (result.exception and not isinstance(result.exception, SystemExit)), (
        f"uncaught {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    return result


def write(tmp_path: Path, text: str, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def words_json(path: Path, *options) -> list[dict]:
    return json.loads(ok(invoke("words", path, "--format", "json", "--levels", "all", *options)).stdout)


def annotate_jsonl(path: Path, *options) -> list[dict]:
    out = ok(invoke("annotate", path, *options)).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def notes_of(apkg: Path, tmp_path: Path) -> list[list[str]]:
    """The fields of every note in an .apkg, read from its SQLite collection."""
    with zipfile.ZipFile(apkg) as z:
        db = tmp_path / "collection.anki2"
        db.write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        return [flds.split("\x1f") for (flds,) in conn.execute("select flds from notes")]
    finally:
        conn.close()


def han_of_file(text: str) -> str:
    """The Han characters of the Chinese paragraphs of a test article."""
    return "".join(HAN.findall(text))


def check_annotation_keeps_text(records: list[dict]) -> None:
    for r in records:
        assert "".join(tok for tok, _ in r["tokens"]) == r["zh"]


# --------------------------------------------------------------------------- markup
def test_markup_in_the_article_is_escaped_on_every_card(tmp_path):
    article = write(tmp_path, HOSTILE)
    deck = tmp_path / "deck.apkg"
    ok(invoke("build", article, "-o", deck, "--levels", "all", "--cards", "recognition,recall"))
    notes = notes_of(deck, tmp_path)
    assert notes
    for fields in notes:
        for value in fields:
            assert not LIVE.search(value), value
    # The payload did reach the cards, as text.
    everything = "\x1f".join("\x1f".join(f) for f in notes)
    assert "&lt;script&gt;" in everything or "&lt;img" in everything or "&lt;svg" in everything


def test_markup_in_the_article_is_escaped_in_the_tsv_deck(tmp_path):
    article = write(tmp_path, HOSTILE)
    deck = tmp_path / "deck.tsv"
    ok(invoke("build", article, "-o", deck, "--levels", "all"))
    from vocabdeck.decks.notetype import FIELDS

    text = deck.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#"):
            continue  # header lines are read by Anki's importer, not rendered
        # The note fields; the tags, GUID and deck columns after them are not HTML.
        for value in line.split("\t")[: len(FIELDS)]:
            assert not LIVE.search(value), value
    assert "&lt;" in text


def test_markup_in_the_article_is_escaped_in_the_handout(tmp_path):
    article = write(tmp_path, HOSTILE)
    page = ok(invoke("annotate", article, "--format", "html")).stdout
    assert not LIVE.search(page)
    assert "&lt;script&gt;" in page  # the title and the text keep the markup, as text
    assert page.count("<h1>") == 1 and page.count("<title>") == 1


def test_markup_is_data_in_json(tmp_path):
    """JSON output is for programs: the text stays as written, nothing is dropped."""
    article = write(tmp_path, HOSTILE)
    records = words_json(article)
    assert records
    assert all(not LIVE.search(r["word"]) for r in records)
    for r in annotate_jsonl(article):
        assert HAN.search(r["zh"])
    check_annotation_keeps_text(annotate_jsonl(article))


# --------------------------------------------------------------------------- odd characters
def test_zero_width_and_bidi_characters_do_not_split_words(tmp_path):
    text = (
        "图书馆的夜晚\n\n"
        "越来越多的大学生选择在图书馆通\u200b宵学习。\u202e他们认为安静的环境有助于提高效\u2066率\u2069。\n\n"
        "专家提醒，长期熬\u200d夜会损\ufeff害健康，甚至影响记\u00ad忆力。\u200f\n"
    )
    article = write(tmp_path, text)
    words = [r["word"] for r in words_json(article)]
    assert {"通宵", "熬夜", "损害", "记忆力"} <= set(words)
    assert not any(INVISIBLE.search(w) for w in words)
    records = annotate_jsonl(article)
    check_annotation_keeps_text(records)
    # annotate keeps them, so positions in its output match the input's
    assert "\u200b" in "".join(r["zh"] for r in records)
    assert INVISIBLE.sub("", "".join(r["zh"] for r in records)).count("熬夜") == 1


def test_letters_and_digits_need_no_escaping():
    """decks/escape.py passes a token of letters and digits through unescaped: no such
    character may be an invisible one or one HTML escapes."""
    from vocabdeck.decks.escape import escape_token
    from vocabdeck.zh.script import INVISIBLE as HIDDEN

    odd = [chr(c) for c in range(0x10000) if HIDDEN.match(chr(c)) or chr(c) in "&<>\"'"]
    assert len(odd) > 20 and not any(ch.isalnum() for ch in odd)
    assert [escape_token(f"通{ch}宵") for ch in "\u200b<&"] == ["通宵", "通&lt;宵", "通&amp;宵"]


def test_terminal_control_sequences_do_not_reach_the_terminal(tmp_path):
    """ESC sequences (clear screen, set window title), BEL and NUL inside the article are
    not echoed by the text outputs meant for a terminal."""
    text = (
        "我们努力学习。\x1b[2J\x1b]0;pwned\x07他们认为安静的环境有助于提高效率。\x00\x01"
        "学校决定调整开放时间。\n"
    )
    article = write(tmp_path, text)
    for fmt in ("text", "tsv"):
        out = ok(invoke("align", article, "--format", fmt)).stdout
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), repr(out)
        assert "提高效率" in out
    ok(invoke("build", article, "-o", tmp_path / "deck.apkg", "--levels", "all"))


def test_emoji_never_become_or_break_cards(tmp_path):
    text = (
        "周末计划\n\n"
        "今天天气很好😀，我们去公园散步👍🏽。\n\n"
        "孩子们在草地上踢足球⚽，家长们在旁边聊天👨\u200d👩\u200d👧。🇨🇳国旗在风中飘扬。\n"
    )
    article = write(tmp_path, text)
    records = words_json(article)
    assert records
    for r in records:
        assert all(HAN.match(c) for c in r["word"]), r["word"]
    annotated = annotate_jsonl(article)
    check_annotation_keeps_text(annotated)
    assert "😀" in "".join(r["zh"] for r in annotated)


def test_rare_and_compatibility_ideographs(tmp_path):
    # 𠮷 (U+20BB7, extension B), 𪚥 (extension B), 豈 (U+F900, a compatibility ideograph),
    # ⼈ (U+2F08, a Kangxi radical), ㍿ (U+337F, squared 株式会社).
    text = "𠮷野家\n\n𠮷野家的牛肉饭很受欢迎，𪚥字很少见。豈有此理！⼈口增长很快。㍿公司发布了报告。\n"
    article = write(tmp_path, text)
    annotated = annotate_jsonl(article)
    check_annotation_keeps_text(annotated)
    joined = "".join(r["zh"] for r in annotated)
    for char in "𠮷𪚥豈⼈㍿":
        assert char in joined, f"{char} U+{ord(char):X} lost"
    for r in words_json(article):
        assert r["word"] and r["pinyin"] is not None
    ok(invoke("build", article, "-o", tmp_path / "deck.apkg", "--levels", "all"))


def test_full_width_latin_and_digits(tmp_path):
    text = (
        "新手机\n\n"
        "ＡＢＣ公司发布了新的ｉＰｈｏｎｅ应用程序，价格为１２３元。\n\n"
        "很多用户认为这个ＡＰＰ的设计非常复杂。\n"
    )
    article = write(tmp_path, text)
    records = words_json(article)
    assert records
    for r in records:
        assert not re.search("[Ａ-Ｚａ-ｚ０-９A-Za-z0-9]", r["word"]), r["word"]
    check_annotation_keeps_text(annotate_jsonl(article))


@pytest.mark.parametrize("english", [
    "İİİİİİİİİİİİ we study hard.",  # U+0130 lowercases to two characters
    "ǅ ǈ ǋ ǲ ﬁ ﬂ ß ẞ we study hard.",  # titlecase digraphs, ligatures, sharp s
])
@pytest.mark.parametrize("layout", ["bilingual", "two-files"])
def test_english_whose_lowercase_is_longer(english, layout, tmp_path):
    zh = "我们努力学习。"
    if layout == "bilingual":
        args = [write(tmp_path, f"{zh}\n\n{english}\n")]
    else:
        args = [write(tmp_path, zh + "\n", "zh.txt"), "--english", write(tmp_path, english + "\n", "en.txt")]
    out = ok(invoke("align", *args, "--format", "jsonl")).stdout
    pairs = [json.loads(line) for line in out.splitlines()]
    assert [p["zh"] for p in pairs] == [zh]
    assert "study" in pairs[0]["en"]


# --------------------------------------------------------------------------- size and shape
SENTENCES = [
    "越来越多的大学生选择在图书馆通宵学习。",
    "他们认为安静的环境有助于提高效率。",
    "专家提醒，长期熬夜会损害健康，甚至影响记忆力。",
    "学校已经决定调整开放时间，并增加自习室的座位。",
]


def test_a_line_of_100000_characters_with_sentences(tmp_path):
    line = "".join(SENTENCES[i % 4] for i in range(100_000 // 20))[:100_000]
    article = write(tmp_path, "标题\n\n" + line + "\n")
    records = words_json(article)
    assert "熬夜" in [r["word"] for r in records]
    # A card's sentence is one sentence, not the whole line.
    assert all(len(r["sentence_zh"]) < 200 for r in records)


def test_a_line_of_100000_characters_without_punctuation(tmp_path):
    line = ("长期熬夜会损害健康甚至影响记忆力" * 7000)[:100_000]
    article = write(tmp_path, line + "\n")
    records = words_json(article)
    assert "熬夜" in [r["word"] for r in records]
    annotated = annotate_jsonl(article)
    check_annotation_keeps_text(annotated)
    assert "".join(r["zh"] for r in annotated) == line


def test_a_line_of_100000_latin_characters_beside_chinese(tmp_path):
    noise = ("lorem ipsum dolor sit amet " * 4000)[:100_000]
    article = write(tmp_path, "".join(SENTENCES) + "\n\n" + noise + "\n")
    records = words_json(article)
    assert "熬夜" in [r["word"] for r in records]


def test_ten_thousand_paragraphs(tmp_path):
    pars = [f"第{i}段：" + SENTENCES[i % 4] for i in range(10_000)]
    article = write(tmp_path, "\n\n".join(pars) + "\n")
    out = ok(invoke("align", article, "--format", "jsonl")).stdout
    pairs = [json.loads(line) for line in out.splitlines()]
    assert max(p["paragraph"] for p in pairs) == 10_000
    assert "".join(HAN.findall("".join(p["zh"] for p in pairs))) == han_of_file("".join(pars))
    deck = tmp_path / "deck.apkg"
    ok(invoke("build", article, "-o", deck))
    assert notes_of(deck, tmp_path)


# --------------------------------------------------------------------------- layouts
MISMATCHED = [
    # Two Chinese paragraphs in a row, then English for only the second.
    (
        "图书馆的夜晚\n\n"
        "越来越多的大学生选择在图书馆通宵学习。\n\n"
        "专家提醒，长期熬夜会损害健康，甚至影响记忆力。\n\n"
        "Experts warn that staying up late harms health and even memory.\n"
    ),
    # An English paragraph with no partner between two pairs.
    (
        "More and more students study all night in the library.\n\n"
        "越来越多的大学生选择在图书馆通宵学习。\n\n"
        "Related reading: a list of libraries open at night, with maps and phone numbers.\n\n"
        "Experts warn that staying up late harms health and even memory.\n\n"
        "专家提醒，长期熬夜会损害健康，甚至影响记忆力。\n"
    ),
    # English first for one pair, Chinese first for the next, a lone English line at the end.
    (
        "Students study all night in the library.\n"
        "越来越多的大学生选择在图书馆通宵学习。\n"
        "专家提醒，长期熬夜会损害健康，甚至影响记忆力。\n"
        "Experts warn that staying up late harms health and even memory.\n"
        "Back to top\n"
    ),
    # Chinese and English in one paragraph.
    "越来越多的大学生选择在图书馆通宵学习。Students study all night in the library.\n",
]


@pytest.mark.parametrize("text", MISMATCHED, ids=["zh-zh-en", "lone-en", "mixed-order", "one-paragraph"])
def test_mismatched_bilingual_layouts_keep_every_chinese_sentence(text, tmp_path):
    article = write(tmp_path, text)
    out = ok(invoke("align", article, "--format", "jsonl")).stdout
    pairs = [json.loads(line) for line in out.splitlines()]
    chinese = "".join(HAN.findall(text))
    assert "".join(HAN.findall("".join(p["zh"] for p in pairs))) == chinese
    assert not any(HAN.search(p["en"]) for p in pairs)
    # The sentence about health gets the English about health, wherever it stood.
    health = [p for p in pairs if "熬夜" in p["zh"]]
    if "harms health" in text and "。Students" not in text:
        assert "health" in health[0]["en"]
    if "熬夜" in text:
        assert "熬夜" in [r["word"] for r in words_json(article)]


def test_separate_english_with_more_paragraphs_than_the_chinese(tmp_path):
    zh = write(tmp_path, "".join(SENTENCES[:2]) + "\n\n" + "".join(SENTENCES[2:]) + "\n", "zh.txt")
    en = write(
        tmp_path,
        "By a staff reporter\n\nMore and more students study all night in the library. They think "
        "quiet helps them work efficiently.\n\nPhoto: a reading room.\n\nExperts warn that staying up "
        "late harms health and even memory. The school will adjust its opening hours and add seats.\n\n"
        "Copyright 2024. All rights reserved.\n",
        "en.txt",
    )
    out = ok(invoke("align", zh, "--english", en, "--format", "jsonl")).stdout
    pairs = [json.loads(line) for line in out.splitlines()]
    assert "".join(p["zh"] for p in pairs) == "".join(SENTENCES)
    assert "health" in next(p["en"] for p in pairs if "熬夜" in p["zh"])


def test_copyright_line_is_not_a_translation(tmp_path):
    zh = write(tmp_path, "".join(SENTENCES) + "\n", "zh.txt")
    en = write(
        tmp_path,
        "More and more students study all night in the library. They think quiet helps them "
        "work efficiently. Experts warn that staying up late harms health and even memory. The "
        "school will adjust its opening hours and add seats.\n\nCopyright 2024. All rights reserved.\n",
        "en.txt",
    )
    out = ok(invoke("align", zh, "--english", en, "--format", "jsonl")).stdout
    pairs = [json.loads(line) for line in out.splitlines()]
    assert not any("Copyright" in p["en"] or "rights reserved" in p["en"] for p in pairs)


# --------------------------------------------------------------------------- file names
@pytest.mark.parametrize("name", ["..txt", "...txt", ".hidden.txt", "<b>.txt", "a b\u202e.txt", "图书馆 夜晚.txt"])
def test_odd_article_names_write_one_deck_inside_decks(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decks").mkdir()
    write(tmp_path, "".join(SENTENCES) + "\n", name)
    ok(invoke("build", name))
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != name]
    assert len(written) == 1, written
    deck = written[0]
    assert deck.parent == tmp_path / "decks" and deck.suffix == ".apkg"
    assert not deck.name.startswith(".") and deck.stem
    assert all(unicodedata.category(c) not in ("Cc", "Cf") for c in deck.name)
