"""The lookup stage's pure parts: dictionary spelling of readings, English gloss marks."""

from __future__ import annotations

import pytest

from vocabdeck.model import Entry
from vocabdeck.zh.lookup import dictionary_reading, gloss_span


def entry(pinyin):
    return Entry("x", "x", pinyin, "", ("sense",))


@pytest.mark.parametrize(
    "reading,entries,expected",
    [
        ("yi1 fu2", ["yi1 fu5"], "yi1 fu5"),  # unstressed syllable: the dictionary's tone 5
        ("hang2", ["xing2", "hang2"], "hang2"),
        ("zhang3", ["chang2", "zhang3"], "zhang3"),
        ("le5", ["le5", "liao3"], "le5"),
        ("xing2", ["hang2"], "xing2"),  # no matching entry: kept as found in context
        ("guan1 xi4", ["guan1 xi5", "guan1 xi4"], "guan1 xi5"),
    ],
)
def test_dictionary_reading(reading, entries, expected):
    assert dictionary_reading(reading, [entry(p) for p in entries]) == expected


@pytest.mark.parametrize(
    "english,senses,marked",
    [
        ("his cabinet will encounter obstruction from opposition parties", ["to thwart", "to obstruct (sth)"], "obstruction"),  # noqa: E501 (a table row or data string reads best on one line)
        ("Japan is willing to bear certain costs", ["cost", "expenditure"], "costs"),
        ("It aims to adjust the alliance", ["to adjust", "adjustment"], "adjust"),
        ("the great power competition", ["to compete", "competition"], "competition"),
        ("US B-29 bombers took off", ["bomber"], "bombers"),
        ("Japan-US Security Treaty", ["treaty", "pact"], "Treaty"),
        ("a rhetorical gesture", ["to be well aware"], None),
        ("to continue using the grounds located on US soil", ["to use", "by means of"], "using"),
        ("the US military", ["to use"], None),  # an acronym is not a gloss word
        ("the second time Japan has proposed", ["long term", "long time"], None),
        ("the Japan-US relationship", ["related", "relevant"], None),
        ("", ["to be well aware"], None),
    ],
)
def test_gloss_span(english, senses, marked):
    span = gloss_span(english, tuple(senses))
    assert (english[span[0] : span[1]] if span else None) == marked


def test_whole_phrase_beats_a_single_word():
    english = "The prime minister met the minister of defence."
    start, end = gloss_span(english, ("minister", "prime minister"))
    assert english[start:end] == "minister"  # learner order decides first
    start, end = gloss_span(english, ("prime minister (of Japan or UK etc)",))
    assert english[start:end] == "prime minister"
