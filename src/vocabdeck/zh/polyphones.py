"""Context rules for polyphones: where a token's neighbours decide its reading, whatever
g2pM's choice.

    reading_by_context(["工具", "啥", "的", "还", "都", "没", "收拾", "呢"], 3) -> "hai2"

g2pM reads a character from the characters around it, not from the words: it reads
还都没收拾 as huán dōu mò (it sees 没收 "to confiscate"), the verb 种 "to plant" in
黑土地"种"出 as the noun zhǒng, and 捏了一把汗 with the 汗 of 可汗. Each rule below names a
neighbouring word (or its jieba part of speech) that leaves one reading only:
还 before an adverb or 是/在/有 is hái, ending a clause huán; 没 before a verb is méi; 应 before a verb or an
adverb is yīng; 种 before a verb complement (出, 下, 了...) is zhòng; 汗 after a measure word
or a verb is hàn; 地 between an adverbial and a verb is the particle de; 得 between a verb
and an adverb or adjective is de. A character is ruled only as a token of its own: in a
longer token its word decides (readings.py).

A few words have CC-CEDICT readings that differ only by a neutral tone, one per sense
(东西 dōngxi "thing" and dōngxī "east and west"): g2pM, trained on full tones, cannot
tell them apart, so their neighbours choose (东西两侧, 地方政府, 站出来).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Tokens looked through when finding a neighbour: quotation marks around a word
# (黑土地"种"出) and spaces.
_TRANSPARENT = frozenset("“”‘’\"'「」『』 \u3000\u200b")

_PRONOUNS = frozenset("你 我 他 她 它 您 你们 我们 他们 她们 咱们".split())
# Adverbs of degree: the word after them is an adjective (很重, 很长).
_DEGREE = frozenset("很 太 非常 更 最 较 比较 十分 特别 挺 这么 那么 越来越 相当 极 极其 过于".split())
# Complements and aspect particles that only follow a verb (种出, 糊满, 种了).
_AFTER_VERB = frozenset("出 下 上 了 着 过 到 好 成 满 住 出来 下去 起来 上去".split())
# Demonstratives and numerals before a measure word (几种, 这种 cut apart).
_BEFORE_MEASURE = frozenset("这 那 哪 几 多 各 某 每 此 该 一 二 两 三 四 五 六 七 八 九 十 百 千 万 数 若干".split())


# jieba's part-of-speech tags, by kind (its dictionary tags each word once).
VERB = frozenset("v vd vn vi".split())
ADVERB = frozenset("d".split())
ADJECTIVE = frozenset("a ad".split())
PRONOUN = frozenset("r".split())
NOUN = frozenset("n nr ns nt nz".split())
NUMERAL = frozenset("m".split())
MEASURE = frozenset("q".split())
_WORD_BEFORE_PARTICLE = (VERB, ADJECTIVE, NOUN, PRONOUN, ADVERB)
# The edge of a clause: nothing, or punctuation, on that side.
EDGE = frozenset(["", *"，。；：！？、（）《》—…,.;:!?()"])


@dataclass(frozen=True, slots=True)
class Side:
    """The neighbour on one side ("prev" or "next") is one of `words` or has one of `tags`."""

    side: str
    words: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    ends: str = ""  # or ends in one of these characters
    tagged_from: int = 1  # tags count for words of at least this many characters
    negated: bool = False  # the neighbour is none of these


@dataclass(frozen=True, slots=True)
class Rule:
    """`reading` when every one of `sides` holds."""

    reading: str
    sides: tuple[Side, ...]


def _side(side: str, words: str | frozenset[str] = "", *tags: frozenset[str], ends: str = "",
          tagged_from: int = 1, negated: bool = False) -> Side:
    if isinstance(words, str):
        words = frozenset(words.split())
    return Side(side, words, frozenset().union(*tags), ends, tagged_from, negated)


def _rule(reading: str, *sides: Side) -> Rule:
    return Rule(reading, sides)


# The rules of each character, tried in order; the first that holds decides.
RULES: dict[str, tuple[Rule, ...]] = {
    # hái "still, also" before an adverb, a modal or 是/在/有; huán "to give back" before
    # the person given to (还你钱).
    "还": (
        _rule("hai2", _side("next", "都 没 没有 不 是 在 有 要 会 能 可以 得 很 更 未 已 已经 只 才 再 也 "
                        "挺 算 真 不是 不能 不会 需要 应该 可能 想 让 把 被 比 没能", ADVERB)),
        _rule("huan2", _side("next", _PRONOUNS | {"给", "钱", "债", "清", "了"})),
        # huán ending a clause (借的书要还。): hái always goes on.
        _rule("huan2", _side("next", EDGE - {"《", "（", "("})),
    ),
    # méi "not (yet)" before a verb, an adjective or an adverb.
    "没": (_rule("mei2", _side("next", "有 什么 人 事 用 办法 钱 错 关系 了", VERB, ADJECTIVE, ADVERB)),),
    # yìng "to answer, to comply with" in 应邀, 应声 cut apart; else yīng "should" before a
    # verb or an adverb.
    "应": (
        _rule("ying4", _side("next", "邀 聘 约 征 召 声 战 试 考 急 运 变 酬 答 付 用 届")),
        _rule("ying1", _side("next", "该 当 由 在 予 以 是 有 按 按照 根据 把 将 对 与 从 向 被 给 不 能 可 主动",
                             VERB, ADVERB, ADJECTIVE)),
    ),
    # zhǒng "kind" after a numeral or a demonstrative (几种树); zhòng "to plant" before a
    # verb's complement or aspect particle (种出, 种了).
    "种": (
        _rule("zhong3", _side("prev", _BEFORE_MEASURE, NUMERAL)),
        _rule("zhong4", _side("next", _AFTER_VERB | {"在", "植", "地", "树", "菜", "花", "粮", "庄稼", "粮食"})),
    ),
    # shě "to give up" opening a clause or after an adverb, before what is given up
    # (舍小家为大家, 不舍我); shè "house" ends nouns (校舍, 馆舍 cut apart).
    "舍": (_rule("she3", _side("prev", EDGE | {"不", "难", "肯", "愿", "要", "能", "得"}),
                 _side("next", "小 我 身 命 生 己 近 本 此 其 你 他 她 掉 去 弃 下")),),
    # hàn "sweat" after a measure word, a verb or an adjective (一把汗, 出汗, 满头大汗);
    # hán only in 可汗 and khans' names.
    "汗": (_rule("han4", _side("prev", "把 出 流 冒 淌 身 满 大 冷 虚 热 捏 一身 满头 满身 一头 手心 额头 的 了",
                               MEASURE, NUMERAL, VERB, ADJECTIVE)),),
    # zhòng "heavy" after an adverb of degree (很重); cháng "long" likewise (很长); zhǎng
    # "to grow" before 得 (长得很快).
    "重": (_rule("zhong4", _side("prev", _DEGREE)),),
    # cháng doubled (长长一块布); zhǎng "head of" after an institution (馆长, 处长 cut
    # apart: 图书馆馆|长), unless a length follows (路段长767米).
    "长": (_rule("chang2", _side("prev", "长")), _rule("chang2", _side("next", "长")),
          _rule("zhang3", _side("next", "得")), _rule("chang2", _side("prev", _DEGREE)),
          _rule("zhang3", _side("prev", ends="馆局校院所厅部处科组班队团社站室市县省镇乡村区师营舰船机厂店军旅堂"),
                _side("next", "约 达 为 度", NUMERAL, negated=True))),
    # wèi "for" before the person something is done for (为他们捏了一把汗, 为你); before a
    # noun 为 is as often wéi "as" (被承认为国家非物质文化遗产, 当选为国家音乐协会).
    # It is wèi too opening a clause before a verb of two characters or more ("in order
    # to": 为应对, 为确保, 为避免; a single character is often a piece of an unknown name,
    # and after a bracket the clause has a subject: （学名：）为酢浆草科), and after a modal
    # or an adverb of manner (正在为, 会为, 主动为; not 可以为, 能为: "can be" as often).
    # Before a noun it is wèi when a verb of doing for follows in the clause (_for_someone).
    "为": (_rule("wei4", _side("next", "你 我 他 她 您 你们 我们 他们 她们 咱们 大家")),
          _rule("wei4", _side("prev", EDGE - {"）", ")", "》"}),
                _side("next", "有 是", negated=True),
                _side("next", "", VERB, tagged_from=2)),
          _rule("wei4", _side("prev", "正在 在 要 会 来 愿意 专门 特意 主动 积极 努力 继续 共同"))),
    # hú "to paste, to smear" before a verb's complement (糊满泥巴).
    "糊": (_rule("hu2", _side("next", _AFTER_VERB | {"在"})),),
    # dōu "all" before an adverb or 是/有/在 (都分别, 都是); dū "capital" is a noun.
    "都": (_rule("dou1", _side("next", "是 有 在 没 没有 不 会 要 能 已 已经 很", ADVERB)),),
    # jìn "all, completely" before a verb (尽交, 尽得其真); jǐn lives in words (尽快, 尽管).
    # It is jìn too as the complement of a verb (拼尽全力, 用尽).
    "尽": (_rule("jin4", _side("next", "得", VERB)), _rule("jin4", _side("prev", "", VERB))),
    # shǎo "few, little" after an adverb (绝少); shào "young" lives in words and titles
    # (少年, 少将, 太子少保).
    # It is shǎo "less" too before a verb opening a clause or after a pronoun, an adverb or
    # a modal (，少穿化纤; 要少走弯路), not in a title after a noun (太子少保, 秘书少监).
    "少": (_rule("shao3", _side("prev", _DEGREE, ADVERB)),
          _rule("shao3", _side("prev", EDGE | {"要", "应", "应该", "请", "可以", "多"}, PRONOUN, ADVERB),
                _side("next", "", VERB))),
    # dàn "bomb, bullet" as the object of 拆/排/投 (拆弹专家); tán "to pluck, to play" is
    # the verb after a modal (会弹钢琴).
    "弹": (_rule("dan4", _side("prev", "拆 排 投 扔 发射 装 埋 引爆 携带 中")),
          _rule("tan2", _side("prev", "会 能 在 正在 喜欢 学 爱 边"))),
    # cáng "to hide, to store" after 所/被 or before a verb's complement (所藏, 藏在);
    # zàng "Tibet, scriptures" is a noun.
    "藏": (_rule("cang2", _side("prev", "所 被 躲 隐 收 珍 私 窝 埋 暗")),
           _rule("cang2", _side("next", _AFTER_VERB | {"在", "于", "匿", "有"}))),
    # The verbs pū "to spread", sǎ "to sprinkle", nòng "to do, to make", dìng "to nail"
    # before a complement (铺上, 撒在, 弄干, 弄不大); pù "shop", sā, lòng "lane" are not
    # followed by one.
    "铺": (_rule("pu1", _side("next", _AFTER_VERB | {"在", "开", "设"})),),
    "撒": (_rule("sa3", _side("next", _AFTER_VERB | {"在", "入"})),),
    "弄": (_rule("nong4", _side("next", _AFTER_VERB | {"不", "干", "得", "清", "坏", "脏", "丢", "明白",
                                                       "清楚", "湿", "乱", "死", "伤", "回", "来", "去"})),),
    # yùn "halo" after a noun or 的 (黑洞的晕), unless a verb's complement follows (病人晕了).
    "晕": (_rule("yun4", _side("prev", "的", NOUN),
                 _side("next", _AFTER_VERB | {"倒", "过去", "死", "厥", "车", "船"}, negated=True)),),
    # Sentence-final particles after a verb, an adjective, a noun or 了, before the end of
    # a clause: o, li, lo (做哩！, 签名哦。; not 20哩 "miles", not an interjection 哦！).
    "哦": (_rule("o5", _side("prev", "了 呢 的 不", *_WORD_BEFORE_PARTICLE), _side("next", EDGE)),),
    "哩": (_rule("li5", _side("prev", "了 呢 的 不", *_WORD_BEFORE_PARTICLE), _side("next", EDGE)),),
    "咯": (_rule("lo5", _side("prev", "了 呢 的 不", *_WORD_BEFORE_PARTICLE), _side("next", EDGE)),),
    # gèng "more" before a verb, an adjective or an adverb (更像是, 更重要); gēng "to change"
    # before what makes 更改, 更换, 更新, 更名 cut apart, and "watch of the night" after a
    # numeral (五更).
    "更": (_rule("geng4", _side("prev", "", NUMERAL, negated=True),
                 _side("next", "改 改为 改成 换 换为 换成 正 新 替 名 名为 衣 迭 生 动 动为", negated=True),
                 _side("next", "像 是 加 多 好 大 高 为 有 不 没有 要 能 会", VERB, ADJECTIVE, ADVERB)),),
    # chù "office, place" ending a noun phrase, before an adverb or 的 (管理处已安排);
    # chǔ "to deal with, to be in" takes an object.
    "处": (_rule("chu4", _side("next", "的", ADVERB)),),
    # Xià, Xiamen, after another city's abbreviation or a verb of going (沪厦两家, 来厦);
    # shà "tall building" lives in words (大厦).
    "厦": (_rule("xia4", _side("prev", "沪 京 津 穗 深 闽 漳 泉 福 来 在 赴 到 回 返 抵 离 与 和")),
           _rule("xia4", _side("next", "大 门 航"))),
    # jiàng "general" ending a clause (参将，; 裨将。): jiāng "will, to take" is never last
    # (before an opening bracket it is: 将《大清律》...).
    "将": (_rule("jiang4", _side("next", EDGE - {"《", "（", "("})),),
    # The verbs dìng "to nail", zhān "to stick", chéng "to ladle", páo "to dig" before a
    # complement or where the thing goes (钉在, 粘在墙上, 盛满, 盛米饭, 刨出); dīng "nail",
    # nián "sticky", shèng "abundant", bào "plane" are not followed by one.
    "钉": (_rule("ding4", _side("next", _AFTER_VERB | {"在", "入", "进", "死", "牢"})),),
    "粘": (_rule("zhan1", _side("next", "在 上 住 满 到 了 贴 附")),),  # not 粘着 "adhesion"
    "盛": (_rule("cheng2", _side("next", _AFTER_VERB | {"在", "入", "放", "饭", "米饭", "汤"})),),
    "刨": (_rule("pao2", _side("next", _AFTER_VERB | {"在", "地", "坑", "土"})),),
    # hǒng "to coax" takes a person (哄他入睡, 哄孩子); hòng "uproar" does not.
    "哄": (_rule("hong3", _side("next", _PRONOUNS | {"孩子", "小孩", "宝宝", "人", "大家"})),),
    # hè "to shout" before 一声 or 道 (大喝一声, 喝道); hē "to drink" takes a drink.
    "喝": (_rule("he4", _side("next", "一声 道 令 止 住")),),
    # āi "next to" after 紧/相 (紧挨岩壁); ái "to suffer" takes what is suffered (挨打).
    "挨": (_rule("ai1", _side("prev", "紧 相 紧紧")),),
    # -bian, the suffix of a direction, after one cut from it (西南边的一座).
    "边": (_rule("bian5", _side("prev", "东南 西南 东北 西北"), _side("next", "", VERB, negated=True)),),
    # chōng "branch of a river", CC-CEDICT's reading "used in place names" (Guangdong),
    # before the river, its banks or a village named after it (凤安涌两岸, 鸭涌河, 官涌村);
    # yǒng "to gush" goes on with where to (涌向, 涌入, 涌上心头).
    "涌": (_rule("chong1", _side("next", "河 村 镇 乡 口 两岸 边 尾 头 桥 大桥")),),
    # zhī, the measure word, after a demonstrative before what is counted (这只猫, 每只羊; a
    # number and 只 are one token, read in readings.py); zhǐ "only" goes on with a verb or
    # an adverb (他只吃了, 这只会), and follows other words tagged numerals (一年只哺育).
    "只": (_rule("zhi1", _side("prev", _BEFORE_MEASURE),
                 _side("next", EDGE | {"是", "有", "要", "会", "能", "在", "好", "得", "不", "为", "对", "把"},
                       VERB, ADVERB, PRONOUN, frozenset({"p", "c"}), negated=True)),),
    # shǔ "to count" before a verb's complement or aspect particle (数了数钱, 数到, 数清);
    # shù "number" is a noun (代数数不全是代数: not before 不).
    "数": (_rule("shu3", _side("next", _AFTER_VERB | {"清", "一数"})),),
    # jiào "a sleep" after 一 or 睡 (睡了一觉, 一觉醒来); jué "to feel" lives in words.
    "觉": (_rule("jiao4", _side("prev", "一 睡 午 个 好")),),
    # liáng "to measure" before a complement or what is measured (量一下体温, 量了血压);
    # liàng "amount" ends nouns (需求量, 工作量).
    "量": (_rule("liang2", _side("next", "一下 一量 了 好 出 体温 血压 身高 尺寸")),),  # not 量过1万
    # dāi "to stay" before 了/在/着 (在家待了三天, 待在家里); dài "to treat" lives in words.
    "待": (_rule("dai1", _side("next", "了 在 着 过 下去 多久 一会儿")),),
    # Words with two readings g2pM does tell apart but reads one way whatever the sense:
    # 正当 zhèngdàng "legitimate" as an adjective, after 的/是 or before 和/的 or a noun it
    # qualifies (正当和必要的, 正当程序); zhèngdāng "just when" opens a clause (正当他...时).
    "正当": (_rule("zheng4 dang4", _side("prev", "的 是 合法 非 不 很 完全 并不 并非")),
             _rule("zheng4 dang4", _side("next", EDGE | {"和", "的", "且", "性", "权益", "理由", "防卫", "手段",
                                                        "途径", "利益", "程序", "权利", "竞争", "行为", "要求"}))),
    # 下调 xiàtiáo "to lower" before the level it is lowered to (下调至Ⅱ级); xiàdiào "to
    # transfer to a lower unit" takes a person.
    "下调": (_rule("xia4 tiao2", _side("next", "至 到 为 了 幅度 后")),),
    # 孙子 sūnzi "grandson" after 的, a pronoun or a conjunction (诸葛瑾的孙子): g2pM, taught
    # CPP's full tones, reads every 孙子 sūnzǐ, the reading of Sun Tzu.
    "孙子": (_rule("sun1 zi5", _side("prev", "的 与 和 及 其 他 她 我 你 长 次 幼 个 一个 两个 外")),),
    # Words whose CC-CEDICT readings differ only by a neutral tone, one reading per sense:
    # g2pM hears no difference, so the neighbours choose, else learner order does.
    # chu5 lai5, the complement, after a verb (站出来, 做不出来, 传了出来).
    "出来": (_rule("chu5 lai5", _side("prev", "不 了 得", VERB)),),
    # dōngxī "east and west" before a side, a length or a direction, where no verb or
    # quantifier before makes it a thing (东西两侧, 东西长170米, 东西走向; not 收拾东西两件).
    "东西": (_rule("dong1 xi1", _side("prev", "这 那 这些 那些 什么 任何 别的 些 件 个 样", VERB, negated=True),
                   _side("next", "两 各 侧 两侧 两端 两边 两岸 厢 向 方向 走向 长 宽 长约 宽约 对称 轴 绵延 "
                                 "横贯 延伸 相距 距离 跨度 对峙 贯通 庑", NUMERAL)),),
    # dìfāng "local" before a noun it qualifies, where no determiner or 的 makes it a place
    # (地方政府, 地方志; not 这个地方, 湿润的地方).
    "地方": (_rule("di4 fang1", _side("prev", EDGE | {"和", "与", "及", "到", "各级"}),
                   _side("next", "", NOUN, frozenset({"vn", "ng"}))),),
    # dàyi "careless" after 粗心, 麻痹 or an adverb, or before 了; else dàyì "main idea".
    "大意": (_rule("da4 yi5", _side("prev", "粗心 麻痹 疏忽 一时 太 很 别 不要 千万 不可 不能 过于")),
             _rule("da4 yi5", _side("next", "了 失"))),
    # dìdào "tunnel" after a measure word or a verb of digging, or before 战/口/里;
    # else dìdao "authentic".
    "地道": (_rule("di4 dao4", _side("prev", "条 一条 这条 那条 挖 挖掘 修 修建 秘密 地下 通过")),
             _rule("di4 dao4", _side("next", "战 口 里 内 中 入口 出口"))),
}


def neighbours(tokens: Sequence[str], i: int) -> tuple[str, str]:
    """The words before and after token `i` that the rules look at ("" at an end): the only
    words whose part of speech reading_by_context asks for."""
    return _neighbour(tokens, i, -1), _neighbour(tokens, i, 1)


def _neighbour(tokens: Sequence[str], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(tokens) and (not tokens[j] or all(c in _TRANSPARENT for c in tokens[j])):
        j += step
    return tokens[j] if 0 <= j < len(tokens) else ""


def _holds(side: Side, word: str, tag_of) -> bool:
    found = (word in side.words or (bool(word) and word[-1] in side.ends)
             or (len(word) >= side.tagged_from and bool(word and side.tags) and tag_of(word) in side.tags))
    return found != side.negated


def _particle(ch: str, tokens: Sequence[str], i: int, tag_of) -> str | None:
    """地 and 得 as particles: de between a modifier and what it modifies."""
    prev, nxt = _neighbour(tokens, i, -1), _neighbour(tokens, i, 1)
    if prev in EDGE or nxt in EDGE:
        return None
    if ch == "地":
        # An adverbial before 地: a reduplication (慢慢地), a word in 性/然/般 (预见性地,
        # 突然地), or an adverb or adjective of two characters or more (a single one is
        # often the first half of a word cut apart: 易地 "to move elsewhere") followed by
        # a verb, an adverb or a preposition.
        if (len(prev) > 1 and prev[-1] == prev[-2]) or prev[-1] in "性然般":
            return "de5"
        if (len(prev) > 1 and tag_of(prev) in ADVERB | ADJECTIVE | {"z", "i", "l"}
                and tag_of(nxt) in VERB | ADVERB | {"p"}):
            return "de5"
        # A verb of two characters or more used as an adverbial, between two verbs: 相应地恢复
        # ("correspondingly resume"); a noun in 地 is one token (目的地, 用地).
        if len(prev) > 1 and tag_of(prev) in VERB and tag_of(nxt) in VERB:
            return "de5"
        return None
    # děi "must" after a pronoun or an adverb, before a verb (他得去, 还得等), or after a
    # pronoun before an adverb (你得赶快走).
    if tag_of(prev) in PRONOUN | ADVERB and tag_of(nxt) in VERB:
        return "dei3"
    if tag_of(prev) in PRONOUN and tag_of(nxt) in ADVERB:
        return "dei3"
    # 得 after a verb or an adjective, before an adverb or an adjective (死得较为突然).
    if tag_of(prev) in VERB | ADJECTIVE and (nxt in _DEGREE or nxt in ("不", "多", "好", "快", "慢")
                                            or tag_of(nxt) in ADVERB | ADJECTIVE | {"z"}):
        return "de5"
    return None


# Verbs of doing something for someone: 为 before the one it is done for and one of these,
# in the same clause, is wèi "for" (为经济发展提供了保障, 为人民服务).
_DONE_FOR = frozenset("提供 创造 作出 做出 带来 服务 打下 奠定 注入 贡献 营造 搭建 争取 谋福利 谋福祉 "
                      "保驾护航 加油 助力 点赞 送来 送去 排忧解难".split())


def _for_someone(tokens: Sequence[str], i: int, tag_of) -> bool:
    """为 after a noun, a pronoun or the start of a clause (not after a verb: 任命为, 改为
    are "as"), then whom it is done for, then a verb of _DONE_FOR before the clause ends
    (not straight after 为: 其功能为提供数据 "its function is to provide data")."""
    prev = _neighbour(tokens, i, -1)
    if prev not in EDGE and tag_of(prev) in VERB or _neighbour(tokens, i, 1) in _DONE_FOR:
        return False
    for tok in tokens[i + 1 : i + 9]:
        if tok in EDGE:
            return False
        if tok in _DONE_FOR:
            return True
    return False


RULED = frozenset(RULES) | {"地", "得"}


def reading_by_context(tokens: Sequence[str], i: int, tag_of=None) -> str | None:
    """The reading the neighbours of token `i` (one character of RULED) give it, else None.

    `tag_of(word)` gives jieba's part-of-speech tag of a word ("" if none)."""
    if tag_of is None:
        from vocabdeck.zh.jiebadict import segmenter

        tag_of = segmenter().tag_of
    ch = tokens[i]
    if ch in ("地", "得"):
        return _particle(ch, tokens, i, tag_of)
    if ch == "为" and _for_someone(tokens, i, tag_of):
        return "wei4"
    for rule in RULES.get(ch, ()):
        if all(_holds(side, _neighbour(tokens, i, -1 if side.side == "prev" else 1), tag_of)
               for side in rule.sides):
            return rule.reading
    return None
