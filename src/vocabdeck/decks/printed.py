"""A printable class handout: title block, the article with the deck's words marked and
numbered, the English, and a glossary of the deck's words in article order.

Designed for A4 and Letter paper (print CSS, no fixed page size). Pinyin goes over the
deck's words only, over nothing, or over every word (`pinyin`: "deck", "none", "all").
Each annotated word is an inline block as wide as the wider of its characters and its
pinyin, so a syllable never runs into its neighbour, and the pinyin of a word is written
as one word ("túshūguǎn"), as textbooks do. The English goes under each paragraph, after
the article, or nowhere (`english`: "under", "end", "none").

Every piece of article and dictionary text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import groupby

from vocabdeck.decks.fields import hsk_label
from vocabdeck.model import Sentence, Token, Word
from vocabdeck.zh.pinyin import reading_runs, to_marks
from vocabdeck.zh.script import visible

PINYIN_CHOICES = ("deck", "none", "all")
ENGLISH_CHOICES = ("under", "end", "none")


@dataclass(frozen=True, slots=True)
class Section:
    """One article of the handout: its title, source, every sentence in order, and the
    deck words carded from it (in any order; the glossary follows the article)."""

    title: str
    source: str
    sentences: tuple[Sentence, ...]
    words: tuple[Word, ...]


_STYLE = """
@page { margin: 16mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif; color: #111;
       max-width: 48em; margin: 1.5em auto; padding: 0 1em; font-size: 11.5pt; }
header { border-bottom: 1.5px solid #111; margin-bottom: 0.8em; padding-bottom: 0.4em; }
header h1 { font-size: 1.45em; margin: 0 0 0.2em; }
.meta { font-family: sans-serif; font-size: 0.78em; color: #444; display: flex; flex-wrap: wrap; gap: 0.4em 1.6em; }
.meta .blank { display: inline-block; min-width: 12em; border-bottom: 1px solid #777; }
.article p.zh { font-size: 1.1em; line-height: 2.0; margin: 0 0 0.5em; text-align: justify; }
.article p.en, .english p { font-family: Georgia, "Times New Roman", serif; font-size: 0.86em;
       line-height: 1.4; color: #333; margin: 0 0 0.7em; }
.w { display: inline-block; text-align: center; line-height: 1.15; vertical-align: bottom; text-indent: 0; }
.w .py { display: block; font-family: "DejaVu Sans", Arial, sans-serif; font-size: 0.5em;
         color: #444; white-space: nowrap; }
.w .hz { display: block; white-space: nowrap; }
.deck .hz { font-weight: bold; border-bottom: 1.5px solid #111; }
.deck + sup { font-family: sans-serif; font-size: 0.45em; color: #555; vertical-align: top; }
.english { column-count: 2; column-gap: 1.6em; }
.english h2 { column-span: all; }
h2 { break-after: avoid; font-family: sans-serif; font-size: 0.95em; margin: 1em 0 0.4em;
     text-transform: uppercase; letter-spacing: 0.05em; }
table.glossary { width: 100%; border-collapse: collapse; font-size: 0.72em; line-height: 1.2; }
.glossary th { font-family: sans-serif; text-align: left; border-bottom: 1px solid #111; padding: 0.2em 0.35em; }
.glossary td { border-bottom: 0.5px solid #bbb; padding: 0.12em 0.3em; vertical-align: top; }
.glossary tr { break-inside: avoid; }
.glossary .n { width: 1.8em; color: #555; font-family: sans-serif; }
.glossary .word { white-space: nowrap; font-size: 1.15em; }
.glossary .sense { width: 27%; }
.glossary .trad { font-size: 0.75em; color: #555; }
.glossary .where { font-family: sans-serif; font-size: 0.8em; color: #555; white-space: nowrap; }
.glossary .pinyin { white-space: nowrap; font-family: "DejaVu Sans", Arial, sans-serif; }
.glossary .level { white-space: nowrap; font-family: sans-serif; }
.glossary b { font-weight: bold; }
section.article-section + section.article-section { break-before: page; }
@media print { body { margin: 0; max-width: none; padding: 0; } }
"""


def render(sections: Sequence[Section], *, pinyin: str = "deck", english: str = "end",
           lesson: int | None = None) -> str:
    """The whole handout as one HTML page; one section per article."""
    title = sections[0].title if len(sections) == 1 else " · ".join(s.title for s in sections)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
    ]
    for i, section in enumerate(sections):
        number = None if lesson is None else lesson + i
        parts.append(_section(section, pinyin=pinyin, english=english, lesson=number))
    parts.append("</body></html>")
    return "\n".join(parts)


def _section(section: Section, *, pinyin: str, english: str, lesson: int | None) -> str:
    numbers = _numbers(section)
    out = ['<section class="article-section">', "<header>", f"<h1>{escape(section.title)}</h1>", '<div class="meta">']
    if lesson is not None:
        out.append(f"<span>Lesson {lesson}</span>")
    if section.source:
        out.append(f"<span>Source: {escape(section.source)}</span>")
    out.append('<span>Name: <span class="blank"></span></span>')
    out.append('<span>Date: <span class="blank" style="min-width:7em"></span></span>')
    out.append("</div></header>")
    out.append('<div class="article">')
    paragraphs = [list(group) for _, group in groupby(section.sentences, key=lambda s: s.pair.paragraph)]
    seen: set[tuple[str, str]] = set()
    translations = []
    for group in paragraphs:
        zh = "".join(_token_html(t, numbers, seen, pinyin) for s in group for t in s.tokens)
        out.append(f'<p class="zh">{zh}</p>')
        en = " ".join(dict.fromkeys(s.pair.en for s in group if s.pair.en))
        if en and english == "under":
            out.append(f'<p class="en" lang="en">{escape(en)}</p>')
        elif en:
            translations.append(en)
    out.append("</div>")
    if translations and english == "end":
        out.append('<div class="english" lang="en"><h2>English</h2>')
        out.extend(f"<p>{escape(en)}</p>" for en in translations)
        out.append("</div>")
    out.append(_glossary(section, numbers))
    out.append("</section>")
    return "\n".join(out)


def _key(token: Token) -> tuple[str, str]:
    return (token.simplified or visible(token.text), token.reading)


def _numbers(section: Section) -> dict[tuple[str, str], int]:
    """Each deck word's number: the order of its first occurrence in the article."""
    wanted = {(w.word, w.pinyin) for w in section.words}
    numbers: dict[tuple[str, str], int] = {}
    for sentence in section.sentences:
        for token in sentence.tokens:
            key = _key(token)
            if key in wanted and key not in numbers:
                numbers[key] = len(numbers) + 1
    return numbers


def _token_html(token: Token, numbers: dict, seen: set, pinyin: str) -> str:
    text = visible(token.text)
    number = numbers.get(_key(token))
    shown = pinyin == "all" or (pinyin == "deck" and number is not None)
    if number is None and not (shown and token.reading):
        return escape(text)
    reading = "".join(to_marks(r).replace(" ", "") for _, r in reading_runs(text, token.reading) if r)
    py = f'<span class="py">{escape(reading) or "&nbsp;"}</span>' if shown else ""
    if number is None:
        return f'<span class="w">{py}<span class="hz">{escape(text)}</span></span>'
    first = _key(token) not in seen
    seen.add(_key(token))
    sup = f"<sup>{number}</sup>" if first else ""
    return f'<span class="w deck" data-n="{number}">{py}<span class="hz">{escape(text)}</span></span>{sup}'


def _glossary(section: Section, numbers: dict[tuple[str, str], int]) -> str:
    words = sorted(
        (w for w in section.words if (w.word, w.pinyin) in numbers), key=lambda w: numbers[(w.word, w.pinyin)]
    )
    if not words:
        return ""
    rows = [
        '<h2>Glossary</h2><table class="glossary"><thead><tr><th class="n">#</th><th>Word</th>'
        "<th>Pinyin</th><th>Meaning here</th><th>HSK</th><th>In the article</th></tr></thead><tbody>"
    ]
    for w in words:
        word = escape(w.word)
        if w.traditional and w.traditional != w.word:
            word += f' <span class="trad">{escape(w.traditional)}</span>'
        sense = escape(w.senses[0]) if w.senses else ""
        level = escape(hsk_label(w.hsk_level).removeprefix("HSK "))
        rows.append(
            f'<tr data-word="{escape(w.word)}"><td class="n">{numbers[(w.word, w.pinyin)]}</td>'
            f'<td class="word">{word}</td><td class="pinyin">{escape(w.pinyin_marked)}</td>'
            f'<td class="sense">{sense}</td><td class="level">{level}</td>'
            f'<td class="sentence">{_clause(w)}{_location(w)}</td></tr>'
        )
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _location(word: Word) -> str:
    """Where the sentence is, for a subtitle's words: the episode and time of its cue."""
    where = word.sentence.pair.location
    return f' <span class="where">{escape(where)}</span>' if where else ""


# A glossary line shows the clause around the word, not the whole sentence, when the
# sentence is longer than this: the whole sentence is in the article just above.
CLAUSE_AFTER = 24
_CLAUSE_ENDS = frozenset("，,；;：:。！？!?")


def _clause(word: Word) -> str:
    """The word's sentence (its clause when the sentence is long), the word in bold."""
    texts = [visible(t.text) for t in word.sentence.tokens]
    start, end = 0, len(texts)
    if sum(map(len, texts)) > CLAUSE_AFTER and 0 <= word.token_index < len(texts):
        start = next((i + 1 for i in range(word.token_index - 1, -1, -1) if texts[i] in _CLAUSE_ENDS), 0)
        end = next((i + 1 for i in range(word.token_index + 1, len(texts)) if texts[i] in _CLAUSE_ENDS), len(texts))
    shown = "".join(
        f"<b>{escape(t)}</b>" if i == word.token_index else escape(t) for i, t in enumerate(texts[start:end], start)
    )
    return ("…" if start else "") + shown + ("…" if end < len(texts) and texts[end - 1] not in "。！？!?" else "")
