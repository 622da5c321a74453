"""The command line: documented commands, cheap start-up, one-line errors for bad options."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vocabdeck.cli import app

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()
COMMANDS = ["build", "words", "handout", "serve", "align", "annotate", "lookup"]


def test_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme_and_has_an_example(command):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"### `vocabdeck {command}" in readme
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: vocabdeck {command}" in result.output


def test_every_option_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        help_text = runner.invoke(app, [command, "--help"]).output
        for option in set(re.findall(r"--[a-z][a-z-]+", help_text)) - {"--help"}:
            assert re.search(re.escape(option) + r"\b", readme), f"{command} {option} is not in README.md"


def test_importing_the_cli_loads_no_dictionary_or_heavy_library():
    code = (
        "import sys, vocabdeck.cli\n"
        "heavy = {'jieba', 'numpy', 'genanki', 'pypinyin', 'sqlite3', 'g2pM', 'charset_normalizer'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    "args,option",
    [
        (["--levels", "6-4"], "--levels"),
        (["--standard", "3.5"], "--standard"),
        (["--min-zipf", "5", "--max-zipf", "3"], "--min-zipf"),
        (["--cards", "flashy"], "--cards"),
        (["--known", "no-such-known-list.txt"], "--known"),
    ],
)
def test_bad_option_gets_one_line_naming_it(tmp_path, args, option):
    article = tmp_path / "a.txt"
    article.write_text("我们今天去图书馆看书。\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(article), "-o", str(tmp_path / "a.apkg"), *args])
    assert result.exit_code in (1, 2)
    assert option in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "a.apkg").exists()


def test_help_lists_build_first_with_whole_sentences():
    for flag in ("--help", "-h"):
        result = runner.invoke(app, [flag])
        assert result.exit_code == 0
        listing = result.output.split("Commands:")[1]
        names = re.findall(r"^  (\w+)\s", listing, re.M)
        assert names[0] == "build" and set(names) == set(COMMANDS)
        assert "..." not in listing  # no description cut mid-sentence


def test_version():
    from vocabdeck import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output == f"vocabdeck {__version__}\n"


def test_ci_runs_the_readme_commands():
    """.ci/run installs and tests exactly as the README's quick start and tests say."""
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    quick = next(b for b in blocks if "vocabdeck build samples/library-night.txt" in b)
    tests = next(b for b in blocks if "pytest" in b)
    assert quick in ci and tests in ci


def test_commands_run_with_the_collector_paused_and_the_server_with_it_on():
    """A build pauses the cyclic collector (pipeline.paused_gc); `serve` runs for hours, so
    it collects, though the entry point turned the collector off for start-up."""
    import gc

    from vocabdeck.cli import run

    was = gc.isenabled()
    try:
        gc.disable()
        assert run(gc.isenabled) is False
        assert run(gc.isenabled, server=True) is True
    finally:
        (gc.enable if was else gc.disable)()
