"""Real-shaped input files made from an article's paragraphs: saved news pages with their
chrome, bilingual pages in the layouts sites use, EPUB with ruby, subtitles, .docx, a PDF
with a text layer, Markdown, word lists. Used by test_formats.py."""

from __future__ import annotations

import html
import io
import zipfile

# Words of page chrome that must never reach a card.
CHROME_WORDS = ("登录", "注册", "首页", "广告", "优惠券", "版权所有", "举报", "客户端", "热门评论",
                "相关新闻", "网站地图", "联系我们", "下载客户端", "扫码关注", "分享到")

_HEAD = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}">
<title>{title} - 新华网</title>
<meta name="keywords" content="首页,新闻,客户端">
<script>var _hmt = _hmt || []; window.adSlots = ["广告位一", "广告位二"]; function 登录(){{}}</script>
<style>.nav{{color:red}} /* 注册 */</style>
</head><body>
<div class="top-bar"><a href="/">首页</a> | <a href="/login">登录</a> | <a href="/reg">注册</a> |
<a href="/app">下载客户端</a></div>
<nav class="nav"><ul><li><a href="/politics">时政</a></li><li><a href="/world">国际</a></li>
<li><a href="/finance">财经</a></li><li><a href="/tech">科技</a></li><li><a href="/sports">体育</a></li></ul></nav>
<div class="ad banner"><a href="https://ads.example.com">限时优惠券，点击领取！广告</a></div>
"""

_TAIL = """<div class="share">分享到：<a>微信</a><a>微博</a></div>
<div class="related"><h3>相关新闻</h3><ul>
<li><a href="/a1.html">外交部发言人就有关问题答记者问</a></li>
<li><a href="/a2.html">多地迎来旅游高峰，景区客流创新高</a></li>
<li><a href="/a3.html">专家解读最新经济数据，消费市场持续回暖</a></li></ul></div>
<div id="comments"><h3>热门评论</h3><div class="comment"><span class="user">网友甲</span>
<p class="c">写得好，点赞！举报</p></div><div class="comment"><span class="user">网友乙</span>
<p class="c">楼上说得对。举报</p></div></div>
<div class="ad"><img src="ad.gif" alt="广告">扫码关注，领取优惠券</div>
<footer><p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | <a href="/map">网站地图</a></p>
<p>版权所有 © 2026 新华网 京ICP备00000000号 违法和不良信息举报电话：010-00000000</p></footer>
<script>document.write("广告加载中");</script>
</body></html>
"""


def news_page(title: str, paragraphs: list[str], charset: str = "utf-8", body_title: str | None = None) -> bytes:
    """A saved news page: navigation, an ad, the headline, a byline, the article's
    paragraphs, share buttons, related links, comments, another ad and a footer."""
    esc = html.escape
    parts = [_HEAD.format(charset=charset, title=esc(title))]
    parts.append(f'<div class="main"><div class="article"><h1>{esc(body_title or title)}</h1>\n'
                 '<div class="info"><span>2026-03-14 09:20:00</span> <span>来源：新华网</span></div>\n'
                 '<div id="detail">\n')
    parts += [f"<p>{esc(p)}</p>\n" for p in paragraphs]
    parts.append('<div class="editor">【责任编辑：王小明】</div></div></div></div>\n')
    parts.append(_TAIL)
    return "".join(parts).encode(charset.replace("gb2312", "gb18030"))


def bilingual_page(title: str, pairs: list[tuple[str, str]], layout: str) -> bytes:
    """A bilingual page: 'en-zh' (English paragraph then Chinese: China Daily, FT),
    'rows' (paired rows of a table: NYT dual), 'zh-all-en' (all Chinese then all English: VOA)."""
    esc = html.escape
    if layout == "en-zh":
        body = "".join(f"<p>{esc(e)}</p>\n<p>{esc(z)}</p>\n" for z, e in pairs)
    elif layout == "rows":
        body = "".join(f'<div class="row"><div class="en"><p>{esc(e)}</p></div>'
                       f'<div class="zh"><p>{esc(z)}</p></div></div>\n' for z, e in pairs)
    else:
        body = "".join(f"<p>{esc(z)}</p>\n" for z, _ in pairs) + "".join(f"<p>{esc(e)}</p>\n" for _, e in pairs)
    page = (_HEAD.format(charset="utf-8", title=esc(title))
            + f'<div class="main"><article><h1>{esc(title)}</h1>\n{body}</article></div>\n' + _TAIL)
    return page.encode()


def _with_ruby(paragraph: str, ruby: dict[str, str]) -> str:
    """The paragraph as XHTML, the words in `ruby` written with <ruby>, <rp> and <rt>."""
    paragraph = html.escape(paragraph)
    for word, pinyin in ruby.items():
        paragraph = paragraph.replace(word, f"<ruby>{word}<rp>(</rp><rt>{pinyin}</rt><rp>)</rp></ruby>")
    return paragraph


def epub(title: str, chapters: list[list[str]], ruby: dict[str, str] | None = None) -> bytes:
    """An EPUB 3 book: one XHTML file per chapter, spine order reversed from file order (so a
    reader must follow the spine), words in `ruby` written with <ruby>, <rp> and <rt>."""
    ruby = ruby or {}

    def marked(p: str) -> str:
        return _with_ruby(p, ruby)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                   'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                   '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                   "</rootfiles></container>")
        n = len(chapters)
        items = "".join(f'<item id="c{i}" href="text/ch{n - i}.xhtml" media-type="application/xhtml+xml"/>'
                        for i in range(n))
        spine = "".join(f'<itemref idref="c{i}"/>' for i in range(n))
        z.writestr("OEBPS/content.opf", '<?xml version="1.0" encoding="utf-8"?><package version="3.0" '
                   'xmlns="http://www.idpf.org/2007/opf" unique-identifier="id"><metadata '
                   'xmlns:dc="http://purl.org/dc/elements/1.1/">'
                   f"<dc:title>{html.escape(title)}</dc:title><dc:language>zh</dc:language></metadata>"
                   f'<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" '
                   f'properties="nav"/>{items}</manifest><spine>{spine}</spine></package>')
        z.writestr("OEBPS/nav.xhtml", '<html xmlns="http://www.w3.org/1999/xhtml"><body><nav><ol>'
                   '<li><a href="text/ch1.xhtml">目录</a></li></ol></nav></body></html>')
        for i, pars in enumerate(chapters):
            body = "".join(f"<p>{marked(p)}</p>" for p in pars)
            z.writestr(f"OEBPS/text/ch{n - i}.xhtml", '<?xml version="1.0" encoding="utf-8"?>'
                       '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>第'
                       f"{i + 1}章</title></head><body>{body}</body></html>")
    return out.getvalue()


def docx(paragraphs: list[str], title: str = "") -> bytes:
    """A minimal Word document: each paragraph split over two runs, a tab and a ruby."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def para(p: str) -> str:
        half = len(p) // 2
        return (f"<w:p><w:r><w:t>{html.escape(p[:half])}</w:t></w:r>"
                f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{html.escape(p[half:])}</w:t></w:r></w:p>')

    body = "".join(para(p) for p in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body>'
                   f"{body}<w:sectPr/></w:body></w:document>")
        if title:
            z.writestr("docProps/core.xml", '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://'
                       'schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                       f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{html.escape(title)}'
                       "</dc:title></cp:coreProperties>")
    return out.getvalue()


def _srt_time(ms: int) -> str:
    h, ms = divmod(ms, 3600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def split_cues(sentence: str, size: int) -> list[str]:
    """A sentence cut into subtitle-length pieces at commas where possible."""
    out, cur = [], ""
    for ch in sentence:
        cur += ch
        if len(cur) >= size and ch in "，,、；;： ":
            out.append(cur.strip())
            cur = ""
    if cur.strip():
        out.append(cur.strip())
    return out


def srt(cues: list[tuple[int, int, list[str]]]) -> bytes:
    """SRT from (start ms, end ms, lines)."""
    blocks = [f"{i}\n{_srt_time(a)} --> {_srt_time(b)}\n" + "\n".join(lines) + "\n"
              for i, (a, b, lines) in enumerate(cues, 1)]
    return "\n".join(blocks).encode()


def pdf(pages: list[list[str]]) -> bytes:
    """A PDF with a text layer: each page's lines shown with a Type0 font whose CIDs are
    Unicode code points, and a ToUnicode map, as PDF writers embed CJK fonts (no font
    program: viewers substitute one; text extraction needs only the map)."""
    chars = sorted({c for page in pages for line in page for c in line} | set("0123456789 "))
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    cmap_lines = [b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                  b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
                  b"1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    for i in range(0, len(chars), 100):
        block = chars[i:i + 100]
        cmap_lines.append(f"{len(block)} beginbfchar".encode())
        cmap_lines += [f"<{ord(c):04X}> <{ord(c):04X}>".encode() for c in block]
        cmap_lines.append(b"endbfchar")
    cmap_lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    cmap = b"\n".join(cmap_lines)
    tounicode = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    desc = add(b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 900] "
               b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    cid = add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
              b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 >>" % desc)
    font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
               b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid, tounicode))
    pages_id = len(objs) + 1
    objs.append(b"")  # the Pages object, filled in below
    kids = []
    for lines in pages:
        ops = [b"BT /F1 12 Tf 14 TL 50 800 Td"]
        for line in lines:
            ops.append(b"<" + "".join(f"{ord(c):04X}" for c in line).encode() + b"> Tj T*")
        ops.append(b"ET")
        content = b"\n".join(ops)
        c = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R "
                        b">> >> /Contents %d 0 R >>" % (pages_id, font, c)))
    objs[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref))
    return out.getvalue()


def copied_text(page: bytes, charset: str = "utf-8") -> str:
    """What selecting all of a page in a browser and pasting it into a text file gives:
    the visible text, a line per block, scripts and styles left out."""
    import re

    text = page.decode(charset.replace("gb2312", "gb18030"))
    text = re.sub(r"<(script|style|head)\b.*?</\1>", "", text, flags=re.S)
    text = re.sub(r"</?(?:p|div|li|h\d|nav|footer|ul|article|span class=\"user\")\b[^>]*>", "\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _xhtml(body: str, title: str = "") -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" '
            f'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>{html.escape(title)}</title></head>'
            f"<body>{body}</body></html>")


def book(title: str, chapters: list[tuple[str, list[str]]], ruby: dict[str, str] | None = None,
         toc: str = "nav") -> bytes:
    """An e-book shaped as publishers and Calibre make them: a cover page (an image) and a
    title page before the chapters; each chapter opening with an <h1> heading, except that
    the first chapter is split over two files (the second without a heading) and the last
    two chapters share one file, each beginning at an element with an id. The table of
    contents is an EPUB 3 navigation document (`toc="nav"`, nested under a part heading) or
    an EPUB 2 NCX (`toc="ncx"`); the spine order differs from the order of the files in
    the manifest and in the zip."""
    ruby = ruby or {}

    def marked(p: str) -> str:
        return _with_ruby(p, ruby)

    def paras(pars: list[str]) -> str:
        return "".join(f"<p>{marked(p)}</p>\n" for p in pars)

    assert len(chapters) >= 3 and len(chapters[0][1]) >= 2
    files: dict[str, str] = {
        "cover.xhtml": _xhtml('<div><img src="../images/cover.jpg" alt="封面"/></div>', title),
        "title.xhtml": _xhtml(f'<h1 class="title">{html.escape(title)}</h1><p>2026</p>', title),
    }
    first_title, first = chapters[0]
    files["ch01.xhtml"] = _xhtml(f"<h1>{html.escape(first_title)}</h1>\n{paras(first[:1])}", first_title)
    files["ch01_split.xhtml"] = _xhtml(paras(first[1:]), first_title)
    links = [("ch01.xhtml", first_title)]
    for n, (name, pars) in enumerate(chapters[1:-2], 2):
        files[f"ch{n:02d}.xhtml"] = _xhtml(f"<section><h1>{html.escape(name)}</h1>\n{paras(pars)}</section>", name)
        links.append((f"ch{n:02d}.xhtml", name))
    last = ""
    for k, (name, pars) in enumerate(chapters[-2:]):
        last += f'<h2 id="s{k}">{html.escape(name)}</h2>\n{paras(pars)}'
        links.append((f"end.xhtml#s{k}", name))
    files["end.xhtml"] = _xhtml(last, title)
    order = list(files)  # reading order
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                   'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                   '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                   "</rootfiles></container>")
        ids = {f: f"x{i}" for i, f in enumerate(order)}
        items = "".join(f'<item id="{ids[f]}" href="Text/{f}" media-type="application/xhtml+xml"/>'
                        for f in reversed(order))
        if toc == "nav":
            items += '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
            part = "".join(f'<li><a href="Text/{h}">{html.escape(t)}</a></li>' for h, t in links)
            z.writestr("OEBPS/nav.xhtml", _xhtml(
                f'<nav epub:type="toc"><h1>目录</h1><ol><li><a href="Text/title.xhtml">{html.escape(title)}</a>'
                f'</li><li><span>正文</span><ol>{part}</ol></li></ol></nav>'
                '<nav epub:type="landmarks" hidden=""><ol><li><a epub:type="bodymatter" href="Text/ch01.xhtml">'
                "开始阅读</a></li></ol></nav>"))
        else:
            items += '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
            points = "".join(f'<navPoint id="p{i}" playOrder="{i}"><navLabel><text>{html.escape(t)}</text>'
                             f'</navLabel><content src="Text/{h}"/></navPoint>' for i, (h, t) in enumerate(links, 1))
            z.writestr("OEBPS/toc.ncx", '<?xml version="1.0" encoding="utf-8"?><ncx '
                       'xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/><docTitle><text>'
                       f"{html.escape(title)}</text></docTitle><navMap>{points}</navMap></ncx>")
        aside = ' linear="no"'  # the cover is not read in order
        spine = "".join(f'<itemref idref="{ids[f]}"{aside if f == "cover.xhtml" else ""}/>' for f in order)
        ncx_ref = ' toc="ncx"' if toc == "ncx" else ""
        z.writestr("OEBPS/content.opf", '<?xml version="1.0" encoding="utf-8"?><package version="3.0" '
                   'xmlns="http://www.idpf.org/2007/opf" unique-identifier="id"><metadata '
                   'xmlns:dc="http://purl.org/dc/elements/1.1/">'
                   f"<dc:title>{html.escape(title)}</dc:title><dc:language>zh</dc:language></metadata>"
                   f"<manifest>{items}</manifest><spine{ncx_ref}>{spine}</spine>"
                   "</package>")
        for f in reversed(order):
            z.writestr(f"OEBPS/Text/{f}", files[f])
    return out.getvalue()
