"""Numbers written with Chinese numerals, digits or both."""

from __future__ import annotations

import re

_NUM_CHARS = "0-9零〇一二两三四五六七八九十百千万亿"
# A run with a digit or a unit (三十, 2万), or two or more bare numerals (一九四五).
ZH_NUMERAL = re.compile(rf"[{_NUM_CHARS}]*[0-9十百千万亿][{_NUM_CHARS}]*|[零〇一二三四五六七八九]{{2,}}")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def zh_number(text: str) -> int | None:
    """The value of a number written with Chinese numerals and/or digits: 三十一 -> 31,
    两千 -> 2000, 2万 -> 20000, 一九四五 -> 1945; None when it is not one."""
    if all(c in _DIGITS for c in text):
        return int("".join(str(_DIGITS[c]) for c in text)) if len(text) > 1 else _DIGITS[text]
    total = section = 0
    number: int | None = None
    i = 0
    while i < len(text):
        c = text[i]
        if c.isdigit():
            j = i
            while j < len(text) and text[j].isdigit():
                j += 1
            number = int(text[i:j])
            i = j
            continue
        if c in _DIGITS:
            number = _DIGITS[c]
        elif c in _UNITS:
            section += (1 if number is None else number) * _UNITS[c]
            number = None
        elif c in "万亿":
            total += (section + (number or 0)) * (10000 if c == "万" else 100000000)
            section, number = 0, None
        else:
            return None
        i += 1
    return total + section + (number or 0)
