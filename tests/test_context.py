"""A card's sentence is bounded: the clause around the word, with an ellipsis at each cut."""

from __future__ import annotations

import random

import pytest

from vocabdeck.decks import context, fields
from vocabdeck.model import OTHER, WORD, Sentence, SentencePair, Token, Word


def word_in(tokens: list[Token], index: int, en: str = "", span=None) -> Word:
    zh = "".join(t.text for t in tokens)
    sentence = Sentence(SentencePair(1, zh, en), tuple(tokens))
    w = tokens[index].text
    return Word(w, w, "a1", "ā", ("sense",), (), 5, 3.0, 1, sentence, index, span)


def unpunctuated(n_tokens: int, seed: int = 1) -> list[Token]:
    r = random.Random(seed)
    return [Token("".join(chr(r.randrange(0x4E00, 0x9FA5)) for _ in range(r.choice((1, 2, 3)))), WORD)
            for _ in range(n_tokens)]


def check(clipped: Word, original: Word) -> None:
    sentence = clipped.sentence
    assert "".join(t.text for t in sentence.tokens) == sentence.pair.zh  # tokens join back
    assert sentence.tokens[clipped.token_index] == original.sentence.tokens[original.token_index]
    assert len(sentence.pair.zh) <= context.MAX_SENTENCE + 2  # two ellipses at most
    body = sentence.pair.zh.strip(context.ELLIPSIS)
    assert body in original.sentence.pair.zh  # a piece of the sentence, nothing invented


def test_an_ordinary_sentence_is_left_alone():
    w = word_in([Token("经济"), Token("发展"), Token("。", OTHER)], 0)
    assert context.clip(w) is w


@pytest.mark.parametrize("at", [0, 1, 500, 2998, 2999])
def test_an_unpunctuated_line_shows_the_text_around_the_word(at):
    tokens = unpunctuated(3000)
    w = word_in(tokens, at)
    clipped = context.clip(w)
    check(clipped, w)
    zh = clipped.sentence.pair.zh
    assert zh.startswith(context.ELLIPSIS) == (at > 0) or at < 5
    assert zh.endswith(context.ELLIPSIS) == (at < 2999) or at > 2994
    assert len(zh) > context.MAX_SENTENCE - 10  # the window is used, not wasted


def test_a_long_sentence_is_cut_at_the_clauses_around_the_word():
    clauses = [unpunctuated(30, seed) + [Token("，", OTHER)] for seed in range(20)]
    tokens = [t for clause in clauses for t in clause]
    index = 31 * 10 + 5  # inside the eleventh clause
    w = word_in(tokens, index)
    clipped = context.clip(w)
    check(clipped, w)
    zh = clipped.sentence.pair.zh
    clause = "".join(t.text for t in clauses[10])
    assert clause in zh and zh.startswith(context.ELLIPSIS) and zh.endswith(context.ELLIPSIS)
    assert zh[1:-1].endswith("，") and zh[-2] == "，"  # whole clauses only


def test_long_english_keeps_its_gloss_marked():
    tokens = unpunctuated(3000)
    en = " ".join(f"word{i}" for i in range(1000))
    a = en.index("word500")
    w = word_in(tokens, 10, en, (a, a + len("word500")))
    clipped = context.clip(w)
    en2, span = clipped.sentence.pair.en, clipped.en_span
    assert len(en2) <= context.MAX_ENGLISH + 2 and en2[span[0]:span[1]] == "word500"
    assert "<span class=vd-gloss>word500</span>" in fields.english_html(clipped)


def test_fields_of_a_clipped_card_stay_small():
    tokens = unpunctuated(20000)
    w = context.clip(word_in(tokens, 10000))
    values = fields.note_fields(w, ("recognition",))
    assert sum(map(len, values)) < 20 * context.MAX_SENTENCE


@pytest.mark.parametrize("text", ["[sound:secret.mp3]", "[SOUND: x.mp3]", "{{Front}}",
                                  "[anki:tts lang=zh_CN]x[/anki:tts]"])
def test_anki_markup_from_the_article_is_inert_in_every_field(text):
    tokens = [Token("经济"), Token(text, OTHER), Token("。", OTHER)]
    w = word_in(tokens, 0, en=f"Economy {text}.")
    w = Word(w.word, w.traditional, w.pinyin, w.pinyin_marked, (f"sense {text}",), (), 5, 3.0, 1, w.sentence, 0,
             None, source=f"title {text}")
    for field in fields.note_fields(w, ("recognition", "recall")):
        low = field.lower()
        assert "[sound:" not in low and "[anki:" not in low and "{{" not in field and "}}" not in field, field


def test_a_long_translation_of_a_real_sentence_stays_whole():
    """English runs up to about six characters per Chinese one: a 163-character sentence
    of a WMT21 document has 877 characters of English, and the card shows all of it."""
    tokens = [Token(chr(0x4E00 + i), WORD) for i in range(163)]
    en = ("The long translation of one sentence goes on, clause after clause, " * 13)[:877]
    w = word_in(tokens, 10, en, (4, 8))
    assert context.clip(w) == w
