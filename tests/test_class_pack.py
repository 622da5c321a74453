"""The class pack: the printable handout, the Pleco file and the spreadsheet CSV.

The handout is checked as a page (structure, escaping, choices) without a browser, and as
a printed page in headless Chromium when one is installed (ruby boxes never overlap, the
sample article prints on at most two A4 pages)."""

from __future__ import annotations

import csv
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from test_package import words
from vocabdeck.cli import app
from vocabdeck.decks import printed
from vocabdeck.decks.plain import CSV_COLUMNS
from vocabdeck.decks.write import write as write_deck

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "library-night.txt"
runner = CliRunner()


def handout(tmp_path, *args) -> str:
    out = tmp_path / "handout.html"
    result = runner.invoke(app, ["handout", *map(str, args), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def deck_words(tmp_path, *args) -> list[dict]:
    import json

    result = runner.invoke(app, ["words", *map(str, args), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


class Page(HTMLParser):
    """The parts of a handout the tests look at: annotated words, pinyin, glossary rows."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.deck_words: list[tuple[str, str]] = []  # (hanzi, pinyin or "") in the article
        self.other_pinyin: list[str] = []
        self.glossary: list[dict] = []
        self._text: list[str] = []

    VOID = frozenset({"meta", "br", "img", "hr", "link", "input"})

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if tag == "tr" and "data-word" in attrs:
            self.glossary.append({"word": attrs["data-word"]})
        self._text = [] if attrs.get("class") in ("py", "hz", "sense", "sentence") else self._text

    def handle_endtag(self, tag):
        if not self.stack:  # a fragment of a page: its outer tags opened before it
            return
        _, attrs = self.stack.pop()
        cls = attrs.get("class", "")
        text = "".join(self._text)
        if cls in ("sense", "sentence") and self.glossary:
            self.glossary[-1][cls] = text
        elif cls == "py":
            self._pinyin = text
        elif cls == "hz":
            parent = self.stack[-1][1].get("class", "")
            pinyin = getattr(self, "_pinyin", "")
            self._pinyin = ""
            if "deck" in parent:
                self.deck_words.append((text, pinyin))
            elif pinyin:
                self.other_pinyin.append(text)

    def handle_data(self, data):
        self._text.append(data)


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    return p


# --------------------------------------------------------------------------- handout
def test_the_glossary_holds_every_deck_word_with_its_sense_and_sentence(tmp_path):
    cards = deck_words(tmp_path, SAMPLE)
    page = parse(handout(tmp_path, SAMPLE))
    assert sorted(r["word"] for r in page.glossary) == sorted(c["word"] for c in cards)
    by_word = {c["word"]: c for c in cards}
    for row in page.glossary:
        card = by_word[row["word"]]
        assert row["sense"] == card["definitions"][0]
        assert row["word"] in row["sentence"]
        assert row["sentence"].strip("…") in card["sentence_zh"]


def test_pinyin_goes_over_the_deck_words_only_by_default(tmp_path):
    page = parse(handout(tmp_path, SAMPLE))
    cards = {c["word"]: c for c in deck_words(tmp_path, SAMPLE)}
    assert page.deck_words and not page.other_pinyin
    for hanzi, pinyin in page.deck_words:
        assert pinyin, hanzi
    assert {h for h, _ in page.deck_words} <= set(cards)


def test_pinyin_none_and_all(tmp_path):
    none = parse(handout(tmp_path, SAMPLE, "--pinyin", "none"))
    assert none.deck_words and all(not p for _, p in none.deck_words) and not none.other_pinyin
    everything = parse(handout(tmp_path, SAMPLE, "--pinyin", "all"))
    assert len(everything.other_pinyin) > 50  # every word of the article, not only the deck's
    assert "的" in everything.other_pinyin


def test_english_under_end_or_none(tmp_path):
    first_en = "Starting next Monday, the city library"
    under = handout(tmp_path, SAMPLE, "--english-at", "under")
    assert 'class="en"' in under and first_en in under and 'class="english"' not in under
    end = handout(tmp_path, SAMPLE, "--english-at", "end")
    assert 'class="english"' in end and end.index(first_en) > end.index("</div>\n<div class=\"english\"") - 1
    none = handout(tmp_path, SAMPLE, "--english-at", "none")
    assert first_en not in none


def test_title_block_and_a_course_in_sections(tmp_path):
    other = tmp_path / "second.txt"
    other.write_text("第二课\n\n他们在公园里讨论环境保护的问题，大家都很关心空气污染。\n", encoding="utf-8")
    page = handout(tmp_path, SAMPLE, other, "--lesson", "3", "--levels", "all")
    assert page.count('<section class="article-section">') == 2
    assert "Lesson 3" in page and "Lesson 4" in page
    assert "<h1>市图书馆开设夜间阅览室</h1>" in page and "<h1>第二课</h1>" in page
    assert "Name:" in page
    second = page[page.index("<h1>第二课</h1>"):]
    assert any(r["word"] == "污染" for r in parse(second).glossary)


def test_article_markup_is_escaped(tmp_path):
    article = tmp_path / "x.txt"
    article.write_text("标题<script>alert(1)</script>\n\n政府<b>宣布</b>扩大投资，促进经济发展。\n", encoding="utf-8")
    page = handout(tmp_path, article, "--levels", "all")
    assert "<script>" not in page and "&lt;b&gt;" in page


@pytest.mark.parametrize("option,value", [("--pinyin", "some"), ("--english-at", "top")])
def test_bad_choices_are_usage_errors(tmp_path, option, value):
    result = runner.invoke(app, ["handout", str(SAMPLE), "-o", str(tmp_path / "h.html"), option, value])
    assert result.exit_code == 2
    assert option in result.output and not (tmp_path / "h.html").exists()


# --------------------------------------------------------------------------- in a browser
def _browser():
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")
    return playwright, exe


def _course(folder: Path) -> list[Path]:
    """The sample and two more articles: a three-article course."""
    second, third = folder / "second.txt", folder / "third.txt"
    second.write_text("第二课 公园\n\n他们在公园里讨论环境保护的问题，大家都很关心空气污染。"
                      "政府宣布扩大投资，促进经济发展。\n", encoding="utf-8")
    third.write_text("第三课 农场\n\n农场在生产中使用新技术，粮食产量明显提高。"
                     "专家认为，这种做法值得推广。\n", encoding="utf-8")
    return [SAMPLE, second, third]


@pytest.fixture(scope="module", params=["sample", "course"])
def sample_page(tmp_path_factory, request):
    playwright, exe = _browser()
    folder = tmp_path_factory.mktemp("handout")
    out = folder / "handout.html"
    articles = [SAMPLE] if request.param == "sample" else _course(folder)
    result = runner.invoke(app, ["handout", *map(str, articles), "-o", str(out), "--lesson", "1"])
    assert result.exit_code == 0, result.output
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 900, "height": 1200})
        page.goto(out.as_uri())
        boxes = page.eval_on_selector_all(
            ".article .w", "els => els.map(e => { const r = e.getBoundingClientRect();"
            " const p = e.querySelector('.py'); const q = p ? p.getBoundingClientRect() : null;"
            " return [r.left, r.top, r.right, r.bottom, q && [q.left, q.right]]; })")
        page.screenshot(path=str(out.with_suffix(".png")))
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4")
        browser.close()
    return {"boxes": boxes, "pdf": pdf, "png": out.with_suffix(".png"), "kind": request.param}


def test_pinyin_blocks_never_overlap(sample_page):
    boxes = sample_page["boxes"]
    assert len(boxes) > 20
    for left, _top, right, _bottom, py in boxes:
        if py:  # the pinyin stays inside its word's block
            assert left - 0.5 <= py[0] and py[1] <= right + 0.5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)


def test_the_sample_prints_on_at_most_two_a4_pages(sample_page):
    pages = len(re.findall(rb"/Type\s*/Page[^s]", sample_page["pdf"]))
    if sample_page["kind"] == "sample":
        assert 1 <= pages <= 2
    else:  # one section per article, each starting on a new page
        assert 3 <= pages <= 5


# --------------------------------------------------------------------------- Pleco, CSV
def read_pleco(text: str) -> list[dict]:
    """A reader of Pleco's flashcard text format, as documented: '//' lines name a category
    ('/' between levels); a card line is headword TAB pinyin TAB definition, the headword
    'simplified[traditional]' or one form."""
    cards, category = [], None
    for line in text.splitlines():
        if line.startswith("//"):
            category = line[2:].split("/")
            continue
        head, pinyin, definition = line.split("\t")
        m = re.fullmatch(r"([^\[\]]+)(?:\[([^\[\]]+)\])?", head)
        assert m, head
        cards.append({"simplified": m.group(1), "traditional": m.group(2) or m.group(1),
                      "pinyin": pinyin, "definition": definition, "category": category})
    return cards


def test_pleco_file_round_trips(tmp_path):
    out = tmp_path / "words.pleco.txt"
    write_deck(words(), out, deck_name="News/Week 1", subdecks=True)
    text = out.read_text(encoding="utf-8")
    assert "<" not in text and "\r" not in text
    cards = read_pleco(text)
    assert len(cards) == len({(w.word, w.pinyin) for w in words()})
    for card, w in zip(cards, words()):
        assert card["simplified"] == w.word
        assert card["traditional"] == (w.traditional or w.word)
        assert card["pinyin"] == w.pinyin_marked
        assert card["definition"].split("; ")[0] == w.senses[0]
        # A course's subcategories are numbered in article order, as its Anki subdecks are.
        sub = ["1 " + w.source.replace("/", "／")] if w.source else []
        assert card["category"] == ["News／Week 1", *sub]


def test_csv_opens_as_a_table(tmp_path):
    out = tmp_path / "words.csv"
    write_deck(words(), out, deck_name="News")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads a BOM-marked CSV as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    for row, w in zip(rows, words()):
        assert row["word"] == w.word and row["pinyin"] == w.pinyin_marked
        assert row["meaning"] == w.senses[0]
        assert row["sentence"] == w.sentence.pair.zh
        assert all("<" not in v for v in row.values())


def test_build_writes_csv_and_pleco(tmp_path):
    for name in ("deck.csv", "deck.pleco.txt"):
        out = tmp_path / name
        result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000


def test_printed_module_names_its_choices():
    assert printed.PINYIN_CHOICES == ("deck", "none", "all")
    assert printed.ENGLISH_CHOICES == ("under", "end", "none")


def test_a_course_build_lists_cards_per_article(tmp_path):
    other = tmp_path / "second.txt"
    other.write_text("第二课\n\n他们在公园里讨论环境保护的问题，大家都很关心空气污染。\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(SAMPLE), str(other), "--levels", "all", "-o", str(tmp_path / "c.apkg")])
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.output.splitlines() if ln.startswith("per article: "))
    counts = [int(n) for n in re.findall(r" (\d+)(?:,|$)", line)]
    assert "市图书馆开设夜间阅览室" in line and "第二课" in line
    total = int(re.search(r"(\d+) cards? written", result.output).group(1))
    assert len(counts) == 2 and all(counts) and sum(counts) == total
