"""The one entry point: a path, "-" (standard input), bytes or pasted text in; the format
found from the content (then the name); the format's reader; a Text out."""

from __future__ import annotations

import importlib
import os
import re
from dataclasses import replace
from pathlib import Path

from vocabdeck.errors import VocabdeckError, option_ref
from vocabdeck.inputs.decode import decode, decode_declared
from vocabdeck.inputs.detect import binary_format, text_format
from vocabdeck.inputs.layout import Draft, english_paragraphs, to_text
from vocabdeck.inputs.paragraphs import clean
from vocabdeck.inputs.source import Source, read_path
from vocabdeck.model import Text

# format -> module of vocabdeck.inputs with a `draft(content, name)` function. Each module
# imports its library (if any) inside that function, so only the format read pays for it.
_READERS = {
    "text": "plaintext", "markdown": "markdown", "wordlist": "wordlist",
    "html": "html", "mhtml": "html", "srt": "subtitles", "vtt": "subtitles", "ass": "subtitles",
    "epub": "epub", "docx": "docx", "pdf": "pdf",
}
_FILE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}$")


def _is_pasted(s: str) -> bool:
    """A str is pasted text, not a file name, when it has a line break, is too long for a
    path, or has Chinese in it and neither names a file nor ends like a file name."""
    if "\n" in s or len(s) > 1024:
        return True
    if s == "-" or not any("\u3400" <= c <= "\u9fff" for c in s):
        return False
    return not os.path.lexists(s) and not _FILE_SUFFIX.search(s)


def source_of(source: Path | str | bytes, role: str = "", name: str | None = None) -> Source:
    """`name` stands for bytes or pasted text in messages and, failing a headline, as the title."""
    if isinstance(source, (bytes, bytearray)):
        return Source(bytes(source), name or "text")
    if isinstance(source, str) and _is_pasted(source):
        return Source(source.encode("utf-8"), name or "text")
    return read_path(source, role)


def load(source: Path | str | bytes, encoding: str | None = None, role: str = "",
         name: str | None = None) -> tuple[Draft, str]:
    """Read any input into a Draft; returns it with the input's name for messages."""
    src = source_of(source, role, name)
    name = src.name
    if not src.data.strip():
        raise VocabdeckError(f"{name}: is empty; give a file with the article's text")
    fmt = binary_format(src.data, name)
    if fmt is not None:
        content: str | bytes = src.data
    else:
        text = decode_declared(src.data, name, encoding) if b"<" in src.data[:4096] else \
            decode(src.data, name, encoding)
        text = clean(text, keep_tabs=True)
        if not text.strip():
            raise VocabdeckError(f"{name}: is empty; give a file with the article's text")
        fmt = text_format(text, name)
        content = text if fmt == "wordlist" else clean(text)
    module = importlib.import_module(f"vocabdeck.inputs.{_READERS[fmt]}")
    return module.draft(content, name), name


def read(source: Path | str | bytes, encoding: str | None = None, name: str | None = None) -> Text:
    """An article in any supported format: a bilingual page or Chinese alone."""
    draft, name = load(source, encoding, name=name)
    return to_text(draft, name)


def read_pair(zh_source: Path | str | bytes, en_source: Path | str | bytes, encoding: str | None = None,
              name: str | None = None) -> Text:
    """A Chinese article and its English translation in a second input (`encoding` applies to
    both). Two subtitle files are paired cue by cue by their times; other inputs paragraph by
    paragraph later, by the aligner."""
    zh_draft, zh_name = load(zh_source, encoding, name=name)
    en_draft, en_name = load(en_source, encoding, role=option_ref("english"), name=name and f"{name} (English)")
    if zh_draft.cues and en_draft.cues:
        from vocabdeck.inputs.subtitles import pair_by_time

        return to_text(pair_by_time(zh_draft, en_draft), zh_name)
    text = to_text(zh_draft, zh_name)
    en = english_paragraphs(en_draft, en_name)
    # A book with a separate translation stays whole: its English cannot be cut at chapters.
    # The Chinese file's glosses stay its own.
    return replace(text, en=en, paired=False, words=(), chapters=())
