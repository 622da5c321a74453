"""Which characters are Chinese, and which are invisible: defined once for every stage.

HAN_RANGES covers the CJK Unified Ideographs (the BMP block and Extension A), the
compatibility ideographs, and Extensions B-H in the supplementary planes. Kana, CJK
punctuation, the Yijing symbols and radicals are not Han characters here.
"""

from __future__ import annotations

import re

HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_RANGES}]")  # one Han character
HAN_RUN = re.compile(f"[{HAN_RANGES}]+")  # a run of them

# Invisible format characters (zero-width spaces and joiners, bidi controls, soft hyphen,
# BOM). The reader keeps them, so that every character of the input is accounted for in
# the output; the segmenter looks through them, and a headword never contains one.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]")


def visible(text: str) -> str:
    return INVISIBLE.sub("", text)


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def en_per_zh(en_chars: int, zh_chars: int) -> float:
    """English characters per Chinese character of a translation, measured on a text and
    kept within what translations show (2.9 in the seed article; news ranges about
    2.2-3.6); 2.9 when one side is empty."""
    return min(5.0, max(1.2, en_chars / zh_chars)) if zh_chars and en_chars else 2.9
