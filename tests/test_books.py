"""An EPUB book given alone is a deck with a subdeck per chapter: chapters in spine order,
titled from the table of contents (EPUB 3 navigation document or EPUB 2 NCX) or the
chapter's heading, ruby pinyin removed; --no-chapters reads it as one article."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

import makefiles as mk
from test_formats import BODY, cards_of
from vocabdeck import inputs, pipeline
from vocabdeck.cli import app

BOOK = "图书馆的夜晚"
CHAPTERS = [("第一章 夜间阅览室", BODY[0:3]), ("第二章 安全", BODY[3:5]), ("第三章 试开放", BODY[5:6]),
            ("第四章 书展", BODY[6:])]
RUBY = {"阅览室": "yuèlǎnshì", "图书馆": "túshūguǎn"}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def plain_book_cards() -> frozenset[str]:
    """The cards of the book's text as plain text: its title page, then each chapter's
    heading and paragraphs."""
    lines = [BOOK, "2026"] + [p for title, body in CHAPTERS for p in (title, *body)]
    return cards_of(inputs.read("\n\n".join(lines) + "\n"))


@pytest.fixture(params=["nav", "ncx"])
def book(request, tmp_path):
    path = tmp_path / "library.epub"
    path.write_bytes(mk.book(BOOK, CHAPTERS, ruby=RUBY, toc=request.param))
    return path


def test_chapters_in_spine_order_with_their_titles(book):
    text = inputs.read(book)
    assert text.title == BOOK
    assert [title for title, _ in text.chapters] == [title for title, _ in CHAPTERS]
    chapters = pipeline.chapters(text)
    assert sum(len(c.zh) for c in chapters) == len(text.zh)
    for chapter, (_, body) in zip(chapters, CHAPTERS):
        joined = squeeze("".join(chapter.zh))
        at = [joined.find(squeeze(p)) for p in body]  # each of its paragraphs, whole and in order
        assert -1 not in at and at == sorted(at), (chapter.title, at)
        others = [p for _, b in CHAPTERS for p in b if p not in body]
        assert not [p for p in others if squeeze(p) in joined]
    assert not re.search(r"[a-zü]{3}", "".join(text.zh).replace("x", ""))  # no ruby pinyin left
    assert cards_of(text) == plain_book_cards()


def build_json(book, *args: str) -> tuple[list[dict], str]:
    out = book.with_suffix(".json")
    result = CliRunner().invoke(app, ["build", str(book), "--levels", "all", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8")), result.stderr


def test_build_files_each_card_under_its_chapter(book):
    records, said = build_json(book)
    titles = [t for t, _ in CHAPTERS]
    assert {r["source"] for r in records} == set(titles)
    for r in records:  # the card's sentence is from the chapter it is filed under
        body = dict(CHAPTERS)[r["source"]]
        assert squeeze(r["sentence_zh"]) in squeeze(r["source"] + "".join(body) + BOOK), r
    assert {r["word"] for r in records} == plain_book_cards()
    line = next(ln for ln in said.splitlines() if ln.startswith("per article: "))
    assert [line.index(t) for t in titles] == sorted(line.index(t) for t in titles)
    whole, _ = build_json(book, "--no-chapters")
    assert {r["source"] for r in whole} == {BOOK}
    assert {r["word"] for r in whole} == plain_book_cards()


def test_the_api_builds_a_book_as_the_command_line_does(book):
    from vocabdeck import api

    out = book.with_suffix(".api.json")
    api.build_deck(book, out, levels=frozenset(range(1, 8)))
    records = json.loads(out.read_text(encoding="utf-8"))
    cli_records, _ = build_json(book)
    assert records == cli_records
    whole = book.with_suffix(".whole.json")
    api.build_deck(book, whole, chapters=False, levels=frozenset(range(1, 8)))
    assert {r["source"] for r in json.loads(whole.read_text(encoding="utf-8"))} == {BOOK}


def test_book_deck_in_anki(tmp_path):
    anki = pytest.importorskip("anki.collection")
    from test_anki_import import import_apkg, visible_text

    book = tmp_path / "library.epub"
    book.write_bytes(mk.book(BOOK, CHAPTERS, ruby=RUBY))
    deck = tmp_path / "book.apkg"
    result = CliRunner().invoke(app, ["build", str(book), "--levels", "all", "-o", str(deck)])
    assert result.exit_code == 0, result.output
    col = anki.Collection(str(tmp_path / "collection.anki2"))
    try:
        import_apkg(col, deck)
        top = next(node for node in col.decks.deck_tree().children if node.name == BOOK)
        assert [c.name for c in top.children] == [f"{n} {t}" for n, (t, _) in enumerate(CHAPTERS, 1)]
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            chapter = col.decks.name(card.did).split("::")[1].split(" ", 1)[1]
            body = dict(CHAPTERS)[chapter]
            sentence = visible_text(card.note()["Sentence"])
            assert squeeze(sentence) in squeeze(chapter + "".join(body) + BOOK)
            assert card.note()["Source"] == chapter
    finally:
        col.close()


def test_a_book_in_a_course_is_one_article(tmp_path, book):
    other = tmp_path / "second.txt"
    other.write_text("第二课\n\n他们在公园里讨论环境保护的问题，大家都很关心空气污染。\n", encoding="utf-8")
    out = tmp_path / "course.json"
    result = CliRunner().invoke(app, ["build", str(book), str(other), "--levels", "all", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert {r["source"] for r in json.loads(out.read_text(encoding="utf-8"))} == {BOOK, "第二课"}


def test_untitled_spine_files_and_a_book_without_toc(tmp_path):
    """The older test book: no usable table of contents for one chapter, no headings."""
    half = len(BODY) // 2
    path = tmp_path / "plain.epub"
    path.write_bytes(mk.epub(BOOK, [[BOOK, *BODY[:half]], BODY[half:]]))
    text = inputs.read(path)
    assert len(text.chapters) == 2 and len({t for t, _ in text.chapters}) == 2
    assert text.zh == (BOOK, *BODY)


def test_a_bilingual_book_keeps_each_chapters_english(tmp_path):
    """Chapters whose paragraphs alternate English and Chinese (a parallel-text reader)."""
    from test_formats import ENGLISH

    english = dict(zip(BODY, ENGLISH))
    chapters = [(title, [x for p in body for x in (english[p], p)]) for title, body in CHAPTERS]
    path = tmp_path / "parallel.epub"
    path.write_bytes(mk.book(BOOK, chapters))
    text = inputs.read(path)
    assert text.paired and [t for t, _ in text.chapters] == [t for t, _ in CHAPTERS]
    for chapter, (_, body) in zip(pipeline.chapters(text), CHAPTERS):
        assert {e for e in chapter.en if e} == {english[p] for p in body}
