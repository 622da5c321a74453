"""Markdown: markup removed (headings, emphasis, links, images, quotes, lists, tables, code
fences, front matter, HTML tags), the first heading as the title."""

from __future__ import annotations

import re

from vocabdeck.inputs.layout import Draft
from vocabdeck.inputs.paragraphs import paragraphs

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M)
_SETEXT = re.compile(r"^(.+)\n[=\-]{3,}\s*$", re.M)
_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$", re.M), ""),  # link definitions
    (re.compile(r"<[^>\n]+>"), ""),  # HTML tags
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])"), r"\2"),  # italics
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # quotes (twice for nested)
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?", re.M), ""),  # list items, task boxes
    (re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$", re.M), ""),  # table rules
    (re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.M), ""),  # horizontal rules
)


def strip(text: str) -> tuple[str, str]:
    """Markdown to plain text, and its first heading."""
    text = _FRONT_MATTER.sub("", text)
    text = _FENCE.sub("", text)
    first = _HEADING.search(text) or _SETEXT.search(text)
    title = first.group(1).strip() if first else ""
    text = _HEADING.sub(lambda m: "\n" + m.group(1) + "\n", text)
    text = _SETEXT.sub(lambda m: m.group(1) + "\n", text)
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    # Table rows: cells as a line each.
    text = re.sub(r"^\s*\|(.*)\|\s*$", lambda m: "\n".join(c.strip() for c in m.group(1).split("|")), text,
                  flags=re.M)
    for pattern, repl in _INLINE[:6]:  # markup inside the heading
        title = pattern.sub(repl, title)
    return text, title.strip()


def draft(text: str, name: str) -> Draft:
    plain, title = strip(text)
    return Draft(paragraphs=tuple(paragraphs(plain)), title=title)
