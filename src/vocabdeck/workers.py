"""A map over worker processes, results in order: `--jobs N` for the language stages.

    with Workers(jobs, warm=load_everything) as pool:
        for result in pool.map(work, items):   # the order of `items`, as map() gives it
            ...

To end a stage, where this process would only wait, it can work too:

    with Workers(jobs, shared=records, here=True) as pool:   # jobs - 1 workers
        for result in pool.share(work, spans):   # work(records, span); the first span here
            ...

Workers are forked from this process after `warm()` has loaded what every item needs (the
dictionaries, the reading model), so each starts with them in memory, shared with the
parent until written to, and with a copy of this run's session (its memos are then the
worker's own). A function and its results cross between processes by pickling; the
function must be a module-level one.

Where fork is not the way to start processes (Windows, and macOS, where forking a process
that has loaded system frameworks is unsafe and Python starts processes by spawning
them), the map runs in this process. A spawned worker would import vocabdeck and load the
dictionaries and the model again before its first batch: measured on Linux, 0.83 s of CPU
and 94 MiB a worker, where a second core saves at most about 1.2 s of a 1 MB build's
segmenting and reading; not worth the memory and the risk for what is left.

No worker outlives the map: leaving the `with` block for any reason (the last result,
an error in a worker or here, Ctrl-C, SIGTERM) kills and reaps them; a worker ignores
Ctrl-C (the parent ends it), and on Linux is killed if the parent dies without a chance
to end it (SIGKILL).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Items handed out ahead of the one whose result is awaited, per worker: enough to keep
# every worker busy while the parent uses a result, few enough that results waiting in
# the parent stay a bounded amount of memory.
AHEAD = 2


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def free_cores() -> int:
    """The cores not taken by other work: the cores less the 1-minute load average (this
    process counted as one), at least 1. Workers on a core that another job holds only
    add their own cost: measured with other jobs taking about one of the 2 cores, a 1 MB
    build took 5.38 s with 2 workers and 4.98 s in one process.

    The load average trails by a minute: a build that has just ended (the run before, in
    a script or a benchmark) still counts in it. Where the processes running at this
    moment are fewer (Linux), they count instead."""
    n = cores()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return n
    now = running_now()
    if now is not None:
        load = min(load, now)
    return max(1, min(n, round(n + 1 - load)))


def running_now() -> int | None:
    """Processes running or ready to run at this moment, this one included (Linux's
    /proc/loadavg), or None where that is not known."""
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            return int(f.read().split()[3].partition("/")[0])
    except (OSError, ValueError, IndexError):
        return None


def can_fork() -> bool:
    """Whether workers can be forked here (see the module's docstring)."""
    import multiprocessing

    return sys.platform not in ("darwin", "win32") and "fork" in multiprocessing.get_all_start_methods()


# In a worker: the object its Workers was given as `shared` (inherited through fork).
_shared = None
_is_worker = False


def in_worker() -> bool:
    """Whether this process is one of a Workers' processes, whose results go back to the
    process that forked it."""
    return _is_worker


def _worker_start(shared=None) -> None:
    """In each worker, before its first item: Ctrl-C is the parent's to handle (it ends
    the workers), SIGTERM ends the worker at once, and on Linux the worker dies with
    its parent."""
    global _shared, _is_worker
    _shared, _is_worker = shared, True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # held by the parent while it forked (_signals_held)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() == 1:  # the parent died before the line above took effect
        os._exit(1)


_HELD = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _signals_held():
    """Ctrl-C and SIGTERM held back while workers are forked. A signal that arrives during
    os.fork is handled inside a fork hook (logging's), where the KeyboardInterrupt the
    handler raises is printed and dropped: the build went on as if never interrupted
    (seen as a SIGTERM 15-20 ms into writing a deck). Held, it is handled right after,
    where it ends the build."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


_NO_ITEM = object()


def _with_shared(job: tuple[Callable, object]):
    func, item = job
    return func(_shared, item)


class Workers:
    """`jobs` worker processes (none when jobs <= 1 or fork is unavailable: `map` then
    runs in this process).

    `shared` is handed to each worker as the forked process inherits it, never pickled:
    `map_shared(func, items)` gives func(shared, item), so that items can be small (say,
    ranges of a list of records the parent holds). With `here`, this process counts as
    one of the jobs and works too (`share`)."""

    def __init__(self, jobs: int, warm: Callable[[], None] | None = None, shared: object = None,
                 here: bool = False) -> None:
        self.jobs = jobs if jobs > 1 and can_fork() else 1
        self._warm = warm
        self._shared = shared
        self._here = here  # this process is one of the jobs (share): jobs - 1 workers
        self._executor = None

    def __enter__(self) -> Workers:
        if self.jobs > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            if self._warm is not None:
                self._warm()
            self._executor = ProcessPoolExecutor(
                self.jobs - self._here, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start,
                initargs=(self._shared,),
            )
        return self

    def map(self, func: Callable[[T], R], items: Iterable[T],
            here: Callable[[T], R] | None = None) -> Iterator[R]:
        """func(item) for each item, in order. The first items go to the workers at once
        (the workers are forked then), before the results are asked for. With `here`
        (func's equal in this process), this process works out the first item itself
        while the workers start on the next ones, instead of waiting for the workers'
        first result (their fork and first item)."""
        if self._executor is None:
            return map(func, items)
        pending: deque = deque()
        items = iter(items)
        first = next(items, _NO_ITEM) if here is not None else _NO_ITEM
        with _signals_held():  # the workers are forked at the first submit
            for item in items:
                pending.append(self._executor.submit(func, item))
                if len(pending) >= self.jobs * AHEAD:
                    break
        return self._results(func, items, pending, first, here)

    def _results(self, func, items: Iterator, pending: deque, first, here) -> Iterator:
        if first is not _NO_ITEM:
            yield here(first)
        while pending:
            result = pending.popleft().result()
            for item in items:
                pending.append(self._executor.submit(func, item))
                break
            yield result

    def map_shared(self, func: Callable[[object, T], R], items: Iterable[T],
                   first_here: bool = False) -> Iterator[R]:
        """func(shared, item) for each item, in order; with `first_here`, the first item
        in this process (see map)."""
        if self._executor is None:
            return (func(self._shared, item) for item in items)
        here = (lambda job: func(self._shared, job[1])) if first_here else None
        return self.map(_with_shared, ((func, item) for item in items), here)

    def share(self, func: Callable[[object, T], R], items: Iterable[T]) -> Iterator[R]:
        """map_shared with the first item in this process: for the work that ends a stage,
        where this process would otherwise wait (a pool made with `here`: one worker
        fewer than the jobs)."""
        return self.map_shared(func, items, first_here=True)

    def __exit__(self, *exc) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        # Kill rather than wait: on an error or an interruption the work still queued is
        # of no use, and on success nothing is left running.
        processes = list((getattr(executor, "_processes", None) or {}).values())
        for process in processes:
            if process.is_alive():
                process.kill()
        # On success every result is in and the workers were idle: the pool's threads end
        # at once. After an error or an interruption a worker may have been killed halfway
        # through sending a result or reading its next batch, and the pool's threads would
        # wait for the rest forever (a SIGTERM 1.5 s into a build hung it): they are left
        # behind, and the command's process ends without waiting for them (console.py).
        executor.shutdown(wait=exc[0] is None, cancel_futures=True)
        for process in processes:
            process.join()
