"""Plain-text exports: the first line is the title; the second the publish time
(YYYY-MM-DD HH:MM), possibly followed by a view-count label (浏览次数：, 瀏覽人次:, 阅读:) and maybe
a number; then the text, one paragraph a line (blank lines and the full-width spaces that indent
Chinese paragraphs are not kept)."""

import re

from django.utils.html import escape

from .legacy import DATE_TIME, VIEW_LABEL, ImportFailure, LegacyArticle, decode, publish_time

_SECOND_LINE = re.compile(
    r"(?:(?:发布时间|發佈時間|發布時間|时间|時間)\s*[:：]\s*)?"
    rf"(?P<time>{DATE_TIME.pattern})"
    rf"(?:\s*{VIEW_LABEL}\s*[:：]?\s*(?P<count>\d[\d,，]*)?\s*次?)?"
)
_INDENT = " \t\u3000\u00a0"


def read_text_export(data):
    """The LegacyArticle in a text export's bytes (UTF-8 or GB18030); ImportFailure saying
    what is wrong otherwise."""
    lines = [line.strip(_INDENT) for line in decode(data).splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        raise ImportFailure("文件是空的")
    title = lines[0]
    if len(lines) < 2:
        raise ImportFailure("只有标题，没有发布时间和正文")
    second = _SECOND_LINE.fullmatch(lines[1])
    if second is None:
        raise ImportFailure(
            f"第二行应是发布时间（YYYY-MM-DD HH:MM，可带浏览次数），却是“{lines[1][:40]}”"
        )
    if second["hour"] is None:
        raise ImportFailure(f"第二行的发布时间“{second['time']}”缺少时分（HH:MM）")
    paragraphs = [line for line in lines[2:] if line]
    count = second["count"]
    return LegacyArticle(
        title=title,
        publish_at=publish_time(DATE_TIME.fullmatch(second["time"])),
        body="".join(f"<p>{escape(text)}</p>" for text in paragraphs),
        view_count=int(re.sub(r"[,，]", "", count)) if count else None,
    )
