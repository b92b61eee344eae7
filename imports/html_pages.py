"""Saved pages of an old site's articles (.html/.htm): the title, publish time, view count and
body, found by the rules below or at the elements CSS selectors name (--title, --date, --body;
lxml's cssselect).

The automatic rules are conservative, because a wrong guess is imported silently while a
failure names the option that fixes it: the title is the page's only <h1>, else an element whose
class or id says title, else the <title> before its site-name separator; the time is the first
date and time on the page outside the body; the body is the usual content container of the
town-site systems (#zoom, .TRS_Editor, #content, .article-content …).
"""

import copy
import re

import lxml.html
from cssselect import SelectorError
from django.utils.html import escape, strip_tags
from lxml.cssselect import CSSSelector

from .legacy import DATE_TIME, VIEW_COUNT, ImportFailure, LegacyArticle, decode, publish_time
from .legacy import view_count as count_of

BODY_CONTAINERS = (
    "#zoom", ".TRS_Editor", "#content", ".article-content", ".article_content", "#article-body",
    ".article-body", ".news-content", ".news_content", ".con_text", ".content",
)  # fmt: skip
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_TITLE_SEPARATOR = re.compile(r"\s*(?:[-_|–—]+|——)\s*")
_SPACE = re.compile(r"\s+")
_BODY_MARK = "\ue000body\ue000"  # a private-use character: in no page's text
_LABELLED_TIME = re.compile(
    r"(?:发布时间|发布日期|发表时间|發佈時間|發布時間|發佈日期|發布日期|發表時間)\s*[:：]?\s*"
    rf"(?P<time>{DATE_TIME.pattern})"
)


def selector(css, option):
    """A compiled selector for an option, or ImportFailure explaining the mistake."""
    try:
        return CSSSelector(css)
    except SelectorError as error:
        raise ImportFailure(f"{option} 的选择器“{css}”写得不对：{error}") from None


def _text(element):
    return _SPACE.sub(" ", element.text_content()).strip()


# What the body's blocks are kept as (clean_body then keeps or unwraps them); containers are
# looked into; everything else is inline and goes into paragraphs.
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre",
           "figure", "hr"}  # fmt: skip
_CONTAINERS = {"div", "section", "article", "center", "font", "form", "main", "span"}


def _paragraphs(element):
    """The body as blocks: its paragraphs and tables as they are, and text that old systems
    laid out with <div>s or <br>s as <p>s (clean_body unwraps <div>, which would run the
    paragraphs together)."""
    blocks, run = [], []

    def flush():
        text = "".join(run).strip()
        if strip_tags(text).strip() or "<img" in text:
            blocks.append(f"<p>{text}</p>")
        run.clear()

    def walk(parent):
        run.append(escape(parent.text or ""))
        for child in parent:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _BLOCKS:
                flush()
                blocks.append(lxml.html.tostring(child, encoding="unicode", with_tail=False))
            elif tag == "br":
                flush()
            elif tag in _CONTAINERS and any(
                isinstance(c.tag, str) and c.tag in _BLOCKS | _CONTAINERS | {"br"}
                for c in child.iter()
                if c is not child
            ):
                flush()
                walk(child)
                flush()
            elif tag in {"div", "section", "article", "center"}:
                flush()
                run.append(_inline(child))
                flush()
            elif tag:
                run.append(lxml.html.tostring(child, encoding="unicode", with_tail=False))
            run.append(escape(child.tail or ""))

    walk(element)
    flush()
    return "\n".join(blocks)


def _inline(element):
    return escape(element.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in element
    )


def _chosen(page, css, option):
    """The first element css matches; ImportFailure if none (a given selector must match:
    falling back to a guess would hide a typo)."""
    found = selector(css, option)(page)
    if not found:
        raise ImportFailure(f"{option} “{css}”在这个页面上找不到任何元素")
    return found[0]


def _auto_title(page):
    headings = [h for h in page.iter("h1") if _text(h)]
    if len(headings) == 1:
        return _text(headings[0])
    for element in page.xpath(
        "//body//*[contains(translate(@class, 'TITLE', 'title'), 'title')"
        " or contains(translate(@id, 'TITLE', 'title'), 'title')]"
    ):
        if _text(element):
            return _text(element)
    head_title = page.find(".//title")
    if head_title is not None:
        parts = _TITLE_SEPARATOR.split(_text(head_title))
        if len(parts) > 1 and parts[0]:
            return parts[0]
    raise ImportFailure(
        "找不到标题（没有唯一的 <h1>，也没有 class 或 id 含 title 的元素）：请用 --title 指定"
    )


def _auto_body(page):
    for css in BODY_CONTAINERS:
        found = CSSSelector(css)(page)
        if found and _text(found[0]):
            return found[0]
    raise ImportFailure(
        "找不到正文（没有 #zoom、#content、.article-content 等常见的正文容器）：请用 --body 指定"
    )


def _outside(page, body):
    """The words of the page's <body> before and after the article body (a date in the text
    is not the publish time)."""
    path = page.getroottree().getpath(body)
    rest = copy.deepcopy(page)
    marker = rest.xpath(path)[0]
    tail = marker.tail
    marker.clear()  # the tail too
    marker.text, marker.tail = _BODY_MARK, tail
    before, after = rest.body.text_content().split(_BODY_MARK, 1)
    return _SPACE.sub(" ", before), _SPACE.sub(" ", after)


def _auto_time(page, body):
    """The time after a 发布时间/日期 label; else the last time before the body (the line under
    the title), else the first after it. The match, and the text it is in."""
    before, after = _outside(page, body)
    for text in (before, after):
        labelled = _LABELLED_TIME.search(text)
        if labelled:
            return DATE_TIME.search(text, labelled.start("time")), text
    found = list(DATE_TIME.finditer(before))
    if found:
        return found[-1], before
    return DATE_TIME.search(after), after


def read_html_page(data, *, title=None, date=None, body=None):
    """The LegacyArticle in a saved page's bytes; title, date and body are CSS selectors that
    replace the automatic rules. ImportFailure saying what is missing otherwise."""
    declared = _CHARSET.search(data[:4096])
    text = decode(data, declared.group(1).decode("ascii") if declared else None)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        page = lxml.html.document_fromstring(text)
    except Exception as error:  # lxml's parser errors have no common base worth naming
        raise ImportFailure(f"无法解析 HTML：{error}") from None
    for element in page.xpath("//script | //style | //noscript"):
        element.drop_tree()
    body_element = _chosen(page, body, "--body") if body else _auto_body(page)
    title_text = _text(_chosen(page, title, "--title")) if title else _auto_title(page)
    if date:
        where = _text(_chosen(page, date, "--date"))
        moment = DATE_TIME.search(where)
        if moment is None:
            raise ImportFailure(f"--date “{date}”所指元素里没有日期：“{where[:40]}”")
    else:
        moment, where = _auto_time(page, body_element)
        if moment is None:
            raise ImportFailure("页面上（正文以外）找不到发布时间：请用 --date 指定")
    # The count in the same line as the time, else anywhere outside the body.
    counted = VIEW_COUNT.search(where, moment.end())
    if counted is None:
        counted = VIEW_COUNT.search(" ".join(_outside(page, body_element)))
    return LegacyArticle(
        title=title_text,
        publish_at=publish_time(moment),
        body=_paragraphs(body_element),
        view_count=count_of(counted),
    )
