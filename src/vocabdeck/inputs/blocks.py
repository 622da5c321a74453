"""Clean (X)HTML, such as an e-book chapter, to paragraphs with the standard library: one
paragraph per block element; ruby annotations (<rt>, <rp>), scripts, styles and the <head>
left out."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = frozenset("p div h1 h2 h3 h4 h5 h6 li blockquote section article br tr td th dd dt pre "
                   "figcaption caption header footer aside nav hr table ul ol body".split())
_SKIP = frozenset(("rt", "rp", "script", "style", "head", "title", "svg", "math", "noscript"))
_VOID = frozenset("br hr img meta link input area base col embed source track wbr".split())


class _Blocks(HTMLParser):
    def __init__(self, ids: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.pars: list[str] = []
        self.cur: list[str] = []
        self.skip = 0
        self.heading: str | None = None
        self.in_heading = False
        self.headings: list[int] = []  # the paragraphs that are headings (h1-h3)
        self.ids = ids
        self.anchors: dict[str, int] = {}  # an element of `ids` -> the paragraph it begins in

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.cur)).strip()
        # Whitespace between Chinese characters is an artefact of line-wrapped markup.
        text = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)
        if text:
            self.pars.append(text)
            if self.in_heading:
                self.headings.append(len(self.pars) - 1)
                if self.heading is None:
                    self.heading = text
        self.cur = []

    def _anchor(self, tag: str, attrs) -> None:
        for key, value in attrs:
            if key == "id" and value in self.ids and value not in self.anchors:
                if tag in _BLOCK:
                    self._flush()
                self.anchors[value] = len(self.pars)

    def handle_starttag(self, tag: str, attrs) -> None:
        tag = tag.split(":")[-1]
        if self.ids:
            self._anchor(tag, attrs)
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip += 1
            return
        if tag in _BLOCK:
            self._flush()
            if tag in ("h1", "h2", "h3"):
                self.in_heading = True

    def handle_startendtag(self, tag: str, attrs) -> None:
        if self.ids:
            self._anchor(tag.split(":")[-1], attrs)
        if tag.split(":")[-1] in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.split(":")[-1]
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in _BLOCK:
            self._flush()
            if tag in ("h1", "h2", "h3"):
                self.in_heading = False

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.cur.append(data)


def paragraphs(markup: str) -> tuple[list[str], str | None]:
    """The paragraphs of a page and its first heading (h1-h3), if any."""
    parser = parse(markup)
    return parser.pars, parser.heading


def parse(markup: str, ids: frozenset[str] = frozenset()) -> _Blocks:
    """The page's paragraphs (`.pars`), which of them are headings (`.headings`: indices),
    and the paragraph each element whose id is in `ids` begins in (`.anchors`)."""
    parser = _Blocks(ids)
    parser.feed(markup)
    parser.close()
    parser._flush()
    return parser
