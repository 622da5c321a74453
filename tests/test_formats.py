"""Every input format gives the same cards as the plain text of the same article, with the
English where the file has it, no page chrome, and the article's title as the deck name."""

from __future__ import annotations

import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

import makefiles as mk
from vocabdeck import inputs
from vocabdeck.errors import VocabdeckError
from vocabdeck.model import Options, Text

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
ALL_LEVELS = Options(levels=frozenset(range(1, 8)))


def _sample():
    zh = [p.strip() for p in (SAMPLES / "library-night.zh.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
    en = [p for p in (SAMPLES / "library-night.en.txt").read_text(encoding="utf-8").splitlines() if p.strip()]
    # zh[0] is the headline (no English line); en[0] is the byline (no Chinese paragraph).
    return zh[0], zh[1:], en[1:]


TITLE, BODY, ENGLISH = _sample()


@lru_cache(maxsize=None)
def cards_of(text: Text) -> frozenset[str]:
    from vocabdeck import pipeline

    return frozenset(w.word for w in pipeline.choose([text], ALL_LEVELS).cards)


@lru_cache(maxsize=1)
def plain_cards() -> frozenset[str]:
    return cards_of(inputs.read(SAMPLES / "library-night.zh.txt"))


@lru_cache(maxsize=1)
def bilingual_cards() -> frozenset[str]:
    """With English, names the translation spells out (Wang Min) are known as names."""
    return cards_of(inputs.read(SAMPLES / "library-night.txt"))


def no_chrome(text: Text) -> None:
    joined = "\n".join(text.zh + text.en)
    assert not [w for w in mk.CHROME_WORDS if w in joined]
    assert "<" not in joined and "新华网" not in text.title


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# ------------------------------------------------------------------------- web pages
@pytest.mark.parametrize("charset", ["utf-8", "gb2312"])
def test_saved_news_page(tmp_path, charset):
    t = inputs.read(write(tmp_path, "page.html", mk.news_page(TITLE, BODY, charset)))
    assert t.title == TITLE and t.zh == (TITLE, *BODY)
    no_chrome(t)
    assert cards_of(t) == plain_cards()


WMT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "wmt21-dev"
WMT_DOCS = sorted(WMT_DIR.glob("doc*.gold.tsv"))


@pytest.mark.parametrize("doc", [p.name.split(".")[0] for p in WMT_DOCS] or ["doc01"])
def test_wmt_document_pages(tmp_path, shared, doc):
    """Each WMT21 dev document as a saved page with chrome (UTF-8 and GB2312) and as that
    page copied from the browser: the plain text's paragraphs and title, no chrome."""
    path = shared / "eval" / "wmt21-dev" / f"{doc}.zh.txt"
    pars = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    plain = inputs.read(path)
    for charset in ("utf-8", "gb2312"):
        page = mk.news_page(pars[0], pars[1:], charset)
        t = inputs.read(write(tmp_path, f"{doc}.{charset}.html", page))
        assert t.title == plain.title and t.zh == plain.zh, charset
        no_chrome(t)
    t = inputs.read(mk.copied_text(mk.news_page(pars[0], pars[1:])))
    assert t.title == plain.title and t.zh == plain.zh
    no_chrome(t)


@pytest.mark.parametrize("layout", ["en-zh", "rows", "zh-all-en"])
def test_bilingual_page(tmp_path, layout):
    t = inputs.read(write(tmp_path, "bi.html", mk.bilingual_page(TITLE, list(zip(BODY, ENGLISH)), layout)))
    assert t.title == TITLE and t.zh == (TITLE, *BODY)
    no_chrome(t)
    if layout == "zh-all-en":
        assert not t.paired and t.en == tuple(ENGLISH)
    else:
        assert t.paired and t.en == ("", *ENGLISH)
    assert cards_of(t) == bilingual_cards()


@pytest.mark.parametrize("bilingual", [False, True])
def test_page_copied_from_the_browser(tmp_path, bilingual):
    """Select all, copy, paste into a .txt: the page's chrome comes along as lines of text."""
    page = mk.bilingual_page(TITLE, list(zip(BODY, ENGLISH)), "en-zh") if bilingual else mk.news_page(TITLE, BODY)
    t = inputs.read(write(tmp_path, "copied.txt", mk.copied_text(page).encode()))
    assert t.zh == (TITLE, *BODY) and t.title == TITLE
    no_chrome(t)
    assert cards_of(t) == (bilingual_cards() if bilingual else plain_cards())


@pytest.mark.parametrize("layout", ["en-zh", "rows", "zh-all-en"])
@pytest.mark.parametrize("gold", WMT_DOCS, ids=lambda p: p.name.split(".")[0])
def test_wmt_bilingual_pages(shared, gold, layout):
    """The 13 WMT21 dev documents as bilingual pages: every line is read and paired with its
    own translation, except page metadata ("2020-07-26 15:43:42 来源：中国新闻网"), dropped."""
    rows = [ln.split("\t") for ln in gold.read_text(encoding="utf-8").splitlines() if ln.strip()]
    title, pairs = rows[0][0], [(z, e) for z, e in rows[1:]]
    t = inputs.read(mk.bilingual_page(title, pairs, layout))
    assert t.title == title
    dropped = [z for z, _ in pairs if z not in t.zh]
    assert all("来源：" in z for z in dropped)
    assert t.zh == (title, *(z for z, _ in pairs if z not in dropped))
    want_en = [e for z, e in pairs if z not in dropped]
    if layout == "zh-all-en":
        assert not t.paired and set(t.en) == set(want_en)
    else:
        assert t.paired and t.en == ("", *want_en)


def test_page_is_found_by_content_not_name(tmp_path):
    t = inputs.read(write(tmp_path, "saved.txt", mk.news_page(TITLE, BODY)))
    assert t.zh == (TITLE, *BODY)


@pytest.mark.parametrize("title, expected", [
    ("<title>黑土地种出农业现代化 - 新华网</title>", "黑土地种出农业现代化"),
    ("<title>黑土地种出农业现代化_中国政府网</title>", "黑土地种出农业现代化"),
    ("<title>黑土地种出农业现代化 - 地方 - 新华网</title>", "黑土地种出农业现代化"),
    ("<title>黑土地 | FT中文网</title>", "黑土地"),
    ("<title>A-B 测试</title>", "A-B 测试"),
    ("<title>舍小家为大家 — — 安徽合肥群众转移直击 - 新华网</title>", "舍小家为大家 — — 安徽合肥群众转移直击"),
    ("<title>舍小家为大家——安徽合肥群众转移直击_新闻频道_央视网</title>", "舍小家为大家——安徽合肥群众转移直击"),
])
def test_page_title_loses_the_site_name(title, expected):
    from vocabdeck.inputs.html import page_title

    assert page_title(title) == expected


# ------------------------------------------------------------------------- entry point
def test_stdin_bytes_and_pasted_text(tmp_path):
    plain = (SAMPLES / "library-night.zh.txt").read_bytes()
    want = inputs.read(SAMPLES / "library-night.zh.txt")
    assert inputs.read(plain).zh == want.zh
    assert inputs.read(plain.decode()).zh == want.zh
    out = subprocess.run([sys.executable, "-c", "from vocabdeck import inputs; t = inputs.read('-'); "
                          "print(len(t.zh), t.title)"], input=plain, capture_output=True, check=True)
    assert out.stdout.decode().split() == [str(len(want.zh)), want.title]


def test_help_imports_no_format_library():
    code = ("import sys; from typer.testing import CliRunner; from vocabdeck.cli import app; "
            "CliRunner().invoke(app, ['--help']); CliRunner().invoke(app, ['build', '--help']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('trafilatura', 'lxml', 'pypdf', 'zipfile', 'charset_normalizer')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------------- subtitles
def _cue_pieces(zh: str, en: str) -> list[tuple[str, str]]:
    """A paragraph and its translation cut into short bilingual cues (the English cut into
    as many pieces as the Chinese, by words)."""
    zh_pieces = mk.split_cues(zh, 12)
    words = en.split()
    n = len(zh_pieces)
    cuts = [round(i * len(words) / n) for i in range(n + 1)]
    return [(z, " ".join(words[cuts[i]:cuts[i + 1]])) for i, z in enumerate(zh_pieces)]


def bilingual_cues(start: int = 1000, pause: int = 500) -> list[tuple[int, int, list[str]]]:
    """Short cues, each a piece of a sentence with its share of the English; `pause` ms
    more between sentences."""
    cues, t = [], start
    for zh, en in zip(BODY, ENGLISH):
        for z, e in _cue_pieces(zh, en):
            cues.append((t, t + 1800, [f"<i>{z}</i>", e]))
            t += 2000
        t += pause
    return cues


def test_bilingual_srt_with_short_cues(tmp_path):
    t = inputs.read(write(tmp_path, "episode-01.srt", mk.srt(bilingual_cues())))
    assert t.paired and t.title == "episode-01"
    assert "".join(t.zh) == "".join(BODY)
    assert " ".join(t.en) == " ".join(ENGLISH)
    assert t.zh[0].startswith("从下周一开始") and t.en[0].startswith("Starting next Monday")
    assert cards_of(t) == bilingual_cards()


def test_srt_pair_by_time(tmp_path):
    zh_cues, en_cues, t = [], [], 1000
    for zh, en in zip(BODY, ENGLISH):
        pieces = mk.split_cues(zh, 12)
        start = t
        for p in pieces:
            zh_cues.append((t, t + 1800, [p]))
            t += 2000
        en_cues.append((start + 300, t - 400, [en]))  # one English cue over the paragraph's time
        t += 500
    zh_file = write(tmp_path, "ep.zh.srt", mk.srt(zh_cues))
    en_file = write(tmp_path, "ep.en.srt", mk.srt(en_cues))
    t = inputs.read_pair(zh_file, en_file)
    assert t.paired and "".join(t.zh) == "".join(BODY)
    assert " ".join(e for e in t.en if e) == " ".join(ENGLISH)
    assert cards_of(t) == bilingual_cards()


def test_webvtt_and_ass_cues_lose_tags_and_speakers():
    vtt = ("WEBVTT\n\nNOTE made by hand\n\n1\n00:00:01.000 --> 00:00:03.000 align:start\n"
           "<v 王敏>王敏：我们希望<c.yellow>新的阅览室</c>\n\n00:00:03.500 --> 00:00:05.000\n"
           "- 能帮助他们养成读书的习惯。\n\n00:00:05.000 --> 00:00:06.000\n[音乐]\n")
    t = inputs.read(vtt)
    assert t.zh == ("我们希望新的阅览室 能帮助他们养成读书的习惯。",)
    ass = ("[Script Info]\nTitle: 阅览室\n\n[V4+ Styles]\nFormat: Name, Fontname\nStyle: Default,Arial\n\n[Events]\n"
           "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
           "Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,{\\i1}图书馆增加了两名保安，{\\i0}\\N"
           "The library has added two guards,\n"
           "Dialogue: 0,0:00:03.00,0:00:05.00,Default,,0,0,0,,路灯也修好了。\\Nand the lights are fixed.\n")
    t = inputs.read(ass)
    assert t.paired and t.zh == ("图书馆增加了两名保安，路灯也修好了。",)
    assert t.en == ("The library has added two guards, and the lights are fixed.",)


# ------------------------------------------------------------------------- documents
def test_epub_with_ruby_in_spine_order(tmp_path):
    half = len(BODY) // 2
    book = mk.epub(TITLE, [[TITLE, *BODY[:half]], BODY[half:]], ruby={"阅览室": "yuèlǎnshì", "图书馆": "túshūguǎn"})
    t = inputs.read(write(tmp_path, "book.epub", book))
    assert t.title == TITLE and t.zh == (TITLE, *BODY)
    assert "yuè" not in "".join(t.zh)
    assert cards_of(t) == plain_cards()


def test_docx(tmp_path):
    t = inputs.read(write(tmp_path, "lesson.docx", mk.docx([TITLE, *BODY], title=TITLE)))
    assert t.title == TITLE and t.zh == (TITLE, *BODY)
    assert cards_of(t) == plain_cards()


def _pdf_pages(width: int, per_page: int, indent: str = "") -> list[list[str]]:
    import textwrap

    lines = [ln for p in (TITLE, *BODY) for ln in textwrap.wrap(indent + p, width)]
    n = (len(lines) + per_page - 1) // per_page
    return [["城市新闻周刊 第%d页" % (i + 1), *lines[i * per_page:(i + 1) * per_page], f"- {i + 1} -"]
            for i in range(n)]


@pytest.mark.parametrize("width, per_page, indent", [(20, 12, ""), (20, 8, ""), (26, 10, "\u3000\u3000")])
def test_text_pdf(tmp_path, width, per_page, indent):
    t = inputs.read(write(tmp_path, "article.pdf", mk.pdf(_pdf_pages(width, per_page, indent))))
    assert t.zh == (TITLE, *BODY)  # lines re-joined, running header and page numbers gone
    assert t.title == TITLE
    if per_page == 12:
        assert cards_of(t) == plain_cards()


def test_scanned_pdf_says_so(tmp_path):
    p = write(tmp_path, "scan.pdf", mk.pdf([[], []]))
    with pytest.raises(VocabdeckError, match="without a text layer"):
        inputs.read(p)


def test_markdown(tmp_path):
    linked = BODY[2].replace("图书馆", "[图书馆](https://example.com/lib)", 1)
    md = (f"---\nlayout: post\n---\n# {TITLE}\n\n> **{BODY[0][:6]}**{BODY[0][6:]}\n\n{BODY[1]}\n\n{linked}\n\n"
          + "\n\n".join(f"- {p}" if i % 2 else p for i, p in enumerate(BODY[3:]))
          + "\n\n![图片](photo.jpg)\n")
    t = inputs.read(write(tmp_path, "note.md", md.encode()))
    assert t.title == TITLE and t.zh[:len(BODY) + 1] == (TITLE, *BODY)
    assert not any(s in "".join(t.zh) for s in ("#", "> ", "- ", "**", "]("))
    assert cards_of(t) == plain_cards()


@pytest.mark.parametrize("sep", [",", "\t"])
def test_csv_word_list(tmp_path, sep):
    if sep == ",":
        rows = ["词语,拼音,意思", "卫星,wèixīng,satellite", '导航,dǎoháng,"to navigate, navigation"', "插秧,chāyāng,"]
    else:
        rows = ["词语\t拼音\t意思", "卫星\twèixīng\tsatellite", "导航\tdǎoháng\tto navigate, navigation",
                "插秧\tchāyāng\t"]
    t = inputs.read(write(tmp_path, "words.csv" if sep == "," else "words.tsv", "\n".join(rows).encode()))
    assert t.zh == ("卫星", "导航", "插秧")
    assert [w.pinyin for w in t.words] == ["wèixīng", "dǎoháng", "chāyāng"]
    assert [w.meaning for w in t.words] == ["satellite", "to navigate, navigation", ""]
    assert t.title == "words"


@pytest.mark.parametrize("name, content, fmt", [
    ("episode.txt", "1\n00:00:01,000 --> 00:00:02,000\n图书馆开设夜间阅览室。\n", "srt"),
    ("notes.txt", "WEBVTT\n\n00:01.000 --> 00:02.000\n图书馆开设夜间阅览室。\n", "vtt"),
    ("page.txt", "<html><head><title>图书馆</title></head><body><p>图书馆。</p></body></html>", "html"),
    ("article.html", "图书馆开设夜间阅览室。\n\n读者可以借书。", "text"),
    ("list.txt", "词语,拼音\n卫星,wèixīng\n", "wordlist"),
    ("poem.txt", "床前明月光\n疑是地上霜\n举头望明月\n低头思故乡\n白日依山尽\n黄河入海流\n", "text"),
    ("note.md", "# 标题\n\n图书馆开设夜间阅览室。", "markdown"),
    ("note.txt", "# 标题\n\n- 图书馆开设夜间阅览室。\n- 读者可以借书。", "markdown"),
])
def test_format_is_found_from_the_content(name, content, fmt):
    from vocabdeck.inputs.detect import text_format

    assert text_format(content, name) == fmt


def test_one_word_per_line_list():
    t = inputs.read("卫星\n导航\n插秧\n机械化\n示范田\n")
    assert t.zh == ("卫星", "导航", "插秧", "机械化", "示范田") and len(t.words) == 5


# ------------------------------------------------------------------------- refusals
def _message(source) -> str:
    with pytest.raises(VocabdeckError) as e:
        inputs.read(source)
    text = str(e.value)
    assert "\n" not in text
    return text


@pytest.mark.parametrize("name, data, says", [
    ("sheet.xlsx", None, "Excel"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Microsoft Office"),
    ("pack.gz", b"\x1f\x8b\x08\x00" + bytes(100), "gzip"),
    ("clip.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(100), "MP4"),
    ("book.epub", b"PK\x03\x04" + bytes(40), "damaged zip"),
])
def test_unsupported_files_name_the_format(tmp_path, name, data, says):
    if data is None:
        import zipfile

        with zipfile.ZipFile(tmp_path / name, "w") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
    else:
        write(tmp_path, name, data)
    text = _message(tmp_path / name)
    assert says in text and "--encoding" not in text


def test_url_is_refused_with_what_to_do():
    assert "save the page" in _message(Path("https://www.example.com/a.html"))


def test_special_files(tmp_path):
    import os

    assert "directory" in _message(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "named pipe" in _message(fifo)  # no writer: must not block
    if Path("/dev/zero").exists():
        assert "device" in _message(Path("/dev/zero"))


def test_size_limit_and_override(tmp_path, monkeypatch):
    big = write(tmp_path, "big.txt", ("图书馆开设夜间阅览室。" * 40000).encode())  # 1.3 MB
    monkeypatch.setenv("VOCABDECK_MAX_INPUT_MB", "1")
    assert "VOCABDECK_MAX_INPUT_MB" in _message(big)
    monkeypatch.setenv("VOCABDECK_MAX_INPUT_MB", "2")
    assert inputs.read(big).zh


def test_japanese_text_is_refused():
    ja = "東京の図書館は、夜遅くまで開いています。多くの人が仕事の後に本を読みに来ます。" * 3
    assert "Japanese" in _message(ja)
    # A Chinese article quoting a Japanese title is still Chinese.
    assert inputs.read("他在东京买了《ノルウェイの森》这本小说，" + "图书馆开设夜间阅览室。" * 10).zh


def test_wrong_explicit_encoding_is_caught(tmp_path):
    data = "\n\n".join(BODY).encode()
    p = write(tmp_path, "a.txt", data + b"\n" * (len(data) % 2))  # even: decodable as UTF-16
    with pytest.raises(VocabdeckError, match="does not look like Chinese"):
        inputs.read(p, encoding="utf-16")
    assert inputs.read(p, encoding="utf-8").zh == tuple(BODY)


def test_inline_glosses_leave_the_sentence():
    t = inputs.read("我国正在建立国家公园（national parks）体系，保护大熊猫(giant panda)的栖息地。"
                    "美国证监会（SEC）和美国有线电视新闻网(CNN)都报道了。")
    assert t.zh == ("我国正在建立国家公园体系，保护大熊猫的栖息地。"
                    "美国证监会（SEC）和美国有线电视新闻网(CNN)都报道了。",)
    assert [(g.word, g.meaning) for g in t.glosses] == [("国家公园", "national parks"), ("大熊猫", "giant panda")]


def test_word_list_cards_every_listed_word(tmp_path):
    """The filters (default HSK 4+) do not drop the teacher's words: 图书馆 is HSK 3."""
    from vocabdeck import pipeline

    t = inputs.read(write(tmp_path, "list.csv", "词语,意思\n图书馆,library\n卫星,satellite\n北京,\n".encode()))
    assert {w.word for w in pipeline.choose([t], Options()).cards} == {"图书馆", "卫星", "北京"}


def test_word_list_keeps_words_whole(tmp_path):
    from vocabdeck import pipeline

    t = inputs.read(write(tmp_path, "list.csv", "词语\n示范田\n插秧\n".encode()))
    assert {w.word for w in pipeline.choose([t], Options()).cards} == {"示范田", "插秧"}


def test_known_list_is_a_regular_file():
    from vocabdeck.data.known import load_known

    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    from vocabdeck.cli import cli_message

    with pytest.raises(VocabdeckError, match="^known /dev/zero: is a device") as err:
        load_known(Path("/dev/zero"))
    assert cli_message(err.value).startswith("--known /dev/zero: is a device")


def test_mhtml_page(tmp_path):
    import base64

    html_part = base64.encodebytes(mk.news_page(TITLE, BODY, "gb2312")).decode()
    mhtml = ("From: <Saved by Blink>\nSnapshot-Content-Location: https://www.example.com/a.html\n"
             "Subject: =?utf-8?Q?x?=\nMIME-Version: 1.0\nContent-Type: multipart/related;\n"
             '\ttype="text/html";\n\tboundary="----MultipartBoundary--abc----"\n\n\n'
             "------MultipartBoundary--abc----\nContent-Type: text/html; charset=gb2312\n"
             "Content-Transfer-Encoding: base64\nContent-Location: https://www.example.com/a.html\n\n"
             f"{html_part}\n------MultipartBoundary--abc------\n")
    t = inputs.read(write(tmp_path, "page.mhtml", mhtml.encode()))
    assert t.title == TITLE and t.zh == (TITLE, *BODY)
    no_chrome(t)


def test_cli_reads_standard_input(tmp_path):
    cli = "import sys; sys.argv[0] = 'vocabdeck'; from vocabdeck.cli import main; main()"
    out = subprocess.run([sys.executable, "-c", cli, "words", "-", "--levels", "all", "--format", "json"],
                         input=(SAMPLES / "library-night.zh.txt").read_bytes(), capture_output=True, cwd=tmp_path)
    import json

    assert out.returncode == 0, out.stderr
    assert {w["word"] for w in json.loads(out.stdout)} == plain_cards()
