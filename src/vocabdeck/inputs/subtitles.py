"""Subtitles (SRT, WebVTT, ASS/SSA): cue text without tags, speaker labels and sound notes;
short cues joined into sentences. A cue with a Chinese and an English line pairs them (the
cue is the alignment); a Chinese file and an English file pair their cues by time overlap."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vocabdeck.inputs.layout import Draft, stem
from vocabdeck.inputs.paragraphs import language


@dataclass(frozen=True, slots=True)
class Cue:
    start: float  # seconds
    end: float
    zh: str  # the cue's Chinese lines, joined
    en: str  # its English lines, joined


_TIME = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})[,.](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")
_ASS_TIME = re.compile(r"(\d+):(\d{2}):(\d{2})[.:](\d{1,2})")
_TAG = re.compile(r"<[^>\n]*>|\{\\[^}]*\}|\{[^}]*\}")
# "王敏：", "- MAN:", "JOHN SMITH:", "[王敏]" at the start of a line.
_SPEAKER = re.compile(r"^\s*(?:[-–—]\s*)?(?:[\[(（【][^\])）】\n]{1,12}[\])）】]\s*[:：]?|"
                      r"[\u4e00-\u9fff·]{1,6}\s*[:：]|[A-Z][A-Z .'\-]{0,24}:)\s*")
_SOUND = re.compile(r"^\s*[\[(（【♪#][^\])）】]{0,30}[\])）】♪#]?\s*$")
_DASH = re.compile(r"^\s*[-–—]\s+")
_SENTENCE_END = ("。", "！", "？", "…", "!", "?", "”", "」")
_EN_END = (".", "!", "?", '"', "”")


def _seconds(h: str | None, m: str, s: str, frac: str) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(frac) / 10 ** len(frac)


def _clean_line(line: str) -> str:
    line = _TAG.sub("", line).replace("\\N", " ").replace("\\n", " ").replace("\\h", " ")
    line = line.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    if _SOUND.match(line):
        return ""
    line = _SPEAKER.sub("", line, count=1)
    return _DASH.sub("", line).strip()


def _cue(start: float, end: float, lines: list[str]) -> Cue | None:
    zh, en = [], []
    for raw in lines:
        line = _clean_line(raw)
        lang = language(line) if line else ""
        if lang == "zh":
            zh.append(line)
        elif lang == "en":
            en.append(line)
    if not zh and not en:
        return None
    return Cue(start, end, _join(zh), " ".join(en))


def _join(pieces: list[str]) -> str:
    """Chinese pieces: nothing after punctuation, a space (a subtitle's pause) otherwise."""
    return _joined(pieces)[0]


def _joined(pieces: list[str]) -> tuple[str, list[int]]:
    """`_join`, and where each piece begins in the result."""
    out, starts = "", []
    for p in pieces:
        if out and not out.endswith(("，", "。", "、", "；", "：", "！", "？", "…", "”", "“", ",", " ")):
            out += " "
        starts.append(len(out))
        out += p
    return out, starts


def _places(episode: str, cues: list[Cue]) -> tuple[tuple[int, str], ...]:
    """Where each cue with Chinese begins in the group's joined Chinese, and its place."""
    said = [c for c in cues if c.zh]
    _, starts = _joined([c.zh for c in said])
    return tuple((at, place(episode, c.start)) for at, c in zip(starts, said))


def parse_srt_vtt(text: str) -> list[Cue]:
    cues: list[Cue] = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip("\n").split("\n")
        for i, line in enumerate(lines[:3]):
            m = _TIMING.match(line)
            if m:
                g = m.groups()
                cue = _cue(_seconds(*g[:4]), _seconds(*g[4:]), lines[i + 1:])
                if cue:
                    cues.append(cue)
                break
    return cues


def parse_ass(text: str) -> list[Cue]:
    cues: list[Cue] = []
    fields: list[str] = []
    in_events = False
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("["):
            in_events = s.lower() == "[events]"
            continue
        if not in_events:
            continue
        if s.lower().startswith("format:"):
            fields = [f.strip().lower() for f in s.split(":", 1)[1].split(",")]
        elif s.lower().startswith("dialogue:") and fields:
            values = s.split(":", 1)[1].split(",", len(fields) - 1)
            row = dict(zip(fields, (v.strip() for v in values)))
            a, b = _ASS_TIME.match(row.get("start", "")), _ASS_TIME.match(row.get("end", ""))
            if not (a and b):
                continue
            lines = re.split(r"\\[Nn]", row.get("text", ""))
            cue = _cue(_seconds(*a.groups()), _seconds(*b.groups()), lines)
            if cue:
                cues.append(cue)
    return cues


def _sentences(cues: list[Cue]) -> list[list[Cue]]:
    """Runs of cues that make one sentence: a run ends at a cue whose Chinese ends a sentence
    (or, in a file whose Chinese has no sentence punctuation, whose English does; in one
    with neither, every cue is a sentence)."""
    zh_marks = any(c.zh.endswith(_SENTENCE_END) for c in cues)
    en_marks = any(c.en.endswith(_EN_END) for c in cues)
    groups: list[list[Cue]] = []
    cur: list[Cue] = []
    for c in cues:
        cur.append(c)
        if zh_marks:
            done = c.zh.endswith(_SENTENCE_END) or (not c.zh and c.en.endswith(_EN_END))
        elif en_marks:
            done = c.en.endswith(_EN_END) or not c.en
        else:
            done = True
        if done or len(cur) >= 12:  # a bound for files with rare punctuation
            groups.append(cur)
            cur = []
    if cur:
        groups.append(cur)
    return groups


def place(episode: str, seconds: float) -> str:
    """Where a cue is, as a learner looks for the scene: "S01E02 00:12:34" (the file's name
    without its extensions, and the cue's start)."""
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{episode} {h:02d}:{m:02d}:{s:02d}".strip()


def _episode(name: str) -> str:
    return "" if name in ("-", "text", "") else stem(name)


def draft(text: str, name: str) -> Draft:
    head = text.lstrip()[:200]
    cues = parse_ass(text) if head.startswith("[Script Info]") or "[V4" in head else parse_srt_vtt(text)
    groups = [g for g in _sentences(cues) if any(c.zh for c in g)]  # English alone: a song, a sign
    pairs = tuple((_join([c.zh for c in g if c.zh]), " ".join(c.en for c in g if c.en)) for g in groups)
    episode = _episode(name)
    places = tuple(_places(episode, g) for g in groups)
    if groups:
        return Draft(pairs=pairs, title=stem(name), cues=tuple(cues), places=places)
    # No Chinese (an English subtitle file, given as a translation).
    return Draft(paragraphs=tuple(c.en for c in cues if c.en), title=stem(name), debris=False, cues=tuple(cues))


def pair_by_time(zh: Draft, en: Draft) -> Draft:
    """A Chinese subtitle file and an English one: each English cue goes to the Chinese
    sentence it overlaps most in time."""
    zh_cues = [c for c in zh.cues if c.zh]
    groups = _sentences(zh_cues)
    spans = [(g[0].start, g[-1].end) for g in groups]
    english: list[list[str]] = [[] for _ in groups]
    j = 0
    for c in en.cues:
        if not c.en:
            continue
        while j + 1 < len(spans) and spans[j][1] <= c.start:
            j += 1
        best, best_overlap = -1, 0.0
        for k in range(max(0, j - 1), min(len(spans), j + 3)):
            overlap = min(c.end, spans[k][1]) - max(c.start, spans[k][0])
            if overlap > best_overlap:
                best, best_overlap = k, overlap
        if best >= 0:
            english[best].append(c.en)
    pairs = tuple((_join([c.zh for c in g]), " ".join(e)) for g, e in zip(groups, english))
    first = zh.places[0][0][1] if zh.places and zh.places[0] else ""
    episode = first.rsplit(" ", 1)[0] if " " in first else ""
    return Draft(pairs=pairs, title=zh.title, places=tuple(_places(episode, g) for g in groups))
