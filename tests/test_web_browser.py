"""The page in a real browser: paste the sample article with its English, untick two words,
tick a name back, download the .apkg and import it with the real Anki library.

Uses Playwright with Debian's chromium (/usr/bin/chromium; never a browser Playwright
downloads). Skips, saying why, where either is missing or the browser cannot start.
With VOCABDECK_SCREENSHOTS=1 it saves the page's screenshots into docs/ for the README.
"""

from __future__ import annotations

import html
import os
import re
import threading
from pathlib import Path

import pytest

pytest.importorskip("flask", reason="the web extra (Flask) is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
anki_collection = pytest.importorskip("anki.collection", reason="the anki package is not installed")

from test_anki_import import import_apkg  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
T0 = 1_700_000_000


@pytest.fixture(scope="module")
def server():
    from werkzeug.serving import make_server

    from vocabdeck.web.app import create_app

    srv = make_server("127.0.0.1", 0, create_app(timestamp=T0), threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}/"
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no browser: {CHROMIUM} is missing (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        except Exception as e:  # noqa: BLE001 - any failure to start means: cannot run here
            pytest.skip(f"chromium cannot start here: {str(e).splitlines()[0]}")
        yield b
        b.close()


def _shot(page, name: str, tmp_path: Path, **kwargs) -> Path:
    folder = REPO / "docs" if os.environ.get("VOCABDECK_SCREENSHOTS") else tmp_path
    path = folder / name
    page.screenshot(path=str(path), **kwargs)
    return path


def _fields(col) -> dict[str, dict[str, str]]:
    notes = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        notes[note["Simplified"]] = {k: note[k] for k in note.keys()}
    return notes


def _text(field: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", field))


def test_tick_words_download_and_import(server, browser, tmp_path):
    zh = (REPO / "samples" / "library-night.zh.txt").read_text(encoding="utf-8")
    en = (REPO / "samples" / "library-night.en.txt").read_text(encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.goto(server)
    page.fill("textarea[name=zh]", zh)
    page.fill("textarea[name=en]", en)
    page.evaluate("document.activeElement.blur(); document.querySelectorAll('textarea').forEach(t => t.scrollTop = 0)")
    _shot(page, "web-form.png", tmp_path)
    page.click("text=Show the words")
    page.wait_for_selector("#deck")

    kept = page.locator("#deck > section.review > table tr.ticked")
    n_kept = kept.count()
    assert n_kept > 10
    assert page.locator("#count").inner_text() == f"{n_kept} cards ticked"
    _shot(page, "web-desktop.png", tmp_path)

    unticked = []
    for i in (1, 3):
        row = kept.nth(i)
        unticked.append(row.locator("td.word label").inner_text())
        row.locator("input[name=word]").uncheck()
    page.click("#leftout > summary")
    name_row = page.locator("#leftout tr.left", has=page.locator(".reason", has_text="name")).first
    name = name_row.locator("td.word label").inner_text()
    name_row.locator("input[name=word]").check()
    assert page.locator("#count").inner_text() == f"{n_kept - 1} cards ticked"

    # The words and sentences the page shows for every ticked row.
    expected = {}
    for row in page.locator("tr:has(input[name=word]:checked)").all():
        word = row.locator("td.word label").inner_text()
        expected[word] = (row.locator("td.sentence span[lang=zh]").inner_text(),
                          row.locator("td.sentence .en").inner_text() if row.locator(".en").count() else "")
    assert name in expected and not set(unticked) & set(expected)

    with page.expect_download() as info:
        page.click("button[value=apkg]")
    deck = tmp_path / info.value.suggested_filename
    info.value.save_as(deck)
    assert deck.suffix == ".apkg"

    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(server)
    phone.fill("textarea[name=zh]", zh)
    phone.fill("textarea[name=en]", en)
    phone.click("text=Show the words")
    phone.wait_for_selector("#deck")
    _shot(phone, "web-phone.png", tmp_path)

    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        new, _, _ = import_apkg(col, deck)
        notes = _fields(col)
    finally:
        col.close()
    assert set(notes) == set(expected) and new == len(expected)
    for word, (sentence, english) in expected.items():
        assert _text(notes[word]["Sentence"]) == sentence, word
        assert _text(notes[word]["SentenceEnglish"]) == english, word


def test_upload_a_saved_page_with_known_words(server, browser, tmp_path):
    import makefiles

    zh = [p.strip() for p in (REPO / "samples" / "library-night.zh.txt").read_text(encoding="utf-8").split("\n\n")
          if p.strip()]
    en = [p.strip() for p in (REPO / "samples" / "library-night.en.txt").read_text(encoding="utf-8").splitlines()
          if p.strip()]
    saved = tmp_path / "library-night.html"
    saved.write_bytes(makefiles.bilingual_page(zh[0], list(zip(zh[1:], en[1:])), "en-zh"))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server)
    page.set_input_files("input[name=articles]", str(saved))
    page.click("text=Show the words")
    page.wait_for_selector("#deck")
    first = [page.locator("tr.ticked td.word label").nth(i).inner_text() for i in range(3)]

    # The known words come as an Anki package (a vocabdeck deck of them, never reviewed:
    # read as a word list).
    from test_package import make_word
    from vocabdeck.decks.write import write

    known = tmp_path / "known.apkg"
    write([make_word(word=w, trad=w, pinyin=f"x{i}", source="Known") for i, w in enumerate(first)],
          known, deck_name="Known", timestamp=1_700_000_000)
    page.set_input_files("input[name=known]", str(known))  # the page itself is kept: no new upload
    page.click("text=Show the words")
    page.wait_for_selector("#deck")
    page.click("#leftout > summary")
    for word in first:
        row = page.locator("tr", has=page.locator(f"label:text-is('{word}')"))
        assert row.locator(".reason").inner_text() == "known"
        assert not row.locator("input[name=word]").is_checked()
    assert page.locator("tr.ticked td.sentence .en").count() > 0  # the page's English reached the cards
