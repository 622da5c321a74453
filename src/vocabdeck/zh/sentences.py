"""Sentence splitting: Chinese paragraphs at 。！？； and English paragraphs at . ! ?,
with closing quotes and brackets kept with the sentence they close."""

from __future__ import annotations

import re

_ZH_END = "。！？!?；;"
_CLOSERS = "”’」』）》〉】〕)]\"'"
_CL = re.escape(_CLOSERS)
# Closers that cannot open anything may follow the stop after a space (。 ”).
_ZH_SENT = re.compile(
    rf"[^{_ZH_END}]*?(?:[。！？；]+|[!?;]+(?=\s|$|[{_CL}]|[\u3400-\u9fff])|$)(?:[{_CL}]|\s+(?=[”’」』）》]))*"
)


def split_zh(paragraph: str) -> list[str]:
    """Split a Chinese paragraph into sentences at 。！？； (and ASCII ! ? ; after Chinese),
    keeping closing quotes and brackets with the sentence they close.

    An ellipsis (……) does not end a sentence: Chinese writers use it inside one.
    """
    out: list[str] = []
    pos, n = 0, len(paragraph)
    while pos < n:
        m = _ZH_SENT.match(paragraph, pos)
        end = m.end() if m and m.end() > pos else n
        # An ASCII full stop ends a sentence only after a Chinese character.
        piece = paragraph[pos:end]
        out.extend(_split_ascii_stop(piece))
        pos = end
    return [s.strip() for s in out if s.strip()]


_ASCII_STOP = re.compile(r"(?<=[\u3400-\u9fff])\.(?=\s*[\u3400-\u9fff“\"‘「]|\s*$)")


def _split_ascii_stop(piece: str) -> list[str]:
    if "." not in piece:
        return [piece]
    out, start = [], 0
    for m in _ASCII_STOP.finditer(piece):
        out.append(piece[start : m.end()])
        start = m.end()
    out.append(piece[start:])
    return out


_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft no nos vs etc e.g i.e cf al approx dept est gov govt
    inc ltd co corp bros jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri
    sat sun gen col lt sgt capt cmdr adm rep sen gov pres rev fig vol pp ed eds op u.s u.k
    u.n e.u a.m p.m d.c u.s.a ph.d no. ave blvd rd""".split()
)
_CAN_END = frozenset("u.s u.k u.n e.u u.s.a d.c a.m p.m etc inc ltd co corp jr sr".split())
_STARTERS = frozenset("""the a an it its he she they we i you but this that these those there in on at
    however meanwhile and so yet as after before when while if his her their our for what
    why how mr mrs ms dr some many most all both according""".split())
# After . ! ? come any closers: a right quote or bracket, also after a space (". ”"); a
# straight or reversed double quote after a space when a space follows it (". \" He",
# ". “ He": it closes, as an opening quote sticks to its word).
_EN_BREAK = re.compile(r"""([.!?]+)((?:\s?[”’)\]]|\s?["“](?=\s)|["'])*)(\s+)(?=["'“‘(\[]?[A-Z0-9])""")


def split_en(paragraph: str) -> list[str]:
    """Split an English paragraph into sentences.

    No break after abbreviations (U.S., Mr., e.g., Jan.), single initials (J. K. Rowling),
    inside decimals or ellipses; closing quotes after . ? ! stay with their sentence.
    """
    out: list[str] = []
    start = 0
    for m in _EN_BREAK.finditer(paragraph):
        if m.group(1) == "." and not m.group(2):
            before = paragraph[start : m.start()]
            word = re.search(r"(\S+)$", before)
            w = word.group(1).lower().lstrip("(\"'“‘") if word else ""
            if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
                # "... in the U.S. The talks ..." : an abbreviation can end a sentence too,
                # when the next word is one that usually starts one.
                nxt = re.match(r"[\"'“‘(]?([A-Za-z]+)", paragraph[m.end() :])
                if not (w in _CAN_END and nxt and nxt.group(1).lower() in _STARTERS):
                    continue
        if m.group(1).startswith("..") and paragraph[m.end() :][:1].islower():
            continue
        out.append(paragraph[start : m.end(2)])
        start = m.end()
    out.append(paragraph[start:])
    return [s.strip() for s in out if s.strip()]
