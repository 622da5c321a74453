"""How the sentence itself uses a word: the rules that choose a sense from the Chinese.

Two kinds, both reading only the word's neighbours within its clause:

- `context_sense`: a function word whose neighbours decide its sense whatever the English
  says (将 before an object and a verb marks the object; 至 between two numbers is "to";
  约 before a number is "approximately"; a measure word after a number is a classifier).
- `sentence_sense`: weaker evidence, used only when the English sentence decided nothing:
  the object a verb sense names in parentheses (做出回应: "to make (a choice, decision,
  proposal, response...)"), a sense for questions in a question (究竟), the adverb sense of
  a word jieba knows as an adverb before a verb (分别占); then `usage_sense`: the part of
  speech the neighbours give a word that jieba knows as a verb (a verb before 了 or after
  不/已/将, a noun after 的 or as a verb's object after an adjective), and a few function
  words whose sense follows the next word (以 before a verb is "in order to").

Each returns (index of the sense, the rule in words) or None. Senses are matched by their
English ("^to$"), so a rule applies to whatever entry has such a sense, never to a list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from vocabdeck.model import NAME, NUMBER, WORD, Token
from vocabdeck.zh.stem import stem

_CLASSIFIER = re.compile(r"^classifier for|^\(classifier\)|^classifier$")
_DEMONSTRATIVE = frozenset("这 那 每 哪 几 该 此 各 某 本 整 首 同".split())
_NUMERALS = "〇零一二三四五六七八九十百千万亿两几半0123456789０１２３４５６７８９"
_UNITS = frozenset("% ％ ℃ ° ‰".split())  # written after a number as a token of their own
_PUNCT = frozenset("，。、；：！？,.;:!?（）()—…")  # ends a clause
_QUOTES = frozenset("“”\"'‘’《》「」『』")  # skipped: 作为“声如夏花”系列
# jieba tags of words that can stand as an object or a subject: nouns, pronouns, names.
_NOMINAL = ("n", "r", "s")
_VERBAL = ("v",)
# A sense that is a verb: "to weigh", "(of sb) to express".
_VERB_SENSE = re.compile(r"^(?:\([^)]*\)\s*)?to [a-z]")
# Words before a verb (adverbs, auxiliaries) and after one (aspect particles).
_BEFORE_VERB = frozenset("不 没 没有 未 已 已经 曾 曾经 将 将要 会 能 能够 可 可以 要 想 应 应该 需要 必须 "
                         "正在 正 也 都 还 再 又 并 均 就 才 仍 仍然 尚 被 把 开始 继续 共同 一起".split())
_AFTER_VERB = frozenset("了 着 过".split())
# Words before a noun: the possessive and attributive particles, demonstratives.
_BEFORE_NOUN = frozenset("的 之 这 那 这个 那个 这些 那些 此 其 该 每 各 任何 所有 一些".split())


def _text(token: Token) -> str:
    """The token as the rules read it: Simplified (a Traditional token keeps its carded form)."""
    return (token.simplified or token.text).strip()


def _tag_of(tag: Callable[[str], str] | None, token: Token) -> str:
    if token.kind == NAME:
        return "nr"
    if token.kind == NUMBER:
        return "m"
    return tag(_text(token)) if tag is not None else ""


def _neighbours(tokens: Sequence[Token], i: int, step: int, most: int = 6) -> list[Token]:
    """The tokens next to i in one direction, nearest first, up to the clause's punctuation
    (at most `most` of them); spaces and quotation marks skipped."""
    out = []
    j = i + step
    while 0 <= j < len(tokens) and len(out) < most:
        t = tokens[j]
        text = t.text.strip()
        if text and not all(c in _QUOTES for c in text):
            if text in _PUNCT or all(c in _PUNCT for c in text):
                break
            out.append(t)
        j += step
    return out


def _quantity(token: Token) -> bool:
    """A number, with or without its unit: 80, 7月26日, 两个, %, ℃ (the unit of a number
    just before it)."""
    text = _text(token)
    return token.kind == NUMBER or (bool(text) and (all(c in _NUMERALS for c in text) or text in _UNITS))


def _find_sense(senses: Sequence[str], pattern: str) -> int | None:
    rx = re.compile(pattern)
    return next((k for k, s in enumerate(senses) if rx.search(s)), None)


def _rule(senses: Sequence[str], pattern: str, why: str) -> tuple[int, str] | None:
    k = _find_sense(senses, pattern)
    return (k, why) if k is not None else None


# The words of more than one character that a rule of context_sense reads.
_RULE_WORDS = frozenset("作为 左右 上下 本人".split())


def context_sense(
    word: str, senses: tuple[str, ...], tokens: Sequence[Token], i: int, tag: Callable[[str], str] | None
) -> tuple[int, str] | None:
    """(sense index, rule) when the Chinese sentence decides the sense; else None."""
    if len(word) > 1 and word not in _RULE_WORDS:
        return _subject_of_saying(senses, tokens, i)  # the rules below are for these words and measure words
    after = _neighbours(tokens, i, 1)
    before = _neighbours(tokens, i, -1)
    if word in ("将", "把") and len(after) >= 2:
        marker = _find_sense(senses, r"used in the same way as 把|marks? the (?:direct )?object|introduces? object")
        if marker is not None:
            first = _tag_of(tag, after[0])
            verb_later = any(_tag_of(tag, t).startswith(_VERBAL) for t in after[1:])
            if first.startswith(_NOMINAL + ("nr", "m")) and not first.startswith("v") and verb_later:
                return marker, f"{word} before an object and a verb marks the object"
        if word == "将":
            will = _find_sense(senses, r"^will$")
            if will is not None and _tag_of(tag, after[0]).startswith(("v", "p", "d")):
                return will, "将 before a verb: the future"
    if word == "称" and before and (after or i + 1 < len(tokens)):
        state = _find_sense(senses, r"^to state$|^to say$")
        nxt = _text(tokens[i + 1]) if i + 1 < len(tokens) else ""
        if state is not None and (
            _tag_of(tag, before[0]).startswith(_NOMINAL + ("nr", "nt", "vn")) or nxt[:1] in "，,：:“\""
        ) and not any(_text(t) in ("为", "作") for t in after):
            return state, "称 after a subject: says"
    if word == "本人" and before and (before[0].kind == NAME or _tag_of(tag, before[0]).startswith(("r", "nr"))):
        # After who it refers to (他本人, 博索纳罗本人): "oneself; himself", not the speaker's "I".
        k = _find_sense(senses, r"^oneself")
        if k is not None:
            return k, f"本人 after {_text(before[0])}: oneself"
    if word == "作为" and after and not (before and _text(before[0]) in ("有所", "大有", "无所", "有")):
        k = _find_sense(senses, r"^as\b")
        if k is not None:
            return k, "作为 before what it introduces: as"
    return _number_rule(word, senses, before, after) or _function_word_rule(word, senses, before, after, tag)


# Verbs of saying and showing, whose subject at the start of a clause is often a word whose
# first sense is a verb used as a noun: 报道称 "the report says", 报告显示 "the report shows".
_SAYING = frozenset("称 显示 指出 表明 认为 说".split())


def _subject_of_saying(senses: tuple[str, ...], tokens: Sequence[Token], i: int) -> tuple[int, str] | None:
    """A verb-first word right before a verb of saying, first in its clause or after a
    word that comes before nouns (该报告指出): the subject, so its first noun sense. After a
    doer (新华社报道称 "Xinhua reported") it is the verb, and no rule applies."""
    if i + 1 >= len(tokens) or len(senses) < 2 or _text(tokens[i + 1]) not in _SAYING \
            or not _VERB_SENSE.match(senses[0]):
        return None
    before = _neighbours(tokens, i, -1, most=1)
    if before and _text(before[0]) not in _BEFORE_NOUN and _text(before[0]) not in ("据", "根据"):
        return None
    k = next((k for k, s in enumerate(senses) if not _VERB_SENSE.match(s) and not s.startswith("(")), None)
    return (k, f"a noun here (the subject of {_text(tokens[i + 1])})") if k is not None else None


def _number_rule(word: str, senses: tuple[str, ...], before: list[Token], after: list[Token]):
    """Senses that numbers around the word decide."""
    number_before = bool(before) and _quantity(before[0])
    number_after = bool(after) and _quantity(after[0])
    if word == "至" and number_after:
        if number_before:
            return _rule(senses, r"^to$", "至 between two numbers or dates: to")
        return _rule(senses, r"^until$", "至 before a date: until")
    if word in ("左右", "上下") and (number_before or (len(before) > 1 and _quantity(before[1])
                                                 and len(_text(before[0])) <= 2)):
        return _rule(senses, r"^approximately$|^about$", f"{word} after a number: approximately")
    if word == "约" and after and (number_after or (
            _text(after[0]) in ("是", "为", "有", "占", "达", "合") and any(map(_quantity, after[1:4])))):
        return _rule(senses, r"^approximately$|^about$", "约 before a number: approximately")
    if word == "时" and number_before:
        return _rule(senses, r"^o'clock$|^hour$", "时 after a number: o'clock")
    if len(word) == 1 and before:
        prev = _text(before[0])
        if prev and (prev in _DEMONSTRATIVE or (before[0].kind == NUMBER and prev[-1] in _NUMERALS)
                     or (len(prev) == 1 and prev in _NUMERALS)):
            cl = next((k for k, s in enumerate(senses) if _CLASSIFIER.match(s)), None)
            if cl is not None:
                return cl, f"a measure word after {prev}"
    return None


def _function_word_rule(word, senses, before, after, tag):
    """Function words whose sense the next words decide."""
    if not after:
        return None
    later = {_text(t) for t in after}
    if word in ("由", "从") and later & {"至", "到", "往", "向"}:
        return _rule(senses, r"^from$", f"{word} ... 至/到: from")
    if word == "除" and later & {"外", "以外", "之外"}:
        return _rule(senses, r"^except", "除 ... 外: except")
    if word == "被" and _tag_of(tag, after[0]).startswith(_VERBAL + _NOMINAL + ("nr",)):
        return _rule(senses, r"passive", "被 before a verb or its doer: the passive")
    if word in ("本", "该") and _tag_of(tag, after[0]).startswith(("n", "q")):  # not 该如何
        return _rule(senses, r"^this$|^that$", f"{word} before a noun: this, that")
    if word in ("均", "皆") and not _tag_of(tag, after[0]).startswith("n") and _text(after[0]) not in _PUNCT:
        # Before a verb, an adverb, or a word jieba has no tag for (均呈阳性): "all".
        return _rule(senses, r"^all$", f"{word} before a verb: all")
    return None


_USAGE_WORDS = frozenset("以 时 进行 通过".split())  # the words usage_sense has rules of their own for


def usage_sense(
    word: str, senses: tuple[str, ...], tokens: Sequence[Token], i: int, tag: Callable[[str], str] | None
) -> tuple[int, str] | None:
    """(sense index, rule) from how the word is used here, for a sentence whose English
    decided nothing; else None."""
    if word not in _USAGE_WORDS and (
            len(word) == 1 or len(senses) < 2 or not _tag_of(tag, tokens[i]).startswith("v")):
        # A character's part of speech is too weak a sign to prove it a word, and only a
        # word that can be a verb is read as one, or as its noun.
        return None
    after = _neighbours(tokens, i, 1)
    before = _neighbours(tokens, i, -1)
    if word == "以" and after:
        if any(_text(t) == "为" for t in after[1:]):
            return _rule(senses, r"^to use$", "以 ... 为: to use ... as")
        if _tag_of(tag, after[0]).startswith(_VERBAL):
            return _rule(senses, r"^in order to$", "以 before a verb: in order to")
        return _rule(senses, r"^by means of$", "以 before a noun: by means of")
    if word == "时" and before:
        return _rule(senses, r"^when$", "时 after what happens: when")
    if len(word) == 1:
        return None
    light = _light_verb(word, senses, before, after, tag)
    if light is not None:
        return light
    verb_first = bool(_VERB_SENSE.match(senses[0]))
    prev = _text(before[0]) if before else ""
    nxt = _text(after[0]) if after else ""
    if not verb_first and (nxt in _AFTER_VERB or prev in _BEFORE_VERB):
        k = next((k for k, s in enumerate(senses) if _VERB_SENSE.match(s)), None)
        cue = f"before {nxt}" if nxt in _AFTER_VERB else f"after {prev}"
        return (k, f"a verb here ({cue})") if k is not None else None
    if verb_first and prev in _BEFORE_NOUN and not (
            nxt in _AFTER_VERB or (after and _tag_of(tag, after[0]).startswith(_NOMINAL))):
        k = next((k for k, s in enumerate(senses) if not _VERB_SENSE.match(s) and not s.startswith("(")), None)
        return (k, f"a noun here (after {prev})") if k is not None else None
    if verb_first and not after and len(before) > 1 and _tag_of(tag, before[0]) == "a" and len(prev) > 1 and (
            _text(before[1]) in _AFTER_VERB or _tag_of(tag, before[1]).startswith("v")):
        # The object of a verb, after an adjective, ending the clause (发挥了重要作用 "played
        # an important role"; not 疫情迅猛反弹, whose adjective says how it rebounded).
        k = next((k for k, s in enumerate(senses) if not _VERB_SENSE.match(s) and not s.startswith("(")), None)
        return (k, f"a noun here (object of a verb, after the adjective {prev})") if k is not None else None
    return None


def _light_verb(word, senses, before, after, tag):
    """进行 and 通过, whose first senses ("to advance", "to pass through") are seldom what
    news means: 进行 before what is done "carries it out", and is "in progress" after
    正在 or before 中; 通过 before a noun and then a verb is "by means of"."""
    nxt = _text(after[0]) if after else ""
    if word == "进行":
        if nxt in ("中", "着") or (before and _text(before[0]) in ("正在", "在")):
            return _rule(senses, r"^in progress$", "进行 after 正在 or before 中: in progress")
        if after and nxt not in _AFTER_VERB:
            return _rule(senses, r"^to carry out$", "进行 before what is done: to carry out")
    if word == "通过" and len(after) >= 2 and _tag_of(tag, after[0]).startswith(_NOMINAL + ("nr", "nz")) and any(
            _tag_of(tag, t).startswith(_VERBAL) for t in after[1:]):
        return _rule(senses, r"by means of", "通过 before a noun and a verb: by means of")
    return None


def adverb_sense(quoted: str, matched: int, senses: tuple[str, ...]) -> tuple[int, str] | None:
    """(the word's adverb sense, rule) when the English word that matched sense `matched`
    is an adverb that matched an adjective by its stem only ("completely burned": 完全
    "totally; entirely", not "complete; whole"; "nearly a third": 近 "approximately");
    else None."""
    adverb = quoted.lower()
    if not adverb.endswith("ly") or len(adverb) < 6 or not adverb.isalpha():
        return None
    own = set(_sense_words(senses[matched]))
    if adverb in own or not {adverb[:-2], adverb[:-3] + "y", adverb[:-1] + "e"} & own:
        return None
    k = next((i for i, s in enumerate(senses) if i != matched and any(
        w.endswith("ly") and len(w) >= 6 for w in _sense_words(s))), None)
    return (k, f'"{quoted}" in the English is an adverb: the adverb sense') if k is not None else None


def _sense_words(sense: str) -> list[str]:
    return re.findall(r"[a-z]+", sense.lower())


# A verb sense that names the things it is done to: "to make (a choice, decision, response
# etc)", "to launch (an operation)". Its object in the sentence decides it.
_OBJECT_LIST = re.compile(r"^(?:\([^)]*\)\s*)?to [a-z][a-z' ]*\(([^)]*)\)")
_OBJECT_ANY = re.compile(_OBJECT_LIST.pattern, re.M)
# A parenthesis that starts with one of these says something else: "(for sb)", "(with)",
# "(into the river etc)", "(lit. in one's hand and fig.)".
_NOT_A_LIST = frozenset("of for with into to in on at by from as lit fig e i let some one's sb sth".split())
_NOT_OBJECT = frozenset("etc sb sth sb's one's the a an of to and or".split())
# jieba tags of words that are no object: adverbs, conjunctions, prepositions, particles,
# pronouns, numerals, measure words, places and times.
_NOT_OBJECT_TAGS = ("d", "c", "p", "u", "r", "m", "q", "f", "t", "y", "e")


def object_sense(word: str, senses: tuple[str, ...], tokens: Sequence[Token], i: int,
                 tag: Callable[[str], str] | None) -> tuple[int, str] | None:
    """(sense, rule) for the verb sense whose parenthesis names what the word's object is
    (做出回应: 回应 "response" is one of "to make (a choice, decision, proposal, response,
    comment etc)"), when it is not the first sense already; else None. The object: a word
    of two or more characters among the next four of the clause."""
    wanted = _object_lists(senses) if len(word) > 1 else ()
    if not wanted:
        return None
    for t in _neighbours(tokens, i, 1, most=4):
        text = _text(t)
        if t.kind != WORD or len(text) < 2 or _tag_of(tag, t).startswith(_NOT_OBJECT_TAGS):
            continue
        theirs = _sense_stems(text)
        k = next((k for k, keys in wanted if not keys.isdisjoint(theirs)), None)
        if k is not None:
            return (k, f"{word} before its object {text}") if k else None
    return None


@lru_cache(maxsize=4096)
def _sense_stems(word: str) -> frozenset[str]:
    """The stems of the words of all of word's CC-CEDICT senses."""
    from vocabdeck.data import cedict

    return frozenset(stem(w) for e in cedict.lookup(word) for s in e.senses for w in _sense_words(s))


def _object_lists(senses: tuple[str, ...]) -> tuple[tuple[int, frozenset[str]], ...]:
    """(sense index, stems of the objects its parenthesis names: the last word of each item)
    of each verb sense that names them."""
    out = []
    for k, sense in enumerate(senses):
        m = _OBJECT_LIST.match(sense)
        words = _sense_words(m.group(1)) if m else []
        if not words or words[0] in _NOT_A_LIST:
            continue
        keys = set()
        for item in re.split(r",|;| or | and ", m.group(1)):
            last = [w for w in _sense_words(item) if w not in _NOT_OBJECT]
            if last and len(last[-1]) >= 3:
                keys.add(stem(last[-1]))
        if keys:
            out.append((k, frozenset(keys)))
    return tuple(out)


# A sense CC-CEDICT gives for questions: "(in an interrogative sentence) finally" (究竟),
# "(in interrogative sentences) how (much etc)" (多么), "(in a question) to be necessary to"
# (用得着), "(in a negative or interrogative sentence) to be sure" (见得).
_QUESTION_SENSE = re.compile(r"^\(in (?:an? |the )?(negative or )?(?:interrogative|question)")
# What makes a sentence a question: a question mark, a question word, a final 吗 or 呢.
_QUESTION_WORDS = frozenset(
    "什么 怎样 怎么 怎么样 哪 哪里 哪儿 哪些 谁 多少 如何 为什么 为何 何 是否 吗 呢 几 ？ ?".split())
_SENTENCE_END = frozenset("。！!；;")
_NEGATIVE = frozenset("不 没 没有 未 别 无".split())


def question_sense(word: str, senses: tuple[str, ...], tokens: Sequence[Token], i: int) -> tuple[int, str] | None:
    """(sense, rule) for the sense CC-CEDICT gives for questions, when a question word or
    mark follows in the sentence (三人究竟是怎样的关系: 究竟 "(in an interrogative sentence)
    finally", not "to go to the bottom of a matter"), or for a sense of negative or
    interrogative sentences, a negative just before; else None."""
    k = _question_index(senses)
    if not k:  # none, or the first already
        return None
    for t in tokens[i + 1:]:
        text = _text(t)
        if text in _SENTENCE_END:
            break
        if text in _QUESTION_WORDS:
            return k, f"{word} in a question"
    negative = _QUESTION_SENSE.match(senses[k]).group(1)
    if negative and any(_text(t) in _NEGATIVE for t in _neighbours(tokens, i, -1, most=2)):
        return k, f"{word} after a negative"
    return None


_ADVERB_WORD = re.compile(r"\b[a-z]{3,}ly\b")


def adverb_use(word: str, senses: tuple[str, ...], tokens: Sequence[Token], i: int,
               tag: Callable[[str], str] | None) -> tuple[int, str] | None:
    """(sense, rule) for a word jieba knows as an adverb, whose first sense is a verb (not one
    that takes a verb, as 必须 "to have to"), used before a verb, preposition or adjective:
    its first sense that is an adverb ("-ly"): 分别占 "differently" (not "to part"), 比较高
    "comparatively"; else None."""
    k = _shape(senses)[2]
    if len(word) < 2 or not k or _tag_of(tag, tokens[i]) != "d":
        return None
    after = _neighbours(tokens, i, 1, most=1)
    if not after or not _tag_of(tag, after[0]).startswith(("v", "p", "a")):
        return None
    return k, f"{word} before {_text(after[0])}: the adverb"


def _adverb_after_verb(senses: tuple[str, ...]) -> int | None:
    """The first adverb ("-ly") sense of a word whose first sense is a verb that does not
    take a verb itself (not 必须 "to have to"); None (or 0) when there is none."""
    first = senses[0]
    if first[:1] not in "t(" or not _VERB_SENSE.match(first) or first.split(";")[0].endswith(" to"):
        return None
    return next((k for k, s in enumerate(senses) if "ly" in s and not _VERB_SENSE.match(s)
                 and _ADVERB_WORD.search(s)), None)


def _question_index(senses: tuple[str, ...]) -> int | None:
    return _shape(senses)[1]


@lru_cache(maxsize=1 << 15)
def _shape(senses: tuple[str, ...]) -> tuple[tuple, int | None, int | None]:
    """What the rules of sentence_sense need from a word's senses, worked out once: the
    objects its verb senses name, its sense for questions, its adverb after a verb sense."""
    blob = "\n".join(senses)  # one scan of all the senses for what each rule needs
    objects = _object_lists(senses) if _OBJECT_ANY.search(blob) else ()
    question = next((k for k, s in enumerate(senses) if _QUESTION_SENSE.match(s)), None) if "(in " in blob else None
    return objects, question, _adverb_after_verb(senses) if "ly" in blob else None


def sentence_sense(word: str, senses: tuple[str, ...], tokens: Sequence[Token], i: int,
                   tag: Callable[[str], str] | None) -> tuple[int | None, str] | None:
    """The rules that read the Chinese sentence when its English decided nothing, in order:
    object_sense, question_sense, adverb_use (for words of two or more characters), then
    usage_sense."""
    if len(senses) < 2:
        return None  # nothing to choose between
    if len(word) < 2:
        return usage_sense(word, senses, tokens, i, tag)  # the rules below are for words
    objects, question, adverb = _shape(senses)
    return ((objects and object_sense(word, senses, tokens, i, tag))
            or (question and question_sense(word, senses, tokens, i))
            or (adverb and adverb_use(word, senses, tokens, i, tag))
            or usage_sense(word, senses, tokens, i, tag))
