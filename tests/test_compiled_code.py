"""Dataclass methods served from the cache of compiled code (console entry point)."""

from __future__ import annotations

import dataclasses

import pytest

from vocabdeck import compiled_code


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """install() with an empty cache folder; dataclasses as it was afterwards."""
    from vocabdeck.data import cache

    monkeypatch.setattr(cache, "cache_dir", lambda: tmp_path)
    monkeypatch.setattr(compiled_code, "_state", {})
    monkeypatch.setattr(dataclasses, "exec", None, raising=False)  # undone afterwards
    monkeypatch.delattr(dataclasses, "exec")

    def install():
        vars(dataclasses).pop("exec", None)
        compiled_code._state.clear()
        compiled_code.install()
        return compiled_code._state

    return install


def _record():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Record:
        word: str
        count: int = 0
        tags: tuple = ()

    return Record


def _behaviour(cls):
    a, b = cls("学习", 2, ("x",)), cls("学习", 2, ("x",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.word = "x"
    return repr(a), a == b, hash(a) == hash(b), a == cls("学习", 3, ("x",))


def test_a_dataclass_from_the_cache_behaves_as_compiled(fresh):
    plain = _behaviour(_record())
    state = fresh()
    first = _behaviour(_record())
    assert state["made"] and not state["stored"]
    compiled_code.save()
    state = fresh()
    assert state["stored"]
    served = _behaviour(_record())
    assert not state["made"]  # every method came from the cache
    assert plain == first == served


def test_a_damaged_or_foreign_cache_file_means_compiling_as_usual(fresh, tmp_path):
    fresh()
    _record()
    compiled_code.save()
    (path,) = tmp_path.glob("dataclasses-*.marshal")
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF
    path.write_bytes(bytes(data))
    state = fresh()
    assert not state["stored"]
    assert _behaviour(_record())[1:] == (True, True, False)
    assert compiled_code._load(state["sources"], b"\0\0\r\n") == {}  # another interpreter's bytecode
