"""The code passes ruff with the configuration in pyproject.toml (complexity over 15 and
long lines only with a `noqa` that says why), and no module is long without a reason."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MAX_LINES = 470  # "about 450"

# Modules over the limit today, to be split (or to say why not) by the branches that own them.
NOT_YET_SPLIT: dict[str, str] = {}


def test_ruff_passes():
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "src", "tests", "bench"],
                         cwd=REPO, capture_output=True, text=True)
    assert "No module named ruff" not in run.stderr, "ruff is in the test extra: pip install -e '.[test]'"
    assert run.returncode == 0, run.stdout + run.stderr


def _long_modules() -> list:
    out = []
    for path in sorted((REPO / "src").rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        if path.read_text(encoding="utf-8").count("\n") > MAX_LINES:
            marks = [pytest.mark.xfail(strict=True, reason=NOT_YET_SPLIT[name])] if name in NOT_YET_SPLIT else []
            out.append(pytest.param(path, id=name, marks=marks))
    return out or [pytest.param(None, id="none")]


@pytest.mark.parametrize("path", _long_modules())
def test_a_long_module_says_why(path):
    """A module over MAX_LINES lines says in its docstring, after "Long module:", why."""
    if path is None:
        return
    text = path.read_text(encoding="utf-8")
    docstring = text.split('"""')[1] if text.lstrip().startswith('"""') else ""
    assert "Long module:" in docstring, f"{path.name}: {text.count(chr(10))} lines and no note why"
