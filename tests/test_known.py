"""Known words from every place learners keep them: Anki exports built with the real Anki
library (current and legacy formats, .colpkg and .apkg), and word lists in each layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vocabdeck.data.known import KnownOptions, load, read_source, split_sources, words_in
from vocabdeck.errors import VocabdeckError

# The collection: one note per word, each with one card in the state named.
#   word      card state                         interval (days)
COLLECTION = [
    ("农业", "review", 30),
    ("<b>工业</b>", "review", 400),  # HTML in the field
    ("商业[shang1 ye4]", "review", 3),  # young: a bracketed reading
    ("<ruby>科学<rt>kē xué</rt></ruby>", "suspended", 60),  # ruby markup; suspended, was mature
    ("經濟", "review", 25),  # Traditional
    ("新词", "new", 0),  # never reviewed
    ("学习 (xuéxí)", "learning", 0),  # in the learning steps
]
MATURE = {"农业", "工业", "科学", "經濟"}
EXPORTS = ["current.colpkg", "legacy.colpkg", "current.apkg", "legacy.apkg"]


@pytest.fixture(scope="session")
def exports(tmp_path_factory) -> Path:
    anki_collection = pytest.importorskip("anki.collection")
    from anki.collection import DeckIdLimit, ExportAnkiPackageOptions

    folder = tmp_path_factory.mktemp("anki")
    col = anki_collection.Collection(str(folder / "collection.anki2"))
    notetype = col.models.by_name("Basic")
    deck = col.decks.id("Chinese")
    for word, state, interval in COLLECTION:
        note = col.new_note(notetype)
        note["Front"], note["Back"] = word, "meaning"
        col.add_note(note, deck)
        card = note.cards()[0]
        if state != "new":
            card.type = {"learning": 1}.get(state, 2)
            card.queue = {"suspended": -1, "learning": 1}.get(state, 2)
            card.ivl = interval
            card.due = 100
            col.update_card(card)
    for legacy in (False, True):
        col.export_anki_package(
            out_path=str(folder / ("legacy.apkg" if legacy else "current.apkg")),
            options=ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True, with_media=False,
                                             legacy=legacy),
            limit=DeckIdLimit(deck),
        )
    col.export_collection_package(str(folder / "current.colpkg"), False, False)  # closes it
    col = anki_collection.Collection(str(folder / "collection.anki2"))
    col.export_collection_package(str(folder / "legacy.colpkg"), False, True)
    return folder


@pytest.mark.parametrize("name", EXPORTS)
def test_each_export_gives_the_mature_words_by_default(exports, name):
    source = read_source(exports / name)
    assert source.words == MATURE
    assert source.describe() == f"4 words from {name} (interval >= 21 days)"


@pytest.mark.parametrize("name", EXPORTS)
def test_interval_option_admits_young_cards_not_new_ones(exports, name):
    assert read_source(exports / name, KnownOptions(min_interval=1)).words == MATURE | {"商业"}
    # Interval 0: every card that has left the new queue, learning ones too; never new cards.
    assert read_source(exports / name, KnownOptions(min_interval=0)).words == MATURE | {"商业", "学习"}
    assert read_source(exports / name, KnownOptions(min_interval=365)).words == {"工业"}


@pytest.mark.parametrize("name", EXPORTS)
def test_suspended_cards_can_be_left_out(exports, name):
    source = read_source(exports / name, KnownOptions(suspended=False))
    assert source.words == MATURE - {"科学"}
    assert "suspended left out" in source.describe()


@pytest.mark.parametrize("name", EXPORTS[:2])
def test_named_field(exports, name):
    with pytest.raises(VocabdeckError, match="no note type has a field called 'Hanzi'; its fields are Back, Front"):
        read_source(exports / name, KnownOptions(field="Hanzi"))
    with pytest.raises(VocabdeckError, match="no Chinese words"):  # the Back field holds English
        read_source(exports / name, KnownOptions(field="Back"))


def test_interval_that_keeps_nothing_says_why(exports):
    with pytest.raises(VocabdeckError, match=r"no Chinese words in it with a card reviewed at an interval >= 9999"):
        read_source(exports / "current.colpkg", KnownOptions(min_interval=9999))


def test_deck_without_review_history_is_a_word_list(tmp_path):
    """A shared deck, or one vocabdeck wrote: every note counts."""
    from test_package import words
    from vocabdeck.decks.write import write

    deck = tmp_path / "deck.apkg"
    made = words()
    write(made, deck, deck_name="D", card_types=("recognition",), subdecks=False, standard="2025")
    source = read_source(deck)
    assert source.words >= {w.word for w in made}
    assert "no review history" in source.describe()


# --------------------------------------------------------------------------- fields
@pytest.mark.parametrize(
    "field, expected",
    [
        ("农业", {"农业"}),
        ("<div><b>农业</b></div>", {"农业"}),
        ("农业&nbsp;", {"农业"}),
        ("农业[nong2 ye4]", {"农业"}),
        ("农业[農業]", {"农业", "農業"}),
        (" 漢字[かんじ]", {"漢字"}),
        ("<ruby>农<rt>nóng</rt>业<rt>yè</rt></ruby>", {"农业"}),
        ("农业[sound:nongye.mp3]", {"农业"}),
        ("{{c1::农业::agriculture}}", {"农业"}),
        ("agriculture", set()),
    ],
)
def test_words_in_a_field(field, expected):
    assert words_in(field) == expected


# --------------------------------------------------------------------------- lists
LAYOUTS = {
    "one per line": ("known.txt", "农业\n工业\n\n商业\n"),
    "several a line, spaces": ("known.txt", "农业 工业\n商业\n"),
    "several a line, commas": ("known.txt", "农业,工业,商业\n"),
    "several a line, 、": ("known.txt", "农业、工业、商业\n"),
    "CSV with readings": ("known.csv", "word,pinyin,meaning\n农业,nóngyè,agriculture\n工业,gōngyè,industry\n"
                          "商业,shāngyè,commerce\n"),
    "TSV": ("known.tsv", "农业\tnóngyè\tagriculture\n工业\tgōngyè\tindustry\n商业\tshāngyè\tcommerce\n"),
    "Pleco text": ("pleco.txt", "// My words\n农业[農業]\tnong2ye4\tagriculture\n工业[工業]\tgong1ye4\tindustry\n"
                   "商业[商業]\tshang1ye4\tcommerce\n"),
    "Pleco XML": ("pleco.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<plecoflash formatversion="2"><cards>'
                  '<card language="chinese"><entry><headword charset="sc">农业</headword>'
                  '<headword charset="tc">農業</headword><pron type="hypy">nong2ye4</pron>'
                  '<defn>agriculture</defn></entry></card>'
                  '<card language="chinese"><entry><headword charset="sc">工业</headword>'
                  '<defn>industry 工厂</defn></entry></card>'
                  '<card language="chinese"><entry><headword charset="sc">商业</headword></entry></card>'
                  '</cards></plecoflash>\n'),
    "Anki text export": ("anki.txt", "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n"
                         "#deck column:3\n#tags column:6\n"
                         "f<Gq+3jz\tChinese\t中文::词汇\t<b>农业</b>\tagriculture\tHSK4\n"
                         "bX9!2kd\tChinese\t中文::词汇\t工业\tindustry\t\n"
                         "c7&Lm0p\tChinese\t中文::词汇\t商业[shang1 ye4]\tcommerce\t\n"),
    "JSON strings": ("known.json", '["农业", "工业", "商业"]'),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_list_layout_gives_its_words(layout, tmp_path):
    name, text = LAYOUTS[layout]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    words = read_source(path).words
    assert {"农业", "工业", "商业"} <= words
    assert words - {"农业", "工业", "商业"} <= {"農業", "工業", "商業"}, words


def test_named_column(tmp_path):
    path = tmp_path / "known.csv"
    path.write_text("id,hanzi,english\n1,农业,agriculture\n2,工业,industry\n", encoding="utf-8")
    assert read_source(path, KnownOptions(field="Hanzi")).words == {"农业", "工业"}
    with pytest.raises(VocabdeckError, match="no column"):
        read_source(path, KnownOptions(field="Simplified"))


def test_vocabdeck_own_outputs(tmp_path):
    from test_package import words
    from vocabdeck.decks.write import write

    made = words()
    expected = {w.word for w in made}
    for ext in ("tsv", "json"):
        out = tmp_path / f"deck.{ext}"
        write(made, out, deck_name="D", card_types=("recognition",), subdecks=False, standard="2025")
        assert read_source(out).words >= expected, ext


@pytest.mark.parametrize(
    "content, reason",
    [
        ("apple\nbanana\n", "no Chinese words"),
        ("犇犇犇犇\n\n", "none of its 1 entries is a Chinese word"),
        ("", "no Chinese words"),
    ],
)
def test_a_source_that_gives_nothing_is_a_one_line_error(content, reason, tmp_path):
    path = tmp_path / "known.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VocabdeckError, match=reason) as caught:
        read_source(path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


def test_zip_that_is_not_an_anki_export(tmp_path):
    import zipfile

    path = tmp_path / "words.apkg"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("words.txt", "农业")
    with pytest.raises(VocabdeckError, match="without an Anki collection"):
        read_source(path)


def test_sources_repeat_and_split_on_commas(tmp_path):
    (tmp_path / "a.txt").write_text("农业\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("工业\n", encoding="utf-8")
    (tmp_path / "c,d.txt").write_text("商业\n", encoding="utf-8")
    paths = split_sources([str(tmp_path / "a.txt"), f"{tmp_path / 'b.txt'},{tmp_path / 'a.txt'}",
                           str(tmp_path / "c,d.txt")])
    assert [p.name for p in paths] == ["a.txt", "b.txt", "a.txt", "c,d.txt"]
    assert load(paths).words == {"农业", "工业", "商业"}


# --------------------------------------------------------------------------- command line
def test_cli_reports_what_it_read_and_matches_both_scripts(exports, tmp_path):
    from typer.testing import CliRunner

    from vocabdeck.cli import app

    article = tmp_path / "a.txt"
    article.write_text("农业和工业\n\n我们发展农业、商业和科学技术。经济很好。\n", encoding="utf-8")
    runner = CliRunner()
    before = runner.invoke(app, ["words", str(article), "--levels", "all", "--format", "json"])
    assert before.exit_code == 0, before.output
    base = {r["word"] for r in json.loads(before.stdout)}
    assert {"农业", "工业", "科学", "经济"} <= base
    result = runner.invoke(app, ["words", str(article), "--levels", "all", "--format", "json",
                                 "--known", str(exports / "current.colpkg")])
    assert result.exit_code == 0, result.output
    after = {r["word"] for r in json.loads(result.stdout)}
    assert after == base - {"农业", "工业", "科学", "经济"}  # 經濟 (Traditional) matches 经济
    assert "known: 4 words from current.colpkg (interval >= 21 days); 4 of this article's words" in result.stderr


def test_cli_known_chars(tmp_path):
    from typer.testing import CliRunner

    from vocabdeck.cli import app

    article = tmp_path / "a.txt"
    article.write_text("我们讨论农业和商业。\n", encoding="utf-8")
    known = tmp_path / "k.txt"
    known.write_text("农民\n事业\n商人\n", encoding="utf-8")
    runner = CliRunner()
    args = ["words", str(article), "--levels", "all", "--format", "json", "--known", str(known)]
    plain = {r["word"] for r in json.loads(runner.invoke(app, args).stdout)}
    chars = {r["word"] for r in json.loads(runner.invoke(app, [*args, "--known-chars"]).stdout)}
    assert {"农业", "商业"} <= plain
    assert not {"农业", "商业"} & chars
