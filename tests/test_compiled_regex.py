"""Regular expressions served from the cache of compiled programs (console entry point)."""

from __future__ import annotations

import re
from re import _compiler

import pytest

from vocabdeck import compiled_regex
from vocabdeck.zh import script

PATTERNS = [
    (script.HAN_RUN.pattern, 0),
    (r"(?P<zh>[\u3400-\u9fff]{2,12})\s?[（(](?P<en>[A-Za-z][^)）]*)[)）]", 0),
    (r"(?<=[\u3400-\u9fff])\.(?=\s*[\u3400-\u9fff“\"‘「]|\s*$)", 0),
    (r"\[(?=\s*(?:sound|anki|/anki)\s*:)|\{(?=\{)|(?<=\})\}", re.IGNORECASE),
    (r"(?x) ( \d+ ) \s* (?:年|月)", 0),
    (r"^(?:source|editor)s?\b", re.IGNORECASE | re.MULTILINE),
]
TEXTS = ["中文文本（Chinese text）和 English. 中文. 1998 年 3月", "Source: Xinhua [sound:x.mp3] {{Front}}", "𠀀𠀁 abc"]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """install() with an empty cache folder; `re` as it was afterwards."""
    from vocabdeck.data import cache

    monkeypatch.setattr(cache, "cache_dir", lambda: tmp_path)
    monkeypatch.setattr(_compiler, "compile", _compiler.compile)
    monkeypatch.setattr(compiled_regex, "_state", {})
    original = _compiler.compile

    def install():
        _compiler.compile = original
        compiled_regex._state.clear()
        compiled_regex.install()
        return compiled_regex._state

    return install


def behaviour(pattern: re.Pattern) -> tuple:
    return (pattern.pattern, pattern.flags, pattern.groups, dict(pattern.groupindex),
            [[m.span() + m.groups() for m in pattern.finditer(t)] for t in TEXTS])


@pytest.mark.parametrize("pattern, flags", PATTERNS)
def test_a_pattern_from_the_cache_matches_as_compiled(fresh, pattern, flags):
    expected = behaviour(re._compiler.compile(pattern, flags))
    first = fresh()
    made = _compiler.compile(pattern, flags)
    assert (pattern, flags) in first["made"]
    compiled_regex.save()
    second = fresh()
    from_cache = _compiler.compile(pattern, flags)
    assert (pattern, flags) in second["used"] and not second["made"]
    assert behaviour(_compiler.compile(pattern, flags)) == expected  # again, once re forgot it
    assert behaviour(made) == behaviour(from_cache) == expected


def test_a_damaged_cache_file_means_compiling_as_usual(fresh, tmp_path):
    pattern, flags = PATTERNS[1]
    fresh()
    _compiler.compile(pattern, flags)
    compiled_regex.save()
    [path] = tmp_path.glob("regex-*.marshal")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    fresh()
    assert behaviour(_compiler.compile(pattern, flags)) == behaviour(re.compile(pattern, flags))


def test_an_invalid_pattern_raises_as_always(fresh):
    fresh()
    with pytest.raises(re.error):
        _compiler.compile("[unclosed", 0)



_PATTERNS_AT_IMPORT = """
import re, sys
from re import _compiler
seen = set()
original = _compiler.compile
def compile(p, flags=0):
    seen.add((p, int(flags)))
    return original(p, flags)
_compiler.compile = compile
import vocabdeck.cli, vocabdeck.pipeline, vocabdeck.decks.write, vocabdeck.inputs.reader
sys.stdout.write(repr(sorted(seen, key=repr)))
"""


def test_the_patterns_compiled_at_import_are_the_same_text_under_any_hash_seed():
    """A pattern built from a set's order (say a character class of place suffixes) is new
    text under each hash seed: every warm run would miss the cache and write it again."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run([sys.executable, "-c", _PATTERNS_AT_IMPORT], env=env, capture_output=True,
                                text=True, check=True)
        outputs.append(result.stdout)
    assert outputs[0] and outputs[0] == outputs[1] == outputs[2]
