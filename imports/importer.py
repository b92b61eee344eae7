"""One import run: find the files, read each (text_files, html_pages), convert it (pinyin
annotations out, Traditional to Simplified when asked), skip what is already there, and store
the rest through the workflow's import steps, one transaction per file. The command prints what
run() yields."""

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, DataError, transaction

from news import services
from news.models import Article, WorkflowError
from news.sanitize import clean_body, plain_text
from readership.counter import keep_old_views
from traditional.convert import to_simplified
from wordpaste.text_quality import flags, repair, repair_text

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
    repairs: list = field(default_factory=list)  # [text_quality.Change] made to title and body
    flags: list = field(default_factory=list)  # [text_quality.Flag] left for a person


def find_files(paths):
    """(file, the PATH it was found under) for the files to import under paths: files as
    given; folders searched recursively for .txt, .html, .htm, and every symbolic link in them
    (to a file or a folder: not followed), for read_file to refuse by name rather than pass
    over in silence; in a stable order. A
    path that does not exist raises FileNotFoundError."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(
                (p, path) for p in path.rglob("*")
                if p.is_symlink() or (p.suffix.lower() in TEXT_SUFFIXES | PAGE_SUFFIXES
                                      and not p.is_dir())
            )  # fmt: skip
        elif path.is_symlink() or path.exists():
            found.append((path, path.parent))
        else:
            raise FileNotFoundError(path)
    return found


def read_file(path, root):
    """The bytes of path, a regular file inside root, at most IMPORT_MAX_FILE_BYTES long;
    ImportFailure saying why not otherwise. Decided before a byte is read, from the entry
    itself (lstat): a symbolic link is not followed, wherever it points, so an export cannot
    make the report quote /etc/passwd; and a file is opened without following a link
    (O_NOFOLLOW) and read no further than the limit, in case it changed since."""
    limit = settings.IMPORT_MAX_FILE_BYTES
    entry = path.lstat()
    if stat.S_ISLNK(entry.st_mode):
        raise ImportFailure("拒绝读取：这是符号链接（只导入导入文件夹里的普通文件）")
    if not stat.S_ISREG(entry.st_mode):
        raise ImportFailure("拒绝读取：这不是普通文件")
    # Links are refused above; this catches a folder of the export swapped for a link after
    # the folder was listed.
    if not path.resolve().is_relative_to(Path(root).resolve()):
        raise ImportFailure("拒绝读取：文件不在导入的文件夹里")
    if entry.st_size > limit:
        raise ImportFailure(
            f"拒绝读取：文件有 {_size(entry.st_size)}，超过导入上限 {_size(limit)}"
            "（IMPORT_MAX_FILE_BYTES）"
        )
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise ImportFailure(f"拒绝读取：文件超过导入上限 {_size(limit)}（IMPORT_MAX_FILE_BYTES）")
    return data


def _size(count):
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count / 1024:.0f} KB"


class Run:
    def __init__(self, *, column, by, publish, t2s=False, dry_run=False, selectors=None):
        self.column, self.by, self.publish = column, by, publish
        self.t2s, self.dry_run = t2s, dry_run
        self.selectors = selectors or {}
        self.seen = {}  # (title, publish_at) → the file of this run that had it

    def read(self, path, root):
        suffix = path.suffix.lower()
        data = read_file(path, root)
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

    def repaired(self, legacy):
        """What text_quality can make right in title and body, made right: [Change]; and what
        it cannot, for the report: [Flag]. (The reviewer sees the flags again, as findings of
        the pre-publication check.)"""
        legacy.title, title_repairs = repair_text(legacy.title)
        legacy.body, body_repairs = repair(legacy.body)
        left = flags(f"{legacy.title} {plain_text(clean_body(legacy.body))}")
        return title_repairs + body_repairs, left

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

    def one(self, path, root):
        try:
            legacy = self.read(path, root)
        except ImportFailure as failure:
            return Outcome(path, FAILED, str(failure))
        except OSError as error:
            return Outcome(path, FAILED, f"无法读取文件：{error.strerror or error}")
        repairs, left = self.repaired(legacy)
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
        return Outcome(path, IMPORTED, "", legacy, stored, repairs, left)

    def run(self, paths):
        for path, root in find_files(paths):
            yield self.one(path, root)
