"""Article text as HTML, escaped once per distinct token text."""

from __future__ import annotations

import html

from vocabdeck.session import current
from vocabdeck.zh.script import visible


def escape_token(text: str) -> str:
    # Letters and digits only (a Chinese word): nothing to escape, and no invisible
    # character (they are all format characters, never alphanumeric).
    if text.isalnum():
        return text
    _ESCAPED = current().escaped  # token text -> HTML: tokens repeat, escaping each costs 1 µs
    out = _ESCAPED.get(text)
    if out is None:
        out = html.escape(visible(text))
        if len(_ESCAPED) < 100_000:
            _ESCAPED[text] = out
    return out
