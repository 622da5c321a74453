"""Is a change output-identical? Digests of the decks vocabdeck writes, saved and compared.

    python bench/same_output.py --save /tmp/before.json          # on the old tree
    python bench/same_output.py --check /tmp/before.json         # on the new tree
    python bench/same_output.py --check /tmp/before.json --big   # also 1 MB and the course

Builds the sample, the seed page and three WMT21 dev documents (as bilingual pages and
as a Chinese file with its English file) into .apkg, .json and .tsv, the seed also with
--levels all and both card types; with --big, the 1 MB news text (JSON, --levels all)
with --jobs 1 and --jobs 2 and the 100-file course (TSV and .apkg) with --jobs 2. JSON
and TSV are compared byte for byte. An .apkg holds its build time (note and card ids
count from it, and the note type and decks carry it as their "mod"), so its collection
is compared table by table with the ids made relative to the first and every "mod"
dropped; the rest (fields, tags, guids, decks, due order, the zip's members and comment)
must be equal. Outputs are kept in --keep DIR (default a temporary folder) for diffing.
Standard library only; run it with the Python vocabdeck is installed in.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (a helper beside this script)

DOCS = ("02", "14", "23")


def cases(big: bool) -> list[tuple[str, list[str]]]:
    """(name, build arguments without -o) for every deck compared."""
    inputs: list[tuple[str, list[str]]] = [("sample", [str(REPO / "samples" / "library-night.txt")])]
    seed = SHARED / "seeds" / "japan-us-alliance.bilingual.txt"
    if seed.is_file():
        inputs.append(("seed", [str(seed)]))
    wmt = SHARED / "eval" / "wmt21-dev"
    for doc in DOCS:
        if (wmt / f"doc{doc}.bilingual.txt").is_file():
            inputs.append((f"doc{doc}-bilingual", [str(wmt / f"doc{doc}.bilingual.txt")]))
            inputs.append((f"doc{doc}-pair", [str(wmt / f"doc{doc}.zh.txt"), "-e", str(wmt / f"doc{doc}.en.txt")]))
    out = [(f"{name}.{fmt}", args) for name, args in inputs for fmt in ("apkg", "json", "tsv")]
    if seed.is_file():
        out += [(f"seed-all.{fmt}", [str(seed), "--levels", "all", "--cards", "recognition,recall"])
                for fmt in ("apkg", "json", "tsv")]
    if big:
        news = str(corpus.big_text())
        out += [("news1mb-jobs1.json", [news, "--levels", "all", "--jobs", "1"]),
                ("news1mb-jobs2.json", [news, "--levels", "all", "--jobs", "2"])]
        course = [str(p) for p in corpus.course_files()]
        out += [(f"course-jobs2.{fmt}", [*course, "--jobs", "2"]) for fmt in ("tsv", "apkg")]
    return out


def apkg_digest(path: Path) -> str:
    """A digest of the deck's content, blind to the build time it was stamped with."""
    h = hashlib.sha256()
    with zipfile.ZipFile(path) as z, tempfile.TemporaryDirectory() as tmp:
        h.update(repr((sorted(z.namelist()), z.comment, z.read("media"))).encode())
        db_path = Path(z.extract("collection.anki2", tmp))
        db = sqlite3.connect(db_path)
        try:
            notes = db.execute("SELECT * FROM notes ORDER BY id").fetchall()
            cards = db.execute("SELECT * FROM cards ORDER BY id").fetchall()
            base = min([r[0] for r in notes] + [r[0] for r in cards], default=0)
            for r in notes:  # id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data
                h.update(repr((r[0] - base, *r[1:])).encode())
            for r in cards:  # id, nid, did, ord, mod, usn, type, queue, due, ...
                h.update(repr((r[0] - base, r[1] - base, r[2], r[3], *r[5:])).encode())
            for models, decks, dconf, tags in db.execute("SELECT models, decks, dconf, tags FROM col"):
                for blob in (models, decks, dconf, tags):
                    h.update(json.dumps(_without_mod(json.loads(blob)), sort_keys=True).encode())
        finally:
            db.close()
    return h.hexdigest()


def _without_mod(value):
    if isinstance(value, dict):
        return {k: _without_mod(v) for k, v in value.items() if k != "mod"}
    if isinstance(value, list):
        return [_without_mod(v) for v in value]
    return value


def digest(path: Path) -> str:
    if path.suffix == ".apkg":
        return apkg_digest(path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vocabdeck() -> list[str]:
    beside = Path(sys.executable).parent / "vocabdeck"
    return [str(beside)] if beside.is_file() else [sys.executable, "-m", "vocabdeck"]


def build_all(big: bool, keep: Path) -> dict[str, str]:
    keep.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, args in cases(big):
        target = keep / name
        result = subprocess.run([*vocabdeck(), "build", *args, "-o", str(target)], capture_output=True, text=True,
                                cwd=REPO, env=os.environ)
        if result.returncode != 0:
            out[name] = f"exit {result.returncode}: {result.stderr.strip().splitlines()[-1:]}"
        else:
            out[name] = digest(target)
        print(f"  {name}: {out[name][:16]}", file=sys.stderr, flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the digests to this file")
    group.add_argument("--check", type=Path, help="compare with the digests in this file")
    ap.add_argument("--big", action="store_true", help="also the 1 MB text and the 100-file course")
    ap.add_argument("--keep", type=Path, default=None, help="keep the decks in this folder")
    args = ap.parse_args(argv)
    keep = args.keep or Path(tempfile.mkdtemp(prefix="vocabdeck-same-"))
    got = build_all(args.big, keep)
    print(f"decks in {keep}", file=sys.stderr)
    if args.save:
        args.save.write_text(json.dumps(got, indent=1) + "\n", encoding="utf-8")
        print(f"{len(got)} digests saved to {args.save}")
        return 0
    want = json.loads(args.check.read_text(encoding="utf-8"))
    differ = [n for n in got if n in want and got[n] != want[n]]
    missing = [n for n in got if n not in want]
    for n in differ:
        print(f"DIFFERENT {n}")
    for n in missing:
        print(f"not in {args.check}: {n}")
    print(f"{len(got) - len(differ) - len(missing)}/{len(got)} identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
