"""EPUB e-books: the chapters in the order of the OPF spine, ruby pinyin (<rt>, <rp>)
removed, the book's dc:title as the title. Only the standard library (zipfile, XML).

Chapters: the table of contents (the EPUB 3 navigation document, else the EPUB 2 NCX)
says where each chapter begins (a file, or an element of a file) and its title. A spine
file the table of contents does not name continues the chapter before it (a chapter split
over files), unless it opens with a heading (h1-h3); the chapter's title is then that
heading. Without a table of contents every spine file is a chapter titled by its first
heading. A chapter of a few characters only (a part's title page) joins the next one.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from urllib.parse import unquote
from xml.etree import ElementTree as ET

from vocabdeck.errors import VocabdeckError
from vocabdeck.inputs.blocks import parse
from vocabdeck.inputs.decode import decode
from vocabdeck.inputs.layout import Draft

_MAX_MEMBER = 64 << 20  # a chapter larger than this is a zip bomb, not a chapter
# A chapter with fewer Chinese characters than this is a title page, a cover or a
# dedication: it joins the chapter after it rather than becoming a subdeck of a card or two.
_LEAST_CHAPTER = 20
_HAN = re.compile(r"[\u3400-\u9fff]")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read(z: zipfile.ZipFile, member: str, name: str) -> bytes:
    info = z.getinfo(member)
    if info.file_size > _MAX_MEMBER:
        raise VocabdeckError(f"{name}: an e-book with a {info.file_size >> 20} MB chapter; "
                             "convert it to text and give that")
    return z.read(member)


def _member(base: str, href: str) -> tuple[str, str]:
    """(zip member, fragment) of an href relative to the folder `base`."""
    path, _, fragment = (href or "").partition("#")
    return posixpath.normpath(posixpath.join(base, unquote(path))), unquote(fragment)


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _toc(z: zipfile.ZipFile, opf, base: str, manifest: dict, name: str) -> list[tuple[str, str, str]]:
    """The table of contents as (member, fragment, title), in reading order; [] when the
    book has none that can be read."""
    nav = next((el for el in manifest.values() if "nav" in (el.get("properties") or "").split()), None)
    spine = next((el for el in opf.iter() if _local(el.tag) == "spine"), None)
    ncx = manifest.get(spine.get("toc")) if spine is not None else None
    ncx = ncx if ncx is not None else next(
        (el for el in manifest.values() if el.get("media-type") == "application/x-dtbncx+xml"), None)
    for item, kind in ((nav, "nav"), (ncx, "ncx")):
        if item is None:
            continue
        member, _ = _member(base, item.get("href") or "")
        try:
            root = ET.fromstring(_read(z, member, name))
        except (KeyError, ET.ParseError):
            continue
        here = posixpath.dirname(member)
        out = []
        if kind == "nav":
            navs = [el for el in root.iter() if _local(el.tag) == "nav"]
            toc = next((el for el in navs if any(v == "toc" for k, v in el.attrib.items() if _local(k) == "type")),
                       navs[0] if navs else None)
            for a in toc.iter() if toc is not None else ():
                if _local(a.tag) == "a" and a.get("href") and _text(a):
                    out.append((*_member(here, a.get("href")), _text(a)))
        else:
            for point in root.iter():
                if _local(point.tag) != "navPoint":
                    continue
                label = next((_text(el) for el in point.iter() if _local(el.tag) == "text"), "")
                content = next((el.get("src") for el in point if _local(el.tag) == "content"), None)
                if content and label:
                    out.append((*_member(here, content), label))
        if out:
            return out
    return []


def _chapters(z, spine_members: list[str], toc: list[tuple[str, str, str]], name: str) -> list[tuple[str, list[str]]]:
    """(title or "", paragraphs) of each chapter, in spine order."""
    starts: dict[str, list[tuple[str, str]]] = {}
    for member, fragment, title in toc:
        starts.setdefault(member, []).append((fragment, title))
    chapters: list[tuple[str, list[str]]] = []
    for member in spine_members:
        try:
            raw = _read(z, member, name)
        except KeyError:
            continue
        marks = starts.get(member, [])
        page = parse(decode(raw, f"{name}: {member}"), frozenset(f for f, _ in marks if f))
        cuts: dict[int, str] = {}
        for fragment, title in marks:
            at = page.anchors.get(fragment, 0 if not fragment else None)
            if at is not None and at not in cuts:
                cuts[at] = title
        if not cuts and (not chapters or (page.headings and page.headings[0] == 0)):
            cuts[0] = page.pars[0] if page.headings and page.headings[0] == 0 else ""
        bounds = sorted(cuts) + [len(page.pars)]
        if bounds[0] > 0 and page.pars:  # text before the first chapter begins: the one before
            if chapters:
                chapters[-1][1].extend(page.pars[:bounds[0]])
            else:
                chapters.append(("", page.pars[:bounds[0]]))
        for a, b in zip(bounds, bounds[1:]):
            heading = next((page.pars[i] for i in page.headings if a <= i < b), "")
            chapters.append((cuts[a] or heading, page.pars[a:b]))
    return _fold_small(chapters)


def _fold_small(chapters: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    carry: list[str] = []
    for title, pars in chapters:
        pars = carry + pars
        if len(_HAN.findall("".join(pars))) < _LEAST_CHAPTER:
            carry = pars
            continue
        carry = []
        out.append((title, pars))
    if carry and out:
        out[-1][1].extend(carry)
    elif carry:
        out.append(("", carry))
    return out


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
    members = []
    for idref in spine:
        item = manifest.get(idref)
        if item is None or "nav" in (item.get("properties") or "").split():
            continue  # the table of contents repeats the chapter titles
        members.append(_member(base, item.get("href") or "")[0])
    chapters = _chapters(z, members, _toc(z, opf, base, manifest, name), name)
    pars = tuple(p for _, chapter in chapters for p in chapter)
    if not pars:
        raise damaged
    return Draft(paragraphs=pars, title=title, debris=False,
                 chapters=tuple(Draft(paragraphs=tuple(p), title=t, debris=False) for t, p in chapters))
