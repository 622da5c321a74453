"""The cache helper: built once, announced once, never left half-written."""

from __future__ import annotations

import pytest

from vocabdeck import dictionaries


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(dictionaries, "cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setattr(dictionaries, "_announced", False)
    source = tmp_path / "source.txt"
    source.write_text("data", encoding="utf-8")
    return source


def test_a_first_run_announces_its_caches_in_one_line(cache, capsys):
    built = []
    for name in ("one.db", "two.db"):
        path = dictionaries.cached_build(name, [cache], lambda tmp, name=name: (built.append(name), tmp.write_text(name)))
        assert path.read_text() == name
    assert dictionaries.cached_build("one.db", [cache], lambda tmp: built.append("again")).read_text() == "one.db"
    assert built == ["one.db", "two.db"]
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "building caches" in lines[0], lines


def test_a_changed_source_rebuilds_and_removes_the_old_cache(cache):
    first = dictionaries.cached_build("one.db", [cache], lambda tmp: tmp.write_text("old"))
    cache.write_text("changed data", encoding="utf-8")
    second = dictionaries.cached_build("one.db", [cache], lambda tmp: tmp.write_text("new"))
    assert second != first and second.read_text() == "new" and not first.exists()


def test_a_failed_build_leaves_nothing(cache):
    def fail(tmp):
        tmp.write_text("half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        dictionaries.cached_build("one.db", [cache], fail)
    assert list((cache.parent / "cache").iterdir()) == []
