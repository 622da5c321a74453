"""The errors vocabdeck raises for problems a user can fix."""

from __future__ import annotations


class VocabdeckError(Exception):
    """A problem the user can fix. The CLI prints its message on one line and exits 1.

    The message says what went wrong, names the file or option, and says what to do.
    """


class UsageError(VocabdeckError):
    """A bad option value. The CLI exits 2 (as for any usage error)."""


class Terminated(KeyboardInterrupt):
    """SIGTERM (a timeout, systemd, a cancelled CI job), raised where the signal arrives so
    that the same clean-up as for Ctrl-C runs. The CLI exits 143 (128 + 15)."""
