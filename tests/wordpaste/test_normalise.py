"""What a document pasted from Word or WPS keeps and loses (wordpaste.normalise, then the
allow-list). The fixtures are clipboard HTML as Word 2016 and WPS Office write it, made for this
project (tests/wordpaste/fixtures); the small cases below name one rule each."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from news.sanitize import allow_listed, clean_body
from wordpaste.normalise import local_pictures, normalise

FIXTURES = Path(__file__).parent / "fixtures"
WORD = (FIXTURES / "word_notice.html").read_text()
WPS = (FIXTURES / "wps_notice.html").read_text()


def cleaned(html, **kwargs):
    return clean_body(normalise(html, **kwargs))


# The two documents, whole.


@pytest.mark.parametrize("document", [WORD, WPS], ids=["word", "wps"])
def test_a_pasted_document_loses_offices_markup(document):
    body = cleaned(document)
    for leftover in ["mso-", "style=", "<span", "<font", "<o:p", "Mso", "lang=", "&nbsp;",
                     "\u3000", "<!--", "<div", "file:", "<img", "<b>"]:  # fmt: skip
        assert leftover not in body, leftover
    assert len(body) < len(document) / 10


def test_a_word_notice_keeps_its_structure_and_its_official_layout():
    body = cleaned(WORD)
    assert body.startswith('<h2 class="text-center">关于做好2026年冬季森林防火工作的通知</h2>\n')
    assert "<h2>一、压实防火责任</h2>" in body  # Word's Heading 1: the page's h1 is the title
    assert "<strong>烧荒、烧田埂、烧秸秆</strong>" in body
    assert body.endswith('<p class="text-right">蔡桥镇人民政府</p>\n'
                         '<p class="text-right">2026年11月20日</p>')  # fmt: skip
    assert '<td class="text-center"><strong>带班领导</strong></td>' in body
    assert "<td>11月21日—12月31日</td>" in body


def test_word_comments_and_hidden_text_never_reach_the_page():
    body = cleaned(WORD)
    assert "通报频次是否改为每半月一次" not in body  # the reviewer's comment
    assert "[ZM1]" not in body  # its anchor
    assert "内部：去年清明期间" not in body  # text hidden in Word
    assert "每周通报一次工作进展。对工作不力" in body  # the words around them stay whole


def test_word_lists_become_lists_nested_by_level_without_their_typed_bullets():
    body = cleaned(WORD)
    assert "<ul><li>在主要进山路口设立临时检查站" in body
    assert (
        "<ol><li>发现火情立即拨打森林火警电话12119，并报告镇应急办；</li>"
        "<li>村（社区）接报后10分钟内组织扑火队伍赶赴现场；<ol><li>扑救时坚持" in body
    )
    assert "·" not in body and "1." not in body and "a)" not in body


def test_a_wps_notice_keeps_its_title_number_list_kinds_merged_cells_and_pushed_right_date():
    body = cleaned(WPS)
    title = '<h2 class="text-center">蔡桥镇人民政府<br>关于冬季野外用火管理的通告</h2>'
    assert body.startswith(title)
    assert '<p class="text-center">蔡政通〔2026〕7号</p>' in body
    assert "<ul><li>在林区内吸烟、<strong>烧荒、烧灰积肥</strong>；</li>" in body  # Wingdings "l"
    assert "<ol><li>因生产需要确需在林区用火的" in body  # typed （1）（2）
    assert '<td class="text-center" rowspan="2">白水河片区</td>' in body
    assert '<td class="text-center" colspan="2">镇森林防火指挥部办公室</td>' in body
    assert body.endswith('<p class="text-right">2026年11月20日</p>')  # spaces pushed it right


def test_the_documents_pictures_take_the_uploaded_addresses_in_order_with_their_caption():
    assert local_pictures(WORD) == 1 and local_pictures(WPS) == 1  # not VML's second copy
    body = cleaned(WORD, images=["/media/uploads/a_800x450.png"])
    assert (
        '<figure class="image"><img alt="护林员在林区巡查" height="225" '
        'src="/media/uploads/a_800x450.png" width="400">'
        "<figcaption>图为蔡桥镇护林员在白水河林区巡查</figcaption></figure>" in body
    )
    assert "图为蔡桥镇护林员在白水河林区巡查</p>" not in body


def test_cleaning_a_cleaned_document_changes_nothing():
    for document in (WORD, WPS):
        once = cleaned(document, images=["/media/uploads/a_800x450.png"])
        assert cleaned(once) == once


# One rule each.


@pytest.mark.parametrize(
    ("pasted", "stored"),
    [
        ("<p style='text-align:center'>标题</p>", '<p class="text-center">标题</p>'),
        ("<p align=right>落款</p>", '<p class="text-right">落款</p>'),
        ("<p style='text-align:justify'>正文</p>", "<p>正文</p>"),
        (
            "<style>p.a, li.a {mso-style-name:落款; text-align:right;}</style><p class=a>日期</p>",
            '<p class="text-right">日期</p>',
        ),
        ("<h1>一、总体要求</h1><h5>小节</h5>", "<h2>一、总体要求</h2>\n<h4>小节</h4>"),
        ("<p><b>粗</b><i>斜</i></p>", "<p><strong>粗</strong><em>斜</em></p>"),
        ("<p>" + "&nbsp;" * 20 + "2026年11月20日</p>", '<p class="text-right">2026年11月20日</p>'),
        ("<p>\u3000\u3000各村（社区）：</p>", "<p>各村（社区）：</p>"),
        ("<p>时&nbsp;&nbsp;&nbsp; 段</p>", "<p>时 段</p>"),
        ("<p><o:p>&nbsp;</o:p></p><p>正文</p><p><span></span></p>", "<p>正文</p>"),
        ("<p>甲<span style='display:none'>隐藏</span>乙</p>", "<p>甲乙</p>"),
        ("<p>甲<span style='mso-hide:all'>隐藏</span>乙</p>", "<p>甲乙</p>"),
        ("<p><a name='_GoBack'></a>书签</p>", "<p>书签</p>"),
        ("<p>日期<st1:chsdate>十一月</st1:chsdate></p>", "<p>日期十一月</p>"),
        ("<p>图<img src='file:///C:/x.png' alt='x'></p>", "<p>图</p>"),
        ("<p><img src='data:image/png;base64,AAAA' alt='x'></p>", ""),
        ("<!--[if gte mso 9]><xml><w:WordDocument/></xml><![endif]--><p>文</p>", "<p>文</p>"),
        ('<?xml version="1.0" encoding="UTF-8"?><p>文</p>', "<p>文</p>"),
        ("<p>文\x08\x00字\ufffe</p>", "<p>文字</p>"),
        ("<p><![if !supportLists]>1.<![endif]>文</p>", "<p>1.文</p>"),
        (
            "<table><tr><td><p align=center>格</p></td></tr></table>",
            '<table><tbody><tr><td class="text-center">格</td></tr></tbody></table>',
        ),
    ],  # fmt: skip
)
def test_each_rule(pasted, stored):
    assert cleaned(pasted) == stored


def word_list(*levels):
    """Word's list paragraphs at these levels, the items named A, B, C… in order."""
    return "".join(
        f"<p class=MsoListParagraph style='mso-list:l0 level{level} lfo1'>"
        f"<span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span>{chr(65 + at)}</p>"
        for at, level in enumerate(levels)
    )


@pytest.mark.parametrize(
    ("levels", "stored"),
    [
        # Copied from the middle of a nested list (the deeper items first): the shallower
        # item's list opens around them.
        ((2, 1), "<ul><li><ul><li>A</li></ul></li><li>B</li></ul>"),
        ((1, 2, 3, 1), "<ul><li>A<ul><li>B<ul><li>C</li></ul></li></ul></li><li>D</li></ul>"),
        (
            (2, 2, 1, 2),
            "<ul><li><ul><li>A</li><li>B</li></ul></li><li>C<ul><li>D</li></ul></li></ul>",
        ),
        ((3, 2, 1), "<ul><li><ul><li><ul><li>A</li></ul></li><li>B</li></ul></li><li>C</li></ul>"),
    ],  # fmt: skip
)
def test_every_item_of_a_list_stays_whatever_level_it_starts_at(levels, stored):
    body = cleaned("<p>前</p>" + word_list(*levels) + "<p>后</p>")
    assert body == f"<p>前</p>\n{stored}\n<p>后</p>"
    assert cleaned(body) == body


@pytest.mark.parametrize(
    "control",
    [
        "<w:Sdt ShowingPlcHdr='t' DocPart='D1' Date='t' ID='1'>2024年5月6日</w:Sdt>",
        "<w:Sdt ID='2'><w:sdtPr></w:sdtPr><w:sdtContent>2024年5月6日</w:sdtContent></w:Sdt>",
        "<w:sdtContent><span lang=EN-US>2024年5月6日</span></w:sdtContent>",
    ],
)
def test_the_words_of_a_content_control_stay_without_its_tags(control):
    assert cleaned(f"<p>填报日期：{control}</p>") == "<p>填报日期：2024年5月6日</p>"


def test_words_settings_elements_still_go_with_their_content():
    pasted = (
        "<xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml>"
        "<p>甲<w:LatentStyles DefLockedState='false'>Normal</w:LatentStyles>"
        "<w:WordDocument><w:Zoom>90</w:Zoom></w:WordDocument>乙</p>"
    )
    assert cleaned(pasted) == "<p>甲乙</p>"


TWO_PICTURES = (
    "<p><img src='file:///C:/a.png' alt='一'></p><p><img src='file:///C:/b.png' alt='二'></p>"
)


def test_a_picture_without_an_upload_keeps_its_slot_and_the_next_picture_its_address():
    body = cleaned(TWO_PICTURES, images=[None, "/media/uploads/b.png"])
    assert body == '<p><img alt="二" src="/media/uploads/b.png"></p>'


def test_the_pictures_the_slots_run_out_for_are_dropped():
    body = cleaned(TWO_PICTURES, images=["/media/uploads/a.png"])
    assert body == '<p><img alt="一" src="/media/uploads/a.png"></p>'


def test_the_server_reads_alignment_and_the_allow_list_still_drops_every_other_class():
    assert cleaned("<p class='MsoNormal text-center'>x</p>") == '<p class="text-center">x</p>'
    assert cleaned("<p class='MsoNormal'>x</p>") == "<p>x</p>"


# What the editor writes passes as it is.

EDITOR_BODY = (
    '<h2 class="text-center">关于开展春季防汛检查的通知</h2>\n'
    "<p>各村（社区）：为做好今年防汛工作，<strong>请于3月25日前完成隐患排查</strong>，"
    '并<a href="https://example.gov.cn/" rel="noopener noreferrer">上报</a>。'
    "<br>联系电话：0739-1234567</p>\n"
    "<h3>一、检查内容</h3>\n"
    '<ol start="2"><li>山塘水库；<ul><li>溢洪道</li></ul></li><li>地质灾害点。</li></ol>\n'
    '<figure class="image image-right"><img alt="巡查" height="450" '
    'src="/media/uploads/abc_800x450.png" width="800">'
    "<figcaption>镇干部巡查</figcaption></figure>\n"
    '<table><thead><tr><th scope="col">村</th><th class="text-center">人数</th></tr></thead>'
    '<tbody><tr><td colspan="2">白水溪村</td></tr></tbody></table>\n'
    "<blockquote><p>引文</p></blockquote>\n"
    '<p class="text-right">蔡桥镇人民政府</p>'
)


def test_what_the_editor_writes_passes_unchanged():
    assert allow_listed(EDITOR_BODY) == EDITOR_BODY
    assert clean_body(EDITOR_BODY) == EDITOR_BODY


def test_the_editors_indentation_does_not_change_what_is_stored():
    indented = EDITOR_BODY.replace("<li>", "\n\t<li>").replace("<tr>", "\n\t<tr>")
    assert clean_body(indented.replace(">\n<", ">\n\n<")) == EDITOR_BODY


PIECES = [*"<>/=\"' &;!-[]pb动态\x00\x08\x7f\u3000\xa0\n", "<p>", "</p>", "<p class=MsoTitle>",
          "<h1>", "<td>",
          "<table>", "<tr>", "<li>", "<ol>", "<img src='file:///a.png'>", "<br>", "<o:p>",
          "<![if !vml]>", "<![if !supportLists]>", "<![endif]>", "<!--[if gte mso 9]>", "-->",
          "<p style='mso-list:l0 level2'>", "<span style='mso-list:Ignore'>", "</span>",
          "<style>p.a{text-align:right}</style>", "<p class=a>", "<body>", "<?xml?>",
          "<span style='display:none'>", "<p align=center>", "&nbsp;" * 20,
          "<p style='mso-list:l0 level1'>", "<p style='mso-list:l0 level3'>", "<w:Sdt>",
          "</w:Sdt>", "<w:sdtContent>", "<w:WordDocument>"]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_cleaning_never_raises_and_a_second_cleaning_changes_nothing(pasted):
    once = clean_body(pasted)
    assert isinstance(once, str)
    assert clean_body(once) == once


def test_a_long_document_is_cleaned_whole():
    """Twenty pages of a Word document (its speed: docs/staff/wordpaste.md)."""
    body_start = WORD.index("<!--StartFragment-->")
    body_end = WORD.index("<!--EndFragment-->")
    long_document = WORD[:body_start] + WORD[body_start:body_end] * 10 + WORD[body_end:]
    assert len(long_document) > 200_000
    body = cleaned(long_document)
    assert body.count("<table>") == 10 and body.count("<ol start") == 0


def test_local_pictures_counts_what_the_browser_shows_only():
    assert local_pictures("<img src='file:///a.png'><img src='/media/uploads/b.png'>") == 1
    assert local_pictures("<!--[if gte vml 1]><v:imagedata src='file:///a.png'/><![endif]-->") == 0
