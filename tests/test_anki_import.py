"""Decks imported by the real Anki client (the `anki` package), headless.

Each test builds a deck, imports it into a fresh collection the way Anki's
File > Import does, and checks what a learner would get: the notes, the cards, what each
card shows, and that importing a rebuilt deck updates notes instead of adding duplicates.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

anki_collection = pytest.importorskip("anki.collection")

from test_package import make_word, sentence, words  # noqa: E402
from vocabdeck.decks import notetype  # noqa: E402
from vocabdeck.decks.write import write as write_deck  # noqa: E402
from vocabdeck.model import NUMBER, OTHER, WORD, Token  # noqa: E402

T0 = 1_700_000_000

# Text Anki puts on a card instead of the content when a template or field is wrong.
ANKI_ERROR_TEXT = (
    "no field called", "front of this card is blank", "has a problem", "see the preview",
    "missing }}", "template error", "unknown filter",
)


@pytest.fixture
def col(tmp_path):
    c = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    yield c
    c.close()


def import_apkg(col, path: Path, always: bool = False) -> tuple[int, int, int]:
    """Import like Anki's default package import ("Update notes: If newer"), or with
    "Update notes: Always"; returns (new, updated, unchanged)."""
    from anki.import_export_pb2 import (
        IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS,
        IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
    )

    request = anki_collection.ImportAnkiPackageRequest(
        package_path=str(path),
        options=anki_collection.ImportAnkiPackageOptions(
            with_scheduling=False,
            merge_notetypes=True,
            update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS if always
            else IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            update_notetypes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        ),
    )
    log = col.import_anki_package(request).log
    return len(log.new), len(log.updated), len(log.duplicate)


def visible_text(card_html: str) -> str:
    no_style = re.sub(r"<style>.*?</style>", "", card_html, flags=re.S)
    no_sound = re.sub(r"\[anki:play:[qa]:\d+\]", "", no_style)
    inline = re.sub(r"</?span[^>]*>", "", no_sound)
    return html.unescape(re.sub(r"<[^>]*>", " ", inline)).strip()


def rendered(col):
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        yield card, card.question(), card.answer()


def assert_renders_well(col):
    count = 0
    for card, q, a in rendered(col):
        count += 1
        for side in (q, a):
            text = visible_text(side)
            assert text, f"empty side on {card.template()['name']} card"
            assert "{{" not in side and "}}" not in side
            lowered = text.lower()
            for bad in ANKI_ERROR_TEXT:
                assert bad not in lowered, (bad, text)
    assert count


def build(tmp_path, ws=None, name="deck.apkg", **kw) -> Path:
    out = tmp_path / name
    kw.setdefault("timestamp", T0)
    write_deck(words() if ws is None else ws, out, deck_name=kw.pop("deck_name", "News"), **kw)
    return out


# --------------------------------------------------------------------------- tests
def test_default_deck_imports_with_recognition_cards_only(col, tmp_path):
    assert import_apkg(col, build(tmp_path)) == (3, 0, 0)
    assert col.note_count() == 3 and col.card_count() == 3
    assert {card.template()["name"] for card, _, _ in rendered(col)} == {"Recognition"}
    assert_renders_well(col)

    nid = col.find_notes("Simplified:阻挠")[0]
    note = col.get_note(nid)
    assert note.note_type()["name"] == "vocabdeck word v1"
    assert note.note_type()["id"] == notetype.MODEL_ID
    assert list(note.keys()) == list(notetype.FIELDS)
    assert note["Meaning"] == "to thwart; to obstruct (sth)"
    assert note["PinyinNumbered"] == "zu3 nao2"
    assert note.guid == notetype.note_guid(words()[0])
    assert {"HSK7-9", "trade-talks"} <= set(note.tags)


def test_recognition_card_reads_well(col, tmp_path):
    import_apkg(col, build(tmp_path))
    card = col.get_card(col.find_cards("Simplified:阻挠")[0])
    q, a = card.question(), card.answer()
    assert visible_text(q).split() == ["阻挠", "美国试图阻挠中国的发展。"]
    assert "<span class=vd-hl>阻挠</span>" in q
    assert "<span class=tone3>zǔ</span> <span class=tone2>náo</span>" in a
    assert "<span class=vd-gloss>obstruct</span>" in a
    for piece in ("to thwart; to obstruct (sth)", "Měiguó shìtú zǔnáo", "HSK 7-9",
                  "The United States tried to obstruct China's development."):
        assert piece in visible_text(a)
    tts = card.question_av_tags()
    assert [(t.lang, t.field_text) for t in tts] == [("zh_CN", "阻挠")]
    assert [(t.lang, t.field_text) for t in card.answer_av_tags()][-1] == (
        "zh_CN", "美国试图阻挠中国的发展。")


def test_both_card_types(col, tmp_path):
    import_apkg(col, build(tmp_path, card_types=("recognition", "recall")))
    assert col.card_count() == 6
    assert_renders_well(col)
    recall = [c for c, _, _ in rendered(col) if c.template()["name"] == "Recall"]
    assert len(recall) == 3
    card = next(c for c in recall if c.note()["Simplified"] == "阻挠")
    front = visible_text(card.question())
    assert "阻挠" not in front  # the word is blanked on the Recall front
    assert "to thwart" in front and "美国试图＿＿中国的发展。" in front
    assert "阻挠" in visible_text(card.answer())


def test_recall_only(col, tmp_path):
    import_apkg(col, build(tmp_path, card_types=("recall",)))
    assert {c.template()["name"] for c, _, _ in rendered(col)} == {"Recall"}
    assert col.card_count() == 3
    assert_renders_well(col)


def test_reimport_adds_nothing(col, tmp_path):
    deck = build(tmp_path)
    import_apkg(col, deck)
    assert import_apkg(col, deck) == (0, 0, 3)
    assert col.note_count() == 3 and col.card_count() == 3


def test_rebuilt_deck_refreshes_notes_with_update_notes(col, tmp_path):
    """README: a rebuilt deck leaves the notes you have as they are under Anki's default
    import; built with --update-notes it refreshes them in place (and adds newly chosen
    cards)."""
    import_apkg(col, build(tmp_path, name="v1.apkg"))
    fixed = [make_word(senses=("to obstruct", "to thwart"))] + words()[1:]
    rebuilt = build(tmp_path, fixed, name="v2.apkg", timestamp=T0 + 3600,
                    card_types=("recognition", "recall"))
    assert import_apkg(col, rebuilt) == (0, 0, 3)
    assert import_apkg(col, rebuilt, always=True) == (0, 0, 3)  # Anki updates only a note whose time differs
    assert col.get_note(col.find_notes("Simplified:阻挠")[0])["Meaning"] == "to thwart; to obstruct (sth)"
    refreshed = build(tmp_path, fixed, name="v3.apkg", timestamp=T0 + 7200,
                      card_types=("recognition", "recall"), update_notes=True)
    assert import_apkg(col, refreshed) == (0, 3, 0)
    assert col.note_count() == 3
    assert col.card_count() == 6  # the newly chosen Recall cards join the same notes
    note = col.get_note(col.find_notes("Simplified:阻挠")[0])
    assert note["Meaning"] == "to obstruct; to thwart"
    assert_renders_well(col)


def test_a_word_shared_by_two_articles_keeps_its_first_card(col, tmp_path):
    """README, "Words shared between decks": deck 1 is imported and its card reviewed;
    deck 2, from another article (without a translation), has the same word. No duplicate
    note or card; the card stays in deck 1 with its review history and still shows deck
    1's sentence, English and source. Deck 2's other words are added."""
    first = build(tmp_path, name="first.apkg", deck_name="Trade talks")
    assert import_apkg(col, first) == (3, 0, 0)
    cid = col.find_cards("Simplified:阻挠")[0]
    _review(col, cid)
    reviewed = col.get_card(cid)
    assert reviewed.reps == 1
    before = (reviewed.did, visible_text(reviewed.question()), visible_text(reviewed.answer()))

    zh = "他们又一次阻挠谈判。"
    tokens = (Token("他们", WORD, "ta1 men5"), Token("又", WORD, "you4"), Token("一次", NUMBER, "yi1 ci4"),
              Token("阻挠", WORD, "zu3 nao2"), Token("谈判", WORD, "tan2 pan4"), Token("。", OTHER, ""))
    untranslated = sentence(zh, "", tokens)
    shared = make_word(sent=untranslated, index=3, span=None, source="Second article")
    new_word = make_word("谈判", "談判", "tan2 pan4", "tán pàn", ("to negotiate",), hsk=5, zipf=4.5, count=1,
                         sent=untranslated, index=4, span=None, source="Second article")
    second = build(tmp_path, [shared, new_word], name="second.apkg", deck_name="Second article",
                   timestamp=T0 + 86_400)
    assert import_apkg(col, second) == (1, 0, 1)
    assert len(col.find_notes("Simplified:阻挠")) == 1 and len(col.find_cards("Simplified:阻挠")) == 1
    after = col.get_card(cid)
    assert (after.did, visible_text(after.question()), visible_text(after.answer())) == before
    assert after.reps == 1 and after.ivl == reviewed.ivl
    assert "美国试图阻挠中国的发展。" in visible_text(after.question())
    assert "The United States tried to obstruct" in visible_text(after.answer())
    assert col.decks.name(after.did) == "Trade talks"
    added = col.get_card(col.find_cards("Simplified:谈判")[0])
    assert col.decks.name(added.did) == "Second article"


def _review(col, cid: int) -> None:
    """Answer a card "Good" as a learner would in the reviewer."""
    from anki.scheduler.v3 import CardAnswer

    states = col._backend.get_scheduling_states(cid)
    card = col.get_card(cid)
    card.start_timer()
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))


def test_subdecks(col, tmp_path):
    ws = words() + [make_word("试图", "試圖", "shi4 tu2", "shì tú", ("to try",), index=1,
                              span=(18, 23), hsk=5, source="Second article")]
    import_apkg(col, build(tmp_path, ws, subdecks=True))
    names = {col.decks.name(c.did) for c, _, _ in rendered(col)}
    assert names == {"News::1 Trade talks", "News::2 Second article"}


def test_markup_in_article_is_shown_not_run(col, tmp_path):
    evil_zh = "他说<script>alert(1)</script>阻挠<img src=x onerror=alert(2)>。"
    tokens = (Token("他", WORD, "ta1"), Token("说", WORD, "shuo1"),
              Token("<script>alert(1)</script>", OTHER, ""), Token("阻挠", WORD, "zu3 nao2"),
              Token("<img src=x onerror=alert(2)>", OTHER, ""), Token("。", OTHER, ""))
    w = make_word(sent=sentence(evil_zh, "<script>alert(3)</script> obstruct", tokens),
                  index=3, span=(27, 35), source="<b>title</b>",
                  senses=("<img src=y onerror=alert(4)>",))
    import_apkg(col, build(tmp_path, [w], card_types=("recognition", "recall")))
    assert_renders_well(col)
    for _, q, a in rendered(col):
        for side in (q, a):
            assert "<script" not in side and "<img" not in side and "<b>" not in side
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in a
        assert "<script>alert(1)</script>" in visible_text(a)


def test_tsv_import_updates_the_same_notes(col, tmp_path):
    from anki.collection import ImportCsvRequest

    import_apkg(col, build(tmp_path))
    fixed = [make_word(senses=("to block",))] + words()[1:]
    tsv = tmp_path / "deck.tsv"
    write_deck(fixed, tsv, deck_name="News")
    metadata = col.get_csv_metadata(str(tsv), None)
    log = col.import_csv(ImportCsvRequest(path=str(tsv), metadata=metadata)).log
    assert (len(log.new), len(log.updated)) == (0, 1)
    assert col.note_count() == 3
    note = col.get_note(col.find_notes("Simplified:阻挠")[0])
    assert note["Meaning"] == "to block"
    assert note["Pinyin"] == "<span class=tone3>zǔ</span> <span class=tone2>náo</span>"
    assert_renders_well(col)


def test_tsv_alone_needs_the_apkg_first_as_the_readme_says(col, tmp_path):
    """The README's rule for .tsv files: import an .apkg first. A collection that has never
    seen a vocabdeck deck has no vocabdeck note type, and Anki then makes Basic notes
    whose backs are empty, which is why the README says so."""
    from anki.collection import ImportCsvRequest

    tsv = tmp_path / "deck.tsv"
    write_deck(words(), tsv, deck_name="News")
    metadata = col.get_csv_metadata(str(tsv), None)
    col.import_csv(ImportCsvRequest(path=str(tsv), metadata=metadata))
    names = {col.get_note(nid).note_type()["name"] for nid in col.find_notes("")}
    assert notetype.NOTETYPE_NAME not in names
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "import an `.apkg` first" in readme
