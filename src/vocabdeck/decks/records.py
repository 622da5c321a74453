"""The JSON records shared by `.json` decks and `vocabdeck words --format json`."""

from __future__ import annotations

from collections.abc import Sequence

from vocabdeck.decks.sentence_pinyin import sentence_pinyin
from vocabdeck.model import Word


def records(words: Sequence[Word]) -> list[dict]:
    """The JSON records shared by `.json` decks and `vocabdeck words --format json`.

    Example record:
        {"word": "阻挠", "traditional": "阻撓", "pinyin": "zǔ náo",
         "pinyin_numbered": "zu3 nao2", "definitions": ["to obstruct", "to thwart"],
         "classifiers": [], "hsk_level": 7, "count": 2, "zipf": 2.9,
         "sentence_zh": "...", "sentence_en": "..." or null, "sentence_pinyin": "...",
         "gloss_en": "obstruct" or null, "source": "...", "location": "S01E02 00:12:34" or null,
         "is_name": false,
         "sense_reason": "english", "sense_why": "\"obstruct\" in the English",
         "given": null, "pinyin_reason": null}
    """
    out = []
    for w in words:
        en = w.sentence.pair.en
        span = w.en_span
        gloss = en[span[0]:span[1]] if span and 0 <= span[0] < span[1] <= len(en) else None
        out.append({
            "word": w.word,
            "traditional": w.traditional or w.word,
            "pinyin": w.pinyin_marked,
            "pinyin_numbered": w.pinyin,
            "definitions": list(w.senses),
            "classifiers": list(w.classifiers),
            "hsk_level": w.hsk_level,
            "count": w.count,
            "zipf": w.zipf,
            "sentence_zh": w.sentence.pair.zh,
            "sentence_en": en or None,
            "sentence_pinyin": sentence_pinyin(w, markup=False) or None,
            "gloss_en": gloss,
            "paragraph": w.sentence.pair.paragraph,
            "source": w.source,
            "location": w.sentence.pair.location or None,  # a subtitle's "S01E02 00:12:34"
            "is_name": w.is_name,
            # definitions[0] is the sense this sentence uses, chosen by "english",
            # "context" or "dictionary" order; sense_why says how.
            "sense_reason": w.sense_reason,
            "sense_why": w.sense_why or None,
            # The input names the word to learn: "article" (its gloss or vocabulary list),
            # "list" (a word list); null otherwise. pinyin_reason: "given" (the input's
            # pinyin chose the reading), "given, not in CC-CEDICT" (used as given), or null.
            "given": w.given or None,
            "pinyin_reason": w.pinyin_reason or None,
        })
    return out
