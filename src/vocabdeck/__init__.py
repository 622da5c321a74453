"""vocabdeck: turn a Chinese article into an Anki deck of the words worth learning.

The Python API (see the README's "Python API"): read_article, find_words, write_deck,
build_deck, lookup, lookup_many, annotate; the records they take and give (Options,
Selection, Word, Text, Sentence, SentencePair, Token, Entry); Session for per-run state;
and the errors. Names load on first use, so `import vocabdeck` stays cheap.
"""

__version__ = "0.1.0"

_HOMES = {
    "vocabdeck.api": ("read_article", "find_words", "write_deck", "build_deck", "lookup", "lookup_many", "annotate"),
    "vocabdeck.model": ("Options", "Selection", "Word", "Text", "Sentence", "SentencePair", "Token", "Entry",
                        "STANDARDS", "DEFAULT_STANDARD", "ALL_LEVELS"),
    "vocabdeck.session": ("Session",),
    "vocabdeck.errors": ("VocabdeckError", "UsageError", "OptionError", "InputError"),
}
_WHERE = {name: module for module, names in _HOMES.items() for name in names}

__all__ = list(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'vocabdeck' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
