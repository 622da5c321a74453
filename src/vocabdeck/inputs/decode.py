"""Bytes to text: a byte order mark, strict UTF-8, then the Chinese legacy encodings and
charset-normalizer, cross-checked on how Chinese the result looks. An explicit --encoding
passes the same test; Japanese text is recognised and refused with a message."""

from __future__ import annotations

import codecs
import re

from vocabdeck.errors import OptionError, VocabdeckError, option_ref
from vocabdeck.zh.script import HAN

ENC = option_ref("encoding")


def plausibility(text: str) -> float:
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


def looks_textual(text: str) -> bool:
    sample = text[:5000]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t") or 0xE000 <= ord(c) <= 0xF8FF)
    return bad < len(sample) * 0.01


_KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa\u30fc]")
# A Chinese article may quote a Japanese title or name (の, ・); Japanese prose is a third
# or more kana. 15% of the Han-and-kana characters, and at least 20 kana, separates them.
_KANA_SHARE = 0.15


def is_japanese(text: str) -> bool:
    sample = text[:50000]
    kana = len(_KANA.findall(sample))
    if kana < 20:
        return False
    return kana >= _KANA_SHARE * (kana + len(HAN.findall(sample)))


def _explicit(data: bytes, name: str, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise OptionError("encoding", encoding, "unknown encoding; try utf-8, gb18030 or big5") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise VocabdeckError(f"{name}: cannot be decoded as {ENC} {encoding} (byte {e.start}); "
                             f"try another {ENC}, or leave it out to detect it") from None
    except (LookupError, TypeError, ValueError):  # a codec that is not a text encoding (rot13, base64)
        raise OptionError("encoding", encoding, "not a text encoding; try utf-8, gb18030 or big5") from None
    if not isinstance(text, str):
        raise OptionError("encoding", encoding, "not a text encoding; try utf-8, gb18030 or big5")
    # The same plausibility test as a detected encoding: utf-16 forced on a UTF-8 file gives
    # rare Han characters and private-use ones, which would otherwise become cards.
    if HAN.search(text[:100000]) and (plausibility(text) < 0.3 or not looks_textual(text)):
        try:
            detected = decode(data, name)
        except VocabdeckError:
            detected = ""
        if detected and plausibility(detected) > plausibility(text):
            raise VocabdeckError(f"{name}: read as {ENC} {encoding} it does not look like Chinese text; "
                                 f"leave {ENC} out to detect the encoding, or give the right one")
    return text


def _unicode(data: bytes) -> str | None:
    """The text when a byte order mark names the encoding or the bytes are valid UTF-8."""
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
        return None


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode a file's bytes. An explicit encoding is used as given when the result is
    plausible; otherwise a BOM decides, then strict UTF-8, then charset-normalizer."""
    if encoding:
        return _explicit(data, name, encoding)
    unicode = _unicode(data)
    if unicode is not None:
        return unicode
    # UTF-8 with a few damaged bytes (a truncated copy, one stray byte) is still UTF-8.
    # A short GB18030 text can pass for that too ("面。" is one bad byte, then 档 in
    # UTF-8), so the damage must also be rare among the decoded characters.
    lenient = data.decode("utf-8", errors="replace")
    damaged = lenient.count("\ufffd")
    if damaged <= max(2, len(data) // 2000) and damaged * 10 <= len(lenient) and HAN.search(lenient[:100000]):
        return lenient
    undetectable = VocabdeckError(f"{name}: cannot tell the text encoding; "
                                  f"name it with {ENC} (e.g. gb18030 or big5), or save the file as UTF-8")
    if b"\x00" in data[:4096]:
        # UTF-16 without a byte order mark (its ASCII characters carry a zero byte), or binary.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if plausibility(text) > 0.5:
                return text
        raise VocabdeckError(f"{name}: not a text file (it has zero bytes and is not UTF-16); "
                             "give the article as text, a web page, an e-book, .docx, PDF or subtitles")
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
    scored = sorted(((plausibility(t), enc) for enc, t in candidates.items()), reverse=True)
    if not scored or (scored[0][0] < 0.05 and not looks_textual(candidates[scored[0][1]])):
        raise undetectable
    return candidates[scored[0][1]]


_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Pages declare the narrow standard and use its superset (GB2312 pages hold GBK characters).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs", "ascii": "utf-8",
              "us-ascii": "utf-8", "iso-8859-1": "cp1252"}


def decode_declared(data: bytes, name: str, encoding: str | None = None) -> str:
    """A web page: its declared charset (a <meta> in the first 4 KB) when it decodes cleanly,
    then detection."""
    if not encoding and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        m = _DECLARED.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii").lower()
            declared = _SUPERSETS.get(declared, declared)
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass
    return decode(data, name, encoding)
