"""Readings in context: labelled cases (tests/data/readings.json), invariants, the seed
article's gold readings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vocabdeck.zh.readings import annotate

CASES = json.loads((Path(__file__).parent / "data" / "readings.json").read_text("utf-8"))
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
SYLLABLE = re.compile(r"[a-z]+[1-5]")


def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        yield pytest.param(case, marks=marks, id="".join(case["tokens"])[:24])


@pytest.fixture(scope="module")
def labelled():
    """All labelled sentences annotated in one call, as the pipeline does per article; a
    case's "names" are the tokens the segmenter marks as names."""
    names = [[t in c.get("names", ()) for t in c["tokens"]] for c in CASES]
    return dict(zip(("".join(c["tokens"]) for c in CASES), annotate([c["tokens"] for c in CASES], names)))


@pytest.mark.parametrize("case", list(_params()))
def test_labelled_reading(case, labelled):
    got = labelled["".join(case["tokens"])]
    for word, want in case["expect"].items():
        for token, reading in zip(case["tokens"], got):
            if token == word:
                assert reading == want, f"{word} in {''.join(case['tokens'])}"


def _check_shape(tokens, readings):
    assert len(readings) == len(tokens)
    for token, reading in zip(tokens, readings):
        hans = HAN.findall(token)
        if not hans:
            assert reading == ""
        else:
            sylls = reading.split(" ")
            assert len(sylls) == len(hans), token
            assert all(SYLLABLE.fullmatch(s) for s in sylls), reading


def test_one_syllable_per_han_character():
    sents = [c["tokens"] for c in CASES] + [["A股", "在", "9月", "上涨", "3.5%", "。"], ["𠀾", "㐀"]]
    for tokens, readings in zip(sents, annotate(sents)):
        _check_shape(tokens, readings)


def test_tokens_without_han_get_empty_reading():
    assert annotate([["2024", " ", "NATO", "，", "。"]]) == [["", "", "", "", ""]]
    assert annotate([]) == []
    assert annotate([[]]) == [[]]


def test_mixed_token_reads_its_han_only():
    assert annotate([["9月", "15日"]]) == [["yue4", "ri4"]]


def test_deterministic_and_independent_of_batch():
    one = [["他", "还", "没有", "来", "。"]]
    other = [["银行", "在", "行走"], ["孩子", "长大", "了"]]
    alone = annotate(one)
    assert annotate(one) == alone
    assert annotate(other + one)[-1] == alone[0]


def test_readings_alone_are_those_of_the_entries():
    """cedict.readings_many (the readings stage's look-up without entries) gives what
    cedict.readings does, in the same order, for headwords, characters, traditional
    forms, proper names and strings that are no headword; whether or not the entries were
    looked up before."""
    from vocabdeck.data import cedict
    from vocabdeck.session import Session

    words = ["行", "长", "东西", "都", "銀行", "肖", "张", "一", "了", "国家银行", "比利", "龘龘", "😀"]
    with Session():
        cold = cedict.readings_many(words)
    with Session():
        for word in words[::2]:
            cedict.lookup(word)
        warm = cedict.readings_many(words)
    assert cold == warm == {w: cedict.readings(w) for w in words}


def test_readings_in_a_worker_are_those_in_the_parent(monkeypatch):
    """A worker process reads CC-CEDICT without making entries (workers.in_worker): the
    same readings, and the parent's session is left without the batch's entries."""
    from vocabdeck import workers
    from vocabdeck.session import Session

    sentences = [["他", "在", "银行", "工作"], ["孩子", "长大", "了"], ["比利时", "国家银行"], ["9月", "肖方", "说"]]
    with Session():
        parent = annotate(sentences, [[False, False, False, False], [False] * 3, [False] * 2,
                                      [False, True, False]])
    monkeypatch.setattr(workers, "_is_worker", True)
    with Session() as session:
        worker = annotate(sentences, [[False, False, False, False], [False] * 3, [False] * 2,
                                      [False, True, False]])
        assert "银行" not in session.entries
    assert worker == parent


def test_same_character_read_two_ways():
    got = annotate([["他", "在", "银行", "工作"], ["人们", "在", "街上", "行走"],
                    ["孩子", "长大", "了"], ["河", "的", "长度"]])
    assert got[0][2] == "yin2 hang2"
    assert got[1][3] == "xing2 zou3"
    assert got[2][1] == "zhang3 da4"
    assert got[3][2] == "chang2 du4"


def test_unknown_compound_uses_its_words():
    # jieba keeps 国家银行 whole; CC-CEDICT knows 国家 and 银行.
    assert annotate([["比利时", "国家银行"]])[0][1] == "guo2 jia1 yin2 hang2"


def test_seed_article_gold_readings(shared):
    import jieba

    jieba.setLogLevel(60)
    gold = json.loads((shared / "seeds" / "japan-us-alliance.gold.json").read_text("utf-8"))
    tokens = [jieba.lcut(s["zh"]) for s in gold["sentences"]]
    wrong = []
    for toks, reads in zip(tokens, annotate(tokens)):
        for tok, reading in zip(toks, reads):
            want = gold["readings"].get(tok)
            if want is not None and reading != want:
                wrong.append(f"{tok}: {reading} (want {want})")
    assert not wrong


def test_batched_model_gives_g2pms_log_probabilities():
    """The folded, batched forward pass against g2pM's weights run one text at a time with
    PyTorch's LSTM equations in float64: texts of different lengths in one batch,
    characters the model does not know (emoji, extension B, its own BOS character 시)."""
    import pickle

    import numpy as np

    from vocabdeck.zh import g2pm

    folder = g2pm.package_folder()
    with open(folder / "np_ckpt.pkl", "rb") as f:
        sd = pickle.load(f)
    with open(folder / "char2idx.pkl", "rb") as f:
        char2idx = pickle.load(f)

    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    def direction(inputs, suffix):
        h, c, states = np.zeros(32), np.zeros(32), []
        for x in inputs:
            z = (sd[f"lstm.weight_ih_l0{suffix}"] @ x + sd[f"lstm.bias_ih_l0{suffix}"]
                 + sd[f"lstm.weight_hh_l0{suffix}"] @ h + sd[f"lstm.bias_hh_l0{suffix}"])
            i, f, g, o = np.split(z, 4)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            states.append(h)
        return np.array(states)

    def reference(text):
        ids = [2, *(char2idx.get(ch, 1) for ch in text), 3]
        x = sd["embedding.weight"][ids]
        hidden = np.concatenate([direction(x, ""), direction(x[::-1], "_reverse")[::-1]], axis=1)
        logits = np.maximum(hidden[1:-1] @ sd["logit_layer.0.weight"].T + sd["logit_layer.0.bias"], 0)
        logits = logits @ sd["logit_layer.2.weight"].T + sd["logit_layer.2.bias"]
        logits -= logits.max(axis=1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))

    texts = ["他还没有来。", "人们在街上行走，孩子长大了", "시간😀长𠀾大", "了", "重"]
    targets = [(0, 1), (1, 5), (1, 7), (1, 10), (2, 3), (2, 5), (3, 0), (4, 0)]
    classes = 876
    rows = [n for n in range(len(targets)) for _ in range(classes)]
    cols = [c for _ in targets for c in range(classes)]
    got = np.asarray(g2pm.log_probs(texts, targets, rows, cols)).reshape(len(targets), classes)
    want = np.array([reference(texts[t])[pos] for t, pos in targets])
    assert np.allclose(got, want, atol=1e-4)


def test_a_headword_is_read_only_with_its_own_readings(shared):
    """Every token that is a CC-CEDICT headword is given one of that headword's readings,
    exactly as CC-CEDICT spells it (neutral tones kept): over the labelled sentences and a
    WMT21 development document, segmented as the pipeline segments them."""
    from vocabdeck.data import cedict
    from vocabdeck.model import SentencePair
    from vocabdeck.zh import segment
    from vocabdeck.zh.script import visible

    text = (shared / "eval" / "wmt21-dev" / "doc02.zh.txt").read_text("utf-8")
    pairs = [SentencePair(1, line) for line in text.splitlines() if line.strip()]
    sents = [c["tokens"] for c in CASES] + [[t.text for t in toks] for toks in segment.segment(pairs)]
    wrong = []
    for tokens, readings in zip(sents, annotate(sents)):
        for token, reading in zip(tokens, readings):
            allowed = cedict.readings(visible(token))
            if len(token) > 1 and allowed and reading not in allowed:
                wrong.append(f"{token} {reading} not in {allowed}")
    assert not wrong


def test_card_and_sentence_pinyin_use_one_reading():
    """Every card of the sample article is read as its token in the sentence is, and the
    sentence pinyin spells the word as the card does, neutral tones included."""
    from vocabdeck import pipeline
    from vocabdeck.decks.sentence_pinyin import sentence_pinyin, word_pinyin
    from vocabdeck.model import ALL_LEVELS, Options

    sample = Path(__file__).parents[1] / "samples" / "library-night.txt"
    cards = pipeline.choose(pipeline.read_articles([sample]), Options(levels=ALL_LEVELS)).cards
    assert len(cards) > 50
    for w in cards:
        assert w.sentence.tokens[w.token_index].reading == w.pinyin, w.word
        plain = sentence_pinyin(w, markup=False).lower()
        assert word_pinyin(w.pinyin).lower() in plain, w.word


def test_every_part_of_a_name_is_capitalised_in_the_sentence_pinyin():
    """A transliterated name written with a separating dot (埃马纽埃尔·马克龙) is one name token;
    pinyin capitalises each of its parts, as it does a name written without one."""
    from vocabdeck import pipeline
    from vocabdeck.decks.sentence_pinyin import sentence_pinyin
    from vocabdeck.model import ALL_LEVELS, Options, Text

    text = Text("case", "case", zh=("法国总统埃马纽埃尔·马克龙去年宣布，法国空军将成立太空司令部。",))
    cards = pipeline.choose([text], Options(levels=ALL_LEVELS)).cards
    plain = sentence_pinyin(cards[0], markup=False)
    assert "Āimǎniǔ'āi'ěr · Mǎkèlóng" in plain, plain
    assert "Fǎguó" in plain, plain


def test_context_rules_read_only_dictionary_readings():
    """Every reading a context rule gives is one of the character's CC-CEDICT readings."""
    from vocabdeck.data import cedict
    from vocabdeck.zh.polyphones import RULED, RULES

    for ch in RULED:
        allowed = set(cedict.readings(ch))
        assert {rule.reading for rule in RULES.get(ch, ())} <= allowed, ch
    assert {"de5"} <= set(cedict.readings("地")) & set(cedict.readings("得"))


def test_context_rules_leave_longer_tokens_alone():
    # 还 in 还是 and 地 in 土地 are read as their words: only one-character tokens are ruled.
    got = annotate([["他", "还是", "很", "慢慢", "地", "走"], ["土地", "上", "种植"]])
    assert got[0][1] == "hai2 shi5" and got[0][4] == "de5"
    assert got[1] == ["tu3 di4", "shang4", "zhong4 zhi2"]


def test_a_verb_used_as_an_adverbial_takes_the_particle_de():
    """地 between a verb of two characters and another verb marks the first as how the
    second is done (相应地恢复, 毫不动摇地坚持): de, not dì; a noun ending in 地 is one token."""
    got = annotate([["应", "相应", "地", "恢复", "经济", "活动"], ["激动", "地", "说"], ["到达", "目的地"]])
    assert got[0][2] == "de5" and got[1][1] == "de5"
    assert got[2][1] == "mu4 di4 di4"


def test_pipeline_gives_names_their_surname_reading():
    """The pipeline tells the readings stage which tokens are names: 肖方 is Xiāo Fāng,
    not xiào "to resemble"; 曾 "once" before a verb stays céng."""
    from vocabdeck import api

    got = {t.text: t.reading for s in api.annotate("李梯云、肖方等人认为该说法不对。他曾助办团练。") for t in s.tokens}
    assert got["肖方"] == "xiao1 fang1"
    assert got.get("曾助", got.get("曾")).startswith("ceng2")


@pytest.mark.parametrize("pairs, name, reading", [
    # The English spells 柏 Bo, though 柏 is bǎi as a word and as CC-CEDICT's surname; the
    # second sentence's English does not name her, and she is read the same there.
    ([("柏丽香说，她去过很多次。", "Bo Lixiang said she had been there many times."),
      ("柏丽香笑了。", "She smiled.")], "柏丽香", "bo2 li4 xiang1"),
    # The English spells the model's reading: unchanged.
    ([("记者王敏报道。", "Reported by Wang Min.")], "王敏", "wang2 min3"),
], ids=["spelled-otherwise", "spelled-alike"])
def test_a_name_is_read_as_its_english_spells_it(pairs, name, reading):
    from vocabdeck import pipeline
    from vocabdeck.model import SentencePair

    batches = pipeline.annotated_batches([SentencePair(1, zh, en) for zh, en in pairs])
    found = [t.reading for batch in batches for s in batch for t in s.tokens if t.text == name]
    assert found and set(found) == {reading}
