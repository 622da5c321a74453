"""Article text as HTML, escaped once per distinct token text."""

from __future__ import annotations

import html

from vocabdeck.zh.script import visible

_ESCAPED: dict[str, str] = {}  # token text -> HTML: tokens repeat, escaping each costs 1 µs


def escape_token(text: str) -> str:
    out = _ESCAPED.get(text)
    if out is None:
        out = html.escape(visible(text))
        if len(_ESCAPED) < 100_000:
            _ESCAPED[text] = out
    return out
