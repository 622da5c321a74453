"""Pinyin spelling conversions shared by the output stages."""

from __future__ import annotations


def to_marks(numbered: str) -> str:
    """'zu3 nao2' -> 'zǔ náo'; 'lv4' -> 'lǜ'; neutral tone 5 loses its digit.

    Uses pypinyin's own converter (imported here, on the rare paths that need it, because
    importing pypinyin costs about 0.2 s).
    """
    if not numbered:
        return ""
    from pypinyin.contrib.tone_convert import to_tone

    return " ".join(to_tone(s.replace("v", "ü")) for s in numbered.split())
