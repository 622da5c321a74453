"""Readers: a path, "-" (standard input), bytes or pasted text in; a `Text` out.

    read(source, encoding=None)           one article, any supported format
    read_pair(zh, en, encoding=None)      a Chinese article and its English translation

Formats (found from the content, then the name): plain text, web pages (.html, .mhtml),
Markdown, subtitles (.srt, .vtt, .ass), EPUB, .docx, PDF with a text layer, word lists
(.csv, .tsv, one word per line). Each format's library is imported only when it is read.
"""

from __future__ import annotations


def read(source, encoding=None, name=None):
    from vocabdeck.inputs.reader import read as _read

    return _read(source, encoding, name)


def read_pair(zh, en, encoding=None, name=None):
    from vocabdeck.inputs.reader import read_pair as _read_pair

    return _read_pair(zh, en, encoding, name)
