"""Sentences -> tokens: jieba with a merged dictionary, names kept apart, debris re-split.

Every character of a sentence lands in exactly one token, so joining a sentence's tokens
gives the sentence back. Each token gets a kind (model.WORD, NAME, NUMBER, OTHER):

* NAME: a person, place or organisation name. A token is a name when CC-CEDICT lists it
  only as a capitalised proper name (日本, 冲绳, 关岛, 特朗普, 自民党: countries are names
  too, by the same rule as every other place); when CC-CEDICT lacks it and jieba tags it as
  a name (nr, nrfg, nrt, ns, nt, nz: 石破茂, 天宁岛); when its pinyin is spelled out in the
  English sentence (王恒文 / "Wang Hengwen"); or when a short name is followed by a piece
  that is in no dictionary (小野 + 寺五典: a Japanese given name after the family name).
* NUMBER: digits or Chinese numerals with their measure word or time unit (9月,
  11月11日, 两个, 一项, 近一半). Numerals that are HSK words (一半, 第一) stay words.
* WORD: a CC-CEDICT headword that may become a card.
* OTHER: no Han character (punctuation, Latin, digits, spaces), or a Han character that
  no dictionary knows.

Whether a piece is a name is decided in zh/names.py. A Han token that is not a CC-CEDICT
headword and not a name is re-split into CC-CEDICT words, the cut whose dictionary words
cover most (偷逃税款 -> 偷逃 / 税款 -> 偷 / 逃 / 税款; 日美军 -> 日美 / 军, 来看 -> 来 / 看);
a character cut from a short compound that is not an everyday word is debris (直 / 击 of
直击). A four-character idiom CC-CEDICT lacks (严阵以待) and a reduplicated word (来来回回)
are one token that is no card.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from vocabdeck.model import NAME, NUMBER, OTHER, WORD, SentencePair, Token
from vocabdeck.zh.names import (
    BODY_SUFFIXES,
    PLACE_SUFFIXES,
    common_noun_here,
    has_name_shape,
    join_foreign_names,
    join_name_parts,
    join_spelled_runs,
    join_transliterated_runs,
    proper_is_name,
    reads_as_name,
    takes_given_name,
    transliterated,
)
from vocabdeck.zh.recut import recut
from vocabdeck.zh.retokenize import join_reduplications, split_archaic
from vocabdeck.zh.script import HAN, INVISIBLE, has_han, visible
from vocabdeck.zh.spelling import spelling_in

# jieba's part-of-speech tags for names: person (nr, nrfg, nrt), place (ns),
# organisation (nt), other proper noun (nz).
NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})

_DIGITS = re.compile(r"[0-9０-９]+([.,．][0-9０-９]+)*")
_NUMERAL = "〇零一二三四五六七八九十百千万亿两几半"
# Measure words and units that make a numeral a quantity rather than a word to learn.
# 下, 些, 样, 般 are left out: 一下, 一些, 一样, 一般 are words.
_MEASURES = (
    "个项轮次位名件条种届批座架艘辆台家所本张只头场回遍番份篇部支股例年月日号天周岁"
    "点时分秒倍成季期级层步处人元角斤米吨亩户国方代"
)
_UNITS_MULTI = ("小时", "分钟", "星期", "公里", "公斤", "美元", "周年", "多年", "多个", "余名")
_NUMBER_RE = re.compile(
    "^(近|约|第|每|逾|超|前|后|头|上|这|那)?"
    f"(?:[{_NUMERAL}]+|[0-9０-９.,]+[{_NUMERAL}]*)"
    f"(?:多|余)?(?:{'|'.join(_UNITS_MULTI)}|[{_MEASURES}%％])*$"
)
_TIME_UNIT = re.compile("[年月日号时点分秒]$")


def cut(text: str) -> list[str]:
    """Plain segmentation: jieba.lcut(text) (HMM on) with the merged dictionary."""
    from vocabdeck.zh.jiebadict import segmenter

    return segmenter().cut(text)


def part_of_speech(word: str) -> str:
    """jieba's part-of-speech tag of a word ("" if unknown): of any word, not only one of
    the batch segmented last (on long input, or with --jobs, that is not the card's)."""
    from vocabdeck.zh.jiebadict import segmenter

    return segmenter().tag_of(visible(word))


def segment(sentences: Sequence[SentencePair]) -> list[tuple[Token, ...]]:
    """Tokens for each sentence; joining a sentence's token texts gives back pair.zh."""
    from vocabdeck.zh.jiebadict import segmenter

    seg = segmenter()
    cuts = seg.cut_many([visible(p.zh) for p in sentences])
    return [tuple(_tokens_of(seg, p, pieces)) for p, pieces in zip(sentences, cuts)]


def _tokens_of(seg, pair: SentencePair, pieces: list[str]) -> list[Token]:
    """Tokens of the sentence from jieba's pieces of it, segmented as if its invisible
    characters were not there (通\u200b宵 is still 通宵); each invisible character joins the
    token it stands in or after, so the tokens still join back to the sentence."""
    if not INVISIBLE.search(pair.zh):
        return _tokens(seg, pair, pieces)
    tokens = _tokens(seg, SentencePair(pair.paragraph, visible(pair.zh), pair.en, pair.score), pieces)
    out: list[Token] = []
    at = 0
    for token in tokens:
        text = []
        for ch in token.text:
            while pair.zh[at] != ch:  # an invisible character before this one
                text.append(pair.zh[at])
                at += 1
            text.append(ch)
            at += 1
        out.append(Token("".join(text), token.kind, token.reading))
    if at < len(pair.zh):  # invisible characters at the end
        tail = pair.zh[at:]
        out[-1:] = [Token(out[-1].text + tail, out[-1].kind)] if out else [Token(tail, OTHER)]
    return out


def _is_number(seg, w: str) -> bool:
    from vocabdeck.zh.jiebadict import CEDICT, HSK

    if not _NUMBER_RE.match(w) or not has_han(w):
        return False
    f = seg.flags(w)
    # Dictionary numerals alone (一半, 两) and HSK words (第一) are words to learn.
    return not (f & CEDICT and (f & HSK or all(c in _NUMERAL for c in w)))


def _kind(seg, w: str) -> str:
    """The kind of a Han token from the dictionaries alone; "" when that does not decide
    (not a CC-CEDICT word, no name tag: the English sentence may show it is a name)."""
    from vocabdeck.zh.jiebadict import CEDICT, PROPER

    memo = seg.memo
    kind = memo.get(w)
    if kind is None:
        f = seg.flags(w)
        if _is_number(seg, w):
            kind = NUMBER
        elif f & CEDICT:
            kind = NAME if f & PROPER and proper_is_name(seg, w) else WORD
        elif seg.tag(w) in NAME_TAGS and not _hsk_parts(seg, w) and has_name_shape(seg, w):
            # jieba tags some phrases it learned as names (努力学习 "nz", 幸福感 "nr"); a
            # phrase that does not read as a name is split below.
            kind = NAME
        else:
            kind = ""
        memo[w] = kind
    return kind


def _unknown_piece(seg, w: str) -> bool:
    """A Han piece of 2-3 characters that no dictionary knows (HMM output such as 寺五典)."""
    from vocabdeck.zh.jiebadict import CEDICT

    return (
        2 <= len(w) <= 3
        and all(HAN.match(c) for c in w)
        and not seg.freq.get(w)
        and not seg.flags(w) & CEDICT
    )


def _tokens(seg, pair: SentencePair, pieces: list[str]) -> list[Token]:
    memo = seg.memo
    settled = seg.settled
    out: list[Token] = []
    i = 0
    n = len(pieces)
    while i < n:
        w = pieces[i]
        i += 1
        known = settled.get(w)
        if known is not None:
            out.extend(known)
            continue
        if not has_han(w):
            # Digits followed by a unit: 9 + 月 -> 9月 (jieba cuts them apart).
            if _DIGITS.fullmatch(w) and i < n and _is_number(seg, w + pieces[i]):
                out.append(Token(w + pieces[i], NUMBER))
                i += 1
            else:
                out.append(Token(w, OTHER))
                if not _DIGITS.fullmatch(w):
                    _settle(settled, w, out[-1:])
            continue
        if not "\u4e00" <= w[0] <= "\u9fd5":
            # Outside jieba's Han range (rare characters) jieba yields single characters
            # that prepare() did not fetch.
            seg.lookup({w})
        kind = memo.get(w)
        if kind is None:
            kind = _kind(seg, w)
        spelled = kind == "" and bool(pair.en) and spelling_in(w, pair.en) is not None
        by_pattern = kind == "" and reads_as_name(seg, w) and not _counted(out) and not (
            # The English names the people of its sentence in pinyin: a surname-shaped piece
            # it does not spell is a phrase (试开放周里 "the trial opening week": 周 / 里).
            pair.en and not spelled and not transliterated(w))
        if kind == "" and (spelled or by_pattern):
            kind = NAME
        if kind == NAME and pair.en and common_noun_here(seg, w, pair.en):
            out.extend(Token(c, _kind(seg, c)) for c in w)  # 大桥 of 五道梁北大桥 "North Bridge"
        elif kind == NAME:
            i = _name_tokens(seg, pieces, i, w, by_pattern, out)
        elif kind == WORD and len(w) >= 4 and (parts := _hsk_parts(seg, w)):
            out.extend(Token(part, WORD) for part in parts)
            _settle(settled, w, out[-len(parts):])
        elif kind:
            out.append(Token(w, kind))
            _settle(settled, w, out[-1:])
        else:
            i = _unknown_tokens(seg, pieces, i, w, pair.en, out)
    out = join_reduplications(seg, recut(seg, split_archaic(out, pair.zh), pair.zh), pair.zh)
    out = join_foreign_names(seg, join_transliterated_runs(join_spelled_runs(out, pair.en)))
    return _join_dates(join_name_parts(seg, out, pair.zh))


def _name_tokens(seg, pieces: list[str], i: int, w: str, by_pattern: bool, out: list[Token]) -> int:
    """The name w, with the piece after it (pieces[i]) when that is a piece no dictionary
    knows: a given name after a short name that takes one (小野 寺五典), or a place of its
    own after a place (覃塘区 蒙公乡), and so is a team (上海 久事队). Returns the index of the next piece not used."""
    if i < len(pieces) and not by_pattern and _unknown_piece(seg, pieces[i]):
        if len(w) <= 3 and takes_given_name(seg, w):
            w += pieces[i]
            i += 1
        elif len(pieces[i]) == 3 and (pieces[i][-1] in PLACE_SUFFIXES or pieces[i][-1] in BODY_SUFFIXES):
            out.append(Token(w, NAME))
            w = pieces[i]
            i += 1
    out.append(Token(w, NAME))
    return i


def _unknown_tokens(seg, pieces: list[str], i: int, w: str, english: str, out: list[Token]) -> int:
    """Tokens for the piece w, which is no CC-CEDICT word, number or name (pieces[i] is the
    one after it), appended to out; returns the index of the next piece not used.

    It is cut again together with the next such piece when one of the two is in no
    dictionary (jieba's HMM made it): jieba's 偷逃税 / 款约 is 偷逃 / 税款 / 约."""
    n = len(pieces)
    after = i
    last = w
    while i < n and not (seg.freq.get(last) and seg.freq.get(pieces[i])) and _unknown_run(seg, pieces[i], english):
        last = pieces[i]
        i += 1
    out.extend(_resplit_tokens(seg, (w, *pieces[after:i])))
    return i


def _resplit_tokens(seg, run: tuple[str, ...]) -> tuple[Token, ...]:
    """The tokens of pieces run together by _unknown_tokens. A character of a piece of at
    most 3 Han characters is cut from a compound (直击, 赛况, 偷逃); not one of A股, whose 股
    is a word of its own, nor of a phrase jieba knows (捏了一把汗). Kept for the run when
    every character is in jieba's Han range: the entries of all their substrings are then
    fetched, whatever else was looked up, so the tokens follow from the pieces alone."""
    tokens = seg.resplit.get(run)
    if tokens is not None:
        return tokens
    w = run[0]
    short = [len(w) <= 3 and all(HAN.match(c) for c in w)] * len(w)
    for piece in run[1:]:
        short += [len(piece) <= 3] * len(piece)
    w = "".join(run)
    cut = _best_cut(seg, w)[1]
    parts = [part for part, _ in cut]
    if len(w) == 4 == len(parts) and seg.freq.get(w) and all(HAN.match(c) for c in w):
        # A four-character expression jieba knows and CC-CEDICT lacks, in which no two
        # characters make a word (严阵以待): an idiom, whose characters are not words here.
        tokens = (Token(w, OTHER),)
    else:
        at, out = 0, []
        for k, part in enumerate(parts):
            compound = len(part) == 1 and (short[at] or cut[k][1]) and not _measured(parts, k)
            out.append(Token(part, _part_kind(seg, part, compound)))
            at += len(part)
        tokens = tuple(out)
    if len(seg.resplit) < RESPLIT_LIMIT and "\u4e00" <= min(w) and max(w) <= "\u9fd5":
        seg.resplit[run] = tokens
    return tokens


def _counted(tokens: list[Token]) -> bool:
    """Whether the next piece follows a numeral or a determiner (这周里, 12周里, 每周内):
    its first character is then counted, a measure word or a noun (周 "week"), not the
    surname that starts a name."""
    last = tokens[-1].text[-1:] if tokens else ""
    return bool(last) and (last in _DETERMINERS or last in _NUMERAL or last.isdigit())


def _unknown_run(seg, w: str, english: str) -> bool:
    """A piece, all Han, that is neither a CC-CEDICT word, a number nor a name."""
    if not all(HAN.match(c) for c in w):
        return False
    kind = seg.memo.get(w)
    if kind is None:
        kind = _kind(seg, w)
    return kind == "" and not reads_as_name(seg, w) and not (english and spelling_in(w, english))


# Pieces whose tokens follow from the piece alone (not from the next piece or the English
# sentence), kept for the rest of the run: most pieces of a long text come again. Bounded
# for a whole book.
SETTLED_LIMIT = 200_000


# Runs cut again whose tokens are kept (_resplit_tokens), the first ones met: on 1 MB of
# news 16,300 runs are 8,800 distinct ones; keeping all saved 7,400 cuts for 1.9 MiB of
# peak memory, keeping 3,000 saves 4,500 for a third of that.
RESPLIT_LIMIT = 3_000


def _settle(settled: dict, piece: str, tokens: list[Token]) -> None:
    if len(settled) < SETTLED_LIMIT:
        settled[piece] = tuple(tokens)


# Words after which a character is a measure word (各项 "every item", 这股 "this force").
_DETERMINERS = frozenset("各每这那几该此某哪整")


def _measured(parts: list[str], k: int) -> bool:
    """Whether parts[k] is a measure word after a determiner, or that determiner."""
    if k > 0 and parts[k - 1] in _DETERMINERS and len(parts[k]) == 1:
        return _is_classifier(parts[k])
    return parts[k] in _DETERMINERS and k + 1 < len(parts) and len(parts[k + 1]) == 1 and _is_classifier(parts[k + 1])


@lru_cache(maxsize=1024)
def _is_classifier(char: str) -> bool:
    from vocabdeck.data.cedict import lookup

    return any(s.startswith("classifier") for e in lookup(char) for s in e.senses)


def _part_kind(seg, part: str, compound: bool = True) -> str:
    """The kind of a part of a span CC-CEDICT lacks: a CC-CEDICT word, a number, or debris
    (never a name by jieba's tag alone). A single character cut out of a compound no
    dictionary knows (直 and 击 of 直击, 况 of 赛况) is debris unless it is an everyday word:
    its sense there is the compound's, not its own."""
    from vocabdeck.zh.jiebadict import CEDICT

    k = seg.memo.get(part)
    if k is None:
        k = _kind(seg, part)
    if k == NAME and not seg.flags(part) & CEDICT:
        return OTHER
    if compound and len(part) == 1 and k == WORD and not seg.everyday(part):
        return OTHER
    return k or OTHER


def _resplit(seg, word: str) -> list[str]:
    """Split a word CC-CEDICT lacks into CC-CEDICT words and single characters: the cut
    whose CC-CEDICT words cover the most characters; of those, the one whose dictionary
    words (jieba's too) cover the most; then the longest words first from the left. A piece
    that is jieba's word but not CC-CEDICT's is cut the same way in turn: 偷逃税款约 ->
    偷逃 / 税款 / 约 -> 偷 / 逃 / 税款 / 约 (the longest match from the left gave 偷 / 逃税
    / 款 / 约); 公安部门 -> 公安 / 部门, not 公安部 / 门."""
    return [part for part, _ in _best_cut(seg, word)[1]]


def _best_cut(seg, word: str) -> tuple[tuple[int, int], list[tuple[str, bool]]]:
    """((characters covered by CC-CEDICT words, by any dictionary word), pieces) of
    _resplit, each piece with whether it was cut from a jieba word of at most 3 characters
    that CC-CEDICT lacks and none of whose characters is an everyday word (解暑, 健脾: a
    compound, not a phrase such as 不敢 or 最低); never the whole word as one piece."""
    from vocabdeck.zh.jiebadict import CEDICT

    n = len(word)
    best: list[tuple[tuple[int, int], list[tuple[str, bool]]]] = [((0, 0), [])] * (n + 1)
    for i in range(n - 1, -1, -1):
        top: tuple[tuple[int, int], list[tuple[str, bool]]] | None = None
        for j in range(n, i, -1):  # longest first: a tie keeps the longer piece
            piece = word[i:j]
            if j - i == 1:
                covered, parts = (0, 0), [(piece, False)]
            elif j - i == n:
                continue
            elif seg.flags(piece) & CEDICT:
                covered, parts = (j - i, j - i), [(piece, False)]
            elif seg.freq.get(piece):
                sub = _best_cut(seg, piece)
                compound = j - i <= 3 and not any(map(seg.everyday, piece))  # 解暑; not 不敢, 最低
                covered, parts = (sub[0][0], j - i), [(part, cut or compound) for part, cut in sub[1]]
            else:
                continue
            rest = best[j][0]
            score = (covered[0] + rest[0], covered[1] + rest[1])
            if top is None or score > top[0]:
                top = (score, parts + best[j][1])
        best[i] = top
    return best[0]


def _hsk_parts(seg, word: str) -> list[str] | None:
    """A long dictionary phrase made of HSK words, split into them: 难以实现 -> 难以/实现,
    总统大选 -> 总统/大选. A learner meets the words, not the phrase, in word lists and
    exams; idioms (镜花水月) and HSK-listed phrases are not made of such parts and stay whole.
    """
    from vocabdeck.zh.jiebadict import HSK

    if seg.flags(word) & HSK:
        return None
    parts, i = [], 0
    while i < len(word):
        for j in range(len(word) - (i == 0), i + 1, -1):  # parts of 2+ characters, never all
            if seg.flags(word[i:j]) & HSK:
                break
        else:
            return None
        parts.append(word[i:j])
        i = j
    return parts


def _join_dates(tokens: list[Token]) -> list[Token]:
    """Join consecutive date and time numbers: 11月 + 11日 -> 11月11日."""
    numbers = [i for i, t in enumerate(tokens) if t.kind == NUMBER]
    if not any(b - a == 1 for a, b in zip(numbers, numbers[1:])):  # no two in a row
        return tokens
    out: list[Token] = []
    for t in tokens:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == NUMBER
            and t.kind == NUMBER
            and _TIME_UNIT.search(prev.text)
            and _TIME_UNIT.search(t.text)
        ):
            out[-1] = Token(prev.text + t.text, NUMBER)
        else:
            out.append(t)
    return out
