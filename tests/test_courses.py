"""A course: several articles, each with its own English translation (a file named like
its article with .en, or ZH=EN), one subdeck each, in the order they were given."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vocabdeck.cli import app
from vocabdeck.errors import UsageError
from vocabdeck.inputs.course import Lesson, lessons

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
WMT_DOCS = ("14", "02", "04")  # given in this order; their titles sort otherwise


def build(*args: str):
    return CliRunner().invoke(app, ["build", *args])


def one_error_line(result, code: int) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vocabdeck: error:"), result.stderr
    return lines[0]


# ------------------------------------------------------------------ pairing by name
def touch(folder: Path, *names: str) -> list[Path]:
    for name in names:
        (folder / name).write_text("x", encoding="utf-8")
    return [folder / name for name in names]


PAIRINGS = [
    pytest.param(["l1.zh.txt", "l1.en.txt", "l2.zh.txt", "l2.en.txt"],
                 [("l1.zh.txt", "l1.en.txt"), ("l2.zh.txt", "l2.en.txt")], id="zh-and-en-tags"),
    pytest.param(["l2.en.txt", "l1.txt", "l2.txt", "l1.en.txt"],
                 [("l1.txt", "l1.en.txt"), ("l2.txt", "l2.en.txt")], id="untagged-article-english-first"),
    pytest.param(["ep1.zh.srt", "ep1.en.srt", "ep2.chs.srt"],
                 [("ep1.zh.srt", "ep1.en.srt"), ("ep2.chs.srt", None)], id="subtitles-one-untranslated"),
    pytest.param(["a.zh.docx", "a.en.txt", "b.md"], [("a.zh.docx", "a.en.txt"), ("b.md", None)],
                 id="other-extension"),
    pytest.param(["one.txt", "two.txt"], [("one.txt", None), ("two.txt", None)], id="no-english"),
    pytest.param(["lesson.en.txt"], [("lesson.en.txt", None)], id="one-file-is-an-article"),
    pytest.param(["l1.zh.txt", "l1.en.txt"], [("l1.zh.txt", "l1.en.txt")], id="one-article-and-its-english"),
]


@pytest.mark.parametrize("names, expected", PAIRINGS)
def test_english_files_join_their_articles(tmp_path, names, expected):
    got = lessons(touch(tmp_path, *names))
    assert [(lesson.path.name, lesson.english and lesson.english.name) for lesson in got] == expected


AMBIGUOUS = [
    pytest.param(["l1.txt", "l1.zh.txt", "l1.en.txt"], "which article", id="two-articles-one-english"),
    pytest.param(["l1.txt", "l1.en.txt", "l1.en.md"], "two English translations", id="two-englishes"),
    pytest.param(["l1.txt", "l2.en.txt"], "no article named l2.txt", id="english-without-article"),
]


@pytest.mark.parametrize("names, says", AMBIGUOUS)
def test_ambiguous_pairings_are_usage_errors(tmp_path, names, says):
    with pytest.raises(UsageError, match=says):
        lessons(touch(tmp_path, *names))


def test_explicit_pairs_take_any_names(tmp_path):
    a, b, c = touch(tmp_path, "第一课.txt", "translation one.txt", "b=c.txt")
    got = lessons([Path(f"{a}={b}"), c])
    assert got == [Lesson(a, b), Lesson(c)]  # a file named with "=" is a file
    with pytest.raises(UsageError, match="ZH=EN"):
        lessons([Path(f"{a}=")])


# ------------------------------------------------------------------ a course from WMT21
@pytest.fixture
def wmt_course(shared, tmp_path) -> list[tuple[Path, Path]]:
    """Three lessons, each a Chinese file and its English file (different paragraphing)."""
    out = []
    for n, doc in enumerate(WMT_DOCS, 1):
        zh, en = tmp_path / f"lesson{n}.zh.txt", tmp_path / f"lesson{n}.en.txt"
        shutil.copy(shared / "eval" / "wmt21-dev" / f"doc{doc}.zh.txt", zh)
        shutil.copy(shared / "eval" / "wmt21-dev" / f"doc{doc}.en.txt", en)
        out.append((zh, en))
    return out


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_own_english(records: list[dict], course: list[tuple[Path, Path]]) -> None:
    """Each card's sentence is from the lesson it is filed under, and its English from
    that lesson's translation; nearly every card has English."""
    zh_of = {}
    for zh, en in course:
        title = zh.read_text(encoding="utf-8").strip().splitlines()[0].strip()
        zh_of[title] = (squeeze(zh.read_text(encoding="utf-8")), squeeze(en.read_text(encoding="utf-8")))
    assert {r["source"] for r in records} == set(zh_of)
    for r in records:
        own_zh, own_en = zh_of[r["source"]]
        assert squeeze(r["sentence_zh"]).strip("…") in own_zh
        if r["sentence_en"]:
            en = squeeze(r["sentence_en"])
            assert en[:30] in own_en and en[-30:] in own_en, (r["source"], r["sentence_en"])
    assert sum(1 for r in records if r["sentence_en"]) >= 0.95 * len(records)


def test_wmt_course_cards_take_their_own_lessons_english(wmt_course, tmp_path):
    (zh1, en1), (zh2, en2), (zh3, en3) = wmt_course
    out = tmp_path / "course.json"
    # English files anywhere among the articles: they join their articles, in article order.
    result = build(str(en2), str(zh1), str(zh2), str(en1), str(zh3), str(en3), "--levels", "all", "-o", str(out))
    assert result.exit_code == 0, result.output
    records = json.loads(out.read_text(encoding="utf-8"))
    check_own_english(records, wmt_course)
    line = next(ln for ln in result.stderr.splitlines() if ln.startswith("per article: "))
    titles = [zh.read_text(encoding="utf-8").strip().splitlines()[0].strip() for zh, _ in wmt_course]
    assert [line.index(t) for t in titles] == sorted(line.index(t) for t in titles)
    assert "warning" not in result.stderr

    # The same course named explicitly, ZH=EN with names that say nothing, gives the same deck.
    for n, (zh, en) in enumerate(wmt_course, 1):
        zh.rename(tmp_path / f"text{n}.txt")
        en.rename(tmp_path / f"translation-{n}.txt")
    again = tmp_path / "again.json"
    pairs = [f"{tmp_path / f'text{n}.txt'}={tmp_path / f'translation-{n}.txt'}" for n in (1, 2, 3)]
    result = build(*pairs, "--levels", "all", "-o", str(again))
    assert result.exit_code == 0, result.output
    assert json.loads(again.read_text(encoding="utf-8")) == records


# ------------------------------------------------------------------ subdecks in order
def small_lessons(folder: Path) -> list[Path]:
    """Three lessons whose titles, as Anki sorts names, come in another order."""
    texts = {"c.txt": "长城\n\n长城是中国古代的军事防御工程，吸引了世界各地的游客。\n",
             "a.txt": "熊猫\n\n大熊猫生活在四川的山区，主要吃竹子。\n",
             "b.txt": "黄河\n\n黄河是中国的第二长河，被称为母亲河。\n"}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in texts]


def test_subdecks_keep_the_order_given(tmp_path):
    anki = pytest.importorskip("anki.collection")
    from test_anki_import import import_apkg

    deck = tmp_path / "course.apkg"
    result = build(*map(str, small_lessons(tmp_path)), "--levels", "all", "--deck-name", "Geography",
                   "-o", str(deck))
    assert result.exit_code == 0, result.output
    col = anki.Collection(str(tmp_path / "collection.anki2"))
    try:
        import_apkg(col, deck)
        # Anki lists a deck's children sorted by name: the numbers keep the course order.
        tree = col.decks.deck_tree()
        course = next(node for node in tree.children if node.name == "Geography")
        assert [child.name for child in course.children] == ["1 长城", "2 熊猫", "3 黄河"]
    finally:
        col.close()


# ------------------------------------------------------------------ errors
def test_pairing_errors_are_one_line(tmp_path):
    a, b = small_lessons(tmp_path)[:2]
    orphan = tmp_path / "d.en.txt"
    orphan.write_text("The Great Wall.\n", encoding="utf-8")
    out = tmp_path / "deck.apkg"
    line = one_error_line(build(str(a), str(b), str(orphan), "-o", str(out)), 2)
    assert "d.en.txt" in line and "ZH=EN" in line
    line = one_error_line(build(f"{a}={tmp_path / 'missing.txt'}", str(b), "-o", str(out)), 1)
    assert "--english" in line and "missing.txt" in line and "no such file" in line
    line = one_error_line(build(str(a), str(b), "--english", str(orphan), "-o", str(out)), 2)
    assert "--english" in line and "ZH=EN" in line
    assert not out.exists()


def test_api_takes_article_and_english_pairs(tmp_path):
    import vocabdeck

    lesson = small_lessons(tmp_path)[0]
    out = tmp_path / "course.json"
    pair = (SAMPLES / "library-night.zh.txt", SAMPLES / "library-night.en.txt")
    selection = vocabdeck.build_deck([lesson, pair], out, deck_name="Course", levels={1, 2, 3, 4, 5, 6, 7})
    sample = [w for w in selection.cards if w.source == "市图书馆开设夜间阅览室"]
    assert sample and sum(1 for w in sample if w.sentence.pair.en) >= 0.9 * len(sample)
    assert not [w for w in selection.cards if w.source == "长城" and w.sentence.pair.en]
