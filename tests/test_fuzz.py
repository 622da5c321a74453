"""The CLI on random mixtures of Chinese, English, punctuation, control characters and
markup: every run builds or fails with one line, never raises, and nothing from the text
becomes live markup (HTML, Anki's [sound:] or {{ }}) in a note field.

Bounded: FUZZ_EXAMPLES runs of about 0.1-0.5 s each (VOCABDECK_FUZZ_EXAMPLES for more);
derandomized under VOCABDECK_HYPOTHESIS=ci so that CI runs the same cases every time.
"""

from __future__ import annotations

import json
import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from vocabdeck.cli import app
from vocabdeck.decks import notetype

FUZZ_EXAMPLES = int(os.environ.get("VOCABDECK_FUZZ_EXAMPLES", "20"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=os.environ.get("VOCABDECK_HYPOTHESIS") == "ci",
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

PIECES = [
    "经济发展面临重大挑战", "专家认为", "政府应该积极应对", "阻挠", "行长", "会长", "日本", "银行",
    "The economy faces challenges", "experts believe", "2024", "３．１４", "一二三",
    "。", "，", "！", "？", "；", "：", "“", "”", "……", "——", ".", ",", " ", "\n", "\n\n", "\t",
    "\x00", "\x1b[2J", "\u200b", "\u202e", "\ufeff", "\r", "\x7f",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;b&gt;", "&amp;",
    "[sound:x.mp3]", "{{Front}}", "}}", "[anki:tts]", "::", "\x1f",
]
text_strategy = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), min_size=1, max_size=60).map("".join)
LIVE = re.compile(r"<\s*(script|img|svg|iframe)\b|<[^>]*\son\w+\s*=|\[sound:|\[anki:|\{\{|\}\}", re.I)


def _one_line_failure(result) -> None:
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    if result.exit_code:
        errors = [ln for ln in result.stderr.splitlines() if ln.startswith("vocabdeck: error:")]
        assert len(errors) == 1, result.stderr
        assert "\x1b" not in result.stderr


@FUZZ
@given(zh=text_strategy, en=st.none() | text_strategy)
def test_words_on_random_text(tmp_path_factory, zh, en):
    folder = tmp_path_factory.mktemp("fuzz")
    article = folder / "article.txt"
    article.write_text(zh, encoding="utf-8", errors="surrogatepass")
    args = ["words", str(article), "--levels", "all", "--names", "--format", "json"]
    if en is not None:
        (folder / "en.txt").write_text(en, encoding="utf-8", errors="surrogatepass")
        args += ["--english", str(folder / "en.txt")]
    result = CliRunner().invoke(app, args)
    _one_line_failure(result)
    if result.exit_code == 0:
        for card in json.loads(result.stdout):
            assert card["word"] in zh.replace("\u200b", "") or card["traditional"] in zh


@FUZZ
@given(zh=text_strategy)
def test_build_on_random_text_keeps_markup_inert(tmp_path_factory, zh):
    folder = tmp_path_factory.mktemp("fuzz")
    article = folder / "article.txt"
    article.write_text("经济发展面临重大挑战。" + zh, encoding="utf-8", errors="surrogatepass")
    out = folder / "deck.tsv"
    result = CliRunner().invoke(app, ["build", str(article), "--levels", "all", "--names",
                                      "--cards", "recognition,recall", "-o", str(out)])
    _one_line_failure(result)
    if result.exit_code == 0:
        n = len(notetype.FIELDS)  # the note fields; the deck and tag columns are no HTML
        for line in out.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                fields = line.split("\t")[:n]
                assert not any(LIVE.search(f) for f in fields), fields
