"""PDF with a text layer: the lines of each page re-joined into paragraphs (no space
between Han characters), running headers, footers and page numbers dropped. A scanned PDF
(images, no text layer) gets a message. pypdf (BSD-3-Clause) reads the file; it is imported
only here."""

from __future__ import annotations

import io
import re
from collections import Counter

from vocabdeck.errors import VocabdeckError
from vocabdeck.inputs.layout import Draft
from vocabdeck.inputs.paragraphs import clean
from vocabdeck.zh.script import HAN

_PAGE_NUMBER = re.compile(r"^[\s\-–—·•(（\[]*(?:第\s*)?(?:page\s*)?\d{1,4}(?:\s*(?:/|of|共)\s*\d{1,4})?\s*(?:页)?"
                          r"[\s\-–—·•)）\]]*$", re.I)
_END = ("。", "！", "？", "；", "…", "”", "」", "』", ".", "!", "?", ":", "：")
_WIDE = re.compile(r"[\u3000-\u303f\uff00-\uffef\u2018-\u201f]")  # CJK and full-width punctuation


def _shape(line: str) -> str:
    """A running header or footer with its page number masked: "第3页 新闻周刊" -> "第#页 新闻周刊"."""
    return re.sub(r"\d+", "#", line.strip())


def _running(pages: list[list[str]]) -> set[str]:
    """Shapes of lines that open or close at least half of the pages (every page of two)."""
    if len(pages) < 2:
        return set()
    edges: Counter[str] = Counter()
    pages = [[ln.strip() for ln in lines] for lines in pages]
    for lines in pages:
        edges.update({_shape(ln) for ln in lines[:2] + lines[-2:]})
    return {shape for shape, n in edges.items() if n >= max(2, len(pages) / 2)}


def _glue(prev: str, nxt: str) -> str:
    """What joins two lines of one paragraph: nothing between Chinese, a space between words."""
    a, b = prev[-1], nxt[0]
    if HAN.match(a) or HAN.match(b) or _WIDE.match(a) or _WIDE.match(b):
        return ""
    if a == "-" and len(prev) > 1 and prev[-2].isalpha() and b.islower():
        return "\0"  # a hyphenated English word: drop the hyphen
    return " "


def _paragraphs(pages: list[list[str]]) -> list[str]:
    running = _running(pages)
    out: list[str] = []
    cur = ""
    for lines in pages:
        kept = [ln for i, ln in enumerate(lines)
                if not ((i < 2 or i >= len(lines) - 2) and (_shape(ln) in running or _PAGE_NUMBER.match(ln.strip())))]
        width = max((len(ln.strip()) for ln in kept), default=0)
        for raw in kept:
            ln = raw.strip()
            if cur and raw[:1] == " " and ln:  # an indented first line ("　　" in Chinese typesetting)
                out.append(cur)
                cur = ""
            if not ln:
                if cur:
                    out.append(cur)
                cur = ""
                continue
            if cur:
                glue = _glue(cur, ln)
                cur = cur[:-1] + ln if glue == "\0" else cur + glue + ln
            else:
                cur = ln
            # A line that ends a sentence short of the page's width ends its paragraph; so does
            # a much shorter line (a heading).
            if len(ln) < 0.9 * width and (ln.endswith(_END) or len(ln) < 0.6 * width):
                out.append(cur)
                cur = ""
    if cur:
        out.append(cur)
    return out


def draft(data: bytes, name: str) -> Draft:
    try:
        import pypdf
    except ImportError:
        raise VocabdeckError(f"{name}: a PDF; reading PDF files needs pypdf: pip install pypdf") from None
    import logging

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise VocabdeckError(f"{name}: a password-protected PDF; remove the password (or export the text) "
                                 "and give that")
        texts = [page.extract_text() or "" for page in reader.pages]
        title = ""
        if reader.metadata and reader.metadata.title:
            title = str(reader.metadata.title).strip()
    except VocabdeckError:
        raise
    except Exception as e:  # pypdf raises many kinds of error for damaged files
        raise VocabdeckError(f"{name}: a damaged PDF ({type(e).__name__}); save or download it again, "
                             "or copy its text into a .txt file") from None
    pages = [[ln.rstrip() for ln in clean(t).split("\n")] for t in texts]
    if sum(len(HAN.findall(t)) + len(re.findall(r"[A-Za-z]", t)) for t in texts) < 10 * max(1, len(texts)) // 2:
        raise VocabdeckError(f"{name}: a PDF without a text layer (scanned pages?); run OCR on it first "
                             "(e.g. ocrmypdf -l chi_sim), or copy the text into a .txt file")
    if title and not HAN.search(title):
        title = ""  # "Microsoft Word - 文档1.docx" style metadata is no title
    return Draft(paragraphs=tuple(p for p in _paragraphs(pages) if p), title=title if len(title) <= 60 else "")
