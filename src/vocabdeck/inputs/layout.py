"""What every reader produces (a Draft: paragraphs, perhaps already paired, and a title) and
how a Draft becomes the pipeline's Text. Three layouts of Chinese and English:

  * paragraphs alternating (English then Chinese, Chinese then English, paired rows)
    -> Text(paired=True), en[i] translates zh[i] ("" where a paragraph has none);
  * all the Chinese, then all the English (or the reverse) -> Text(paired=False): the
    aligner pairs the sentences, as for a Chinese file with a separate English file;
  * Chinese alone -> Text(en=()).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from vocabdeck.errors import InputError, VocabdeckError, option_ref
from vocabdeck.inputs.decode import is_japanese
from vocabdeck.inputs.glosses import extract as extract_glosses
from vocabdeck.inputs.glosses import merged, vocabulary
from vocabdeck.inputs.pairing import pair_blocks
from vocabdeck.inputs.paragraphs import language, without_chrome, without_debris
from vocabdeck.model import Text


@dataclass(frozen=True, slots=True)
class Draft:
    """A reader's result. `pairs` (Chinese, English) when the format itself pairs them
    (a bilingual subtitle cue, a table row); otherwise `paragraphs` in reading order."""

    paragraphs: tuple[str, ...] = ()
    title: str = ""  # the document's own title (a page's <title>, a book's dc:title), if any
    pairs: tuple[tuple[str, str], ...] = ()
    debris: bool = True  # drop page furniture lines (plain text); False where a reader already did
    words: tuple = ()  # a word list's entries (model.GivenWord), when the input is one
    cues: tuple = ()  # a subtitle file's cues (subtitles.Cue), for pairing two files by time
    places: tuple = ()  # where the text of each of `pairs` is in the source (Text.places), if it says
    chapters: tuple = ()  # a book's chapters, each a Draft titled by its chapter, in reading order


_END = ("。", "！", "？", "；", ".", "!", "?")


def title_of(zh: list[str] | tuple[str, ...], name: str) -> str:
    if zh:
        first = zh[0].strip()
        if len(first) <= 40 and not first.endswith(_END):
            return first
    return stem(name)


def stem(name: str) -> str:
    """"library-night.zh.txt" -> "library-night"; never empty (".txt" -> "txt")."""
    if name in ("-", "text", ""):
        return "article"
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    out = re.sub(r"(\.(txt|text|md|markdown|html?|xhtml|mhtml?|srt|vtt|ass|ssa|epub|docx|pdf|csv|tsv|"
                 r"zh|cn|chs|cht|en|utf-?8|gbk|gb18030|big5))+$", "", base, flags=re.I)
    return out.strip(" .") or base.strip(" .") or "article"


def _no_chinese(name: str) -> VocabdeckError:
    return VocabdeckError(f"{name}: no Chinese text found, so nothing to learn; give the Chinese article "
                          f"(with {option_ref('english')} for a separate translation), or its {option_ref('encoding')}")


def _check_language(pars, name: str) -> None:
    if is_japanese("\n".join(pars)):
        raise VocabdeckError(f"{name}: this looks like Japanese (it has kana), and vocabdeck reads Chinese; "
                             "give a Chinese text")


def to_text(draft: Draft, name: str) -> Text:
    """The Text of a single input (Chinese, or bilingual)."""
    if draft.chapters:
        return _book(draft, name)
    if draft.pairs:
        kept = [i for i, (z, _) in enumerate(draft.pairs) if language(z) == "zh"]
        pairs = [draft.pairs[i] for i in kept]
        places = tuple(draft.places[i] for i in kept) if draft.places else ()
        _check_language([z for z, _ in pairs], name)
        if not pairs:
            raise _no_chinese(name)
        zh = tuple(z for z, _ in pairs)
        title = draft.title or title_of(zh, name)
        if not any(e for _, e in pairs):
            return Text(source=name, title=title, zh=zh, words=draft.words, places=places)
        return Text(source=name, title=title, zh=zh, en=tuple(e for _, e in pairs), paired=True, words=draft.words,
                    places=places)
    pars, listed = vocabulary(list(draft.paragraphs))  # a trailing 相关词汇 list leaves the article
    pars = without_chrome(without_debris(pars)) if draft.debris else pars
    items = [(lang, p) for p in pars if (lang := language(p))]
    _check_language([p for lang, p in items if lang == "zh"], name)
    without, inline = extract_glosses([p for lang, p in items if lang == "zh"])
    glosses = merged(listed, inline)
    rest = iter(without)
    items = [(lang, next(rest) if lang == "zh" else p) for lang, p in items]
    zh = [p for lang, p in items if lang == "zh"]
    if not zh:
        raise _no_chinese(name)
    title = draft.title or title_of(zh, name)
    langs = [lang for lang, _ in items]
    if "en" not in langs:
        return Text(source=name, title=title, zh=tuple(zh), words=draft.words, glosses=glosses)
    switches = sum(1 for a, b in zip(langs, langs[1:]) if a != b)
    if switches == 1 and min(langs.count("zh"), langs.count("en")) >= 3:
        # One block of each language (a page giving the whole article, then its translation):
        # adjacent pairing would pair only the two paragraphs at the seam.
        en = [p for lang, p in items if lang == "en"]
        return Text(source=name, title=title, zh=tuple(zh), en=tuple(en), paired=False, glosses=glosses)
    pairs = pair_blocks(items)
    zh = [z for z, _ in pairs]
    if not any(e for _, e in pairs):
        return Text(source=name, title=title, zh=tuple(zh), glosses=glosses)
    return Text(source=name, title=title, zh=tuple(zh), en=tuple(e for _, e in pairs), paired=True, glosses=glosses)


def _book(draft: Draft, name: str) -> Text:
    """A book: its chapters' Texts one after the other, with Text.chapters saying which
    paragraphs each holds. Chapters without Chinese (a cover, an English colophon) are left
    out. A chapter that gives all its English after all its Chinese cannot be cut from the
    book's English, so such a book is read whole, as one article."""
    parts = [to_text(replace(chapter, title=chapter.title or _part_title(chapter, n)), name)
             for n, chapter in enumerate(draft.chapters, 1)
             if any(language(p) == "zh" for p in chapter.paragraphs)]
    if not parts:
        raise _no_chinese(name)
    if any(t.en and not t.paired for t in parts):
        return to_text(replace(draft, chapters=()), name)
    paired = any(t.paired for t in parts)
    seen: dict[str, int] = {}
    titles = []
    for t in parts:  # each chapter its own subdeck: no two share a title
        seen[t.title] = seen.get(t.title, 0) + 1
        titles.append(t.title if seen[t.title] == 1 else f"{t.title} ({seen[t.title]})")
    return Text(
        source=name, title=draft.title or parts[0].title,
        zh=tuple(p for t in parts for p in t.zh),
        en=tuple(e for t in parts for e in (t.en if t.paired else ("",) * len(t.zh))) if paired else (),
        paired=paired, glosses=tuple(g for t in parts for g in t.glosses),
        chapters=tuple((title, len(t.zh)) for title, t in zip(titles, parts)),
    )


def _part_title(chapter: Draft, n: int) -> str:
    """A chapter without a title in the book: its first line when that is short, else "Part n"."""
    first = next((p for p in chapter.paragraphs if language(p) == "zh"), "")
    return first if first and len(first) <= 40 and not first.endswith(_END) else f"Part {n}"


def english_paragraphs(draft: Draft, name: str) -> tuple[str, ...]:
    """The English paragraphs of a translation file."""
    pars = without_debris(list(draft.paragraphs)) if draft.debris else list(draft.paragraphs)
    pars += [e for _, e in draft.pairs]
    en = tuple(p for p in pars if language(p) == "en")
    if not en:
        raise InputError(name, f"no English text found; give the English translation with {option_ref('english')}, "
                         f"or leave {option_ref('english')} out", option="english")
    return en
