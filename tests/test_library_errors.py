"""Library errors carry what went wrong (option, value, path) and name options by their
Options / API name; only the command line (cli.py and its cli_*.py modules, and the web
page that shows its messages) turns them into flags."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import vocabdeck
from vocabdeck.cli import cli_message, flag
from vocabdeck.errors import InputError, OptionError, UsageError, VocabdeckError, option_ref

SRC = Path(vocabdeck.__file__).parent
ERRORS = {"VocabdeckError", "UsageError", "OptionError", "InputError"}
# A command-line flag of ours: "--levels", "-o ". Other programs' flags (pip's) are allowed.
FLAG = re.compile(r"(?<![\w-])(--(?!force-reinstall)[a-z][a-z-]*|-o\s)")


def _library_files() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py"))
            if p.stem.partition("_")[0] != "cli" and "web" not in p.relative_to(SRC).parts]


def _error_texts(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ERRORS:
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for sub in ast.walk(arg):
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                        yield node.lineno, sub.value


def test_no_flag_text_in_library_error_messages():
    found = [f"{p.relative_to(SRC)}:{line}: {text!r}"
             for p in _library_files() for line, text in _error_texts(p) if FLAG.search(text)]
    assert not found, "\n".join(found)


def test_the_scan_sees_flag_text():
    """The scan above can fail: a message naming a flag is caught."""
    assert FLAG.search("--levels: cannot read 'x'") and FLAG.search("-o deck.apkg: unknown")
    assert not FLAG.search("reinstall it (pip install --force-reinstall jieba)")


@pytest.mark.parametrize("name, shown", [
    ("output", "-o"), ("english", "--english"), ("deck_name", "--deck-name"), ("levels", "--levels"),
    ("known_min_interval", "--known-min-interval"),
])
def test_flag_of_an_option(name, shown):
    assert flag(name) == shown


def test_option_error_carries_the_option_and_renders_both_ways():
    e = OptionError("output", "x.doc", f"unknown deck format; with {option_ref('per_article')} give a folder")
    assert (e.option, e.value) == ("output", "x.doc")
    assert e.reason == "unknown deck format; with per_article give a folder"
    assert str(e) == "output x.doc: unknown deck format; with per_article give a folder"
    assert cli_message(e) == "-o x.doc: unknown deck format; with --per-article give a folder"
    assert isinstance(e, UsageError)


def test_input_error_carries_the_path():
    e = InputError(Path("words.txt"), "cannot be read; check the path", option="known")
    assert (e.path, e.option, e.reason) == (Path("words.txt"), "known", "cannot be read; check the path")
    assert str(e) == "known words.txt: cannot be read; check the path"
    assert cli_message(e) == "--known words.txt: cannot be read; check the path"
    assert isinstance(e, VocabdeckError) and not isinstance(e, UsageError)


def test_a_bad_option_through_the_api():
    with pytest.raises(vocabdeck.OptionError) as caught:
        vocabdeck.find_words("图书馆开设夜间阅览室。", min_count=0)
    assert caught.value.option == "min_count" and caught.value.value == 0
    assert "--" not in str(caught.value)
    assert cli_message(caught.value) == "--min-count must be 1 or more."


def test_a_bad_levels_value_names_the_option():
    from vocabdeck.zh.select import parse_levels

    with pytest.raises(OptionError) as caught:
        parse_levels("9x")
    assert (caught.value.option, caught.value.value) == ("levels", "9x")
    assert str(caught.value).startswith("levels: cannot read '9x'.")
    assert cli_message(caught.value).startswith("--levels: cannot read '9x'.")


def test_a_logged_notice_names_the_option_plainly_and_the_cli_by_its_flag():
    import logging

    from vocabdeck.errors import OptionName, log_message

    record = logging.LogRecord("vocabdeck", logging.WARNING, __file__, 1, "the %s file (%.2f) is odd",
                               (OptionName("english"), 0.1234), None)
    assert record.getMessage() == "the english file (0.12) is odd"
    assert log_message(record, flag) == "the --english file (0.12) is odd"
