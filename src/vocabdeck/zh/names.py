"""Names: which pieces of a sentence are the names of people, places and bodies.

The segmenter (zh/segment.py) asks here whether a piece reads as a name: a piece no
dictionary knows that starts with a common surname (傅昆宝, 孔令强) or is written with
transliteration characters only (帕利); a CC-CEDICT proper noun that names a person, a place
or a body (冲绳, 自民党) rather than a thing a learner learns as a word (藏羚羊, 互联网);
the parts of a foreign name joined by "·" (弗洛朗丝·帕利); characters the English spells as
a name. `mark_known_names` then makes a name found in one sentence a name wherever the
segmenter cut it apart in the others.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

from vocabdeck.model import NAME, NUMBER, OTHER, WORD, Token
from vocabdeck.zh.script import HAN
from vocabdeck.zh.spelling import spelling_in

# The most common Chinese surnames (the hundred of the 2020 census, and a few more met in
# news), in order of frequency. A piece no dictionary knows that starts with one of them
# and has one or two more characters is read as a personal name (傅昆宝, 孔令强, 刘化莲).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于"
    "杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎"
    "史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文施洪牛傅樊葛邢安齐庞"
)
# Less common surnames (of the next two hundred of the census), read as one only before
# two given-name characters: many are also words that start other pieces (单看, 单是 "just";
# 宁记). Chosen by segmenting the 1 MB news sample with the census's next 300: the names
# they added were checked by hand, and a surname that made non-names of three characters
# (时飞到, 成真后, 查结率, 全校师生, 华之都) was left out.
RARER_SURNAMES = frozenset(
    "颜倪庄聂章鲁岳翟殷詹申耿兰焦俞柳甘宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛翁冉骆蓝辛"
    "靳柴蒙鲍喻祁蒲房滕屈饶牟艾穆卓缪娄窦戚岑景宫费卜冷晏席卫柏宗瞿桂佟臧闵苟邬卞姬仇栾"
    "隋刁荣巫寇桑郎甄丛仲虞敖巩佘池麻苑邝谈匡鞠惠荆冀郁胥储栗燕楚鄢劳谌奚粟冼蔺厉仝区郜"
    "阚权帅屠朴禹卿狄索宣晋芮扈晁阙浦戈伏鹿薄邸雍辜裘亓邰赫杭况宿逯隆茹诸慕危银亢嵇湛宾"
    "戎勾茅尉檀衣昝幸植衡尧"
)
# Characters that transliterated foreign names are written with (the syllable tables of
# Xinhua's transliteration manuals): a piece no dictionary knows made only of them
# (帕利, 弗洛朗丝) is a foreign name, and so are the pieces joined by a "·".
TRANSLITERATION = frozenset(
    "阿埃艾爱安昂奥澳巴拜班邦鲍贝本比彼毕宾波玻伯博布查察达戴丹道德登迪蒂丁东杜敦顿多"
    "厄恩尔法范菲芬丰佛夫弗福富盖甘冈戈格贡古圭哈海汉豪赫亨洪胡华怀惠霍基吉加贾杰捷金"
    "卡凯坎康考柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾里莉利丽列林琳留隆卢鲁路伦罗洛吕玛马"
    "迈麦曼芒毛梅门蒙孟米密明姆莫默穆纳娜奈南内尼妮涅宁纽努诺欧帕潘庞佩彭皮珀普齐奇契"
    "恰乔切钦琼丘让热茹瑞若萨塞桑瑟森沙尚绍舍申圣施史舒斯松苏索塔泰坦汤唐特滕提汀图托"
    "瓦万旺威韦维温沃乌伍西希锡席夏谢辛休雅亚扬耶伊因尤约扎泽詹兹茨佐丝娅黛琪芙薇莎娃"
    "露奥柏罕默鲍蓬翰莱杰朱龙"
)
_NAME_DOT = frozenset("·・•‧")


def reads_as_name(seg, w: str) -> bool:
    """A piece that no dictionary knows (jieba's HMM made it) and that reads as a name: a
    common surname and one or two given-name characters, or transliteration characters
    only."""
    from vocabdeck.zh.jiebadict import CEDICT

    if not 2 <= len(w) <= 4 or seg.freq.get(w) or seg.flags(w) & CEDICT or not all(HAN.match(c) for c in w):
        return False
    return transliterated(w) or surname_and_given_name(seg, w)


def surname_and_given_name(seg, w: str, most: int = 3) -> bool:
    """w reads as a Chinese personal name: a common surname and up to `most` - 1 more
    characters, or a rarer one (RARER_SURNAMES) and two that jieba knows as neither a verb
    nor an adverb (仇深似海, 柏培拉 are no names; 仇晓明, 区小平 are)."""
    if len(w) <= most and w[0] in SURNAMES:
        return True
    return len(w) == 3 and w[0] in RARER_SURNAMES and not any(seg.tag_of(c) in _NOT_GIVEN_TAGS for c in w[1:])


_NOT_GIVEN_TAGS = frozenset(("v", "d"))


def transliterated(w: str) -> bool:
    """Whether every character of w is one that spells foreign names (帕利, 塞纳斯)."""
    return all(c in TRANSLITERATION for c in w)


def join_spelled_runs(tokens: list[Token], english: str) -> list[Token]:
    """Single characters in a row that the English spells as a name (吉 / 克 / 隽 / 逸 and
    "Jike Junyi") are one name: the segmenter cut a name it did not know into characters."""
    if not english:
        return tokens
    def piece(t: Token) -> bool:
        return (t.kind == NAME or (len(t.text) == 1 and t.kind in (WORD, OTHER))) and bool(HAN.match(t.text))

    out: list[Token] = []
    i = 0
    while i < len(tokens):
        for size in (4, 3, 2):
            run = tokens[i : i + size]
            text = "".join(t.text for t in run)
            if len(run) == size and len(text) <= 4 and all(map(piece, run)):
                if spelling_in(text, english):
                    out.append(Token(text, NAME))
                    i += size
                    break
        else:
            out.append(tokens[i])
            i += 1
    return out


# A place name's last character when the segmenter cut it off (严店 / 乡, 卓乃 / 湖).
PLACE_SUFFIXES = frozenset("乡镇村县区州湖河岛")
# The last character of a team or troupe after the place it comes from (上海 久事队).
BODY_SUFFIXES = frozenset("队团")
# An anonymised person: a surname and 某 or 某某 (黄某某 "Ms Huang").
_ANONYMOUS = ("某", "某某")


# Sorted: the same pattern text every run, which compiled_regex finds in its cache (a set's
# order changes with the hash seed, and each new text made the run rewrite that cache).
_NAME_PART = re.compile(f"[{''.join(sorted(PLACE_SUFFIXES))}某]")


def join_name_parts(seg, tokens: list[Token], sentence: str) -> list[Token]:
    """A name no dictionary knows and the place character after it are one name (严店 / 乡
    -> 严店乡, 卓乃 / 湖 -> 卓乃湖); a surname and 某 or 某某 are one (黄 / 某某 -> 黄某某,
    not the card 黄 "yellow")."""
    from vocabdeck.zh.jiebadict import CEDICT

    if not _NAME_PART.search(sentence):
        return tokens

    out: list[Token] = []
    for t in tokens:
        prev = out[-1] if out else None
        if prev is not None and (
            (prev.kind == NAME and t.text in PLACE_SUFFIXES and not seg.flags(prev.text) & CEDICT)
            or (t.text in _ANONYMOUS and (prev.text in SURNAMES or prev.text in RARER_SURNAMES)
                and prev.kind != NUMBER)
        ):
            out[-1] = Token(prev.text + t.text, NAME)
        else:
            out.append(t)
    return out


def join_transliterated_runs(tokens: list[Token]) -> list[Token]:
    """A transliterated name the segmenter cut into name pieces and single characters is one
    name: 塞纳 / 斯 -> 塞纳斯, 科 / 珀斯 / 克里斯蒂 -> 科珀斯克里斯蒂, 希 / 兹曼 -> 希兹曼. The run
    holds a name and a single character, all of them transliteration characters, and no
    single character that is an everyday word (马, 加, 多 stay words). Two name pieces that
    no dictionary knows join too (博索 / 纳罗 -> 博索纳罗)."""
    from vocabdeck.zh.jiebadict import CEDICT, segmenter

    spelled = TRANSLITERATION.issuperset
    # A run joins only if it holds a name piece: most sentences have none.
    if not any(spelled(t.text) for t in tokens if t.kind == NAME):
        return tokens
    seg = segmenter()

    def piece(t: Token) -> str:  # "n" a name piece, "u" one no dictionary knows, "c" a lone character
        if not t.text or not spelled(t.text):
            return ""
        if t.kind == NAME:
            return "u" if not seg.freq.get(t.text) and not seg.flags(t.text) & CEDICT else "n"
        return "c" if len(t.text) == 1 and t.kind in (WORD, OTHER) and not seg.everyday(t.text) else ""

    kinds = [piece(t) for t in tokens]
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and kinds[j]:
            j += 1
        run = kinds[i:j]
        if j - i >= 2 and (("c" in run and ("n" in run or "u" in run)) or run.count("u") >= 2):
            out.append(Token("".join(t.text for t in tokens[i:j]), NAME))
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return out


def join_foreign_names(seg, tokens: list[Token]) -> list[Token]:
    """A foreign name written with "·" between its parts (弗洛朗丝·帕利) is one name: the
    Han tokens on each side that are names or transliteration characters join it."""
    if not any(t.text in _NAME_DOT for t in tokens):
        return tokens

    def part(t: Token) -> bool:
        return bool(t.text) and (t.kind == NAME or (t.kind != NUMBER and all(c in TRANSLITERATION for c in t.text)))

    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.text in _NAME_DOT and out and part(out[-1]) and i + 1 < len(tokens) and part(tokens[i + 1]):
            start = len(out)
            while start > 0 and part(out[start - 1]):
                start -= 1
            end = i + 1
            while end < len(tokens) and (
                part(tokens[end]) or (tokens[end].text in _NAME_DOT and end + 1 < len(tokens) and part(tokens[end + 1]))
            ):
                end += 1
            joined = "".join(x.text for x in out[start:]) + "".join(x.text for x in tokens[i:end])
            out[start:] = [Token(joined, NAME)]
            i = end
            continue
        out.append(t)
        i += 1
    return out


# jieba's tags for the names of people, places and organisations (not "nz", other proper
# nouns: languages, religions, currencies, events, which a learner learns as words).
_PERSON_PLACE_BODY = frozenset({"nr", "nrfg", "nrt", "ns", "nt"})
# A definition that names a place or a body: "Okinawa, Japan", "X county", "Hoh Xil ...
# nature reserve", "Trump (name)".
_PLACE_SENSE = re.compile(
    r", [A-Z]|\b(?:province|county|city|district|prefecture|town|township|village|islands?|"
    r"river|lake|mountains?|sea|bay|state|region|reserve|capital|port|agency|party|company|"
    r"university|ministry|council|committee|bank|name|surname)\b"
)
# Last characters of place and organisation names (省 province, 社 agency, 党 party...).
_PLACE_ENDINGS = frozenset("省市县区镇乡村州岛山河湖江海湾路街社局部院所会党委团馆厅署司行校")


def proper_is_name(seg, w: str) -> bool:
    """Whether a word that CC-CEDICT lists only as a proper noun names a person, a place or
    a body (冲绳, 特朗普, 自民党) rather than a thing a learner learns as a word (藏羚羊
    "Tibetan antelope", 互联网 "Internet", 港股 "Hong Kong shares", 欧元 "euro"): by
    jieba's tag, else by the definition."""
    from vocabdeck.data.cedict import lookup

    tag = seg.tag(w)
    if tag in _PERSON_PLACE_BODY:
        return True
    if tag == "nz":
        return False
    entries = lookup(w)
    sense = entries[0].senses[0] if entries and entries[0].senses else ""
    return bool(_PLACE_SENSE.search(sense))


def common_noun_here(seg, w: str, english: str) -> bool:
    """Whether a two-character word that CC-CEDICT knows only as a proper noun is, in this
    sentence, its two characters as common words: the English translation shows neither the
    name (its pinyin, or the words that begin its definition) but does show a sense of its
    last character. 大桥 is "Da Qiao" of the Three Kingdoms in CC-CEDICT, and jieba tags it
    a place, but "五道梁北大桥" is "the Wudaoliang North Bridge"."""
    from vocabdeck.zh.jiebadict import CEDICT, PROPER

    if len(w) != 2 or not english or not seg.flags(w) & PROPER or not all(seg.flags(c) & CEDICT for c in w):
        return False
    name, senses = _name_and_senses(w)
    seen = _english_stems(english)
    return not name & seen and bool(senses & seen) and not spelling_in(w, english)


@lru_cache(maxsize=4096)
def _name_and_senses(w: str) -> tuple[frozenset[str], frozenset[str]]:
    """The stemmed words that begin the definition of the name w ("da", "qiao" of "Da Qiao,
    one of the Two Qiaos"), and those of the common senses of its last character ("bridge")."""
    from vocabdeck.data.cedict import lookup
    from vocabdeck.zh.stem import STOP, stem

    entries = lookup(w)
    first = re.split("[,;(]", entries[0].senses[0])[0] if entries and entries[0].senses else ""
    name = frozenset(stem(x) for x in _ENGLISH_WORD.findall(first) if x.lower() not in STOP)
    senses = [s for e in lookup(w[1]) if not e.pinyin[:1].isupper() for s in e.senses]
    words = {stem(x) for sense in senses for x in _ENGLISH_WORD.findall(re.sub(r"\(.*?\)", "", sense))
             if x.lower() not in STOP}
    return name, frozenset(words)


@lru_cache(maxsize=256)
def _english_stems(english: str) -> frozenset[str]:
    from vocabdeck.zh.stem import stem

    return frozenset(stem(x) for x in _ENGLISH_WORD.findall(english))


_ENGLISH_WORD = re.compile("[A-Za-z]+")


def takes_given_name(seg, w: str) -> bool:
    """Whether a name can be followed by a given name no dictionary knows (小野 + 寺五典): a
    surname, or a name that is no place or body (美国 + 更大, 新疆 + 并网, 长江 + 入河 are a
    name and a phrase)."""
    from vocabdeck.data.cedict import lookup
    from vocabdeck.zh.jiebadict import CEDICT

    if seg.flags(w) & CEDICT:
        entries = lookup(w)
        return any("surname" in s for e in entries for s in e.senses)
    return seg.tag(w) not in ("ns", "nt")


def _common_words(seg, w: str) -> bool:
    """Whether w is two words that CC-CEDICT lists as common words (not only as names), one
    of them of two characters or more: 陈列 / 馆, 顾问 / 团, 各 / 乡镇, 马达 / 声."""
    from vocabdeck.zh.jiebadict import CEDICT, PROPER

    def common(part: str) -> bool:
        f = seg.flags(part)
        return bool(f & CEDICT) and not f & PROPER

    return any(common(w[:k]) and common(w[k:]) for k in range(1, len(w)) if k >= 2 or len(w) - k >= 2)


def has_name_shape(seg, w: str) -> bool:
    """A word missing from CC-CEDICT that jieba tags as a name reads as one: a person's
    name starts with a common surname or is transliterated; a place or a body ends like
    one (蒋口河, 中国区) or is transliterated. Not when it is two common words (jieba tags
    陈列馆, 顾问团, 马达声 as people, 各乡镇 as a place)."""
    if transliterated(w):
        return True
    if len(w) >= 3 and _common_words(seg, w):
        return False
    if seg.tag(w).startswith("nr"):
        return surname_and_given_name(seg, w, 4)
    return w[-1] in _PLACE_ENDINGS


def mark_known_names(token_lists: list[tuple[Token, ...]]) -> list[tuple[Token, ...]]:
    """Across the sentences of a batch (the pipeline's, an article of up to 512 sentences
    at once), a name found in one sentence is a name wherever it comes again: where the
    segmenter cut it into characters (傅 / 昆 / 宝) or into a piece and the start of the
    next word (张继 / 科林), the characters become one name token again. `segment` itself
    reads each sentence alone; this is the one step that looks across sentences."""
    names: set[str] = set()
    for text in {t.text for tokens in token_lists for t in tokens if t.kind == NAME}:
        if len(text) >= 2 and all(HAN.match(c) or c in _NAME_DOT for c in text):
            names.add(text)
            names.update(p for p in re.split("[·・•‧]", text) if len(p) >= 2)
    if not names:
        return token_lists
    by_first: dict[str, list[str]] = {}  # first character -> names, longest first
    for name in sorted(names, key=len, reverse=True):
        by_first.setdefault(name[0], []).append(name)
    firsts = frozenset(by_first)
    out = []
    for tokens in token_lists:
        out.append(_mark_names(tokens, by_first, names) if _cut_name_in(tokens, by_first, firsts) else tokens)
    return out


def _cut_name_in(tokens: tuple[Token, ...], by_first: dict[str, list[str]], firsts: frozenset[str]) -> bool:
    """Whether a known name occurs in the sentence other than as one whole token (`firsts`:
    the characters names start with)."""
    text = "".join([t.text for t in tokens])
    whole = None
    for ch in set(text) & firsts:
        at = text.find(ch)
        while at >= 0:
            for name in by_first[ch]:
                if text.startswith(name, at):
                    if whole is None:  # (offset, text) of every token
                        texts = [t.text for t in tokens]
                        whole = set(zip(accumulate(map(len, texts), initial=0), texts))
                    if (at, name) not in whole:
                        return True
            at = text.find(ch, at + 1)
    return False


def _mark_names(tokens: tuple[Token, ...], by_first: dict[str, list[str]], names: set[str]) -> tuple[Token, ...]:
    out: list[Token] = []
    text = "".join(t.text for t in tokens)
    at = 0  # offset of tokens[i] in text
    i = 0
    while i < len(tokens):
        candidates = by_first.get(tokens[i].text[:1])
        found = _name_at(tokens, i, at, text, candidates) if candidates else None
        if found is None:
            out.append(tokens[i])
            at += len(tokens[i].text)
            i += 1
            continue
        name, j, rest = found
        out.append(Token(name, NAME))
        if rest:  # what is left of a piece the name ends inside: a name, or debris
            out.append(Token(rest, NAME if rest in names else OTHER))
        at += sum(len(t.text) for t in tokens[i:j])
        i = j
    return tuple(out)


def _name_at(tokens, i: int, at: int, text: str, names: list[str]) -> tuple[str, int, str] | None:
    """(name, index of the token after it, the rest of the last token it ends inside) when
    a known name starts at token i, spans more than that token and crosses no word of
    two or more characters."""
    for name in names:
        if len(name) <= len(tokens[i].text) or not text.startswith(name, at):
            continue
        end, pos, j = at + len(name), at, i
        while j < len(tokens) and pos + len(tokens[j].text) <= end:
            pos += len(tokens[j].text)
            j += 1
        if any(len(t.text) > 1 and t.kind == WORD for t in tokens[i:j]):
            continue
        if pos == end:
            return name, j, ""
        if tokens[j].kind in (NAME, OTHER):
            return name, j + 1, tokens[j].text[end - pos :]
    return None
