"""What an export of an old site says about one article, whatever its format, and the rules the
formats share: encodings, dates, view-count labels."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone


class ImportFailure(Exception):
    """A file that cannot be imported; the message (Chinese) is printed for it."""


@dataclass
class LegacyArticle:
    title: str
    publish_at: datetime  # aware, Beijing time, to the minute
    body: str  # HTML, before clean_body
    view_count: int | None = None  # None: the export shows no count


# 2019-03-05 09:30, 2019/3/5 9:30, 2019年03月05日 09:30 (seconds, if any, are dropped: publish
# times are kept to the minute).
DATE_TIME = re.compile(
    r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?"
    r"(?:\s*(?P<hour>\d{1,2})\s*[:：时時]\s*(?P<minute>\d{2})(?:\s*[:：]\s*\d{2})?)?"
)
# The labels old town sites put before their counts, Simplified and Traditional; the number
# may be missing (a page saved before its counter's script ran).
VIEW_LABEL = (
    r"(?:浏览次数|瀏覽次數|浏览人次|瀏覽人次|浏览量|瀏覽量|浏览|瀏覽|阅读次数|閱讀次數|阅读量|閱讀量"
    r"|阅读|閱讀|点击数|點擊數|点击量|點擊量|点击|點擊|访问量|訪問量)"
)
VIEW_COUNT = re.compile(VIEW_LABEL + r"\s*[:：]?\s*(?P<count>\d[\d,，]*)?")


def decode(data, declared=None):
    """The text of a file's bytes: the declared encoding (GB2312 and GBK read as their
    superset GB18030), else UTF-8 (with or without BOM), else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    candidates = ["utf-8", "gb18030"]
    if declared:
        declared = declared.lower()
        if declared in {"gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "euc-cn"}:
            declared = "gb18030"
        candidates.insert(0, declared)
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise ImportFailure("无法识别文件编码（既不是 UTF-8，也不是 GB18030/GBK）")


def publish_time(match):
    """The aware datetime (Beijing time) a DATE_TIME match names."""
    try:
        moment = datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
        )
    except ValueError:
        raise ImportFailure(f"发布时间“{match.group(0)}”不是有效的日期") from None
    return timezone.make_aware(moment)


def view_count(match):
    """The count a VIEW_COUNT match names, or None when the label has no number."""
    if match is None or not match["count"]:
        return None
    return int(re.sub(r"[,，]", "", match["count"]))
