"""Text to paragraphs: normalise line breaks and spaces, drop control characters, split into
paragraphs (re-joining hard-wrapped lines), tell Chinese from English, and keep page debris
(metadata labels, "Related News", "back") out."""

from __future__ import annotations

import re

from vocabdeck.zh.script import HAN, HAN_RANGES

_LATIN_RANGES = r"A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a"
LATIN = re.compile(f"[{_LATIN_RANGES}]")
# What is not Han, or not Latin: removing its runs leaves the letters to count, in a tenth of
# the calls that finding each letter takes.
_NOT_HAN = re.compile(f"[^{HAN_RANGES}]+")
_NOT_LATIN = re.compile(f"[^{_LATIN_RANGES}]+")

# Invisible characters that copying from web pages leaves behind: zero-width spaces and
# joiners, word joiner, byte order marks, soft hyphens and bidi embedding/override/isolate.
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
# Spaces other than " " that pages use (no-break, thin, ideographic ...) become plain spaces
# inside a line so that paragraph splitting and stripping treat them alike.
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")

_SENTENCE_END = tuple("。！？!?.…\"”’」』）)》")

# Page furniture of Chinese and English news sites. A line that is exactly one of these
# (optionally followed by ":" and a value) is metadata or navigation, not article text.
_LABELS_EN = (
    r"source|editor|editors|editor in chief|author|authors|writer|reporter|time|date|"
    r"published|updated|posted|release time|related news|related articles|related|"
    r"related stories|read more|more|back|top|back to top|print|share|close|email|"
    r"next|previous|prev|home|comments?|photo|photos|copyright|tags?|keywords?|"
    r"recommended|most popular|most viewed|you might also like"
)
_LABELS_ZH = (
    r"来源|来\s*源|編輯|编辑|责任编辑|責任編輯|作者|记者|記者|时间|時間|日期|发布时间|發佈時間|"
    r"发表时间|更新时间|相关新闻|相關新聞|相关阅读|相關閱讀|相关文章|推荐阅读|推薦閱讀|返回|"
    r"返回顶部|打印|分享|关闭|關閉|上一篇|下一篇|更多|标签|標籤|关键词|關鍵詞|责编|責編|"
    r"原标题|原標題|纠错|糾錯|扫一扫|掃一掃|阅读|閱讀|点击|點擊|字号|字號|【纠错】|我要纠错"
)
_LABEL_ALONE = re.compile(rf"^\s*[\[【(（]?\s*(?:{_LABELS_EN}|{_LABELS_ZH})\s*[\]】)）]?\s*[:：]?\s*$", re.I)
# "编辑：李佳瑶", "2026-03-14 09:20 来源：新华网", "【责任编辑：王小明】"
_LABEL_VALUE = re.compile(rf"^\s*(?:[\d\s/:：.\-年月日]+)?[\[【(（]?\s*(?:{_LABELS_EN}|{_LABELS_ZH})\s*[:：|｜]",
                          re.I)
_DATE_TIME = re.compile(r"^[\d\s/:：.\-年月日号時时分秒APMapm]+$")


# Terminal escape sequences (CSI "ESC [ ... letter", OSC "ESC ] ... BEL") and the other
# control characters never belong to an article, and must not reach a terminal.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def clean(text: str, keep_tabs: bool = False) -> str:
    """Normalise line endings and spaces; drop control characters. Invisible format
    characters (zero-width space, bidi marks) stay: they are part of the text, and later
    stages look through them (zh.script.INVISIBLE). Tabs become spaces unless kept (a
    TSV word list)."""
    text = _LINE_BREAKS.sub("\n", text)
    if "\x1b" in text:
        text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    if keep_tabs:
        return _ODD_SPACES.sub(lambda m: m.group() if m.group() == "\t" else " ", text)
    return _ODD_SPACES.sub(" ", text)


_ENGLISH_GLUE = re.compile(r"\b(?:the|of|and|to|in|is|are|was|were|for|on|that|with|by|as|at|from|it|this|has|have)\b",
                           re.IGNORECASE)


_CHINESE_GLUE = re.compile("[的和是在了等与及为对将从，。、；：“”（）]")


def language(par: str) -> str:
    """'zh', 'en' or '' (neither: numbers, punctuation, dates)."""
    han = len(_NOT_HAN.sub("", par))
    latin = len(_NOT_LATIN.sub("", par))
    # One Chinese character carries about as much as three English letters (the seed
    # article has 2.9 English characters per Chinese one), so a Chinese paragraph with
    # a few Latin names in it is still Chinese.
    if han and han * 3 >= latin:
        return "zh"
    # A Chinese line made mostly of Latin script (registry numbers, trial and drug names,
    # URLs) is still Chinese when Chinese grammar holds it together and no English does.
    if han >= 2 and len(_ENGLISH_GLUE.findall(par)) < 2 and _CHINESE_GLUE.search(par):
        return "zh"
    if latin >= 2:
        return "en"
    return ""


def _joins(prev: str, nxt: str) -> bool:
    """True when a line break between two lines of one block is hard wrapping, not a
    paragraph break: the first line is long and stops mid-sentence."""
    if len(prev) < 30 or prev.endswith(_SENTENCE_END) or not nxt:
        return False
    first = nxt[0]
    return first.islower() or bool(HAN.match(first)) or first in "，,、；;（(“\"'‘"


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs: blank lines separate blocks, and inside a block each line
    is a paragraph unless the lines are hard-wrapped pieces of one."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.split("\n")]
        lines = [re.sub(r" {2,}", " ", ln) for ln in lines if ln]
        cur: list[str] = []  # pieces of the paragraph being built (joined once: no quadratic +=)
        for ln in lines:
            if cur and _joins(cur[-1], ln):
                prev = cur[-1][-1]
                cur.append(ln if HAN.match(prev) or HAN.match(ln[0]) or prev in "，、；：" else " " + ln)
            else:
                if cur:
                    out.append("".join(cur))
                cur = [ln]
        if cur:
            out.append("".join(cur))
    return out


def without_debris(pars: list[str]) -> list[str]:
    """Drop page metadata ("Source" then its value on the next line, "编辑：李佳瑶"), bare
    dates and times, and navigation ("Related News", "back", "返回")."""
    out = []
    skip_value = False
    for p in pars:
        if _LABEL_ALONE.match(p):
            skip_value = True  # the next short line is this label's value
            continue
        if skip_value and len(p) <= 60 and not p.endswith(("。", "！", "？")):
            skip_value = False
            continue
        skip_value = False
        if _LABEL_VALUE.match(p) and len(p) <= 120:  # "Time Source: ... Author: ... Editor: ..."
            continue
        if _DATE_TIME.match(p):
            continue
        out.append(p)
    return out




# Words that only a web page's furniture uses (log-in bars, share buttons, footers, comment
# sections). A text with two of them is a page copied from a browser, chrome and all.
_CHROME = re.compile(r"登录|登錄|注册|註冊|首页|首頁|客户端|客戶端|版权所有|版權所有|ICP备|ICP證|举报|舉報|分享到|"
                     r"网站地图|網站地圖|联系我们|聯繫我們|关于我们|關於我們|相关新闻|相關新聞|热门评论|熱門評論|"
                     r"扫码|掃碼|点击领取|优惠券|廣告|广告|Copyright|All Rights Reserved", re.I)
# A sentence end, then at most a short note ("（根据路透社报道）", "（完）").
_ARTICLE_END = re.compile(r"[。！？!?.][”」』）)\"]?(?:[（(][^（()）]{1,15}[）)])?$")


def _article_like(p: str) -> bool:
    """A paragraph of running text: long, ending a sentence, with no chrome word."""
    return len(p) >= 25 and bool(_ARTICLE_END.search(p)) and not _CHROME.search(p)


def _chrome_line(p: str) -> bool:
    """A short line with a chrome word that does not end a sentence: a menu, a button, a
    footer, a related link. A sentence that mentions 广告 is text, however short."""
    return len(p) <= 40 and bool(_CHROME.search(p)) and not _ARTICLE_END.search(p)


def _a_sentence(p: str) -> bool:
    """A line that ends a sentence: never cut as chrome, however short (a book or a list
    of sentences has many)."""
    return bool(_ARTICLE_END.search(p))


def without_chrome(pars: list[str]) -> list[str]:
    """A page copied from a browser: keep the run from the first to the last paragraph of
    running text (with the headline just before it), less chrome lines inside it. Outside
    that run only lines that end a sentence stay. Text with fewer than two short chrome
    lines is returned unchanged: a long text that merely mentions 广告 or 首页 in its
    sentences is not a web page."""
    if sum(map(_chrome_line, pars)) < 2:
        return pars
    body = [i for i, p in enumerate(pars) if _article_like(p)]
    if not body:
        return pars
    first, last = body[0], body[-1]
    if first > 0 and len(pars[first - 1]) <= 40 and not _CHROME.search(pars[first - 1]) \
            and not pars[first - 1].endswith(("。", "！", "？", "；", ".")):
        first -= 1  # the headline
    return ([p for p in pars[:first] if _a_sentence(p)]
            + [p for p in pars[first:last + 1] if not _chrome_line(p)]
            + [p for p in pars[last + 1:] if _a_sentence(p)])
