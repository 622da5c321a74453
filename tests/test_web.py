"""The page through Flask's test client: every form path and every error, the decks it
writes against the CLI's, escaping, the temporary folder, and `vocabdeck serve` itself."""

from __future__ import annotations

import html
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("flask", reason="the web extra (Flask) is not installed")

from typer.testing import CliRunner  # noqa: E402

from vocabdeck import pipeline  # noqa: E402
from vocabdeck.cli import app as cli_app  # noqa: E402
from vocabdeck.decks.records import records  # noqa: E402
from vocabdeck.model import Options  # noqa: E402
from vocabdeck.web import adapter  # noqa: E402
from vocabdeck.web.app import CSP, create_app  # noqa: E402
from vocabdeck.web.server import is_loopback  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "library-night.txt"
SAMPLE_ZH = REPO / "samples" / "library-night.zh.txt"
SAMPLE_EN = REPO / "samples" / "library-night.en.txt"
T0 = 1_700_000_000
SECOND = "市场调查显示，消费者越来越重视产品的质量和环保标准。\n\n专家建议企业加强研发，提高竞争力。\n"


@pytest.fixture(scope="module")
def client():
    app = create_app(timestamp=T0)
    app.testing = True
    return app.test_client()


def form(**fields):
    data = {"standard": "2025", "levels": "4+", "min_count": "1", "cards": "recognition", "order": "article"}
    data.update(fields)
    return data


def page(response) -> str:
    return response.get_data(as_text=True)


def error_of(response) -> str | None:
    m = re.search(r'<p class="error"[^>]*>(.*?)</p>', page(response), re.S)
    return m.group(1).strip() if m else None


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', page(response)).group(1)


def ticked_ids(response) -> list[str]:
    return re.findall(r'name="word" value="(\d+)"[^>]*checked', page(response))


def ticked_words(response) -> list[str]:
    return re.findall(r'<tr class="ticked">.*?<label for="w\d+">([^<]+)</label>', page(response), re.S)


def rows(response) -> dict[str, tuple[str, str | None]]:
    """word -> (its row id, the reason it is left out or None)."""
    out = {}
    for m in re.finditer(r'<tr class="(ticked|left)">.*?value="(\d+)".*?<label for="w\d+">([^<]+)</label>'
                         r'(?:<small>[^<]*</small>)?(?:<span class="reason">([^<]+)</span>)?', page(response), re.S):
        out[m.group(3)] = (m.group(2), m.group(4))
    return out


def cli_words(*paths: Path, english: Path | None = None, **options) -> list[str]:
    selection = pipeline.choose(pipeline.read_articles(list(paths), english), Options(**options))
    return [w.word for w in selection.cards]


# --------------------------------------------------------------------------- the form
def test_empty_form_has_the_cli_defaults_and_safe_headers(client):
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["Content-Security-Policy"] == CSP and "script-src 'self'" in CSP
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    text = page(r)
    assert 'name="levels" value=""' in text  # empty: the study deck, as the CLI without --levels
    assert '<option value="2025" selected>' in text
    assert 'value="recognition" checked' in text and 'value="recall" checked' not in text
    assert 'name="names" value="1" checked' not in text
    assert "<script>" not in text and "style=" not in text  # nothing inline: the CSP allows none


def test_pasted_bilingual_page_gives_the_cli_cards(client):
    r = client.post("/review", data=form(zh=SAMPLE.read_text(encoding="utf-8")))
    assert r.status_code == 200, error_of(r)
    assert ticked_words(r) == cli_words(SAMPLE)
    n = len(ticked_ids(r))
    assert f"{n} cards ticked" in page(r)


def test_the_default_form_ticks_the_cli_default_deck(client):
    """Levels left empty is the command line without --levels: the study deck."""
    from typer.testing import CliRunner

    from vocabdeck.cli import app

    r = client.post("/review", data=form(zh=SAMPLE.read_text(encoding="utf-8"), levels=""))
    assert r.status_code == 200, error_of(r)
    result = CliRunner().invoke(app, ["words", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    expected = [rec["word"] for rec in __import__("json").loads(result.stdout)]
    assert ticked_words(r) == expected and 0 < len(expected) <= 30


def test_pasted_chinese_and_english_give_the_cli_cards(client):
    r = client.post("/review", data=form(zh=SAMPLE_ZH.read_text(encoding="utf-8"),
                                         en=SAMPLE_EN.read_text(encoding="utf-8"), levels="5+", names="1"))
    assert ticked_words(r) == cli_words(SAMPLE_ZH, english=SAMPLE_EN, levels=frozenset({5, 6, 7}), names=True)
    assert '<mark>' in page(r) and 'class="en"' in page(r)


def test_filters_reach_the_selection(client):
    r = client.post("/review", data=form(zh=SAMPLE.read_text(encoding="utf-8"), levels="5", min_count="2",
                                         max_cards="3", min_zipf="3", max_zipf="6", standard="2021"))
    assert ticked_words(r) == cli_words(SAMPLE, standard="2021", levels=frozenset({5}), unlisted=False,
                                        min_count=2, max_cards=3, min_zipf=3.0, max_zipf=6.0)


def test_most_useful_first_orders_the_table_not_the_deck(client):
    data = form(zh=SAMPLE.read_text(encoding="utf-8"))
    by_article = ticked_words(client.post("/review", data=data))
    by_use = ticked_words(client.post("/review", data={**data, "order": "useful"}))
    assert sorted(by_article) == sorted(by_use) and by_article != by_use


def test_uploaded_file_with_a_chinese_name(client):
    data = form(articles=[(io.BytesIO(SAMPLE.read_bytes()), "图书馆 library-night.txt")])
    r = client.post("/review", data=data, content_type="multipart/form-data")
    assert ticked_words(r) == cli_words(SAMPLE)
    assert "图书馆 library-night.txt" in page(r)  # offered to keep for the next review
    d = client.post("/download", data={"token": token_of(r), "word": ticked_ids(r), "format": "json"})
    assert d.status_code == 200
    assert "library-night.json" in d.headers["Content-Disposition"]


def test_uploaded_article_with_english_file(client):
    data = form(articles=[(io.BytesIO(SAMPLE_ZH.read_bytes()), "a.zh.txt")],
                english_file=(io.BytesIO(SAMPLE_EN.read_bytes()), "a.en.txt"))
    r = client.post("/review", data=data, content_type="multipart/form-data")
    assert ticked_words(r) == cli_words(SAMPLE_ZH, english=SAMPLE_EN)


def test_uploaded_articles_pair_with_english_files_named_after_them(client, tmp_path):
    second = tmp_path / "market.txt"
    second.write_text(SECOND, encoding="utf-8")
    data = form(articles=[(io.BytesIO(SAMPLE_EN.read_bytes()), "lesson1.en.txt"),
                          (io.BytesIO(SAMPLE_ZH.read_bytes()), "lesson1.txt"),
                          (io.BytesIO(second.read_bytes()), "lesson2.txt")], levels="all")
    r = client.post("/review", data=data, content_type="multipart/form-data")
    assert r.status_code == 200
    lesson1 = tmp_path / "lesson1.txt"
    lesson1.write_bytes(SAMPLE_ZH.read_bytes())
    english = tmp_path / "lesson1.en.txt"
    english.write_bytes(SAMPLE_EN.read_bytes())
    assert ticked_words(r) == cli_words(Path(f"{lesson1}={english}"), second, levels=frozenset(range(1, 8)))
    d = client.post("/download", data={"token": token_of(r), "word": ticked_ids(r), "format": "json"})
    records = json.loads(d.get_data(as_text=True))
    records = records["words"] if isinstance(records, dict) else records
    second_words = [w for w in records if w["sentence_zh"] in SECOND]
    first_words = [w for w in records if w["sentence_zh"] not in SECOND]
    assert first_words and second_words
    # Lesson 1's cards carry its English (its English file has no headline).
    assert all(w["sentence_en"] for w in first_words if w["sentence_zh"] != "市图书馆开设夜间阅览室")
    assert not any(w["sentence_en"] for w in second_words)


def _sample_paragraphs() -> tuple[list[str], list[str]]:
    zh = [p.strip() for p in SAMPLE_ZH.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    en = [p.strip() for p in SAMPLE_EN.read_text(encoding="utf-8").splitlines() if p.strip()]
    return zh, en


@pytest.mark.parametrize("kind", ["html", "docx", "epub"])
def test_uploaded_formats_give_the_cli_cards(client, tmp_path, kind):
    import makefiles

    zh, _ = _sample_paragraphs()
    data = {"html": lambda: makefiles.news_page(zh[0], zh[1:]),
            "docx": lambda: makefiles.docx(zh[1:], title=zh[0]),
            "epub": lambda: makefiles.epub(zh[0], [zh[1:]])}[kind]()
    saved = tmp_path / f"library-night.{kind}"
    saved.write_bytes(data)
    r = client.post("/review", data=form(articles=[(io.BytesIO(data), saved.name)]),
                    content_type="multipart/form-data")
    assert r.status_code == 200, error_of(r)
    assert ticked_words(r) == cli_words(saved) and ticked_words(r)


def test_a_word_list_keeps_every_listed_word_as_the_cli_does(client, tmp_path):
    words = tmp_path / "list.csv"
    words.write_text("word,meaning\n图书馆,library\n阅览室,reading room\n灯光,light\n", encoding="utf-8")
    r = client.post("/review", data=form(articles=[(io.BytesIO(words.read_bytes()), "list.csv")], levels="6"),
                    content_type="multipart/form-data")
    assert ticked_words(r) == cli_words(words, levels=frozenset({6}), unlisted=False) == ["图书馆", "阅览室", "灯光"]


def test_several_articles_make_a_course_with_subdecks(client, tmp_path):
    second = tmp_path / "market.txt"
    second.write_text(SECOND, encoding="utf-8")
    data = form(articles=[(io.BytesIO(SAMPLE.read_bytes()), "library-night.txt"),
                          (io.BytesIO(second.read_bytes()), "market.txt")], levels="all")
    r = client.post("/review", data=data, content_type="multipart/form-data")
    assert ticked_words(r) == cli_words(SAMPLE, second, levels=frozenset(range(1, 8)))
    d = client.post("/download", data={"token": token_of(r), "word": ticked_ids(r), "format": "tsv"})
    assert "course.tsv" in d.headers["Content-Disposition"]
    assert "Course::" in d.get_data(as_text=True)


def test_known_words_are_left_out_and_can_be_ticked_back(client):
    zh = SAMPLE.read_text(encoding="utf-8")
    first = ticked_words(client.post("/review", data=form(zh=zh)))
    known = "\n".join(first[:3]) + "\n"
    data = form(zh=zh, known=(io.BytesIO(known.encode("utf-8")), "known.txt"))
    r = client.post("/review", data=data, content_type="multipart/form-data")
    assert ticked_words(r) == first[3:]
    table = rows(r)
    assert all(table[w][1] == "known" for w in first[:3])
    ids = ticked_ids(r) + [table[first[0]][0]]
    d = client.post("/download", data={"token": token_of(r), "word": ids, "format": "json"})
    assert [rec["word"] for rec in json.loads(d.data)] == [first[0]] + first[3:]


def test_a_second_review_keeps_the_uploads_and_known_words(client):
    data = form(articles=[(io.BytesIO(SAMPLE.read_bytes()), "library-night.txt")],
                known=(io.BytesIO("开设\n".encode()), "known.txt"))
    r = client.post("/review", data=data, content_type="multipart/form-data")
    again = client.post("/review", data=form(token=token_of(r), keep_uploads="1", keep_known="1", levels="5+"))
    assert again.status_code == 200, error_of(again)
    assert ticked_words(again) == cli_words(SAMPLE, levels=frozenset({5, 6, 7}), known=frozenset({"开设"}))
    dropped = client.post("/review", data=form(token=token_of(r)))  # boxes unticked: nothing kept
    assert error_of(dropped).startswith("no article")


def test_names_left_out_can_be_ticked_back(client):
    r = client.post("/review", data=form(zh=SAMPLE.read_text(encoding="utf-8")))
    names = [w for w, (_, reason) in rows(r).items() if reason == "name"]
    assert names
    ids = ticked_ids(r) + [rows(r)[names[0]][0]]
    d = client.post("/download", data={"token": token_of(r), "word": ids, "format": "json"})
    words = [rec["word"] for rec in json.loads(d.data)]
    assert names[0] in words and len(words) == len(ids)


# --------------------------------------------------------------------------- out
def _cli_apkg(monkeypatch, out: Path, *args) -> bytes:
    import vocabdeck.decks.write as deck_write

    monkeypatch.setattr(deck_write.time, "time", lambda: T0)
    # The page sends its filters (levels 4+) explicitly: the CLI's study deck does not apply.
    result = CliRunner().invoke(cli_app, ["build", *args, "--levels", "4+", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def _entries(apkg: bytes) -> list[tuple[str, tuple, bytes]]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(apkg)) as z:
        return [(i.filename, i.date_time, z.read(i)) for i in z.infolist()]


def test_apkg_is_the_deck_the_cli_writes(client, tmp_path, monkeypatch):
    r = client.post("/review", data=form(articles=[(io.BytesIO(SAMPLE.read_bytes()), "library-night.txt")],
                                         cards=["recognition", "recall"]), content_type="multipart/form-data")
    d = client.post("/download", data={"token": token_of(r), "word": ticked_ids(r), "format": "apkg"})
    assert d.status_code == 200 and "library-night.apkg" in d.headers["Content-Disposition"]
    cli = _cli_apkg(monkeypatch, tmp_path / "cli.apkg", str(SAMPLE), "--cards", "recognition,recall")
    # The same files in the package; the CLI's zip comment also holds a hash of the
    # article's path on disk, which the page never sees.
    assert _entries(d.data) == _entries(cli)


def test_course_apkg_is_the_bytes_the_cli_writes(client, tmp_path, monkeypatch):
    second = tmp_path / "market.txt"
    second.write_text(SECOND, encoding="utf-8")
    data = form(articles=[(io.BytesIO(SAMPLE.read_bytes()), "library-night.txt"),
                          (io.BytesIO(second.read_bytes()), "market.txt")], deck_name="Week 3")
    r = client.post("/review", data=data, content_type="multipart/form-data")
    d = client.post("/download", data={"token": token_of(r), "word": ticked_ids(r), "format": "apkg"})
    assert "week-3.apkg" in d.headers["Content-Disposition"]
    assert d.data == _cli_apkg(monkeypatch, tmp_path / "cli.apkg", str(SAMPLE), str(second), "--deck-name", "Week 3")


def test_json_and_tsv_are_the_cli_records(client):
    r = client.post("/review", data=form(zh=SAMPLE.read_text(encoding="utf-8")))
    d = client.post("/download", data={"token": token_of(r), "word": ticked_ids(r), "format": "json"})
    texts = pipeline.read_articles([SAMPLE])
    expected = records(pipeline.choose(texts, Options()).cards)
    assert json.loads(d.data) == expected
    t = client.post("/download", data={"token": token_of(r), "word": ticked_ids(r), "format": "tsv"})
    assert t.mimetype == "text/tab-separated-values"
    assert len([line for line in t.get_data(as_text=True).splitlines() if not line.startswith("#")]) == len(expected)


@pytest.mark.parametrize("fmt,name,ending", [("csv", "library-night.csv", ".csv"),
                                             ("pleco", "library-night.pleco.txt", ".pleco.txt")])
def test_csv_and_pleco_are_the_cli_files(client, tmp_path, fmt, name, ending):
    r = client.post("/review", data=form(articles=[(io.BytesIO(SAMPLE.read_bytes()), "library-night.txt")]),
                    content_type="multipart/form-data")
    d = client.post("/download", data={"token": token_of(r), "word": ticked_ids(r), "format": fmt})
    assert d.status_code == 200 and name in d.headers["Content-Disposition"]
    out = tmp_path / f"cli{ending}"
    result = CliRunner().invoke(cli_app, ["build", str(SAMPLE), "--levels", "4+", "-o", str(out)])  # the page's levels
    assert result.exit_code == 0, result.output
    assert d.data == out.read_bytes()


def test_handout_marks_the_ticked_words(client):
    r = client.post("/review", data=form(zh=SAMPLE.read_text(encoding="utf-8")))
    ids = ticked_ids(r)[:5]
    words = ticked_words(r)[:5]
    d = client.post("/download", data={"token": token_of(r), "word": ids, "format": "handout"})
    assert d.status_code == 200 and d.mimetype == "text/html"
    assert d.headers["Content-Disposition"].endswith("-handout.html")
    text = d.get_data(as_text=True)
    assert all(w in text for w in words) and "<script" not in text


def test_the_teacher_picks_the_first_sense(client):
    r = client.post("/review", data=form(zh=SAMPLE.read_text(encoding="utf-8")))
    ids = ticked_ids(r)
    m = re.search(r'name="sense-(\d+)" value="2"', page(r))
    assert m, "a word with three senses or more"
    target = m.group(1)
    fields = {"token": token_of(r), "word": ids, "format": "json", f"sense-{target}": "2", "sense-0": "junk"}
    chosen = json.loads(client.post("/download", data=fields).data)
    plain = json.loads(client.post("/download", data={"token": token_of(r), "word": ids, "format": "json"}).data)
    position = ids.index(target)
    before, after = plain[position]["definitions"], chosen[position]["definitions"]
    assert after == [before[2], before[0], before[1], *before[3:]]
    assert [c for i, c in enumerate(chosen) if i != position] == [p for i, p in enumerate(plain) if i != position]


def test_library_notices_show_on_the_page(client):
    unrelated = ("The football season opened on Saturday with a surprise win for the visitors.\n\n"
                 "Fans filled the stadium despite the rain, and the coach praised his young defenders.")
    r = client.post("/review", data=form(zh=SAMPLE_ZH.read_text(encoding="utf-8"), en=unrelated))
    assert r.status_code == 200
    notices = re.findall(r'<p class="notice"[^>]*>(.*?)</p>', page(r), re.S)
    assert len(notices) == 1 and "does not look like a translation of the pasted Chinese" in html.unescape(notices[0])
    assert 'class="en"' not in page(r)  # no English on any card, as the CLI does


# --------------------------------------------------------------------------- errors
def cli_error(*args: str) -> str:
    """The one-line message `vocabdeck words` gives for these options."""
    result = CliRunner().invoke(cli_app, ["words", str(SAMPLE), *args])
    assert result.exit_code in (1, 2)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vocabdeck: error: "), result.output
    return lines[0].removeprefix("vocabdeck: error: ")


@pytest.mark.parametrize(
    "fields,args",
    [
        ({"levels": "6-4"}, ["--levels", "6-4"]),
        ({"levels": "x"}, ["--levels", "x"]),
        ({"standard": "3.5"}, ["--standard", "3.5"]),
        ({"min_zipf": "5", "max_zipf": "3"}, ["--min-zipf", "5", "--max-zipf", "3"]),
        ({"min_zipf": "nan"}, ["--min-zipf", "nan"]),
        ({"min_count": "0"}, ["--min-count", "0"]),
        ({"max_cards": "-1"}, ["--max-cards", "-1"]),
        ({"encoding": "klingon"}, ["--encoding", "klingon"]),
        ({"encoding": "rot13"}, ["--encoding", "rot13"]),
    ],
    ids=["levels-range", "levels-garbage", "standard", "zipf-order", "zipf-nan", "count-zero", "max-cards",
         "encoding", "encoding-codec"],
)
def test_bad_options_give_the_cli_message_on_the_page(client, fields, args):
    r = client.post("/review", data=form(zh=SAMPLE.read_text(encoding="utf-8"), **fields))
    assert r.status_code in (400, 422)
    assert html.unescape(error_of(r)) == cli_error(*args)


@pytest.mark.parametrize(
    "fields,expected",
    [
        ({}, "no article: paste the Chinese text"),
        ({"zh": "图书馆", "min_zipf": "abc"}, "--min-zipf: 'abc' is not a number."),
        ({"zh": "图书馆", "min_count": "two"}, "--min-count: 'two' is not a whole number."),
        ({"zh": "图书馆", "cards": []}, "--cards: no card type chosen"),
        ({"zh": "图书馆", "cards": "flashy"}, "--cards: unknown card type 'flashy'"),
        ({"zh": "This is English only, with no Chinese at all."}, "the pasted Chinese: no Chinese text found"),
    ],
    ids=["no-article", "zipf-number", "count-number", "no-card-type", "card-type", "no-chinese"],
)
def test_bad_input_gives_one_line_on_the_page(client, fields, expected):
    r = client.post("/review", data=form(**fields))
    assert r.status_code in (400, 422)
    message = html.unescape(error_of(r))
    assert expected in message
    assert "\n" not in message and "vocabdeck-web-" not in message and "/tmp" not in message


def test_english_with_several_articles_is_refused(client):
    data = form(zh=SAMPLE_ZH.read_text(encoding="utf-8"), en="An English text.",
                articles=[(io.BytesIO(SECOND.encode()), "market.txt")])
    r = client.post("/review", data=data, content_type="multipart/form-data")
    assert "--english goes with a single Chinese article" in error_of(r)


def test_bad_files_are_named_as_uploaded(client):
    data = form(articles=[(io.BytesIO(b"Notes from class, in English only."), "class notes.txt")])
    r = client.post("/review", data=data, content_type="multipart/form-data")
    assert r.status_code == 422
    assert error_of(r).startswith("class notes.txt: no Chinese text found")
    data = form(zh="图书馆", known=(io.BytesIO(b"apple\nbanana\n"), "my words.csv"))
    r = client.post("/review", data=data, content_type="multipart/form-data")
    assert error_of(r).startswith("--known my words.csv: no Chinese words in it")


def test_upload_over_the_limit_says_so():
    small = create_app(max_upload_mb=1).test_client()
    data = form(articles=[(io.BytesIO("图书馆。".encode() * 200_000), "big.txt")])
    r = small.post("/review", data=data, content_type="multipart/form-data")
    assert r.status_code == 413
    assert error_of(r).startswith("the upload is larger than 1 MB")


@pytest.mark.parametrize(
    "fields,expected",
    [
        ({"token": "nope", "word": ["0"]}, "this review is no longer held"),
        ({"word": []}, "no words ticked"),
        ({"word": ["99999"]}, "unknown word number '99999'"),
        ({"word": ["x"]}, "unknown word number 'x'"),
        ({"word": ["0"], "format": "docx"}, "--format: unknown value 'docx'"),
    ],
    ids=["expired", "none-ticked", "out-of-range", "not-a-number", "format"],
)
def test_download_errors(client, fields, expected):
    r = client.post("/review", data=form(zh=SAMPLE.read_text(encoding="utf-8")))
    data = {"token": token_of(r), "format": "apkg", **fields}
    d = client.post("/download", data=data)
    assert d.status_code in (400, 422)
    assert expected in html.unescape(error_of(d))


def test_article_text_is_escaped_everywhere(client):
    evil = '<script>alert(1)</script>图书馆延长开放时间。"<img src=x onerror=alert(2)>'
    r = client.post("/review", data=form(zh=evil, en="<b>bold</b> library", deck_name="<i>deck</i>", levels="all"))
    text = page(r)
    assert "<script>alert" not in text and "<img src=x" not in text and "<b>bold" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_no_file_is_left_behind(client, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    r = client.post("/review", data=form(articles=[(io.BytesIO(SAMPLE.read_bytes()), "a.txt")],
                                         known=(io.BytesIO("开设\n".encode()), "k.txt")),
                    content_type="multipart/form-data")
    client.post("/download", data={"token": token_of(r), "word": ticked_ids(r), "format": "apkg"})
    client.post("/review", data=form(articles=[(io.BytesIO(b"\xff\x00"), "bad.txt")]),
                content_type="multipart/form-data")
    assert list(tmp_path.iterdir()) == []


def test_two_builds_at_once_get_their_own_results(client):
    zh_second = SECOND * 3
    results = {}

    def build(key, text):
        app = create_app(timestamp=T0)
        results[key] = ticked_words(app.test_client().post("/review", data=form(zh=text, levels="all")))

    threads = [threading.Thread(target=build, args=(i, SAMPLE.read_text(encoding="utf-8") if i % 2 else zh_second))
               for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    alone = {i: ticked_words(client.post("/review", data=form(zh=SAMPLE.read_text(encoding="utf-8") if i % 2
                                                              else zh_second, levels="all"))) for i in (0, 1)}
    assert all(results[i] == alone[i % 2] for i in range(4))


def test_sessions_serve_one_build_at_a_time_and_are_renewed():
    from vocabdeck.session import current

    pool = adapter.Sessions(size=2)
    with pool() as a, pool() as b:
        assert a is not b and current() is b
    seen = set()
    for _ in range(adapter.Sessions.RENEW_AFTER + 1):
        with pool() as s:
            seen.add(id(s))
    assert len(seen) == 2  # the last-used session until it is renewed, then a new one


def test_the_adapter_selection_is_the_pipeline_selection():
    texts = pipeline.read_articles([SAMPLE])
    for options in (Options(), Options(levels=frozenset({5}), unlisted=False, max_cards=4, names=True)):
        review = adapter.review(texts, options, None)
        assert review.selection.cards == pipeline.choose(texts, options).cards


# --------------------------------------------------------------------------- serve
def test_help_and_a_build_do_not_import_the_web_library(tmp_path):
    code = (
        "import sys\nfrom vocabdeck import cli\n"
        "for args in (['--help'], ['build', sys.argv[1], '-o', sys.argv[2]]):\n"
        "    sys.argv = ['vocabdeck', *args]\n"
        "    try:\n        cli.main()\n    except SystemExit as e:\n        assert not e.code, e.code\n"
        "print(sorted({'flask', 'werkzeug', 'jinja2', 'vocabdeck.web'} & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(SAMPLE), str(tmp_path / "d.apkg")],
                         capture_output=True, text=True, check=True, env=os.environ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def _start(*args):
    proc = subprocess.Popen([sys.executable, "-m", "vocabdeck", "serve", "--no-browser", "--port", "0", *args],
                            stderr=subprocess.PIPE, text=True, env=os.environ)
    lines = []
    for line in proc.stderr:
        lines.append(line.rstrip("\n"))
        if "the page is at" in line:
            break
    return proc, lines


@pytest.mark.parametrize("host,warned", [("127.0.0.1", False), ("0.0.0.0", True)], ids=["local", "network"])
def test_serve_starts_says_where_and_stops_on_ctrl_c(host, warned):
    proc, lines = _start("--host", host)
    try:
        url = re.search(r"(http://\S+/)", lines[-1]).group(1)
        assert url.startswith("http://127.0.0.1:")
        assert any("anyone on your network" in line for line in lines) == warned
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200 and b"vocabdeck" in response.read()
    finally:
        proc.send_signal(signal.SIGINT)
        rest = proc.communicate(timeout=30)[1]
    assert proc.returncode == 0 and "stopped" in rest


def test_serve_on_a_busy_port_says_so_in_one_line():
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli_app, ["serve", "--no-browser", "--port", str(port)])
    assert result.exit_code == 1
    assert re.fullmatch(rf"vocabdeck: error: cannot listen on 127\.0\.0\.1:{port} \(.*\); choose another port "
                        r"with --port, or stop the program using it\.\n", result.output)


def test_serve_without_flask_says_how_to_install_it(monkeypatch):
    for name in [m for m in sys.modules if m == "flask" or m.startswith(("flask.", "vocabdeck.web.app"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "flask", None)  # as if not installed
    result = CliRunner().invoke(cli_app, ["serve", "--no-browser", "--port", "0"])
    assert result.exit_code == 1
    assert result.output == ("vocabdeck: error: the web page needs Flask (flask is missing): "
                             "pip install 'vocabdeck[web]', or pip install flask\n")


def test_a_local_server_answers_only_local_host_names():
    from vocabdeck.web.app import LOCAL_HOSTS

    local = create_app(trusted_hosts=LOCAL_HOSTS).test_client()
    assert local.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200
    assert local.get("/", headers={"Host": "localhost:8765"}).status_code == 200
    assert local.get("/", headers={"Host": "attacker.example:8765"}).status_code == 400


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                           ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) == loopback
