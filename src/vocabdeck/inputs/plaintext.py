"""Plain text (a Chinese file, or a bilingual page copied from the web) and the path-based
functions earlier versions offered (read_text, read_pair, decode)."""

from __future__ import annotations

from pathlib import Path

from vocabdeck.inputs import decode as _decode
from vocabdeck.inputs.layout import Draft
from vocabdeck.inputs.paragraphs import clean, language, paragraphs  # noqa: F401  (re-exported)
from vocabdeck.model import Text


def draft(text: str, name: str) -> Draft:
    return Draft(paragraphs=tuple(paragraphs(text)))


def read_text(path: Path | str, encoding: str | None = None) -> Text:
    from vocabdeck.inputs.reader import read

    return read(Path(path), encoding)


def read_pair(zh_path: Path | str, en_path: Path | str, encoding: str | None = None) -> Text:
    from vocabdeck.inputs.reader import read_pair as pair

    return pair(Path(zh_path), Path(en_path), encoding)


def decode(data: bytes, path: Path | str, encoding: str | None = None) -> str:
    return _decode.decode(data, str(path), encoding)
