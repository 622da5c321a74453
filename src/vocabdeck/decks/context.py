"""The context a card shows: its sentence, clipped to the clause around the word when the
"sentence" is too long to read on a card.

Text without sentence punctuation (hard-wrapped lines, classical text, OCR output,
subtitle dumps) reaches the cards as one "sentence" of thousands of characters. Every card
shows its sentence three times (as it is, blanked, in pinyin), so such text made output and
memory grow as cards x text length: 60 KB of it gave an 83 MB deck. A clipped sentence
keeps the output linear in the input.

A long sentence is cut at clause punctuation (，、；： and their ASCII forms) around the
word, whole clauses added on either side while they fit; a clause longer than the bound
is cut at token boundaries around the word. An ellipsis marks each cut. The English is
clipped the same way around its gloss (or from its start).
"""

from __future__ import annotations

import re
from dataclasses import replace

from vocabdeck.model import OTHER, Selection, Sentence, Token, Word

# Longest sentence a card shows whole, in characters. The longest real sentences of the
# reference article and the 13 WMT21 documents are 70-180 characters; 300 keeps every
# real sentence whole and bounds a card's three copies of it to about 1 KB.
MAX_SENTENCE = 300
# Longest English a card shows whole. English runs 3 to 6 characters per Chinese one
# (the 13 WMT21 documents: up to 877 characters for a 163-character sentence, and 29 of
# one document's cards lost the end of their English under a bound of 600), so the bound
# is six times the Chinese one: only English without sentence ends reaches it.
MAX_ENGLISH = 6 * MAX_SENTENCE

ELLIPSIS = "…"
_CLAUSE_END = frozenset("，、；：,;:")
_ENGLISH_BREAK = re.compile(r"[,;:.!?]\s+|\s+")


def clip_selection(selection: Selection) -> Selection:
    """The selection with every card's sentence bounded (a no-op for ordinary text).

    A long sentence's layout (token offsets and clause breaks) is worked out once for all
    the cards that show it, and each card's window is found by looking at most
    MAX_SENTENCE characters either side: the time is linear in the text, not cards x
    sentence length (one 20,000-character line with 984 cards took 35 s before)."""
    if not any(len(w.sentence.pair.zh) > MAX_SENTENCE or len(w.sentence.pair.en) > MAX_ENGLISH
               for w in selection.cards):
        return selection
    layouts: dict[int, tuple | None] = {}
    return replace(selection, cards=tuple(clip(w, layouts) for w in selection.cards))


def clip(word: Word, layouts: dict[int, tuple | None] | None = None) -> Word:
    """`word` with its sentence clipped around it when longer than MAX_SENTENCE.

    `layouts` remembers each sentence's layout between calls (keyed by id: the sentences
    live as long as the selection that holds them)."""
    sentence = word.sentence
    pair = sentence.pair
    if len(pair.zh) <= MAX_SENTENCE and len(pair.en) <= MAX_ENGLISH:
        return word
    tokens, index = sentence.tokens, word.token_index
    zh = pair.zh
    if len(zh) > MAX_SENTENCE:
        if layouts is None:
            layouts = {}
        if id(sentence) not in layouts:
            layouts[id(sentence)] = _layout(sentence)
        layout = layouts[id(sentence)]
        if layout is not None and 0 <= index < len(tokens):
            lo, hi = _window(layout, index)
            kept = tokens[lo:hi]
            if lo > 0:
                kept = (Token(ELLIPSIS, OTHER),) + kept
            if hi < len(tokens):
                kept = kept + (Token(ELLIPSIS, OTHER),)
            index = index - lo + (lo > 0)
            zh = "".join(t.text for t in kept)
            tokens = kept
        else:  # no usable tokens: cut the text around the word
            at = max(zh.find(word.word), 0)
            start = max(0, at - MAX_SENTENCE // 2)
            end = min(len(zh), start + MAX_SENTENCE)
            zh = (ELLIPSIS if start else "") + zh[start:end] + (ELLIPSIS if end < len(pair.zh) else "")
            tokens, index = (Token(zh, OTHER),), 0
    en, span = _clip_english(pair.en, word.en_span)
    clipped = Sentence(replace(pair, zh=zh, en=en), tokens)
    return replace(word, sentence=clipped, token_index=index, en_span=span)


def _layout(sentence: Sentence) -> tuple[list[int], list[bool]] | None:
    """Each token's start offset (and the end), and whether it ends a clause; None when
    the tokens do not join back to the sentence."""
    offsets = [0]
    breaks = []
    for t in sentence.tokens:
        offsets.append(offsets[-1] + len(t.text))
        breaks.append(t.kind == OTHER and t.text.strip() in _CLAUSE_END)
    if offsets[-1] != len(sentence.pair.zh) or "".join(t.text for t in sentence.tokens) != sentence.pair.zh:
        return None
    return offsets, breaks


def _window(layout: tuple[list[int], list[bool]], index: int) -> tuple[int, int]:
    """Token bounds [lo, hi) of the text around token `index`, at most MAX_SENTENCE long:
    its clause and whole clauses on either side while they fit, or, in a clause longer
    than that, the tokens around it. Looks at no token further than MAX_SENTENCE away."""
    offsets, breaks = layout
    n = len(breaks)

    def size(lo: int, hi: int) -> int:
        return offsets[hi] - offsets[lo]

    lo = _clause_start(layout, index, index + 1)
    hi = _clause_end(layout, lo, index + 1)
    if not ((lo == 0 or breaks[lo - 1]) and (hi == n or breaks[hi - 1])) or size(lo, hi) > MAX_SENTENCE:
        return _tokens_around(offsets, index)
    grew = True  # whole clauses on either side, nearest first, while they fit
    while grew:
        grew = False
        if lo > 0:
            start = _clause_start(layout, lo - 1, hi)
            if (start == 0 or breaks[start - 1]) and size(start, hi) <= MAX_SENTENCE:
                lo, grew = start, True
        if hi < n:
            end = _clause_end(layout, lo, hi + 1)
            if (end == n or breaks[end - 1]) and size(lo, end) <= MAX_SENTENCE:
                hi, grew = end, True
    return lo, hi


def _clause_start(layout, i: int, hi: int) -> int:
    """Back from token i to the start of its clause, or until [i, hi) would be too long."""
    offsets, breaks = layout
    while i > 0 and not breaks[i - 1] and offsets[hi] - offsets[i - 1] <= MAX_SENTENCE:
        i -= 1
    return i


def _clause_end(layout, lo: int, end: int) -> int:
    """On from [lo, end) to just past the clause's closing punctuation, or until too long."""
    offsets, breaks = layout
    while end < len(breaks) and not breaks[end - 1] and offsets[end + 1] - offsets[lo] <= MAX_SENTENCE:
        end += 1
    return end


def _tokens_around(offsets: list[int], index: int) -> tuple[int, int]:
    """Whole tokens around token `index`, about as many characters on each side."""
    lo, hi = index, index + 1
    n = len(offsets) - 1
    grew = True
    while grew:
        grew = False
        before = lo > 0 and offsets[hi] - offsets[lo - 1] <= MAX_SENTENCE
        after = hi < n and offsets[hi + 1] - offsets[lo] <= MAX_SENTENCE
        if before and (not after or index - lo <= hi - index):
            lo -= 1
            grew = True
        elif after:
            hi += 1
            grew = True
    return lo, hi


def _clip_english(en: str, span: tuple[int, int] | None) -> tuple[str, tuple[int, int] | None]:
    """The English cut to about MAX_ENGLISH characters around its gloss, at word breaks."""
    if len(en) <= MAX_ENGLISH:
        return en, span
    valid = span is not None and 0 <= span[0] < span[1] <= len(en)
    middle = (span[0] + span[1]) // 2 if valid else 0
    start = max(0, min(middle - MAX_ENGLISH // 2, len(en) - MAX_ENGLISH))
    end = start + MAX_ENGLISH
    if start:  # begin after a break, so no word is cut in half
        m = _ENGLISH_BREAK.search(en, start, min(end, start + 40))
        start = m.end() if m and (not valid or m.end() <= span[0]) else start
    breaks = [m.start() for m in _ENGLISH_BREAK.finditer(en, max(start, end - 40), end)]
    if breaks and (not valid or breaks[-1] >= span[1]):
        end = breaks[-1]
    head = ELLIPSIS if start else ""
    text = head + en[start:end].strip() + (ELLIPSIS if end < len(en) else "")
    if not valid or not (start <= span[0] and span[1] <= end):
        return text, None
    shift = len(head) - start - (len(en[start:end]) - len(en[start:end].lstrip()))
    return text, (span[0] + shift, span[1] + shift)
