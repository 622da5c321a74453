"""Saved web pages (.html, .htm, .mhtml): the article's paragraphs without the page's
navigation, ads, related links, comments and footer; the page title, less the site's name,
as the title.

Main-text extraction is trafilatura's (Apache-2.0), chosen by measurement on saved news
pages with chrome in UTF-8 and GB2312 and on bilingual pages in three layouts: it kept every
article paragraph and no chrome on all of them; readability-lxml did as well on one-language
pages but on a page of paired rows kept the navigation and lost every Chinese paragraph.
It is imported here only, when a page is read (0.2-0.6 s).
"""

from __future__ import annotations

import html as _html
import re

from vocabdeck.errors import VocabdeckError
from vocabdeck.inputs.layout import Draft
from vocabdeck.inputs.paragraphs import clean

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
# " - 新华网", "_中国政府网", " | FT中文网", "——人民网": a site's name after its page title.
_SITE_SUFFIX = re.compile(r"\s*(?:\s[-|–—_·]\s|[_|｜—–]{1,2}|——|－)\s*([^-|｜_–—－]{1,20})$")
# What a site's or a channel's name has in it; the second half of a headline
# ("舍小家为大家——安徽合肥群众转移直击") has none of these.
_SITE = re.compile(r"网|新闻|报|频道|中文|电视|日报|杂志|时报|[A-Za-z]{2}|^\S{1,4}$")
_EXTRA = "pip install 'vocabdeck[html]'"


def page_title(page: str) -> str:
    m = _TITLE.search(page[:200000])
    if not m:
        return ""
    title = re.sub(r"\s+", " ", _html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))).strip()
    for _ in range(3):  # "标题 - 频道 - 新华网"
        s = _SITE_SUFFIX.search(title)
        if not s or s.start() < 2 or not _SITE.search(s.group(1)):
            break
        title = title[: s.start()].strip()
    return title


def _from_mhtml(page: str, name: str) -> str:
    """The HTML part of a page saved as one file (.mhtml, .mht)."""
    import email
    import email.policy

    msg = email.message_from_string(page, policy=email.policy.default)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset() or "utf-8"
            try:
                return payload.decode(charset.replace("gb2312", "gb18030"), errors="replace")
            except LookupError:
                return payload.decode("utf-8", errors="replace")
    raise VocabdeckError(f"{name}: a saved page (MHTML) without an HTML part; save the page as .html")


def draft(page: str, name: str) -> Draft:
    if page.lstrip().startswith("MIME-Version:") or "multipart/related" in page[:2000]:
        page = _from_mhtml(page, name)
    try:
        import logging

        import trafilatura
    except ImportError:
        raise VocabdeckError(f"{name}: a web page; reading web pages needs an extra: {_EXTRA} "
                             "(or copy the article's text into a .txt file)") from None
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    # favor_recall: keep every paragraph of the article (a short one-line paragraph, a
    # caption) at the risk of a little chrome, which the debris filter then drops.
    text = trafilatura.extract(page, include_comments=False, include_tables=True, include_links=False,
                               include_images=False, favor_recall=True, deduplicate=False)
    if not text or not text.strip():
        raise VocabdeckError(f"{name}: found no article text in this page; copy the article's text "
                             "into a .txt file and give that")
    pars = tuple(p.strip() for p in clean(text).split("\n") if p.strip())
    return Draft(paragraphs=pars, title=page_title(page))
