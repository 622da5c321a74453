"""Speed and memory of whole vocabdeck processes, each beside the floor it is judged against.

    python bench/run.py              # N=7 runs of everything
    python bench/run.py --quick      # N=3, without the 1 MB text
    python bench/run.py --runs 11 --json

Every figure is the median of N runs in fresh processes with a warm OS cache, after one
warm-up run that also builds vocabdeck's own caches. A command and its floor run
interleaved (floor, build, build, floor, ...) so that noise on the machine hits both.
Peak memory is the child's ru_maxrss from os.wait4 (for a build with workers, the largest
of the parent and its workers); vocabdeck's own process alone, as it reports it at exit
(VOCABDECK_RUSAGE), is the "parent MiB" column. Children may write bytecode
(PYTHONDONTWRITEBYTECODE is dropped from their environment): `pip install` compiles an
installed package's .pyc files, and the warm-up run does the same for an editable
checkout, so every measured run imports compiled modules as a user's install does.
Standard library only.

Benchmarks (targets of issue 22, "speed, round two"):

  seed      build the seed bilingual page          <= 0.40x floor (stretch 0.35x), <= 120 MiB
  1mb       build 1 MB of news, --levels all       <= 4.0x jieba.lcut (stretch 3.5x), parent <= 160 MiB;
            the same with --jobs 1                 <= 5.5x jieba.lcut
  course    one build of 100 article-sized files   <= 1.8x floor (stretch 1.6x); --jobs 1 beside it
  help      vocabdeck --help                       < 0.15 s, imports no dictionary
  line10mb  build 10 MB of one unpunctuated line   (only when asked: see BIG below)
  book50mb  build a 50 MB book                     (only when asked: see BIG below)

line10mb and book50mb take minutes; they run only when named in --only, once each by
default (--runs to change), and are judged on CPU time (steadier than wall time on a
shared machine), peak memory and the size of the deck they write: all three must grow
linearly with the input.

A busy machine (other jobs on the cores) stretches wall time and not CPU time, and takes
the cores a build's workers need. When the median wall time of a command that runs in one
process is more than BUSY_RATIO times its median CPU time, or other processes used more
than OTHERS_BUSY of a core during a command's runs (/proc/stat), the rows measured with it
are not judged: their status reads "BUSY" (with what the figures would give) and the exit
status is 3.

The floor is `python -c "import jieba; jieba.initialize()"` with the same interpreter: the
least a naive tool pays before segmenting anything.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (a helper beside this script)

SEED = REPO.parent / "shared" / "seeds" / "japan-us-alliance.bilingual.txt"
SAMPLE = REPO / "samples" / "library-night.txt"

FLOOR_CODE = "import jieba; jieba.initialize()"

LCUT_CODE = """\
import sys, time, jieba
jieba.setLogLevel(60)
jieba.initialize()
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
words = jieba.lcut(text)
print(time.perf_counter() - start, len(words))
"""

# Run `vocabdeck --help` in-process, then report which heavy modules that pulled in.
HEAVY = ("jieba", "numpy", "genanki", "pypinyin", "sqlite3")
HELP_IMPORTS_CODE = f"""\
import sys
sys.argv = ["vocabdeck", "--help"]
from vocabdeck.cli import main
try:
    main()
except SystemExit:
    pass
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})
print("LOADED", " ".join(loaded) or "-", file=sys.stderr)
"""


# ---------------------------------------------------------------------------- running
@dataclass
class Run:
    seconds: float
    peak_mib: float
    cpu_seconds: float
    returncode: int
    stdout: str
    stderr: str
    parent_mib: float | None = None  # vocabdeck's own peak, without its workers
    workers_mib: float | None = None  # the largest peak of its workers (None: no report)
    parent_cpu: float | None = None  # vocabdeck's own CPU seconds, without its workers'
    others_cpu: float | None = None  # CPU seconds other processes took on the machine meanwhile


def machine_cpu() -> float | None:
    """CPU seconds all processes have used on this machine (user, nice, system, irq,
    softirq, steal from /proc/stat), or None where there is no /proc/stat."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    return sum(int(fields[i]) for i in (1, 2, 3, 6, 7, 8)) / ticks


# Share of one core that other processes may take during a run before it counts as busy
# (the machine's own daemons take a few percent).
OTHERS_BUSY = 0.25

# Wall time over CPU time above which a one-process command shows the machine was busy.
# Measured on the idle 2-core machine: 1.00-1.03 for the floor and the builds (a build
# waits for the disk very little); under load from other jobs, 1.5-8.
BUSY_RATIO = 1.25


# Without bytecode every import of a checkout recompiles vocabdeck's modules (25 ms of a
# seed build), a cost no installed copy has.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(cmd: list[str], cwd: Path) -> Run:
    """One whole process: wall time, peak RSS and CPU time of that child (with its workers)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".json") as rusage:
        env = dict(CHILD_ENV, VOCABDECK_RUSAGE=rusage.name)
        busy_before = machine_cpu()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        busy_after = machine_cpu()
        others = None
        if busy_before is not None and busy_after is not None:
            others = max(0.0, busy_after - busy_before - (usage.ru_utime + usage.ru_stime))
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        try:
            report = json.loads(Path(rusage.name).read_text())
            parent_mib, workers_mib = report["self_maxrss_kib"] / 1024, report["children_maxrss_kib"] / 1024
            parent_cpu = report.get("self_cpu_s")
        except (OSError, ValueError, KeyError):
            parent_mib = workers_mib = parent_cpu = None
        return Run(
            parent_cpu=parent_cpu,
            others_cpu=others,
            parent_mib=parent_mib,
            workers_mib=workers_mib,
            seconds=seconds,
            peak_mib=usage.ru_maxrss / 1024,  # Linux reports KiB
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


@dataclass
class Series:
    """N runs of one command; failed as soon as one run exits non-zero."""

    label: str
    cmd: list[str]
    runs: list[Run] = field(default_factory=list)
    error: str | None = None
    value: Callable[[Run], float] | None = None  # seconds taken from a run (default: wall time)
    one_process: bool = True  # False for a build with workers: its CPU time exceeds its wall time

    def add(self, run: Run) -> bool:
        if run.returncode != 0:
            tail = "\n".join(run.stderr.strip().splitlines()[-12:])
            self.error = f"exit code {run.returncode}; stderr ends:\n{tail}"
            return False
        try:
            if self.value is not None:
                self.value(run)
        except Exception as e:  # the probe printed something unexpected
            self.error = f"could not read the result ({e}); stdout: {run.stdout[-300:]!r}"
            return False
        self.runs.append(run)
        return True

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.runs)

    def seconds(self) -> float:
        pick = self.value or (lambda r: r.seconds)
        return statistics.median(pick(r) for r in self.runs)

    def wall(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    def cpu(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)

    def peak(self) -> float:
        return statistics.median(r.peak_mib for r in self.runs)

    def parent_peak(self) -> float | None:
        found = [r.parent_mib for r in self.runs if r.parent_mib is not None]
        return statistics.median(found) if found else None

    def parent_cpu(self) -> float | None:
        found = [r.parent_cpu for r in self.runs if r.parent_cpu is not None]
        return statistics.median(found) if found else None

    def workers_peak(self) -> float | None:
        found = [r.workers_mib for r in self.runs if r.workers_mib is not None]
        return statistics.median(found) if found else None

    def with_workers(self) -> str:
        """In how many runs the build used worker processes (the default --jobs takes the
        cores less the load average, so a busy machine gets fewer)."""
        n = sum(1 for r in self.runs if r.workers_mib)
        return f"workers in {n}/{len(self.runs)} runs" + ("" if n == len(self.runs) else " (the load average was high)")

    def others(self) -> float | None:
        """Median share of a core that other processes used during the runs."""
        found = [r.others_cpu / r.seconds for r in self.runs if r.others_cpu is not None and r.seconds > 0]
        return statistics.median(found) if found else None

    def busy(self) -> float | None:
        """Median wall over median CPU time when that, or the CPU other processes took
        meanwhile (which a build with workers needs), says the machine was busy."""
        if not self.runs or self.cpu() <= 0:
            return None
        ratio = self.wall() / self.cpu()
        others = self.others()
        if (self.one_process and ratio > BUSY_RATIO) or (others is not None and others > OTHERS_BUSY):
            return ratio
        return None

    def as_dict(self) -> dict:
        d = {"label": self.label, "cmd": self.cmd, "ok": self.ok, "error": self.error, "n": len(self.runs)}
        if self.ok:
            d.update(
                median_seconds=round(self.seconds(), 4),
                median_wall_seconds=round(self.wall(), 4),
                median_peak_mib=round(self.peak(), 1),
                max_peak_mib=round(max(r.peak_mib for r in self.runs), 1),
                median_cpu_seconds=round(statistics.median(r.cpu_seconds for r in self.runs), 4),
                median_parent_peak_mib=None if self.parent_peak() is None else round(self.parent_peak(), 1),
                median_parent_cpu_seconds=None if self.parent_cpu() is None else round(self.parent_cpu(), 4),
                median_workers_peak_mib=None if self.workers_peak() is None else round(self.workers_peak(), 1),
                busy_wall_over_cpu=None if self.busy() is None else round(self.busy(), 2),
                others_cores=None if self.others() is None else round(self.others(), 2),
                all_seconds=[round((self.value or (lambda r: r.seconds))(r), 4) for r in self.runs],
            )
        return d


def interleaved(series: list[Series], runs: int, cwd: Path, say) -> None:
    """One warm-up each, then `runs` rounds alternating the order within each round."""
    for s in series:
        warm = run_once(s.cmd, cwd)
        if warm.returncode != 0:
            s.add(warm)  # records the error
            say(f"  {s.label}: FAILED on warm-up\n    " + s.error.replace("\n", "\n    "))
    for i in range(runs):
        order = series if i % 2 == 0 else series[::-1]
        for s in order:
            if s.error is None:
                s.add(run_once(s.cmd, cwd))
                if s.error:
                    say(f"  {s.label}: FAILED\n    " + s.error.replace("\n", "\n    "))


# ---------------------------------------------------------------------------- results
@dataclass
class Row:
    what: str
    series: Series | None
    reference: Series | None = None  # the floor this row is a ratio of
    max_ratio: float | None = None
    stretch_ratio: float | None = None
    max_mib: float | None = None
    max_seconds: float | None = None
    extra_check: tuple[str, bool] | None = None  # (description, passed)
    note: str = ""
    # Other series measured interleaved with this one: a busy machine in any of them
    # leaves this row unjudged.
    witnesses: tuple[Series, ...] = ()

    def ratio(self) -> float | None:
        if self.reference is None or not (self.series and self.series.ok and self.reference.ok):
            return None
        return self.series.seconds() / self.reference.seconds()

    def cpu_ratio(self) -> float | None:
        """User+system CPU of the whole process over the floor's: steadier than wall time on a
        busy machine, though it counts the floor's whole process even when the floor's time
        is an in-process figure (jieba.lcut)."""
        if self.reference is None or not (self.series and self.series.ok and self.reference.ok):
            return None
        return self.series.cpu() / self.reference.cpu()

    def target(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"<={self.max_ratio:g}x" + (f" (stretch {self.stretch_ratio:g}x)" if self.stretch_ratio else ""))  # noqa: E501 (one printed line)
        if self.max_seconds is not None:
            parts.append(f"<{self.max_seconds:g} s")
        if self.max_mib is not None:
            parts.append(f"<={self.max_mib:g} MiB")
        if self.extra_check is not None:
            parts.append(self.extra_check[0])
        return ", ".join(parts) or "-"

    def status(self) -> str:
        has_target = any(x is not None for x in (self.max_ratio, self.max_mib, self.max_seconds, self.extra_check))
        if self.series is not None and not self.series.ok:
            return "FAIL (error)" if has_target else "ERROR"
        if not has_target:
            return "-"
        if self.max_ratio is not None and self.reference is not None and not self.reference.ok:
            return "FAIL (no floor)"
        failed = []
        ratio = self.ratio()
        if self.max_ratio is not None and ratio is not None and ratio > self.max_ratio:
            failed.append("time")
        if self.max_seconds is not None and self.series.seconds() >= self.max_seconds:
            failed.append("time")
        if self.max_mib is not None and self.peak() > self.max_mib:
            failed.append("memory")
        if self.extra_check is not None and not self.extra_check[1]:
            failed.append("imports" if "import" in self.extra_check[0] else "output")
        verdict = "PASS"
        if failed:
            verdict = "FAIL (" + ", ".join(failed) + ")"
        elif self.stretch_ratio is not None and ratio is not None and ratio <= self.stretch_ratio:
            verdict = "PASS (stretch)"
        busy = self.busy()
        if busy is not None:
            behind = [s for s in (self.series, self.reference, *self.witnesses) if s is not None and s.ok]
            others = max(s.others() or 0 for s in behind)
            return f"BUSY: others used {others:.2f} core, wall {busy:.1f}x cpu; would be {verdict}"
        return verdict

    def peak(self) -> float:
        """The peak judged: vocabdeck's own process when it reported one, else the child's."""
        parent = self.series.parent_peak()
        return self.series.peak() if parent is None else parent

    def busy(self) -> float | None:
        """The largest wall/CPU ratio over busy one-process series behind this row."""
        found = [s.busy() for s in (self.series, self.reference, *self.witnesses) if s is not None and s.ok]
        found = [b for b in found if b is not None]
        return max(found) if found else None

    def as_dict(self) -> dict:
        d = {"what": self.what, "target": self.target(), "status": self.status(), "note": self.note}
        if self.series is not None:
            d["series"] = self.series.as_dict()
        if self.reference is not None:
            d["reference"] = self.reference.label
        ratio = self.ratio()
        d["ratio"] = round(ratio, 3) if ratio is not None else None
        cpu_ratio = self.cpu_ratio()
        d["cpu_ratio"] = round(cpu_ratio, 3) if cpu_ratio is not None else None
        d["busy"] = self.busy() is not None
        return d


def table(rows: list[Row]) -> str:
    head = ("what", "median s", "cpu s", "parent cpu s", "peak MiB", "parent MiB", "workers MiB", "ratio",
            "cpu ratio", "target", "status")
    lines = [head]
    for r in rows:
        ok = r.series is not None and r.series.ok
        ratio, cpu_ratio = r.ratio(), r.cpu_ratio()
        lines.append((
            r.what,
            f"{r.series.seconds():.3f}" if ok else "-",
            f"{r.series.cpu():.3f}" if ok else "-",
            f"{r.series.parent_cpu():.3f}" if ok and r.series.parent_cpu() is not None else "-",
            f"{r.series.peak():.1f}" if ok else "-",
            f"{r.series.parent_peak():.1f}" if ok and r.series.parent_peak() is not None else "-",
            f"{r.series.workers_peak():.1f}" if ok and r.series.workers_peak() else "-",
            f"{ratio:.2f}x" if ratio is not None else "-",
            f"{cpu_ratio:.2f}x" if cpu_ratio is not None else "-",
            r.target(),
            r.status(),
        ))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    fmt = lambda line: "  ".join(c.ljust(widths[i]) if i in (0, 9, 10) else c.rjust(widths[i]) for i, c in enumerate(line))  # noqa: E501 (one printed line)
    out = [fmt(lines[0]), "  ".join("-" * w for w in widths)]
    out += [fmt(line).rstrip() for line in lines[1:]]
    notes = [f"  {r.what}: {r.note}" for r in rows if r.note]
    if notes:
        out += ["", "notes:"] + notes
    return "\n".join(out)


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                                capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        commit = "?"
    return {
        "date": datetime.date.today().isoformat(),
        "commit": commit,
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "os": platform.platform(),
    }


# ---------------------------------------------------------------------------- benchmarks
def vocabdeck_command(explicit: str | None) -> list[str]:
    if explicit:
        return [explicit]
    beside = Path(sys.executable).parent / "vocabdeck"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("vocabdeck")
    return [found] if found else [sys.executable, "-m", "vocabdeck"]


# The big inputs: (corpus function, CPU seconds, peak MiB, deck MB). Targets set from the
# first measurement (BENCHMARKS.md) with room for a slower machine; what matters is that
# each is finite and linear: before card sentences were bounded, a 10 MB line had written
# a 5.2 GB temporary file after 2 minutes.
BIG = {
    "line10mb": ("unpunctuated_line", 300.0, 1600.0, 30.0),  # measured: 113 s, 1,219 MiB, 14.4 MB
    "book50mb": ("book", 900.0, 1500.0, 40.0),  # provisional: not yet measured
}


def big_rows(only: set[str], runs: int, vd: list[str], tmp: Path, say) -> list[Row]:
    rows = []
    for name, (maker, max_cpu, max_mib, max_mb) in BIG.items():
        if name not in only:
            continue
        try:
            article = getattr(corpus, maker)()
        except corpus.CorpusUnavailable as e:
            say(f"skipping {name}: {e}")
            continue
        size = article.stat().st_size
        deck = tmp / f"{name}.apkg"
        say(f"{name}: build {size / 1e6:.0f} MB, {runs} run(s)")
        series = Series(f"build {article.name} ({size / 1e6:.0f} MB) --levels all, cpu s",
                        vd + ["build", str(article), "-o", str(deck), "--levels", "all"],
                        value=lambda r: r.cpu_seconds)
        for _ in range(runs):
            if series.error is None:
                series.add(run_once(series.cmd, REPO))
        out_mb = deck.stat().st_size / 1e6 if deck.exists() else float("inf")
        note = f"deck {out_mb:.1f} MB, wall {series.wall():.0f} s" if series.ok else ""
        rows.append(Row(series.label, series, max_seconds=max_cpu, max_mib=max_mib,
                        extra_check=(f"deck <= {max_mb:g} MB", out_mb <= max_mb), note=note))
    return rows


def main(argv: list[str] | None = None) -> int:  # noqa: C901 (one option per branch: a flat list reads best)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=None, help="runs per command (default 7; 3 with --quick)")
    ap.add_argument("--quick", action="store_true", help="N=3 and skip the 1 MB benchmark")
    ap.add_argument("--json", action="store_true", help="print machine-readable results on stdout")
    ap.add_argument("--json-out", type=Path, default=None, help="also write the JSON results to this file")
    ap.add_argument("--only", default="seed,1mb,course,help",
                    help="comma-separated: seed, 1mb, course, help, line10mb, book50mb")
    ap.add_argument("--vocabdeck", default=None, help="the vocabdeck command (default: beside this Python)")
    args = ap.parse_args(argv)
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    runs = args.runs or (3 if args.quick else 7)
    if args.quick:
        only.discard("1mb")

    say = (lambda msg: print(msg, file=sys.stderr, flush=True))
    vd = vocabdeck_command(args.vocabdeck)
    py = sys.executable
    rows: list[Row] = []
    info = machine()
    say(f"vocabdeck: {' '.join(vd)}; python: {py}; {runs} runs each")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    load_before = load_average()

    with tempfile.TemporaryDirectory(prefix="vocabdeck-bench-") as tmpdir:
        tmp = Path(tmpdir)

        if "seed" in only:
            article, note = SEED, ""
            if not SEED.is_file():
                say(f"seed page {SEED} is absent; using {SAMPLE} instead")
                article, note = SAMPLE, f"seed page absent; measured {SAMPLE.name}"
            if not article.is_file():
                say(f"skipping seed: neither {SEED} nor {SAMPLE} exists")
            else:
                say(f"seed: {article.name} vs floor")
                floor = Series("floor: import jieba; jieba.initialize()", [py, "-c", FLOOR_CODE])
                build = Series(f"build {article.name}", vd + ["build", str(article), "-o", str(tmp / "seed.apkg")])
                interleaved([floor, build], runs, REPO, say)
                rows.append(Row(floor.label, floor))
                rows.append(Row(build.label, build, floor, max_ratio=0.40, stretch_ratio=0.35, max_mib=120, note=note))

        need_corpus = only & {"1mb", "course"}
        big = course = None
        if need_corpus:
            try:
                if "1mb" in only:
                    big = corpus.big_text()
                if "course" in only:
                    course = corpus.course_files()
            except corpus.CorpusUnavailable as e:
                say(f"skipping the news benchmarks: {e}")

        if big is not None:
            size = big.stat().st_size
            say(f"1mb: build {size} bytes vs jieba.lcut")
            lcut = Series(
                f"jieba.lcut on {size / 1e6:.1f} MB (in-process)",
                [py, "-c", LCUT_CODE, str(big)],
                value=lambda r: float(r.stdout.split()[0]),
            )
            cmd = vd + ["build", str(big), "-o", str(tmp / "big.apkg"), "--levels", "all"]
            build = Series(f"build {size / 1e6:.1f} MB --levels all (default --jobs: {cores} cores)", cmd,
                           one_process=cores == 1)
            serial = Series(f"build {size / 1e6:.1f} MB --levels all --jobs 1", cmd + ["--jobs", "1"])
            interleaved([lcut, build, serial], runs, REPO, say)
            rows.append(Row(lcut.label, lcut, note="time of lcut alone, after jieba.initialize()"))
            rows.append(Row(build.label, build, lcut, max_ratio=4.0, stretch_ratio=3.5, max_mib=160,
                            witnesses=(serial,),
                            note=f"{build.with_workers()}; memory judged on the parent; peak MiB includes the workers"))
            rows.append(Row(serial.label, serial, lcut, max_ratio=5.5, max_mib=160))

        if course is not None:
            total = sum(p.stat().st_size for p in course)
            say(f"course: {len(course)} files, {total} bytes, one build vs floor")
            floor = Series("floor, beside the course build", [py, "-c", FLOOR_CODE])
            cmd = vd + ["build", *map(str, course), "-o", str(tmp / "course.apkg")]
            what = f"build {len(course)} files (~{total // len(course) // 100 / 10:g} KB each)"
            build = Series(f"{what} (default --jobs)", cmd, one_process=cores == 1)
            serial = Series(f"{what} --jobs 1", cmd + ["--jobs", "1"])
            interleaved([floor, build, serial], runs, REPO, say)
            rows.append(Row(floor.label, floor))
            rows.append(Row(build.label, build, floor, max_ratio=1.8, stretch_ratio=1.6, witnesses=(serial,),
                            note=build.with_workers()))
            rows.append(Row(serial.label, serial, floor))

        rows += big_rows(only, args.runs or 1, vd, tmp, say)

        if "help" in only:
            say("help: vocabdeck --help")
            help_ = Series("vocabdeck --help", vd + ["--help"])
            interleaved([help_], runs, REPO, say)
            probe = run_once([py, "-c", HELP_IMPORTS_CODE], REPO)
            loaded = None
            for line in probe.stderr.splitlines():
                if line.startswith("LOADED "):
                    loaded = [] if line[7:].strip() == "-" else line[7:].split()
            if loaded is None:
                check = ("imports no dictionary", False)
                note = "import probe failed: " + " | ".join(probe.stderr.strip().splitlines()[-3:])
            else:
                check = ("imports no dictionary", not loaded)
                note = ("--help imported: " + ", ".join(loaded)) if loaded else f"--help imports none of {', '.join(HEAVY)}"  # noqa: E501 (one printed line)
            rows.append(Row(help_.label, help_, max_seconds=0.15, extra_check=check, note=note))

    info["load_average"] = {"before": load_before, "after": load_average()}
    results = json.dumps({"machine": info, "runs": runs, "rows": [r.as_dict() for r in rows]}, indent=1)
    if args.json_out:
        args.json_out.write_text(results + "\n", encoding="utf-8")
    if args.json:
        print(results)
    else:
        print(f"\n{info['date']}  {info['cpus']} CPUs {info['cpu']}, {info['memory']}, Python {info['python']}, {info['os']}")  # noqa: E501 (one printed line)
        print(f"vocabdeck at {info['commit']}; load average (1, 5, 15 min) before {load_before}, "
              f"after {info['load_average']['after']}")
        print(f"median of {runs} runs, warm cache; targets are judged on wall time (ratio), "
              "cpu = user+system time of the whole process (workers included), parent cpu = vocabdeck's own process\n")
        print(table(rows))
    if any(r.busy() is not None for r in rows):
        say(f"\nWARNING: the machine was busy (wall time above {BUSY_RATIO}x CPU time, or other processes using "
            f"over {OTHERS_BUSY} of a core): the rows marked BUSY are not judged; rerun when it is quiet.")
        return 3
    return 0 if all(not r.status().startswith("FAIL") for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
