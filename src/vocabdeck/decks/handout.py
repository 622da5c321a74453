"""A printable reading page: pinyin over each word (HTML ruby), the English under each
paragraph. For class handouts (`vocabdeck annotate --format html`)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import groupby

from vocabdeck.model import Sentence
from vocabdeck.zh.pinyin import reading_runs, to_marks
from vocabdeck.zh.script import visible

_STYLE = """
body { font-family: "Noto Serif CJK SC", "Songti SC", serif; max-width: 46em; margin: 2em auto; line-height: 2.4; }
h1 { font-size: 1.6em; }
ruby rt { font-family: sans-serif; font-size: 0.55em; color: #555; }
p.zh { font-size: 1.35em; margin: 1.2em 0 0.2em; }
p.en { font-family: Georgia, serif; color: #333; line-height: 1.5; margin: 0 0 1.4em; }
@media print { body { margin: 0; } p { page-break-inside: avoid; } }
"""


def render(title: str, sentences: Sequence[Sentence]) -> str:
    """The whole page as one HTML string; every piece of article text is escaped."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
    ]
    for _, group in groupby(sentences, key=lambda s: s.pair.paragraph):
        group = list(group)
        zh = "".join(_ruby(s) for s in group)
        english = " ".join(dict.fromkeys(s.pair.en for s in group if s.pair.en))
        parts.append(f'<p class="zh">{zh}</p>')
        if english:
            parts.append(f'<p class="en" lang="en">{escape(english)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def _ruby(sentence: Sentence) -> str:
    out = []
    for token in sentence.tokens:
        if not token.reading:
            out.append(escape(visible(token.text)))
            continue
        for run, reading in reading_runs(visible(token.text), token.reading):  # 6月: no ruby over 6
            if reading:
                out.append(f"<ruby>{escape(run)}<rt>{escape(to_marks(reading))}</rt></ruby>")
            else:
                out.append(escape(run))
    return "".join(out)
