"""EPUB e-books: the chapters in the order of the OPF spine, ruby pinyin (<rt>, <rp>)
removed, the book's dc:title as the title. Only the standard library (zipfile, XML)."""

from __future__ import annotations

import io
import posixpath
import zipfile
from urllib.parse import unquote
from xml.etree import ElementTree as ET

from vocabdeck.errors import VocabdeckError
from vocabdeck.inputs.blocks import paragraphs
from vocabdeck.inputs.decode import decode
from vocabdeck.inputs.layout import Draft

_MAX_MEMBER = 64 << 20  # a chapter larger than this is a zip bomb, not a chapter


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read(z: zipfile.ZipFile, member: str, name: str) -> bytes:
    info = z.getinfo(member)
    if info.file_size > _MAX_MEMBER:
        raise VocabdeckError(f"{name}: an e-book with a {info.file_size >> 20} MB chapter; "
                             "convert it to text and give that")
    return z.read(member)


def draft(data: bytes, name: str) -> Draft:
    damaged = VocabdeckError(f"{name}: a damaged EPUB e-book; download it again, or convert it to text")
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        container = ET.fromstring(_read(z, "META-INF/container.xml", name))
        opf_path = next(el.get("full-path") for el in container.iter() if _local(el.tag) == "rootfile")
        opf = ET.fromstring(_read(z, opf_path, name))
    except (KeyError, StopIteration, ET.ParseError, zipfile.BadZipFile, ValueError, TypeError):
        raise damaged from None
    if any(n == "META-INF/encryption.xml" for n in z.namelist()):
        raise VocabdeckError(f"{name}: a DRM-protected e-book; vocabdeck can read only unprotected EPUB files")
    base = posixpath.dirname(opf_path)
    manifest = {el.get("id"): el for el in opf.iter() if _local(el.tag) == "item"}
    spine = [el.get("idref") for el in opf.iter() if _local(el.tag) == "itemref" and el.get("linear") != "no"]
    title = next((el.text.strip() for el in opf.iter() if _local(el.tag) == "title" and el.text), "")
    pars: list[str] = []
    for idref in spine:
        item = manifest.get(idref)
        if item is None or "nav" in (item.get("properties") or "").split():
            continue  # the table of contents repeats the chapter titles
        member = posixpath.normpath(posixpath.join(base, unquote(item.get("href") or "")))
        try:
            raw = _read(z, member, name)
        except KeyError:
            continue
        chapter, _ = paragraphs(decode(raw, f"{name}: {member}"))
        pars += chapter
    if not pars:
        raise damaged
    return Draft(paragraphs=tuple(pars), title=title, debris=False)
