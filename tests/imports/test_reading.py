"""Reading the old site's exports: text files in either encoding, with or without a count, and
saved pages of the two old systems, found by the rules or by the selectors given."""

from datetime import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from imports.html_pages import read_html_page
from imports.legacy import ImportFailure
from imports.text_files import read_text_export

FIXTURES = Path(__file__).parent / "fixtures"


def read(path, **selectors):
    data = (FIXTURES / path).read_bytes()
    if path.endswith(".txt"):
        return read_text_export(data)
    return read_html_page(data, **selectors)


def beijing(*parts):
    return timezone.make_aware(datetime(*parts))


@pytest.mark.parametrize(
    "path, title, publish_at, view_count",
    [
        ("site/2019/20190305-chungeng.txt", "蔡桥镇召开2019年春耕生产动员会",
         beijing(2019, 3, 5, 9, 30), 1234),
        # GB18030, 阅读: and a number.
        ("site/2019/20190612-fangxun.txt", "蔡桥镇开展汛前水利设施安全大检查",
         beijing(2019, 6, 12, 8, 45), 356),
        # GB18030, a label without a number: no count, not 0.
        ("site/2020/20200120-songwennuan.txt", "蔡桥镇开展春节前走访慰问困难群众活动",
         beijing(2020, 1, 20, 14, 0), None),
        # No label at all.
        ("site/2020/20201010-huodong.txt", "蔡桥镇举办第三届农民丰收节",
         beijing(2020, 10, 10, 10, 0), None),
        # Traditional, 瀏覽人次: with a thousands separator.
        ("site/2021/20210901-fanti-gb.txt", "蔡橋鎮開展秋季學校周邊環境整治",
         beijing(2021, 9, 1, 9, 0), 1024),
    ],
)  # fmt: skip
def test_a_text_export_gives_its_title_time_and_count(path, title, publish_at, view_count):
    article = read(path)
    assert (article.title, article.publish_at, article.view_count) == (
        title,
        publish_at,
        view_count,
    )


def test_each_line_of_a_text_export_is_a_paragraph_without_its_indent():
    body = read("site/2019/20190305-chungeng.txt").body
    assert body.count("<p>") == 3
    assert body.startswith("<p>3月5日上午，蔡桥镇在镇政府三楼会议室召开")
    assert "\u3000" not in body


def test_text_is_escaped_not_taken_as_markup():
    article = read_text_export("标题\n2020-01-01 08:00\n<script>x</script> & 1 < 2\n".encode())
    assert article.body == "<p>&lt;script&gt;x&lt;/script&gt; &amp; 1 &lt; 2</p>"


@pytest.mark.parametrize(
    "path, message",
    [
        ("broken/no-date.txt", "第二行应是发布时间"),
        ("broken/bad-date.txt", "“2020-02-30 09:00”不是有效的日期"),
        ("broken/latin1.txt", "无法识别文件编码"),
    ],
)
def test_a_text_export_that_is_wrong_says_what_is_wrong(path, message):
    with pytest.raises(ImportFailure, match=message):
        read(path)


def test_a_page_of_the_first_system_is_read_by_the_rules():
    article = read("site/pages/art_2018_0506.html")
    assert article.title == "蔡桥镇召开安全生产工作会议"
    # Not the header's 2024-01-01 08:00 before it, nor the body's 2018-06-30 18:00.
    assert article.publish_at == beijing(2018, 5, 6, 10, 20)
    assert article.view_count == 456
    assert "5月6日，蔡桥镇召开安全生产工作会议" in article.body
    assert "版权所有" not in article.body and "发布时间" not in article.body


def test_a_page_declared_gb2312_is_read_as_gb18030_with_a_chinese_date():
    article = read("site/pages/art_2018_1102.htm")
    assert article.title == "蔡桥镇完成2018年度秸秆禁烧巡查"
    assert article.publish_at == beijing(2018, 11, 2, 16, 5)
    assert article.view_count is None  # 点击： without a number
    assert "镇（街道）环卫所" in article.body


def test_a_page_of_the_second_system_is_not_guessed():
    with pytest.raises(ImportFailure, match="找不到标题.*请用 --title 指定"):
        read("layout_b/show.asp-id=377.html")


SECOND_SYSTEM = {"title": "td.bt", "date": "td.sj", "body": "td.nr"}


def test_a_page_of_the_second_system_is_read_at_the_selectors_given():
    article = read("layout_b/show.asp-id=377.html", **SECOND_SYSTEM)
    assert article.title == "蔡桥镇召开2017年脱贫攻坚推进会"
    assert article.publish_at == beijing(2017, 6, 12, 8, 45)
    assert article.view_count == 203
    assert article.body.startswith("<p>6月12日，蔡桥镇召开脱贫攻坚推进会。</p>\n<p>会议通报了")
    assert "镇情简介" not in article.body


def test_a_selector_that_matches_nothing_fails_instead_of_guessing():
    with pytest.raises(ImportFailure, match="--body “div.zhengwen”在这个页面上找不到任何元素"):
        read("site/pages/art_2018_0506.html", body="div.zhengwen")


def test_a_body_laid_out_with_divs_and_line_breaks_becomes_paragraphs():
    page = (
        '<html><body><h1>标题</h1><p>2020-01-02 09:00</p><div id="zoom">'
        "<div>第一段<br>第二段</div><div><font>第三段</font></div>"
        "<table><tr><td>表格</td></tr></table>第四段<br><br></div></body></html>"
    )
    body = read_html_page(page.encode()).body
    assert body.split("\n") == [
        "<p>第一段</p>",
        "<p>第二段</p>",
        "<p><font>第三段</font></p>",
        "<table><tr><td>表格</td></tr></table>",
        "<p>第四段</p>",
    ]
