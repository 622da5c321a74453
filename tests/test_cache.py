"""The cache helper: built once, announced once, never left half-written."""

from __future__ import annotations

import pytest

from vocabdeck.data import cache


@pytest.fixture
def source_file(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setattr(cache, "_announced", False)
    source = tmp_path / "source.txt"
    source.write_text("data", encoding="utf-8")
    return source


def test_a_first_run_announces_its_caches_in_one_line(source_file, capsys):
    built = []
    for name in ("one.db", "two.db"):
        path = cache.cached_build(name, [source_file], lambda tmp, name=name: (built.append(name), tmp.write_text(name)))
        assert path.read_text() == name
    assert cache.cached_build("one.db", [source_file], lambda tmp: built.append("again")).read_text() == "one.db"
    assert built == ["one.db", "two.db"]
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "building caches" in lines[0], lines


def test_a_changed_source_rebuilds_and_removes_the_old_cache(source_file):
    first = cache.cached_build("one.db", [source_file], lambda tmp: tmp.write_text("old"))
    source_file.write_text("changed data", encoding="utf-8")
    second = cache.cached_build("one.db", [source_file], lambda tmp: tmp.write_text("new"))
    assert second != first and second.read_text() == "new" and not first.exists()


def test_a_failed_build_leaves_nothing(source_file):
    def fail(tmp):
        tmp.write_text("half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        cache.cached_build("one.db", [source_file], fail)
    assert list((source_file.parent / "cache").iterdir()) == []
