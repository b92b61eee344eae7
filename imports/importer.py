"""One import run: find the files, read each (text_files, html_pages), convert it (pinyin
annotations out, Traditional to Simplified when asked), skip what is already there, and store
the rest through the workflow's import steps, one transaction per file. The command prints what
run() yields."""

from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, DataError, transaction

from news import services
from news.models import Article, WorkflowError
from news.sanitize import clean_body, plain_text
from readership.counter import keep_old_views
from traditional.convert import to_simplified

from .html_pages import read_html_page
from .legacy import ImportFailure, LegacyArticle
from .pinyin import strip_pinyin
from .text_files import read_text_export

TEXT_SUFFIXES = {".txt"}
PAGE_SUFFIXES = {".html", ".htm"}
TITLE_MAX = Article._meta.get_field("title").max_length

IMPORTED, DUPLICATE, FAILED = "imported", "duplicate", "failed"


@dataclass
class Outcome:
    path: Path
    result: str  # IMPORTED, DUPLICATE or FAILED
    reason: str = ""  # why it was skipped or failed (Chinese)
    article: LegacyArticle | None = None  # what was read (converted), when it could be
    stored: Article | None = None  # the new article (None in a dry run)


def find_files(paths):
    """The files to import under paths (files as given; folders searched recursively for
    .txt, .html, .htm), in a stable order. A path that does not exist raises FileNotFoundError."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | PAGE_SUFFIXES
            )  # fmt: skip
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(path)
    return found


class Run:
    def __init__(self, *, column, by, publish, t2s=False, dry_run=False, selectors=None):
        self.column, self.by, self.publish = column, by, publish
        self.t2s, self.dry_run = t2s, dry_run
        self.selectors = selectors or {}
        self.seen = {}  # (title, publish_at) → the file of this run that had it

    def read(self, path):
        suffix = path.suffix.lower()
        data = path.read_bytes()
        if suffix in TEXT_SUFFIXES:
            legacy = read_text_export(data)
        elif suffix in PAGE_SUFFIXES:
            legacy = read_html_page(data, **self.selectors)
        else:
            raise ImportFailure(f"不认识的文件类型“{suffix}”（只导入 .txt、.html、.htm）")
        legacy.title = self.converted(legacy.title).strip()
        legacy.body = self.converted(legacy.body)
        if not legacy.title:
            raise ImportFailure("标题是空的")
        if len(legacy.title) > TITLE_MAX:
            raise ImportFailure(f"标题有 {len(legacy.title)} 个字，超过 {TITLE_MAX} 字的上限")
        if not plain_text(clean_body(legacy.body)):
            raise ImportFailure("没有正文")
        return legacy

    def converted(self, text):
        text = strip_pinyin(text)
        return to_simplified(text) if self.t2s else text

    def duplicate_of(self, legacy):
        key = (legacy.title, legacy.publish_at)
        if key in self.seen:
            return f"与本次导入的 {self.seen[key]} 标题、发布时间相同"
        if Article.objects.filter(title=legacy.title, publish_at=legacy.publish_at).exists():
            return "网站上已有标题、发布时间都相同的文章"
        return ""

    def store(self, path, legacy):
        article = Article(column=self.column, title=legacy.title, body=legacy.body)
        note = f"从旧网站导入：{path.name}"
        if self.publish:
            stored = services.article_import_published(
                article=article, by=self.by, publish_at=legacy.publish_at, reason=note
            )
        else:
            article.publish_at = legacy.publish_at
            stored = services.article_import_draft(article=article, by=self.by, note=note)
        return keep_old_views(stored, legacy.view_count or 0)

    def one(self, path):
        try:
            legacy = self.read(path)
        except ImportFailure as failure:
            return Outcome(path, FAILED, str(failure))
        except OSError as error:
            return Outcome(path, FAILED, f"无法读取文件：{error.strerror or error}")
        reason = self.duplicate_of(legacy)
        if reason:
            return Outcome(path, DUPLICATE, reason, legacy)
        try:
            # The article, its revision, audit records and views, or nothing. A dry run
            # stores them too and rolls back, so that it reports what the database refuses.
            with transaction.atomic():
                stored = self.store(path, legacy)
                if self.dry_run:
                    transaction.set_rollback(True)
                    stored = None
        except WorkflowError as refusal:
            return Outcome(path, FAILED, str(refusal), legacy)
        except (DataError, OverflowError):
            why = "有数值超出数据库能存的范围（浏览次数最大 2147483647）"
            return Outcome(path, FAILED, f"写入数据库失败，这篇什么也没保存：{why}", legacy)
        except (DatabaseError, ValueError) as error:
            return Outcome(path, FAILED, f"写入数据库失败，这篇什么也没保存：{error}", legacy)
        self.seen[(legacy.title, legacy.publish_at)] = path
        return Outcome(path, IMPORTED, "", legacy, stored)

    def run(self, paths):
        for path in find_files(paths):
            yield self.one(path)
