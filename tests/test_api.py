"""The Python API: importing vocabdeck is cheap, the README's examples run, pasted text
becomes a deck."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import vocabdeck

REPO = Path(__file__).resolve().parents[1]
PASTED = """国际航班恢复
International flights resume

国际航班逐步恢复，旅客需要提前预订机票。
International flights are gradually resuming, and travellers need to book tickets in advance.
"""


def test_import_is_lazy():
    code = "import sys, vocabdeck; print(sorted(m for m in sys.modules if m.startswith('vocabdeck')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['vocabdeck']"
    heavy = "import sys, vocabdeck; vocabdeck.Options; print('jieba' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", heavy], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


def test_all_names_resolve():
    for name in vocabdeck.__all__:
        assert getattr(vocabdeck, name) is not None, name


def test_readme_examples_run():
    """Every ```python block of the README, run as a doctest."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in readme.split("```python\n")[1:]]
    assert blocks, "the README has no Python examples"
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README block {i}", "README.md", 0)
        assert test.examples, f"README block {i} has no examples"
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_docstring_examples_run():
    from vocabdeck import api

    failed, tried = doctest.testmod(api)
    assert tried >= 5 and failed == 0


def test_pasted_text_becomes_a_deck(tmp_path):
    out = tmp_path / "flights.apkg"
    selection = vocabdeck.build_deck(PASTED, out, levels={1, 2, 3, 4, 5, 6, 7}, timestamp=1_700_000_000)
    words = {w.word for w in selection.cards}
    assert {"航班", "恢复", "预订"} <= words
    assert all(w.sentence.pair.en for w in selection.cards)  # the pasted page is bilingual
    with zipfile.ZipFile(out) as z:
        assert "collection.anki2" in z.namelist()
    # A str and a file with the same text give the same deck.
    page = tmp_path / "flights.txt"
    page.write_text(PASTED, encoding="utf-8")
    from_file = tmp_path / "from-file.json"
    from_str = tmp_path / "from-str.json"
    vocabdeck.build_deck(page, from_file, deck_name="国际航班恢复", levels={1, 2, 3, 4, 5, 6, 7})
    vocabdeck.build_deck(PASTED, from_str, levels={1, 2, 3, 4, 5, 6, 7})
    assert json.loads(from_file.read_text("utf-8")) == json.loads(from_str.read_text("utf-8"))


def test_pasted_text_with_a_pasted_translation():
    text = vocabdeck.read_article("国际航班逐步恢复。", english="International flights are gradually resuming.")
    assert text.zh == ("国际航班逐步恢复。",) and not text.paired
    selection = vocabdeck.find_words(text, levels={1, 2, 3, 4, 5, 6, 7})
    assert selection.cards and selection.cards[0].sentence.pair.en


def test_a_bad_option_is_a_usage_error():
    import pytest

    with pytest.raises(vocabdeck.UsageError):
        vocabdeck.find_words("国际航班逐步恢复。", min_count=0)
