"""The errors vocabdeck raises for problems a user can fix.

Library messages name options by their Options / API parameter name ("levels", "output",
"deck_name"), never by a command-line flag. A message refers to an option through
`option_ref(name)`, a marker that str() renders as the plain name and that the command line
renders as its flag (`VocabdeckError.render`), so one message serves both.
"""

from __future__ import annotations

import re
from typing import Any, Callable

_REF = re.compile(r"\{option:(\w+)\}")


def option_ref(name: str) -> str:
    """A reference to option `name` inside a message (rendered by `VocabdeckError.render`)."""
    return "{option:" + name + "}"


def _plain(text: str) -> str:
    return _REF.sub(lambda m: m[1], text)


class OptionName(str):
    """An option's name as an argument of a logged notice: log.warning("the %s file ...",
    OptionName("english")) reads "the english file ..." to a library user; the command line
    formats the record with the flag instead (`log_message`)."""


def log_message(record, name_option: Callable[[str], str] = str) -> str:
    """A logging record's message, each OptionName argument named by `name_option`."""
    if not isinstance(record.args, tuple) or not any(isinstance(a, OptionName) for a in record.args):
        return record.getMessage()
    return str(record.msg) % tuple(name_option(a) if isinstance(a, OptionName) else a for a in record.args)


class VocabdeckError(Exception):
    """A problem the user can fix. The CLI prints its message on one line and exits 1.

    The message says what went wrong, names the file or option, and says what to do.
    """

    def render(self, name_option: Callable[[str], str] = str) -> str:
        """The message, each option named by `name_option(name)` (the plain name by default)."""
        text = str(self.args[0]) if self.args else ""
        return _REF.sub(lambda m: name_option(m[1]), text)

    def __str__(self) -> str:
        return self.render()


class UsageError(VocabdeckError):
    """A bad option value. The CLI exits 2 (as for any usage error)."""


class OptionError(UsageError):
    """A bad value for one option: `.option` (its Options / API name), `.value` and `.reason`.

    str() reads "levels '9x': ...", or "levels: ..." without a value; `template` (with
    {option}, {value} and {reason}) gives another word order.
    """

    def __init__(self, option: str, value: Any, reason: str, template: str | None = None):
        self.option, self.value, self.reason = option, value, _plain(reason)
        if template is None:
            template = "{option}: {reason}" if value is None else "{option} {value}: {reason}"
        super().__init__(template.format(option=option_ref(option), value=value, reason=reason))

    def __reduce__(self):  # pickles by the message, as a plain UsageError
        return UsageError, self.args


class InputError(VocabdeckError):
    """A file that cannot be used: `.path`, `.reason`, and `.option` when an option gave it
    ("known", "english"; None for the article). str() reads "known words.txt: ..."."""

    def __init__(self, path: Any, reason: str, option: str | None = None):
        self.path, self.option, self.reason = path, option, _plain(reason)
        named = f"{option_ref(option)} {path}" if option else f"{path}"
        super().__init__(f"{named}: {reason}")

    def __reduce__(self):
        return VocabdeckError, self.args


class Terminated(KeyboardInterrupt):
    """SIGTERM (a timeout, systemd, a cancelled CI job), raised where the signal arrives so
    that the same clean-up as for Ctrl-C runs. The CLI exits 143 (128 + 15)."""


# The interruption (KeyboardInterrupt or Terminated) a signal asked for, once one has. Python
# prints and drops an exception raised while it runs a callback (a weak reference's, an
# import lock's), so a signal arriving there would let the build go on and replace the old
# deck; a deck is moved into place only after raise_if_stopped() (decks/files.py).
_stop_requested: type[KeyboardInterrupt] | None = None


def stop(interruption: type[KeyboardInterrupt]) -> None:
    """What the console's signal handlers do: remember the interruption, then raise it."""
    global _stop_requested
    _stop_requested = interruption
    raise interruption()


def raise_if_stopped() -> None:
    """Raise the interruption a signal asked for, if any, even where its first raise was dropped."""
    if _stop_requested is not None:
        raise _stop_requested()

