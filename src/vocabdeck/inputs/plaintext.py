"""Read an article from disk: decode it, clean it, split it into paragraphs, tell Chinese
from English, and keep page debris (metadata labels, "Related News", "back") out.

Three layouts:
  * a bilingual page copied from the web (headline in both languages, metadata, then
    English and Chinese paragraphs alternating) -> Text(paired=True), en[i] translates zh[i];
  * a Chinese file alone                       -> Text(en=());
  * a Chinese file plus an English file        -> read_pair(), Text(paired=False).
"""

from __future__ import annotations

import codecs
import math
import re
from pathlib import Path

from vocabdeck.errors import UsageError, VocabdeckError
from vocabdeck.model import Text
from vocabdeck.zh.script import HAN, en_per_zh

LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]")

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
_LABEL_VALUE = re.compile(rf"^\s*(?:{_LABELS_EN}|{_LABELS_ZH})\s*[:：|｜]", re.I)
_DATE_TIME = re.compile(r"^[\d\s/:：.\-年月日号時时分秒APMapm]+$")


# ------------------------------------------------------------------------- decoding
def _fail(path: Path, what: str) -> VocabdeckError:
    return VocabdeckError(f"{path}: {what}")


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise _fail(path, "is a directory; give the article's text file")
        return path.read_bytes()
    except FileNotFoundError:
        raise _fail(path, "no such file; check the path") from None
    except PermissionError:
        raise _fail(path, "permission denied; make the file readable or copy it elsewhere") from None
    except IsADirectoryError:
        raise _fail(path, "is a directory; give the article's text file") from None
    except OSError as e:
        raise _fail(path, f"cannot be read ({e.strerror or e}); check the path") from None


_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"BM",
                 b"RIFF", b"\x7fELF", b"II*\x00", b"MM\x00*", b"7z\xbc\xaf", b"Rar!", b"\xd0\xcf\x11\xe0")
def _plausibility(text: str) -> float:
    """How much a decoding looks like Chinese: the share of its Han characters that are
    everyday ones (GB2312 level 1 or Big5's frequent block), less twice the share of kana,
    Greek, Cyrillic, box drawing and private-use characters, which a wrong legacy decoding
    of Chinese produces (Big5 bytes read as GBK land in GBK's kana and Greek rows).
    1.0 for real text, about 0 or below for a wrong guess, even on a two-word file."""
    good = bad = han = 0
    for c in text[:20000]:
        o = ord(c)
        if 0x3040 <= o <= 0x30FF or 0x370 <= o <= 0x4FF or 0x2500 <= o <= 0x257F or 0xE000 <= o <= 0xF8FF:
            bad += 1
        elif 0x4E00 <= o <= 0x9FFF:
            han += 1
            good += _everyday(c)
    return (good - 2 * bad) / max(1, han + bad)


def _everyday(c: str) -> bool:
    try:
        if 0xB0 <= c.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA4 <= c.encode("big5")[0] <= 0xC6
    except UnicodeEncodeError:
        return False


def decode(data: bytes, path: Path, encoding: str | None = None) -> str:
    """Decode a file's bytes. An explicit encoding is used as given; otherwise a BOM decides,
    then strict UTF-8, then charset-normalizer, cross-checked on how Chinese the result looks."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(f"--encoding {encoding}: unknown encoding; try utf-8, gb18030 or big5") from None
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as e:
            raise VocabdeckError(f"{path}: cannot be decoded as --encoding {encoding} (byte {e.start}); "
                                 "try another --encoding, or leave it out to detect it") from None
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        try:
            return data.decode("utf-32")
        except UnicodeDecodeError:
            pass
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few damaged bytes (a truncated copy, one stray byte) is still UTF-8.
    # A short GB18030 text can pass for that too ("面。" is one bad byte, then 档 in
    # UTF-8), so the damage must also be rare among the decoded characters.
    lenient = data.decode("utf-8", errors="replace")
    damaged = lenient.count("\ufffd")
    if damaged <= max(2, len(data) // 2000) and damaged * 10 <= len(lenient) and HAN.search(lenient[:100000]):
        return lenient
    undetectable = VocabdeckError(f"{path}: cannot tell the text encoding (binary file?); "
                                  "if it is text, name it with --encoding (e.g. gb18030 or big5)")
    if data.startswith(_BINARY_MAGIC):
        raise undetectable
    if b"\x00" in data[:4096]:
        # UTF-16 without a byte order mark (its ASCII characters carry a zero byte), or binary.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausibility(text) > 0.5:
                return text
        raise undetectable
    # Candidates: the usual Chinese legacy encodings, decoded strictly, plus whatever
    # charset-normalizer prefers; the decoding with most common Chinese characters wins.
    candidates: dict[str, str] = {}
    for enc in ("gb18030", "big5hkscs"):
        try:
            candidates[enc] = data.decode(enc)
        except UnicodeDecodeError:
            pass
    if not candidates:
        from charset_normalizer import from_bytes  # only needed for unusual encodings

        best = from_bytes(data[:200000]).best()
        if best is not None and best.encoding:
            try:
                candidates[best.encoding] = data.decode(best.encoding)
            except (UnicodeDecodeError, LookupError):
                pass
    scored = sorted(((_plausibility(t), enc) for enc, t in candidates.items()), reverse=True)
    if not scored or (scored[0][0] < 0.05 and not _looks_textual(candidates[scored[0][1]])):
        raise undetectable
    return candidates[scored[0][1]]


def _looks_textual(text: str) -> bool:
    sample = text[:5000]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t") or 0xE000 <= ord(c) <= 0xF8FF)
    return bad < len(sample) * 0.01


# Terminal escape sequences (CSI "ESC [ ... letter", OSC "ESC ] ... BEL") and the other
# control characters never belong to an article, and must not reach a terminal.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Normalise line endings and spaces; drop control characters. Invisible format
    characters (zero-width space, bidi marks) stay: they are part of the text, and later
    stages look through them (zh.script.INVISIBLE)."""
    text = _LINE_BREAKS.sub("\n", text)
    if "\x1b" in text:
        text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    return _ODD_SPACES.sub(" ", text)


# ------------------------------------------------------------------------- paragraphs
_ENGLISH_GLUE = re.compile(r"\b(?:the|of|and|to|in|is|are|was|were|for|on|that|with|by|as|at|from|it|this|has|have)\b",
                           re.IGNORECASE)


_CHINESE_GLUE = re.compile("[的和是在了等与及为对将从，。、；：“”（）]")


def language(par: str) -> str:
    """'zh', 'en' or '' (neither: numbers, punctuation, dates)."""
    han = len(HAN.findall(par))
    latin = len(LATIN.findall(par))
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


def _without_debris(pars: list[str]) -> list[str]:
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
        if _LABEL_VALUE.match(p) and len(p) <= 80:
            continue
        if _DATE_TIME.match(p):
            continue
        out.append(p)
    return out


# ------------------------------------------------------------------------- pairing
def _pair_cost(zh: str, en: str, ratio: float) -> float:
    """How unlike a translation pair two adjacent paragraphs are, from their lengths."""
    lz = max(1, len(zh))
    le = max(1, len(en))
    return abs(math.log(le / (lz * ratio)))


def _pair_blocks(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pair adjacent Chinese and English paragraphs of a bilingual page.

    A small dynamic programme over the page: each step takes a paragraph alone (a Chinese
    one with no English, or an English one that is dropped) or an adjacent zh/en pair.
    The page's usual order (English first or Chinese first) is found by running it both
    ways and keeping the cheaper; the other order is allowed at a small extra cost.
    """
    zh_len = sum(len(t) for lang, t in items if lang == "zh")
    en_len = sum(len(t) for lang, t in items if lang == "en")
    ratio = en_per_zh(en_len, zh_len)
    alone = {"zh": 1.6, "en": 1.2}  # a pair whose lengths differ by a factor of e^1.4 is still a pair
    best = None
    for first in ("en", "zh"):
        n = len(items)
        cost = [math.inf] * (n + 1)
        back: list[tuple[int, bool]] = [(0, False)] * (n + 1)
        cost[0] = 0.0
        for i in range(n):
            if cost[i] == math.inf:
                continue
            lang, _ = items[i]
            c = cost[i] + alone[lang]
            if c < cost[i + 1]:
                cost[i + 1], back[i + 1] = c, (i, False)
            if i + 1 < n and items[i + 1][0] != lang:
                zh = items[i][1] if lang == "zh" else items[i + 1][1]
                en = items[i + 1][1] if lang == "zh" else items[i][1]
                c = cost[i] + _pair_cost(zh, en, ratio) + (0.0 if lang == first else 0.5)
                if c < cost[i + 2]:
                    cost[i + 2], back[i + 2] = c, (i, True)
        if best is None or cost[n] < best[0]:
            best = (cost[n], back)
    assert best is not None
    back = best[1]
    out: list[tuple[str, str]] = []
    j = len(items)
    while j > 0:
        i, paired = back[j]
        if paired:
            a, b = items[i], items[i + 1]
            out.append((a[1], b[1]) if a[0] == "zh" else (b[1], a[1]))
        elif items[i][0] == "zh":
            out.append((items[i][1], ""))
        j = i
    out.reverse()
    return out


def _title(zh: list[str], path: Path) -> str:
    if zh:
        first = zh[0].strip()
        if len(first) <= 40 and not first.endswith(("。", "！", "？", "；", ".", "!", "?")):
            return first
    return _stem(path)


def _stem(path: Path) -> str:
    """"library-night.zh.txt" -> "library-night"; never empty (".txt" -> "txt")."""
    name = path.name
    base = re.sub(r"(\.(txt|text|md|markdown|html?|zh|cn|chs|cht|en|utf-?8|gbk|gb18030|big5))+$", "", name, flags=re.I)
    return base.strip(" .") or name.strip(" .") or "article"


def _load(path: Path, encoding: str | None) -> str:
    data = _read_bytes(path)
    if not data.strip():
        raise _fail(path, "is empty; give a file with the article's text")
    return decode(data, path, encoding)


def _cleaned(text: str, path: Path) -> str:
    text = clean(text)
    if not text.strip():
        raise _fail(path, "is empty; give a file with the article's text")
    return text


def read_text(path: Path, encoding: str | None = None) -> Text:
    """Read a bilingual page or a Chinese-only file.

    Paragraphs are classified as Chinese or English; if the file has English paragraphs
    next to Chinese ones they are paired (Text.paired, en[i] "" when zh[i] has no English).
    English paragraphs without a Chinese partner, metadata and navigation are dropped.
    """
    path = Path(path)
    return text_from(_load(path, encoding), path)


def text_from(text: str, path: Path) -> Text:
    """read_text of text already decoded; `path` names it in messages and gives its title."""
    pars = _without_debris(paragraphs(_cleaned(text, path)))
    items = [(lang, p) for p in pars if (lang := language(p))]
    zh = [p for lang, p in items if lang == "zh"]
    if not zh:
        raise _fail(path, "no Chinese text found, so nothing to learn; give the Chinese article "
                    "(with --english for a separate translation), or its --encoding")
    if not any(lang == "en" for lang, _ in items):
        return Text(source=str(path), title=_title(zh, path), zh=tuple(zh))
    pairs = _pair_blocks(items)
    zh = [z for z, _ in pairs]
    if not any(e for _, e in pairs):
        return Text(source=str(path), title=_title(zh, path), zh=tuple(zh))
    return Text(source=str(path), title=_title(zh, path), zh=tuple(zh),
                en=tuple(e for _, e in pairs), paired=True)


def read_pair(zh_path: Path, en_path: Path, encoding: str | None = None) -> Text:
    """Read a Chinese file and its English translation (paragraphs paired later by the aligner).

    `encoding` applies to both files."""
    zh_path, en_path = Path(zh_path), Path(en_path)
    return pair_from(_load(zh_path, encoding), zh_path, lambda: _load(en_path, encoding), en_path)


def pair_from(zh_text: str, zh_path: Path, en_text, en_path: Path) -> Text:
    """read_pair of texts already decoded (`en_text` a str, or a function giving it, so a
    file without Chinese fails before its translation is read)."""
    zh_pars = _without_debris(paragraphs(_cleaned(zh_text, zh_path)))
    zh = [p for p in zh_pars if language(p) == "zh"]
    if not zh:
        raise _fail(zh_path, "no Chinese text found, so nothing to learn; give the Chinese article "
                    "first and the English with --english, or its --encoding")
    en_pars = _without_debris(paragraphs(_cleaned(en_text if isinstance(en_text, str) else en_text(), en_path)))
    en = [p for p in en_pars if language(p) == "en"]
    if not en:
        raise _fail(en_path, "no English text found; give the English translation with --english, "
                    "or leave --english out")
    return Text(source=str(zh_path), title=_title(zh, zh_path), zh=tuple(zh), en=tuple(en), paired=False)
