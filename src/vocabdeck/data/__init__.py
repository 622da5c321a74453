"""Loaded data (CC-CEDICT, HSK lists, frequencies) and the cache it is built into."""
