"""manage.py import_articles on a real database: what is stored, what is skipped, what is
printed, and that a bad file neither stops the run nor leaves half an article."""

import shutil
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import SecurityEvent
from news import services
from news.models import Article, AuditRecord, Revision
from readership.models import DailyViews
from tests.factories import approve_all, make_article, make_column, make_user

FIXTURES = Path(__file__).parent / "fixtures"
SITE = FIXTURES / "site"
SITE_FILES = 9  # 8 articles, one of them exported twice
SECOND_SYSTEM = ["--title", "td.bt", "--date", "td.sj", "--body", "td.nr"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def column():
    return make_column(slug="gzdt", name="工作动态")


@pytest.fixture
def author():
    return make_user("laozhang", "撰稿人", first_name="张")


def import_articles(*args, by="laozhang", column="gzdt"):
    """(what the command printed, its CommandError or None)."""
    output = StringIO()
    try:
        call_command("import_articles", *map(str, args), "--column", column, "--by", by,
                     stdout=output)  # fmt: skip
    except CommandError as error:
        return output.getvalue(), error
    return output.getvalue(), None


def lines(output, start):
    return [line for line in output.splitlines() if line.startswith(start)]


def beijing(*parts):
    return timezone.make_aware(datetime(*parts))


def test_a_folder_of_exports_imports_as_drafts_by_default(column, author):
    output, error = import_articles(SITE)
    assert error is None
    assert len(lines(output, "已导入")) == 8
    stored = Article.objects.filter(column=column)
    assert stored.count() == 8
    assert set(stored.values_list("status", flat=True)) == {Article.Status.DRAFT}
    assert not Article.objects.published().exists()
    assert set(stored.values_list("created_by", flat=True)) == {author.pk}
    assert output.splitlines()[-1] == (
        f"共 {SITE_FILES} 个文件：导入 8 篇（草稿，栏目“工作动态”），跳过 1 个（重复），失败 0 个。"
    )


def test_an_imported_draft_keeps_its_publish_time_count_and_file_name(column, author):
    import_articles(SITE / "2019" / "20190305-chungeng.txt")
    article = Article.objects.get()
    assert article.publish_at == beijing(2019, 3, 5, 9, 30)
    assert article.view_count == 1234
    assert article.current_revision.note == "从旧网站导入：20190305-chungeng.txt"


def test_published_goes_online_at_the_original_time(column, author):
    output, error = import_articles(SITE / "2019", "--status", "published")
    assert error is None
    article = Article.objects.published().get(title="蔡桥镇召开2019年春耕生产动员会")
    assert article.publish_at == article.first_published_at == beijing(2019, 3, 5, 9, 30)
    assert article.status == Article.Status.PUBLISHED
    publish = article.audit_records.get(action=AuditRecord.Action.PUBLISH)
    assert "从旧网站导入：20190305-chungeng.txt" in publish.reason
    assert Article.objects.published().count() == 2


def test_the_old_count_is_the_sum_of_its_days(column, author):
    import_articles(SITE / "2021" / "20210901-fanti-gb.txt", "--status", "published")
    article = Article.objects.get()
    assert article.view_count == 1024
    assert list(DailyViews.objects.values_list("article", "date", "views")) == [
        (article.pk, datetime(2021, 9, 1).date(), 1024)
    ]


def test_no_count_in_the_export_is_a_count_of_nothing(column, author):
    import_articles(SITE / "2020" / "20200120-songwennuan.txt")  # 浏览次数： without a number
    assert Article.objects.get().view_count == 0
    assert not DailyViews.objects.exists()


def test_pinyin_goes_and_real_parentheses_stay_in_what_is_stored(column, author):
    import_articles(SITE / "2021" / "20210416-fanti.txt")
    article = Article.objects.get()
    assert article.title == "蔡橋鎮舉辦「彩虹課堂」鄉村少年宮開放日活動"
    assert "(zhèn)" not in article.body and "（cǎi）" not in article.body
    # (text_quality makes the half-width parentheses among characters full-width.)
    assert "活動時間為（2021年）春季學期每週三下午，課程包括（一）書法、（二）剪紙" in article.body


def test_t2s_stores_simplified(column, author):
    import_articles(SITE / "2021" / "20210416-fanti.txt", "--t2s")
    article = Article.objects.get()
    assert article.title == "蔡桥镇举办「彩虹课堂」乡村少年宫开放日活动"
    assert "活动时间为（2021年）春季学期每周三下午" in article.body


def test_without_t2s_traditional_stays_traditional(column, author):
    import_articles(SITE / "2021" / "20210901-fanti-gb.txt")
    assert Article.objects.get().title == "蔡橋鎮開展秋季學校周邊環境整治"


def test_bodies_are_cleaned_paragraphs(column, author):
    import_articles(SITE / "pages" / "art_2018_0506.html", SITE / "2020" / "20201010-huodong.txt")
    page = Article.objects.get(title="蔡桥镇召开安全生产工作会议")
    assert page.body.startswith("<p>5月6日，蔡桥镇召开安全生产工作会议")
    for unsafe in ("<script", "onerror", "style=", "<font", "广告"):
        assert unsafe not in page.body
    text = Article.objects.get(title="蔡桥镇举办第三届农民丰收节")
    assert text.body.count("<p>") == 2 and text.body.endswith("现场销售农产品12万元。</p>")


def test_the_second_system_imports_with_its_selectors(column, author):
    output, error = import_articles(FIXTURES / "layout_b", *SECOND_SYSTEM)
    assert error is None
    article = Article.objects.get(title="蔡桥镇召开2017年脱贫攻坚推进会")
    assert (article.publish_at, article.view_count) == (beijing(2017, 6, 12, 8, 45), 203)
    assert "镇情简介" not in article.body
    assert article.body.count("<p>") == 3  # lines once separated by <br>
    assert Article.objects.count() == 2


def test_twice_imported_files_are_skipped(column, author):
    import_articles(SITE)
    output, error = import_articles(SITE)
    assert error is None
    assert Article.objects.count() == 8
    assert len(lines(output, "跳过（重复）")) == SITE_FILES
    assert "网站上已有标题、发布时间都相同的文章" in output


def test_the_same_article_twice_in_one_run_is_imported_once(column, author):
    output, _ = import_articles(SITE)
    assert Article.objects.filter(title="蔡桥镇召开2019年春耕生产动员会").count() == 1
    [skipped] = lines(output, "跳过（重复）")
    assert "exported-again/20190305-chungeng.txt" in skipped
    assert "与本次导入的" in skipped and "2019/20190305-chungeng.txt 标题、发布时间相同" in skipped


def test_same_title_at_another_time_is_not_a_duplicate(column, author):
    make_article(
        column, title="蔡桥镇召开2019年春耕生产动员会", publish_at=beijing(2018, 3, 5, 9, 30)
    )
    output, _ = import_articles(SITE / "2019" / "20190305-chungeng.txt")
    assert lines(output, "已导入")
    assert Article.objects.filter(title="蔡桥镇召开2019年春耕生产动员会").count() == 2


def test_a_dry_run_writes_nothing_and_reports_the_same(column, author):
    events = SecurityEvent.objects.count()
    dry, dry_error = import_articles(SITE, FIXTURES / "broken", "--dry-run")
    assert Article.objects.count() == Revision.objects.count() == 0
    assert not AuditRecord.objects.exists() and not DailyViews.objects.exists()
    assert SecurityEvent.objects.count() == events
    real, real_error = import_articles(SITE, FIXTURES / "broken")
    dry_lines = dry.splitlines()
    assert dry_lines[0] == "试运行：只检查和报告，什么也不写入。"
    as_real = "\n".join(dry_lines[1:]).replace("将导入", "已导入").replace("可导入", "导入")
    assert as_real == real.strip()
    assert "写入数据库失败" in dry  # what only the database refuses, too
    assert str(dry_error) == str(real_error)


def test_a_bad_file_fails_in_chinese_and_the_run_goes_on_with_a_nonzero_exit(column, author):
    folder = FIXTURES / "broken"
    output, error = import_articles(folder, SITE / "2020" / "20201010-huodong.txt")
    failed = lines(output, "失败")
    assert len(failed) == 5
    for name, why in [
        ("no-date.txt", "第二行应是发布时间"),
        ("bad-date.txt", "不是有效的日期"),
        ("no-body.txt", "没有正文"),
        ("latin1.txt", "无法识别文件编码"),
        ("huge-count.txt", "写入数据库失败，这篇什么也没保存：有数值超出数据库能存的范围"),
    ]:
        assert any(name in line and why in line for line in failed), name
    assert lines(output, "已导入")  # the file after the bad ones
    assert Article.objects.get().title == "蔡桥镇举办第三届农民丰收节"
    assert isinstance(error, CommandError) and "5 个文件导入失败" in str(error)
    assert error.returncode == 1


def test_a_file_that_fails_while_stored_leaves_no_half_article(column, author):
    output, error = import_articles(FIXTURES / "broken" / "huge-count.txt", "--status", "published")
    assert error is not None
    assert not Article.objects.exists()
    assert not Revision.objects.exists() and not AuditRecord.objects.exists()


def test_an_unknown_column_or_an_account_that_cannot_write_stops_before_anything(column, author):
    make_user("shenji", "审计员")
    for by, column_slug, message in [
        ("laozhang", "nosuch", "没有别名为“nosuch”的栏目"),
        ("nobody", "gzdt", "没有用户名为“nobody”的账号"),
        ("shenji", "gzdt", "“shenji”没有撰写稿件的权限"),
    ]:
        output, error = import_articles(SITE, by=by, column=column_slug)
        assert message in str(error)
        assert output == ""
    assert not Article.objects.exists()


def test_an_approved_draft_goes_online_with_its_original_time(column, people):
    """It was published on the old site then (first_published_at): approval keeps the time,
    and nothing is listed as a publish time moved after publication."""
    import_articles(SITE / "2020" / "20201010-huodong.txt", by=people["author"].username)
    article = Article.objects.get()
    old_time = beijing(2020, 10, 10, 10, 0)
    assert (article.publish_at, article.first_published_at) == (old_time, old_time)
    services.article_submit(article=article, by=people["author"])
    article = approve_all(article, people)
    assert article.is_published() and article.publish_at == old_time
    assert not article.audit_records.filter(action="reschedule").exists()


def test_a_folder_is_searched_recursively_for_text_and_pages_only(column, author, tmp_path):
    shutil.copytree(SITE / "pages", tmp_path / "a" / "b")
    (tmp_path / "a" / "readme.md").write_text("不是文章")
    (tmp_path / "a" / "logo.PNG").write_bytes(b"\x89PNG")
    output, error = import_articles(tmp_path)
    assert error is None
    assert len(lines(output, "已导入")) == 2
    assert "readme" not in output and "logo" not in output


MIRROR = FIXTURES / "mirror" / "mirror-20171012.html"
GOOD_TEXT = SITE / "2019" / "20190305-chungeng.txt"


def test_a_file_over_the_size_limit_is_refused_unread_and_the_rest_imported(
    column, author, tmp_path, settings
):
    settings.IMPORT_MAX_FILE_BYTES = 4096
    shutil.copy(GOOD_TEXT, tmp_path / "good.txt")
    (tmp_path / "huge.html").write_bytes(b"<p>" + b"x" * 5000 + b"</p>")
    output, error = import_articles(tmp_path)
    assert lines(output, "失败") == [
        f"失败  {tmp_path / 'huge.html'}：拒绝读取：文件有 5 KB，超过导入上限 4 KB"
        "（IMPORT_MAX_FILE_BYTES）"
    ]
    assert len(lines(output, "已导入")) == 1 and Article.objects.count() == 1
    assert error is not None  # exit status 1: a file failed


def test_a_symbolic_link_is_refused_and_never_read(column, author, tmp_path):
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text("标题\nroot:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(GOOD_TEXT, folder / "good.txt")
    (folder / "passwd.txt").symlink_to(secret)
    output, _error = import_articles(folder)
    assert "root:x:0" not in output
    assert lines(output, "失败") == [
        f"失败  {folder / 'passwd.txt'}：拒绝读取：这是符号链接（只导入导入文件夹里的普通文件）"
    ]
    assert len(lines(output, "已导入")) == 1


def test_a_linked_folder_is_refused_and_not_followed(column, author, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(GOOD_TEXT, outside / "a.txt")
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    output, _error = import_articles(folder)
    assert lines(output, "失败") == [
        f"失败  {folder / 'linked'}：拒绝读取：这是符号链接（只导入导入文件夹里的普通文件）"
    ]
    assert not Article.objects.exists()


def test_a_mirror_page_is_stored_repaired_and_what_is_left_is_reported(column, author):
    output, error = import_articles(MIRROR)
    assert error is None
    body = Article.objects.get().body
    assert "蔡桥镇，召开2017年秋季森林防火工作会议：各村（社区）负责人参加。会议" in body
    assert "共有3,000余名群众" in body and "于10:30开始" in body  # numbers kept
    assert 'href="http://www.caiqiao.gov.cn/a,b:c"' in body and "Fire safety first!" in body
    assert "<p>镇党委书记主持会□并□话。会议要求" in body  # UTF-8 read as GBK, read back
    assert "<p>蔡桥qiao镇召□会□。</p>" in body
    assert "看着地图，接着分组出发，随着巡查" in body and "《林业著作》一书显著" in body
    assert "    已修复（乱码）：“" in output and "    已修复（标点）：“" in output
    flagged = [line.split("：")[1] for line in output.splitlines() if "待核对" in line]
    assert "汉字间夹有拼音或字母" in flagged and "有字丢失（?或�）" in flagged
    assert "简体页面中有繁体字“個”" in flagged
