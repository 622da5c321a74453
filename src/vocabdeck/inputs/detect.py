"""Which format an input is in, from its content first and its name second; a one-line
message for what vocabdeck does not read (images, archives, old Office files, media)."""

from __future__ import annotations

import io
import re
import zipfile

from vocabdeck.errors import VocabdeckError

# Formats read as text after decoding; the binary ones are told by their magic bytes.
TEXT_FORMATS = ("text", "html", "mhtml", "markdown", "srt", "vtt", "ass", "wordlist")

_MAGIC = (  # (prefix, what it is, what to do)
    (b"\x89PNG", "a PNG image", "vocabdeck reads text, not images: copy the text, or run OCR on it first"),
    (b"\xff\xd8\xff", "a JPEG image", "vocabdeck reads text, not images: copy the text, or run OCR on it first"),
    (b"GIF8", "a GIF image", "vocabdeck reads text, not images"),
    (b"BM", "a BMP image", "vocabdeck reads text, not images"),
    (b"II*\x00", "a TIFF image", "vocabdeck reads text, not images: run OCR on it first"),
    (b"MM\x00*", "a TIFF image", "vocabdeck reads text, not images: run OCR on it first"),
    (b"\x1f\x8b", "a gzip archive", "unpack it and give the article inside"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "unpack it and give the article inside"),
    (b"Rar!", "a RAR archive", "unpack it and give the article inside"),
    (b"BZh", "a bzip2 archive", "unpack it and give the article inside"),
    (b"\xfd7zXZ", "an xz archive", "unpack it and give the article inside"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc, .xls or .ppt)",
     "save it as .docx or as plain text (.txt) and give that"),
    (b"{\\rtf", "an RTF document", "save it as .docx or plain text (.txt) and give that"),
    (b"\x7fELF", "a program", "give the article's text file"),
    (b"MZ", "a Windows program", "give the article's text file"),
    (b"ID3", "an MP3 audio file", "give its subtitles (.srt) or transcript instead"),
    (b"OggS", "an Ogg audio file", "give its subtitles (.srt) or transcript instead"),
    (b"fLaC", "a FLAC audio file", "give its subtitles (.srt) or transcript instead"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video", "give its subtitles (.srt) instead"),
    (b"SQLite format 3\x00", "an SQLite database", "give the article's text file"),
    (b"%!PS", "a PostScript file", "convert it to PDF or text first"),
)


def _unsupported(name: str, what: str, todo: str) -> VocabdeckError:
    return VocabdeckError(f"{name}: {what}; {todo}")


def _zip_format(data: bytes, name: str) -> str:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unsupported(name, "a damaged zip file (or e-book, or Word file)", "save or download it again") from None
    epub_type = "mimetype" in names and z.read("mimetype").strip() == b"application/epub+zip"
    if epub_type or "META-INF/container.xml" in names:
        return "epub"
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        raise _unsupported(name, "an Excel workbook (.xlsx)",
                           "save the sheet as CSV (words in the first column) or copy the text into a .txt file")
    if any(n.startswith("ppt/") for n in names):
        raise _unsupported(name, "a PowerPoint file (.pptx)", "export its text (or save as PDF) and give that")
    if "content.xml" in names:
        raise _unsupported(name, "an OpenDocument file (.odt/.ods)", "save it as .docx or plain text and give that")
    raise _unsupported(name, "a zip archive", "unpack it and give the article inside")


def binary_format(data: bytes, name: str) -> str | None:
    """'pdf', 'epub' or 'docx' for those formats; None for text; an error for the rest."""
    head = data[:1024].lstrip(b"\x00\t\r\n ")
    if data[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_format(data, name)
    for magic, what, todo in _MAGIC:
        if head.startswith(magic) and not (magic in (b"BM", b"MZ") and _textual_start(data)):
            raise _unsupported(name, what, todo)
    if data[4:12] in (b"ftypisom", b"ftypmp42", b"ftypM4A ", b"ftypqt  ") or data[4:8] == b"ftyp":
        raise _unsupported(name, "an MP4/M4A media file", "give its subtitles (.srt) or transcript instead")
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        what = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}[data[8:12]]
        raise _unsupported(name, what, "vocabdeck reads text; give the article's text or subtitles")
    return None


def _textual_start(data: bytes) -> bool:
    """"BM" or "MZ" opening a text file by chance (an English word)."""
    return all(32 <= b < 127 or b in (9, 10, 13) or b >= 0x80 for b in data[:64])


_SRT = re.compile(r"^\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", re.M)
_HTML = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_TAGS = re.compile(r"</(?:p|div|span|a|li|td|h[1-6]|article|section)>", re.I)
_MD_HEADING = re.compile(r"^#{1,6}\s+\S", re.M)
_MD_SIGNS = re.compile(r"^(?:#{1,6}\s|>\s|[-*+]\s|\d+\.\s|```|\|.*\|\s*$)"
                       r"|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]+\)", re.M)


def text_format(text: str, name: str) -> str:
    """The format of decoded text: subtitles, a web page, Markdown, a word list or plain text."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("[Script Info]") or re.match(r"\[V4\+? Styles\]", head):
        return "ass"
    if _SRT.match(head):
        return "srt"
    if head.startswith("MIME-Version:") or "Content-Type: multipart/related" in head[:2000]:
        return "mhtml"
    if _HTML.match(head) or len(_TAGS.findall(head)) >= 3:
        return "html"
    from vocabdeck.inputs.wordlist import looks_like_wordlist  # small, pure Python

    if looks_like_wordlist(text, suffix):
        return "wordlist"
    if suffix in ("md", "markdown", "mdown", "mkd"):
        return "markdown"
    lines = head.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if _MD_HEADING.match(first) and len(_MD_SIGNS.findall(text[:20000])) >= 2:
        return "markdown"
    return "text"
