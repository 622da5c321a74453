"""vocabdeck: turn a Chinese article into an Anki deck of the words worth learning."""

__version__ = "0.1.0"
