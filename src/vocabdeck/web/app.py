"""The page: paste or upload an article, choose the filters, tick the words, download.

One server-rendered page (Flask, Jinja's escaping on every value) and three routes:

    GET  /          the empty form, with the CLI's defaults
    POST /review    read the articles, choose the words, show the table of words
    POST /download  write the ticked words as .apkg, .tsv or .json

Uploads are written to a temporary folder removed at the end of the request. A review is
held in memory (the last REVIEWS_HELD of them) under a random token, so that the download,
or a second review with other filters, needs no second upload.
"""

from __future__ import annotations

import io
import re
import secrets
import tempfile
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

from flask import Flask, render_template, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from vocabdeck.cli import cli_message
from vocabdeck.errors import UsageError, VocabdeckError
from vocabdeck.web import adapter

MAX_UPLOAD_MB = 20  # a long book as text is 2-5 MB; an EPUB with pictures can be more
REVIEWS_HELD = 32

CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
FORMATS = {  # form value: (file extension, media type)
    "apkg": (".apkg", "application/octet-stream"),
    "tsv": (".tsv", "text/tab-separated-values; charset=utf-8"),
    "csv": (".csv", "text/csv; charset=utf-8"),
    "pleco": (".pleco.txt", "text/plain; charset=utf-8"),
    "json": (".json", "application/json"),
    "handout": (".html", "text/html; charset=utf-8"),
}
LEVEL_NAMES = {None: "–", 7: "7-9"}
STANDARDS = ("2025", "2021", "2.0")


@dataclass(frozen=True, slots=True)
class Held:
    """A review kept for the download and for re-reviewing with other filters."""

    review: adapter.Review
    pasted: tuple  # Texts from the pasted text (re-sent by the form each time)
    uploaded: tuple  # Texts from uploaded files, kept so they need not be uploaded again
    uploaded_names: tuple[str, ...]
    known_names: tuple[str, ...]
    notices: tuple[str, ...] = ()  # the library's warnings, one line each


class Reviews:
    """The last few reviews by token; thread-safe."""

    def __init__(self, size: int = REVIEWS_HELD):
        self._held: OrderedDict[str, Held] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def add(self, held: Held) -> str:
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._held[token] = held
            while len(self._held) > self._size:
                self._held.popitem(last=False)
        return token

    def get(self, token: str) -> Held | None:
        with self._lock:
            held = self._held.get(token)
            if held is not None:
                self._held.move_to_end(token)
            return held


LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]


def create_app(*, timestamp: float | None = None, max_upload_mb: int = MAX_UPLOAD_MB,
               trusted_hosts: list[str] | None = None) -> Flask:
    """The web app. `timestamp` fixes the decks' build time (for reproducible files).
    `trusted_hosts`: the only Host headers answered (None: any), so that a web page whose
    name is made to point at this computer (DNS rebinding) cannot use the local server."""
    app = Flask(__name__)
    app.config["TRUSTED_HOSTS"] = trusted_hosts
    app.config["MAX_CONTENT_LENGTH"] = max_upload_mb * 1024 * 1024
    app.config["MAX_FORM_MEMORY_SIZE"] = max_upload_mb * 1024 * 1024  # pasted text is a form field
    app.config["VOCABDECK_TIMESTAMP"] = timestamp
    reviews = Reviews()

    @app.before_request
    def known_host():
        request.host  # noqa: B018 - checked against TRUSTED_HOSTS; a 400 for any other

    @app.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_e):
        message = (f"the upload is larger than {max_upload_mb} MB; send fewer or smaller files "
                   "(a long novel as text is under 5 MB).")
        return render_template("page.html", **_page(error=message)), 413

    @app.get("/")
    def index():
        return render_template("page.html", **_page())

    @app.post("/review")
    def review():
        form = _Form(request)
        try:
            held = _review(form, reviews)
        except VocabdeckError as e:
            return render_template("page.html", **_page(form=form, error=cli_message(e))), _status(e)
        token = reviews.add(held)
        return render_template("page.html", **_page(form=form, held=held, token=token))

    @app.post("/download")
    def download():
        form = _Form(request)
        held = reviews.get(request.form.get("token", ""))
        fmt = request.form.get("format", "apkg")
        try:
            if held is None:
                raise VocabdeckError("this review is no longer held by the server (it was restarted, or "
                                     f"{REVIEWS_HELD} newer reviews came after it); review the article again.")
            if fmt not in FORMATS:
                raise UsageError(f"--format: unknown value {fmt!r}; use one of: {', '.join(FORMATS)}.")
            words = _ticked(held.review, request.form.getlist("word"), request.form)
            stem = adapter.file_stem(held.review, held.uploaded_names[0] if held.uploaded_names else None)
            suffix, media_type = FORMATS[fmt]
            if fmt == "handout":
                sources = ("",) * len(held.pasted) + held.uploaded_names
                data = adapter.handout(words, held.review, sources).encode("utf-8")
            else:
                with tempfile.TemporaryDirectory(prefix="vocabdeck-web-") as work:
                    target = Path(work) / f"{stem}{suffix}"
                    adapter.write(words, target, held.review, app.config["VOCABDECK_TIMESTAMP"])
                    data = target.read_bytes()
        except VocabdeckError as e:
            page = _page(form=form, error=cli_message(e), held=held, token=request.form.get("token"))
            return render_template("page.html", **page), _status(e)
        name = f"{stem}-handout.html" if fmt == "handout" else f"{stem}{suffix}"
        return send_file(io.BytesIO(data), mimetype=media_type, as_attachment=True, download_name=name)

    return app


def _status(error: VocabdeckError) -> int:
    return 400 if isinstance(error, UsageError) else 422


# --------------------------------------------------------------------------- the form
class _Form:
    """The form's fields as typed, for re-rendering and for parsing."""

    def __init__(self, req=None):
        get = req.form.get if req is not None else (lambda _k, d=None: d)
        self.zh = get("zh", "") or ""
        self.en = get("en", "") or ""
        self.standard = get("standard", adapter.DEFAULTS.standard)
        self.levels = get("levels", adapter.STUDY_DECK)
        self.min_count = get("min_count", str(adapter.DEFAULTS.min_count))
        self.min_zipf = get("min_zipf", "") or ""
        self.max_zipf = get("max_zipf", "") or ""
        self.max_cards = get("max_cards", "") or ""
        self.encoding = get("encoding", "") or ""
        self.deck_name = get("deck_name", "") or ""
        self.order = get("order", "article")
        self.token = get("token", "") or ""
        if req is None:
            self.names, self.cards = adapter.DEFAULTS.names, adapter.DEFAULTS.cards
            self.keep_uploads = self.keep_known = True
            self.files, self.english_file, self.known_file = [], None, None
        else:
            self.names = bool(req.form.get("names"))
            self.cards = tuple(req.form.getlist("cards"))
            self.keep_uploads = bool(req.form.get("keep_uploads"))
            self.keep_known = bool(req.form.get("keep_known"))
            self.files = [f for f in req.files.getlist("articles") if f.filename]
            self.english_file = _chosen(req.files.get("english_file"))
            self.known_file = _chosen(req.files.get("known"))


def _chosen(upload):
    """The uploaded file, or None when the field was left empty."""
    return upload if upload is not None and upload.filename else None


def _or(value, default):
    return default if value is None else value


def _number(value: str, option: str, kind=int):
    value = value.strip()
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise UsageError(f"{option}: {value!r} is not {what}.") from None


def _safe_name(filename: str, fallback: str) -> str:
    """The uploaded file's own name, without any folder part, safe to create."""
    name = re.split(r"[\\/]", filename)[-1].strip().lstrip(".")
    name = re.sub(r"[\x00-\x1f]", "", name)[:120]
    return name or fallback


class _Files:
    """Uploads saved in a temporary folder under their own names; messages name the file as
    the teacher knows it. The articles chosen together share a folder, so that an English
    file named after its article (lesson1.en.txt) pairs with it as on the command line;
    anything else, or a name already taken, gets a folder of its own."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.shown: dict[str, str] = {}

    def save(self, data: bytes, filename: str, fallback: str, shown: str | None = None,
             together: bool = False) -> Path:
        name = _safe_name(filename, fallback)
        slot = self.folder / "articles"
        if not together or (slot / name).exists():
            slot = self.folder / str(len(self.shown) + 1)
        slot.mkdir(exist_ok=True)
        path = slot / name
        path.write_bytes(data)
        self.shown[str(path)] = shown or path.name
        return path

    def shown_in(self, text: str) -> str:
        for full, shown in sorted(self.shown.items(), key=lambda kv: -len(kv[0])):
            text = text.replace(full, shown)
        return text.replace(str(self.folder), "upload")

    def message(self, error: VocabdeckError) -> VocabdeckError:
        kind = UsageError if isinstance(error, UsageError) else VocabdeckError
        return kind(self.shown_in(cli_message(error)))


def _review(form: _Form, reviews: Reviews) -> Held:
    earlier = reviews.get(form.token) if form.token else None
    with tempfile.TemporaryDirectory(prefix="vocabdeck-web-") as work:
        files = _Files(Path(work))
        try:
            with adapter.notices() as said:
                held = _read_and_choose(form, earlier, files)
        except VocabdeckError as e:
            raise files.message(e) from None
        return replace(held, notices=tuple(files.shown_in(line) for line in said))


def _read_and_choose(form: _Form, earlier: Held | None, files: _Files) -> Held:
    encoding = form.encoding.strip() or None
    english = None
    if form.en.strip():
        english = files.save(form.en.encode("utf-8"), "english.txt", "english.txt", "the pasted English")
    elif form.english_file is not None:
        english = files.save(form.english_file.read(), form.english_file.filename, "english.txt")
    # Pasted text is an article named "article" (its title, unless its first line is one).
    pasted_paths = [files.save(form.zh.encode("utf-8"), "article.txt", "article.txt", "the pasted Chinese")
                    ] if form.zh.strip() else []
    upload_paths = [files.save(f.read(), f.filename, "article.txt", together=True) for f in form.files]
    if upload_paths:
        from vocabdeck.inputs.course import lessons

        uploaded_names = tuple(lesson.path.name for lesson in lessons(upload_paths))
    elif form.keep_uploads and earlier is not None:
        uploaded_names = earlier.uploaded_names
    else:
        uploaded_names = ()
    if not pasted_paths and not uploaded_names:
        raise UsageError("no article: paste the Chinese text, or choose one or more files.")
    if upload_paths or not uploaded_names:
        texts = adapter.read_articles(pasted_paths + upload_paths, english, encoding)
        pasted, uploaded = tuple(texts[: len(pasted_paths)]), tuple(texts[len(pasted_paths):])
    else:  # the files uploaded for the earlier review, already read
        pasted = tuple(adapter.read_articles(pasted_paths, english, encoding)) if pasted_paths else ()
        uploaded = earlier.uploaded
    if form.known_file is not None:
        known_path = files.save(form.known_file.read(), form.known_file.filename, "known.txt")
        known, known_names = adapter.read_known(known_path), (known_path.name,)
    elif form.keep_known and earlier is not None:
        known, known_names = earlier.review.options.known, earlier.known_names
    else:
        known, known_names = frozenset(), ()
    options = adapter.options(
        standard=form.standard,
        levels=form.levels,
        min_count=_or(_number(form.min_count, "--min-count"), adapter.DEFAULTS.min_count),
        min_zipf=_number(form.min_zipf, "--min-zipf", float),
        max_zipf=_number(form.max_zipf, "--max-zipf", float),
        known=known,
        max_cards=_number(form.max_cards, "--max-cards"),
        names=form.names,
        cards=form.cards,
    )
    deck_name = form.deck_name.strip() or None
    review = adapter.review(pasted + uploaded, options, deck_name)
    return Held(review, pasted, uploaded, uploaded_names, known_names)


def _ticked(review: adapter.Review, values: list[str], fields) -> list:
    """The ticked words in article order, each with the sense the teacher put first."""
    wanted = set()
    for value in values:
        if not value.isdigit() or int(value) >= len(review.candidates):
            raise UsageError(f"unknown word number {value!r} in the form; review the article again.")
        wanted.add(int(value))
    if not wanted:
        raise UsageError("no words ticked: tick at least one word for the deck.")
    return [_first_sense(w, fields.get(f"sense-{i}", "0")) for i, w in enumerate(review.candidates) if i in wanted]


def _first_sense(word, choice: str):
    k = int(choice) if choice.isdigit() else 0
    if not 0 < k < len(word.senses):
        return word
    return replace(word, senses=(word.senses[k], *word.senses[:k], *word.senses[k + 1:]))


# --------------------------------------------------------------------------- the page
def _page(form: _Form | None = None, error: str | None = None, held: Held | None = None, token: str | None = None):
    form = form or _Form()
    page = {"form": form, "error": error, "standards": STANDARDS, "token": token, "max_upload_mb": MAX_UPLOAD_MB,
            "rows": None, "held": held}
    if held is None:
        return page
    review = held.review
    reasons = {id(w): reason for w, reason in review.selection.left_out}
    kept = {id(w) for w in review.selection.cards}
    rows = [_row(i, w, id(w) in kept, reasons.get(id(w))) for i, w in enumerate(review.candidates)]
    if form.order == "useful":
        from vocabdeck.zh.select import rank

        order = sorted(range(len(rows)), key=lambda i: rank(review.candidates[i]))
        rows = [rows[i] for i in order]
    left_out = Counter(reason for _, reason in review.selection.left_out)
    page.update(
        rows=[r for r in rows if r["ticked"]],
        left_rows=[r for r in rows if not r["ticked"]],
        ticked=len(kept),
        left_out=left_out.most_common(),
        names=review.selection.names,
        titles=[t.title for t in review.texts],
    )
    return page


def _row(index: int, word, ticked: bool, reason: str | None) -> dict:
    tokens = word.sentence.tokens
    en = word.sentence.pair.en
    span = word.en_span if word.en_span and 0 <= word.en_span[0] < word.en_span[1] <= len(en) else None
    return {
        "id": index,
        "word": word.word,
        "traditional": word.traditional if word.traditional and word.traditional != word.word else "",
        "pinyin": word.pinyin_marked,
        "senses": word.senses,
        "level": LEVEL_NAMES.get(word.hsk_level, word.hsk_level),
        "count": word.count,
        "zh": ("".join(t.text for t in tokens[: word.token_index]), tokens[word.token_index].text,
               "".join(t.text for t in tokens[word.token_index + 1:])),
        "en": (en[: span[0]], en[span[0]:span[1]], en[span[1]:]) if span else (en, "", ""),
        "ticked": ticked,
        # A name is on no dictionary list more often than not: say what the teacher looks for.
        "reason": "name" if reason and word.is_name else reason,
        "name": word.is_name,
    }
