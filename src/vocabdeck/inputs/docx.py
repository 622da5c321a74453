"""Word documents (.docx): the paragraphs of word/document.xml (runs joined, tabs and
breaks as spaces, ruby readings left out), the core properties' title if it has one. Only
the standard library."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from vocabdeck.errors import VocabdeckError
from vocabdeck.inputs.layout import Draft

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_XML = 256 << 20


def _paragraph(p: ET.Element) -> str:
    out: list[str] = []

    def walk(el: ET.Element) -> None:
        tag = el.tag
        if tag in (_W + "rt", _W + "instrText", _W + "delText"):  # ruby reading, field code, deleted text
            return
        if tag == _W + "t" and el.text:
            out.append(el.text)
        elif tag in (_W + "tab", _W + "br", _W + "cr"):
            out.append(" ")
        for child in el:
            walk(child)

    walk(p)
    return "".join(out).strip()


def draft(data: bytes, name: str) -> Draft:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        if z.getinfo("word/document.xml").file_size > _MAX_XML:
            raise VocabdeckError(f"{name}: a Word document too large to read; save it as text and give that")
        root = ET.fromstring(z.read("word/document.xml"))
    except (KeyError, ET.ParseError, zipfile.BadZipFile, ValueError):
        raise VocabdeckError(f"{name}: a damaged Word document; open and save it again, or save it as text") from None
    title = ""
    try:
        core = ET.fromstring(z.read("docProps/core.xml"))
        title = next((el.text.strip() for el in core.iter() if el.tag.endswith("}title") and el.text), "")
    except (KeyError, ET.ParseError):
        pass
    pars = tuple(t for p in root.iter(_W + "p") if (t := _paragraph(p)))
    return Draft(paragraphs=pars, title=title)
