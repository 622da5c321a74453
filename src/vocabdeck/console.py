"""The console entry point (`vocabdeck`): signals, the CLI, then a quick exit.

Kept apart from cli.py so that it can catch Ctrl-C and SIGTERM before typer and the rest
load, and so that tests, which run the CLI in-process through cli.app, never meet its
os._exit.
"""

from __future__ import annotations

import errno
import gc
import io
import os
import signal
import sys

from vocabdeck import compiled_code, compiled_regex, errors
from vocabdeck.errors import Terminated


def _terminate(signum, frame):
    errors.stop(Terminated)


def _interrupt(signum, frame):
    errors.stop(KeyboardInterrupt)


def _unraisable(info) -> None:
    """An interruption raised inside a callback, where Python drops it: nothing to print
    (errors.stop remembered it and the build stops at its next check); anything else is
    reported as Python does."""
    if isinstance(info.exc_value, KeyboardInterrupt):
        return
    sys.__unraisablehook__(info)


class _ClosedStream(io.RawIOBase):
    """Stands for a standard stream that was closed when vocabdeck started (`>&-`): writing
    to it fails loudly instead of losing the output."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        raise OSError(errno.EBADF, "standard output is closed; redirect it to a file instead")


def _guard_stdout() -> None:
    try:
        os.fstat(1)
        return
    except OSError:
        pass
    # Keep fd 1 taken, so that no file opened later (a cache, the deck) becomes stdout.
    fd = os.open(os.devnull, os.O_WRONLY)
    if fd != 1:
        os.dup2(fd, 1)
        os.close(fd)
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedStream()), encoding="utf-8", line_buffering=True)


def _flush() -> int:
    """Flush stdout and stderr; 0, or 1 with a message when the output could not be written."""
    code = 0
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away (`| head`): nothing to say
            code = 1
        except OSError as e:
            code = 1
            if stream is sys.stdout:
                try:
                    sys.stderr.write(f"vocabdeck: error: cannot write the output ({e.strerror or e}).\n")
                    sys.stderr.flush()
                except (OSError, AttributeError):
                    pass
    return code


def main() -> None:
    """Run the CLI, then end the process without tearing the heap down.

    Freeing millions of small objects at exit took 0.6-0.7 s of a 1 MB build (13%) and
    0.035 s of the seed: once the command has returned, every deck file is closed (the
    writers close them) and stdout and stderr are flushed here, so os._exit loses nothing
    and keeps the exit code.
    """
    signal.signal(signal.SIGTERM, _terminate)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored (a background job)
        signal.signal(signal.SIGINT, _interrupt)
    sys.unraisablehook = _unraisable
    # The cyclic collector stays off from here: start-up (typer, the CLI, the pipeline's
    # modules, 10 ms of collections on the seed) makes no cycles worth collecting, every
    # command's body runs with it paused already (pipeline.paused_gc, which leaves it off
    # when it found it off), and the process ends with os._exit below.
    gc.disable()
    code = 0
    try:
        _guard_stdout()
        compiled_regex.install()
        compiled_code.install()
        from vocabdeck.cli import app

        app()
    except SystemExit as e:
        if e.code is None:
            code = 0
        elif isinstance(e.code, int):
            code = e.code
        else:
            print(e.code, file=sys.stderr)
            code = 1
    except KeyboardInterrupt as e:  # before the command started: nothing was written
        sys.stderr.write("vocabdeck: interrupted; nothing was written.\n")
        code = 143 if isinstance(e, Terminated) else 130
    compiled_regex.save()
    compiled_code.save()
    flushed = _flush()
    _report_rusage()
    os._exit(code or flushed)


def _report_rusage() -> None:
    """For bench/run.py: this process's own peak memory, apart from its workers', as JSON
    in the file named by VOCABDECK_RUSAGE (a parent's wait4 sees only the larger of the two)."""
    path = os.environ.get("VOCABDECK_RUSAGE")
    if not path:
        return
    try:
        import json
        import resource

        own = resource.getrusage(resource.RUSAGE_SELF)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"self_maxrss_kib": own.ru_maxrss, "children_maxrss_kib": workers.ru_maxrss,
                       "self_cpu_s": round(own.ru_utime + own.ru_stime, 4)}, f)
    except (ImportError, OSError):
        pass

