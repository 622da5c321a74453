"""The card a word gets in its sentence: the sense shown first, the English marked as its
gloss, and the fragments and names that must not be cards (labelled cases in
data/cards_in_context.json), with the matcher's invariants."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from vocabdeck.model import ALL_LEVELS, Options, Text
from vocabdeck.zh import senses

DATA = json.loads((Path(__file__).parent / "data" / "cards_in_context.json").read_text("utf-8"))
SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "wmt21-dev"


def _choose(texts, names=False):
    from vocabdeck import pipeline

    return pipeline.choose(texts, Options(levels=ALL_LEVELS, unlisted=True, names=names))


def _sentence(zh: str, en: str):
    return _choose([Text("case", "case", zh=(zh,), en=(en,) if en else (), paired=bool(en))])


def _params(cases, prefix):
    for i, case in enumerate(cases):
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        label = case.get("word") or case.get("find") or ",".join(case.get("not_cards", case.get("cards", [])))
        yield pytest.param(case, id=f"{prefix}{i}-{case.get('doc', '')}{label}"[:40], marks=marks)


def _check_card(case, selection, en):
    cards = {w.word: w for w in selection.cards}
    if "word" in case:
        card = cards.get(case["word"])
        if card is None and case.get("absent_ok"):
            left_out = [w for w, _ in selection.left_out if w.word == case["word"]]
            assert all(w.en_span is None for w in left_out)
            return
        assert card is not None, (case["word"], sorted(cards))
        if "first" in case:
            assert case["first"] in card.senses[0], (card.senses, case.get("why"))
        if "reason" in case:
            assert card.sense_reason == case["reason"], card.sense_why
        gloss = en[card.en_span[0] : card.en_span[1]] if card.en_span else None
        if "gloss" in case:
            assert gloss == case["gloss"], (gloss, card.senses)
        if "not_gloss" in case:
            assert gloss != case["not_gloss"], (gloss, case.get("why"))
    for text in case.get("not_cards", []):
        assert text not in cards, (text, case.get("why"))
    for text in case.get("cards", []):
        assert text in cards and not cards[text].is_name, (text, case.get("why"))
    for text in case.get("names", []):
        assert text in selection.names, (text, selection.names)
    for text in case.get("not_names", []):
        assert text not in selection.names, (text, case.get("why"))


@pytest.mark.parametrize("case", list(_params(DATA["sentences"], "s")))
def test_sentence_case(case):
    _check_card(case, _sentence(case["zh"], case["en"]), case["en"])


@lru_cache(maxsize=None)
def _gold_line(doc: str, find: str) -> tuple[str, str]:
    for line in (SHARED / f"doc{doc}.gold.tsv").read_text("utf-8").splitlines():
        zh, _, en = line.partition("\t")
        if find in zh:
            return zh, en
    raise LookupError(find)


@lru_cache(maxsize=None)
def _document(doc: str, layout: str):
    from vocabdeck import pipeline

    if layout == "zh":
        text = pipeline.read_article(SHARED / f"doc{doc}.zh.txt")
    else:
        text = pipeline.read_article(SHARED / f"doc{doc}.bilingual.txt")
    return _choose([text])


@pytest.mark.parametrize("case", list(_params(DATA["dev"], "d")))
def test_dev_document_case(case):
    if not SHARED.is_dir():
        pytest.skip("../shared (WMT21 dev documents) is not beside this checkout")
    if "find" in case:
        zh, en = _gold_line(case["doc"], case["find"])
        _check_card(case, _sentence(zh, en), en)
    else:
        _check_card(case, _document(case["doc"], case.get("layout", "bilingual")), "")


# ------------------------------------------------------------------------ the matcher
@pytest.mark.parametrize(
    "english,sense,found",
    [
        ("On July 26th, the locals", "thing", None),  # no piece of a word ("th" of "26th")
        ("I want to see it", "see 可汗[ke4 han2]", None),  # a cross-reference matches nothing
        ("the weed grew", "we", None),  # a definition needs a word of 3+ letters
        ("He was cutting the weeds", "to weed", "weeds"),
        ("a conductor of the orchestra", "one's conduct", "conductor"),  # derived: weak
        ("the several parties", "severe", None),  # not every ending is a derivation
        ("performances all over the globe", "all over", "all over"),
        ("he came after the war", "to be after", None),  # not found by a function word alone
        ("the hotel is located downtown", "to be located", "located"),
        ("he takes the company to court", "to take sb to court", "takes the company to court"),
    ],
)
def test_matches(english, sense, found):
    hits = senses.matches(english, (sense,))
    span = senses._span(english, hits[0]) if hits else None
    assert (english[span[0] : span[1]] if span else None) == found


def test_a_stronger_claim_by_another_word_wins():
    english = "As a conductor, he is famous."
    others = senses.claims(english, [("指挥家", ("conductor (music)",))])
    choice = senses.choose("作为", ("one's conduct", "deed", "activity"), (), 0, english, others)
    assert choice.span is None and choice.reason == senses.DICTIONARY


def test_choice_keeps_every_sense_once():
    """The chosen sense moves to the front; no sense is lost or repeated."""
    all_senses = ("to weigh", "to state", "to name", "name", "to praise")
    for english in ("He stated it.", "They weighed it.", "", "Praise him"):
        choice = senses.choose("称", all_senses, (), 0, english)
        assert sorted(choice.senses) == sorted(all_senses)
        assert choice.senses[1:] == tuple(s for s in all_senses if s != choice.senses[0])


def test_gloss_is_whole_words_of_the_english():
    english = "On the 26th, the 3rd item of 12 things: a thing-like item's use."
    for sense in ("thing", "item", "use", "th", "rd", "to use"):
        span = senses.gloss_span(english, (sense,))
        if span:
            a, b = span
            assert (a == 0 or not english[a - 1].isalnum()) and (b == len(english) or not english[b].isalnum())


def test_names_option_cards_every_name_found():
    from vocabdeck import pipeline

    sample = Path(__file__).resolve().parents[1] / "samples" / "library-night.txt"
    text = pipeline.read_article(sample)
    without = pipeline.choose([text], Options())
    assert without.names and not any(w.is_name for w in without.cards)
    with_names = pipeline.choose([text], Options(names=True))
    assert set(with_names.names) <= {w.word for w in with_names.cards}
    assert all(w.senses and w.senses[0] for w in with_names.cards if w.is_name)


@pytest.mark.parametrize(
    "word,all_senses,fragment,first",
    [
        ("肌", ("(bound form) flesh; muscle",), True, "(bound form) flesh; muscle"),
        ("斯", ("(phonetic) s", "(literary) this", "surname Si"), True, "(phonetic) s"),
        ("施", ("(bound form) to execute", "to distribute", "surname Shi"), False, "to distribute"),
        ("汗", ("see 可汗[ke4 han2]",), True, "see 可汗[ke4 han2]"),
        ("股", ("thigh", "(stock) share"), False, "thigh"),
        ("肌肉", ("(bound form) muscle",), False, "(bound form) muscle"),  # a word, not a character
    ],
)
def test_a_character_alone_means_what_it_means_alone(word, all_senses, fragment, first):
    choice = senses.choose(word, all_senses, (), 0, "")
    assert senses.is_fragment(word, choice) == fragment
    assert choice.senses[0] == first


def _articles():
    from vocabdeck import pipeline

    yield pipeline.read_article(Path(__file__).resolve().parents[1] / "samples" / "library-night.txt")
    if SHARED.is_dir():
        for doc in ("04", "28"):
            yield pipeline.read_article(SHARED / f"doc{doc}.bilingual.txt")


def test_the_reason_given_for_a_sense_is_true():
    """`words --format json` says why the first sense came first: "english" quotes English
    words of the card's sentence that belong to that sense (and marks them, unless only a
    word of the sense was found); "context" names a rule; "dictionary" says nothing and
    marks nothing."""
    import re

    for text in _articles():
        for w in _choose([text]).cards:
            en = w.sentence.pair.en
            if w.sense_reason == senses.ENGLISH:
                quoted = re.match(r'"([^"]+)" in the English', w.sense_why).group(1)
                assert re.search(rf"(?<![A-Za-z0-9]){re.escape(quoted)}(?![A-Za-z0-9])", en), (w.word, w.sense_why)
                own = {k for ph in senses.phrases(w.senses[0]) for part in ph for k in part}
                assert all(any(key.startswith(k) for k in own) for key in senses.english_words(quoted).at), (
                    w.word, w.senses[0], quoted)  # the sense's words, or derived forms of them
                if w.en_span is not None:
                    assert en[w.en_span[0] : w.en_span[1]] == quoted
                else:
                    assert "a word of" in w.sense_why, (w.word, w.sense_why)
            elif w.sense_reason == senses.CONTEXT:
                assert w.sense_why
            else:
                assert w.sense_reason == senses.DICTIONARY and not w.sense_why and w.en_span is None
