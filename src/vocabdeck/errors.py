"""The errors vocabdeck raises for problems a user can fix."""

from __future__ import annotations


class VocabdeckError(Exception):
    """A problem the user can fix. The CLI prints its message on one line and exits 1.

    The message says what went wrong, names the file or option, and says what to do.
    """


class UsageError(VocabdeckError):
    """A bad option value. The CLI exits 2 (as for any usage error)."""
