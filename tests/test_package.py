"""Deck writing without Anki: note fields, identity, file formats, atomic writes."""

from __future__ import annotations

import html
import json
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from vocabdeck.decks import fields, files, notes, notetype, records, sentence_pinyin
from vocabdeck.decks.write import write as write_deck
from vocabdeck.errors import OptionError, VocabdeckError
from vocabdeck.model import NAME, NUMBER, OTHER, WORD, Sentence, SentencePair, Token, Word
from vocabdeck.zh.pinyin import syllable_marks

ZH = "美国试图阻挠中国的发展。"
EN = "The United States tried to obstruct China's development."


def sentence(zh=ZH, en=EN, tokens=None) -> Sentence:
    if tokens is None:
        tokens = (
            Token("美国", NAME, "mei3 guo2"), Token("试图", WORD, "shi4 tu2"),
            Token("阻挠", WORD, "zu3 nao2"), Token("中国", NAME, "zhong1 guo2"),
            Token("的", WORD, "de5"), Token("发展", WORD, "fa1 zhan3"), Token("。", OTHER, ""),
        )
    return Sentence(SentencePair(1, zh, en, 0.9 if en else 0.0), tuple(tokens))


def make_word(word="阻挠", trad="阻撓", pinyin="zu3 nao2", marked="zǔ náo",
              senses=("to thwart", "to obstruct (sth)"), classifiers=(), hsk=7, zipf=2.9,
              count=2, sent=None, index=2, span=(27, 35), source="Trade talks", **kw) -> Word:
    return Word(word, trad, pinyin, marked, tuple(senses), tuple(classifiers), hsk, zipf,
                count, sent or sentence(), index, span, source, **kw)


def words() -> list[Word]:
    return [
        make_word(),
        make_word("发展", "發展", "fa1 zhan3", "fā zhǎn", ("development", "to develop"),
                  ("个[ge4]",), 4, 5.1, 1, index=5, span=(46, 57)),
        make_word("的", "的", "de5", "de", ("of",), (), 1, 7.5, 1, index=4, span=None),
    ]


def strip_tags(s: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", s))


def fields_of(word: Word, cards=("recognition",)) -> dict[str, str]:
    return dict(zip(notetype.FIELDS, fields.note_fields(word, cards)))


# --------------------------------------------------------------------------- fields
def test_labelled_fields():
    f = fields_of(words()[0])
    assert f["Simplified"] == "阻挠"
    assert f["Traditional"] == "阻撓"
    assert f["Pinyin"] == "<span class=tone3>zǔ</span> <span class=tone2>náo</span>"
    assert f["PinyinNumbered"] == "zu3 nao2"
    assert f["Meaning"] == "to thwart; to obstruct (sth)"
    assert f["HSK"] == "HSK 7-9"
    assert f["Sentence"] == "美国试图<span class=vd-hl>阻挠</span>中国的发展。"
    assert f["SentenceBlanked"] == "美国试图<span class=vd-blank>＿＿</span>中国的发展。"
    assert f["SentencePinyin"] == "Měiguó shìtú <span class=vd-hl>zǔnáo</span> Zhōngguó de fāzhǎn."
    assert f["SentenceEnglish"] == (
        "The United States tried to <span class=vd-gloss>obstruct</span> China&#x27;s development.")
    assert f["RecognitionCard"] == "y" and f["RecallCard"] == ""


def test_classifier_and_traditional_same_as_simplified():
    f = fields_of(words()[1])
    assert f["Classifiers"] == "个 <span class=tone4>gè</span>"
    assert fields_of(words()[2])["Traditional"] == ""  # shown only when it differs
    assert fields.classifier_html("個|个[ge4]") == "个 <span class=tone4>gè</span>"


@pytest.mark.parametrize("numbered, marked, expected", [
    ("lv4", "", "<span class=tone4>lǜ</span>"),
    ("nv3 er2", "nǚ ér", "<span class=tone3>nǚ</span> <span class=tone2>ér</span>"),
    ("le5", "le", "<span class=tone5>le</span>"),
    ("xi1 an1", "", "<span class=tone1>xī</span> <span class=tone1>ān</span>"),
])
def test_tone_colours(numbered, marked, expected):
    assert fields.coloured_pinyin(numbered, marked) == expected


def test_word_pinyin_apostrophe():
    assert sentence_pinyin.word_pinyin("xi1 an1") == "xī'ān"
    assert sentence_pinyin.word_pinyin("zu3 nao2") == "zǔnáo"


def test_every_field_is_escaped():
    evil_zh = "他说<script>alert(1)</script>阻挠<img src=x onerror=alert(2)>。"
    tokens = (Token("他", WORD, "ta1"), Token("说", WORD, "shuo1"),
              Token("<script>alert(1)</script>", OTHER, ""), Token("阻挠", WORD, "zu3 nao2"),
              Token("<img src=x onerror=alert(2)>", OTHER, ""), Token("。", OTHER, ""))
    evil_en = 'He said <script>alert(1)</script> "obstruct" & <b>more</b>'
    w = make_word(senses=("<b>bold</b> & \"quoted\"",), classifiers=("<i>[ge4]",),
                  sent=sentence(evil_zh, evil_en, tokens), index=3, span=(0, 7),
                  source="<script>x</script>")
    for name, value in fields_of(w, ("recognition", "recall")).items():
        assert "<script" not in value and "<img" not in value and "<b>" not in value, name
        assert '"' not in value, name  # no double quotes: they would break the .tsv
        assert "\t" not in value and "\n" not in value
    f = fields_of(w)
    assert strip_tags(f["Sentence"]) == evil_zh
    assert strip_tags(f["SentenceEnglish"]) == evil_en


def test_sentence_invariants():
    """Highlighting only adds markup; blanking removes every occurrence of the word."""
    for w in words():
        f = fields_of(w)
        assert strip_tags(f["Sentence"]) == w.sentence.pair.zh
        assert strip_tags(f["SentenceEnglish"]) == w.sentence.pair.en
        assert w.word not in strip_tags(f["SentenceBlanked"])
        assert f["Sentence"].count("<span class=vd-hl>") == 1


def test_highlight_falls_back_to_text_search_when_tokens_disagree():
    w = make_word(sent=sentence(tokens=()), index=0)
    assert fields_of(w)["Sentence"] == "美国试图<span class=vd-hl>阻挠</span>中国的发展。"
    assert fields_of(w)["SentencePinyin"] == ""


@pytest.mark.parametrize("count, zipf", [(0, None), (1, 2.9), (2, None), (123456, -1.25), (7, 8.04)])
def test_frequency_field_needs_no_escaping(count, zipf):
    label = fields.frequency_label(make_word(count=count, zipf=zipf))
    assert label == html.escape(label) and fields_of(make_word(count=count, zipf=zipf))["Frequency"] == label


def test_bad_en_span_is_ignored():
    assert fields_of(make_word(span=(40, 10)))["SentenceEnglish"] == html.escape(EN)


# --------------------------------------------------------------------------- identity
def test_guid_depends_on_word_and_reading_only():
    a = make_word()
    b = make_word(senses=("a corrected gloss",), hsk=6, source="Another article", count=9)
    assert notetype.note_guid(a) == notetype.note_guid(b)
    assert notetype.note_guid(a) != notetype.note_guid(make_word(pinyin="zu3 nao3"))
    assert notetype.note_guid(a) != notetype.note_guid(make_word(word="阻碍"))


@pytest.mark.parametrize("word, pinyin", [
    ("阻挠", "zu3 nao2"), ("绿", "lv4"), ("V领", "V ling3"), ("", ""), ("a b", "x__y"), ("ü", "Lu:3"),
])
def test_guid_is_genankis(word, pinyin):
    genanki = notetype.import_genanki()
    assert notetype.note_guid(make_word(word=word, pinyin=pinyin)) == genanki.guid_for("vocabdeck", word, pinyin)


def test_guid_is_genankis_at_every_length():
    """About one GUID in 40 has 9 base-91 digits or fewer instead of 10 (no leading zero digit)."""
    genanki = notetype.import_genanki()
    pairs = [(f"词{i}", f"ci2 {i}") for i in range(2000)]
    made = [notetype.note_guid(make_word(word=w, pinyin=p)) for w, p in pairs]
    assert made == [genanki.guid_for("vocabdeck", w, p) for w, p in pairs]
    assert {9, 10} <= {len(g) for g in made}


def test_deck_id_stable_and_in_range():
    assert notetype.deck_id("News") == notetype.deck_id("News")
    assert notetype.deck_id("News") != notetype.deck_id("News::Trade talks")
    for name in ("News", "新闻", "x" * 300):
        assert (1 << 30) <= notetype.deck_id(name) < (1 << 31)


def test_model_is_frozen():
    # Changing these forks the note type in every learner's collection.
    assert notetype.MODEL_ID == 1875268477
    assert notetype.NOTETYPE_NAME == "vocabdeck word v1"
    assert notetype.FIELDS[:3] == ("Simplified", "Traditional", "Pinyin")
    assert len(notetype.FIELDS) == len(set(notetype.FIELDS)) == 15


def test_templates_and_css_load():
    tmpls = notetype.templates()
    assert [t["name"] for t in tmpls] == ["Recognition", "Recall"]
    assert tmpls[0]["qfmt"].strip().startswith("{{#RecognitionCard}}")
    assert tmpls[1]["qfmt"].strip().startswith("{{#RecallCard}}")
    assert "{{tts zh_CN:Simplified}}" in tmpls[0]["qfmt"]
    css = notetype.css()
    for needle in (".tone1", ".tone5", ".nightMode", ".night_mode", "@media (max-width"):
        assert needle in css


# --------------------------------------------------------------------------- options
def test_unknown_extension(tmp_path):
    with pytest.raises(OptionError, match=r"^output .*\.apkg, \.tsv, \.json") as err:
        write_deck(words(), tmp_path / "deck.xlsx", deck_name="News")
    assert err.value.value == tmp_path / "deck.xlsx"
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("cards", [("recognition", "speaking"), ()])
def test_bad_card_types(tmp_path, cards):
    with pytest.raises(OptionError, match="^cards: ") as err:
        write_deck(words(), tmp_path / "deck.apkg", deck_name="News", card_types=cards)
    assert err.value.option == "cards"


def test_output_folder_errors(tmp_path):
    folder = tmp_path / "out.apkg"
    folder.mkdir()
    with pytest.raises(VocabdeckError, match="is a folder"):
        write_deck(words(), folder, deck_name="News")
    with pytest.raises(VocabdeckError, match="does not exist"):
        write_deck(words(), tmp_path / "missing" / "deck.apkg", deck_name="News")


def test_failed_build_leaves_existing_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"old deck")

    def boom(*a, **k):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(fields, "note_fields", boom)
    for ext in (".apkg", ".tsv"):
        t = target.with_suffix(ext)
        t.write_bytes(b"old deck")
        with pytest.raises(RuntimeError):
            write_deck(words(), t, deck_name="News")
        assert t.read_bytes() == b"old deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg", "deck.tsv"]


# --------------------------------------------------------------------------- .apkg
def read_apkg(path: Path, tmp_path: Path):
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == ["collection.anki2", "media"]
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_DEFLATED}
        db = tmp_path / "unzipped.anki2"
        db.write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(db)
    notes = conn.execute("select guid, mod, tags, flds from notes order by id").fetchall()
    cards = conn.execute("select nid, ord, did from cards").fetchall()
    decks = json.loads(conn.execute("select decks from col").fetchone()[0])
    conn.close()
    return notes, cards, {d["name"] for d in decks.values()}


def test_apkg_contents_and_no_leftovers(tmp_path):
    out = tmp_path / "deck.apkg"
    write_deck(words(), out, deck_name="News", timestamp=1_700_000_000)
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]
    notes, cards, decks = read_apkg(out, tmp_path / "..")
    assert len(notes) == 3 and len(cards) == 3  # recognition only
    assert {c[1] for c in cards} == {0}
    assert {n[0] for n in notes} == {notetype.note_guid(w) for w in words()}
    assert {n[1] for n in notes} == {notetype.NOTE_STAMP}  # not the build time: see the shared-word rule
    assert "HSK7-9" in notes[0][2].split() and "trade-talks" in notes[0][2].split()
    assert "News" in decks


def test_apkg_card_types_and_subdecks(tmp_path):
    ws = words() + [make_word("试图", "試圖", "shi4 tu2", "shì tú", ("to try",), index=1,
                              span=(18, 23), source="Other: news", hsk=5)]
    out = tmp_path / "deck.apkg"
    write_deck(ws, out, deck_name="News", card_types=("recall", "recognition"), subdecks=True,
                  timestamp=1_700_000_000)
    notes, cards, decks = read_apkg(out, tmp_path / "..")
    assert len(cards) == 2 * len(ws)
    assert {"News::1 Trade talks", "News::2 Other: news"} <= decks  # numbered: Anki sorts by name
    write_deck(ws, out, deck_name="News", card_types=("recall",), timestamp=1_700_000_000)
    notes, cards, decks = read_apkg(out, tmp_path / "..")
    assert {c[1] for c in cards} == {1} and len(cards) == len(ws)


def test_apkg_reproducible_with_timestamp(tmp_path):
    a, b = tmp_path / "a.apkg", tmp_path / "b.apkg"
    write_deck(words(), a, deck_name="News", timestamp=1_700_000_000)
    write_deck(words(), b, deck_name="News", timestamp=1_700_000_000)
    assert a.read_bytes() == b.read_bytes()


def test_duplicate_words_make_one_note(tmp_path):
    out = tmp_path / "deck.apkg"
    write_deck(words() + words(), out, deck_name="News", timestamp=1_700_000_000)
    notes, _, _ = read_apkg(out, tmp_path / "..")
    assert len(notes) == 3


# --------------------------------------------------------------------------- .tsv
def test_tsv_format(tmp_path):
    out = tmp_path / "deck.tsv"
    write_deck(words(), out, deck_name="News", card_types=("recognition", "recall"))
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    head = [line for line in lines if line.startswith("#")]
    body = [line for line in lines[len(head):] if line]
    assert head[:4] == ["#separator:tab", "#html:true", "#notetype:vocabdeck word v1",
                        "#deck:News"]
    directives = dict(line[1:].split(":", 1) for line in head)
    columns = directives["columns"].split("\t")
    assert columns[:len(notetype.FIELDS)] == list(notetype.FIELDS)
    guid_col = int(directives["guid column"]) - 1
    tags_col = int(directives["tags column"]) - 1
    assert columns[guid_col] == "GUID" and columns[tags_col] == "Tags"
    assert len(body) == 3
    for line, w in zip(body, words()):
        row = line.split("\t")
        assert len(row) == len(columns)
        assert row[0] == w.word
        assert row[guid_col] == notetype.note_guid(w)
        assert all(" " not in t for t in row[tags_col].split(" "))


# --------------------------------------------------------------------------- .json
def test_json_records(tmp_path):
    untranslated = make_word("试图", "試圖", "shi4 tu2", "shì tú", ("to try",),
                             sent=sentence(en=""), index=1, span=None)
    out = tmp_path / "deck.json"
    write_deck(words() + [untranslated], out, deck_name="News")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == records.records(words() + [untranslated])
    first = data[0]
    assert first["word"] == "阻挠" and first["pinyin"] == "zǔ náo"
    assert first["pinyin_numbered"] == "zu3 nao2"
    assert first["definitions"] == ["to thwart", "to obstruct (sth)"]
    assert first["hsk_level"] == 7 and first["sentence_en"] == EN
    assert first["gloss_en"] == "obstruct"
    assert first["sentence_pinyin"] == "Měiguó shìtú zǔnáo Zhōngguó de fāzhǎn."
    assert data[-1]["sentence_en"] is None and data[-1]["gloss_en"] is None
    required = {"word", "traditional", "pinyin", "pinyin_numbered", "definitions", "classifiers",
                "hsk_level", "count", "zipf", "sentence_zh", "sentence_en"}
    assert all(required <= set(r) for r in data)


# A number token carries the readings of its Han characters only; its digits and
# letters must still show, in place, in the sentence's pinyin and the handout's ruby.
@pytest.mark.parametrize("tokens, expected", [
    ((Token("今年", WORD, "jin1 nian2"), Token("6月", NUMBER, "yue4"), Token("。", OTHER, "")),
     "jīnnián 6 yuè."),
    ((Token("飞", WORD, "fei1"), Token("了", WORD, "le5"), Token("3.5小时", NUMBER, "xiao3 shi2")),
     "fēi le 3.5 xiǎoshí"),
    ((Token("第", WORD, "di4"), Token("10届", NUMBER, "jie4"), Token("会议", WORD, "hui4 yi4")),
     "dì 10 jiè huìyì"),
    ((Token("通\u200b宵", WORD, "tong1 xiao1"),), "tōngxiāo"),  # an invisible character inside
    # Latin text jieba cuts apart is written as it was; a space in it stays a space.
    ((Token("美军", NAME, "mei3 jun1"), Token("B", OTHER), Token("-", OTHER), Token("29", OTHER),
      Token("轰炸机", WORD, "hong1 zha4 ji1")), "Měijūn B-29 hōngzhàjī"),
    ((Token("在", WORD, "zai4"), Token("10", OTHER), Token(":", OTHER), Token("01", OTHER),
      Token("，", OTHER), Token("“", OTHER), Token("LDP", OTHER), Token("'", OTHER), Token("s", OTHER),
      Token(" ", OTHER), Token("policy", OTHER), Token("”", OTHER)),
     "zài 10:01, “LDP's policy”"),
    ((Token("新世纪", WORD, "xin1 shi4 ji4"), Token("—", OTHER), Token("—", OTHER),
      Token("附", WORD, "fu4"), Token("（", OTHER), Token("１张", NUMBER, "zhang1"), Token("）", OTHER)),
     "xīnshìjì —— fù (1 zhāng)"),  # full-width digits as the pinyin around them is written
    ((Token("是", WORD, "shi4"), Token("１", OTHER), Token("９", OTHER), Token("９", OTHER),
      Token("８年", NUMBER, "nian2"), Token("１", OTHER), Token("２月", NUMBER, "yue4")),
     "shì 1998 nián 12 yuè"),  # jieba leaves full-width digits single
])
def test_sentence_pinyin_keeps_digits_inside_tokens(tokens, expected):
    sent = sentence("".join(t.text for t in tokens), tokens=tokens)
    word = make_word(tokens[0].text, sent=sent, index=0, span=None)
    assert sentence_pinyin.sentence_pinyin(word, markup=False) == expected


def test_handout_ruby_leaves_digits_bare():
    from vocabdeck.decks.handout import render

    tokens = (Token("今年", WORD, "jin1 nian2"), Token("6月", NUMBER, "yue4"))
    page = render("t", [sentence("今年6月", tokens=tokens)])
    assert "<ruby>今年<rt>jīn nián</rt></ruby>6<ruby>月<rt>yuè</rt></ruby>" in page


# --------------------------------------------------------------------------- slug
@pytest.mark.parametrize("title, fallback, expected", [
    ("Trade talks in Geneva", "", "trade-talks-in-geneva"),
    ("中美贸易谈判", "trade-2024", "trade-2024"),
    ("中美贸易谈判", "", "article"),
    ("Café: the “new” economy!", "", "cafe-the-new-economy"),
    ("2024年GDP增长", "", "2024-gdp"),
])
def test_slug(title, fallback, expected):
    assert notes.slug(title, fallback) == expected


def test_slug_is_a_valid_tag():
    for t in ("a b\tc", "中文", "x" * 200, "::deck::"):
        s = notes.slug(t)
        assert s and s.isascii() and " " not in s and len(s) <= 60


def test_tone_marks_agree_with_pypinyin_on_every_syllable():
    """vocabdeck writes tone marks itself (importing pypinyin costs more than a build);
    check it against pypinyin's converter on every syllable pypinyin knows."""
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_tone, to_tone3

    syllables = {
        to_tone3(p, neutral_tone_with_five=True, v_to_u=False)
        for readings in PINYIN_DICT.values() for p in readings.split(",")
    }
    assert len(syllables) > 1000
    wrong = [s for s in sorted(syllables) if syllable_marks(s) != to_tone(s)]
    assert wrong == []


@pytest.mark.parametrize("numbered, marked", [
    ("lu:e4", "lüè"), ("Nv3", "Nǚ"), ("Ou1", "Ōu"), ("ng2", "ńg"), ("r5", "r"), ("xx5", "xx"),
])
def test_tone_marks_labelled(numbered, marked):
    assert syllable_marks(numbered) == marked


def test_unwritable_folder_is_a_one_line_error(tmp_path, monkeypatch):
    def denied(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfiles, "create", denied)
    with pytest.raises(VocabdeckError) as e:
        write_deck(words(), tmp_path / "deck.apkg", deck_name="News")
    message = str(e.value)
    assert "\n" not in message and str(tmp_path / "deck.apkg") in message
    assert "Permission denied" in message and "-o" in message


def test_genanki_loads_without_yaml_or_asyncio_and_both_stay_usable():
    code = (
        "import sys\n"
        "from vocabdeck.decks import notetype\n"
        "genanki = notetype.import_genanki()\n"
        "print(sorted({'yaml', 'asyncio', 'cached_property'} & set(sys.modules)))\n"
        "model = genanki.Model(1, 'm', fields='- name: A', templates='- {name: t, qfmt: a, afmt: b}')\n"
        "print(model.fields, model.templates[0]['name'])\n"
        "import yaml, cached_property\n"
        "print(hasattr(yaml, 'safe_load'), hasattr(cached_property, 'threaded_cached_property'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "[{'name': 'A'}] t", "True True"]


@pytest.mark.parametrize("cards", [("recognition",), ("recall",), ("recognition", "recall")])
def test_card_rules_match_genanki_notes(cards):
    """The .apkg writer makes cards from Model.to_json's "req" instead of genanki's Note
    objects (for speed). If genanki changes how it works out which cards a note makes,
    this fails: the two must agree on every card set we write."""
    from vocabdeck.decks import apkg

    genanki = notetype.import_genanki()
    model = genanki.Model(notetype.MODEL_ID, notetype.NOTETYPE_NAME,
                          fields=[{"name": f} for f in notetype.FIELDS],
                          templates=notetype.templates(), css=notetype.css())
    rules = apkg.required_fields(model)
    assert [r[0] for r in rules] == list(range(len(notetype.CARD_TYPES)))
    for word in words():
        values = fields.note_fields(word, cards)
        ours = [o for o, how, needed in rules if {"any": any, "all": all}[how](values[i] for i in needed)]
        theirs = [c.ord for c in genanki.Note(model=model, fields=values).cards]
        assert ours == theirs
        assert len(ours) == len(cards)


def test_a_chinese_title_tags_its_cards_in_pinyin():
    """Every Chinese-titled article was tagged 'article'; its tag is now its title in pinyin,
    the name its deck file gets too."""
    from vocabdeck.decks.notes import tags, title_slug

    w = make_word(source="市图书馆开设夜间阅览室")
    assert title_slug("日本新闻") == "ri-ben-xin-wen"
    assert "shi-tu-shu-guan-kai-she-ye-jian-yue-lan-shi" in tags(w)
    assert "trade-talks" in tags(make_word(source="Trade talks"))


@pytest.mark.parametrize("tokens, expected", [
    ((Token("收拾", WORD, "shou1 shi5"), Token("得", WORD, "de5"), Token("干", WORD, "gan1"),
      Token("干净", WORD, "gan1 jing4"), Token("净", WORD, "jing4"), Token("。", OTHER)),
     "shōushi de gāngānjìngjìng."),
    ((Token("高", WORD, "gao1"), Token("高兴", WORD, "gao1 xing4"), Token("兴", WORD, "xing4")),
     "gāogāoxìngxìng"),
    # Not a reduplication cut apart: two words that each repeat a character.
    ((Token("谢谢", WORD, "xie4 xie5"), Token("妈妈", WORD, "ma1 ma5")), "xièxie māma"),
])
def test_sentence_pinyin_writes_a_cut_reduplication_as_one_word(tokens, expected):
    sent = sentence("".join(t.text for t in tokens), tokens=tokens)
    word = make_word(tokens[0].text, sent=sent, index=0, span=None)
    assert sentence_pinyin.sentence_pinyin(word, markup=False) == expected
