"""The Chinese admin reads as Chinese: no stray English word and no space between two Chinese
characters (Django's zh_Hans catalogue writes "增加 文章", "选择 文章 来修改") on the pages each
role works on. What a page shows is scanned as a person reads it: text, and the labels, titles
and placeholders the browser shows; not scripts, styles, or what people typed."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from inbox.models import Message
from news import services
from news.models import Article, SiteSettings
from tests.factories import (
    ARTICLE_ADD_URL,
    ARTICLE_LIST_URL,
    as_user,
    change_url,
    make_article,
    make_column,
    make_user,
    step_url,
)

pytestmark = pytest.mark.django_db

# Latin words a Chinese reader meets as they are: file types, sizes, product and key names.
ALLOWED = {"PDF", "URL", "RSS", "CSV", "ID", "KB", "MB", "GB", "ICP", "JSON", "OFD", "DOC",
           "DOCX", "XLS", "XLSX", "WPS", "ET", "ZIP", "JPG", "JPEG", "PNG", "GIF", "WebP",
           "Word", "Excel", "Ctrl", "Command", "E-mail", "Email"}  # fmt: skip
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
SPACE_BETWEEN_CJK = re.compile(rf"{CJK}[ \t\u00a0]+{CJK}")
# Addresses and placeholders help texts quote (/feed/disclosure.json, {序号:05d}) are not words.
CODE = re.compile(r"(?:https?://|/)[\w\-./?=&%]+|\{[^{}]*\}")
SHOWN_ATTRIBUTES = ["title", "placeholder", "aria-label", "alt"]
# Not shown: what browsers do not render, Django's .hidden rows (display: none), and values
# Django isolates as data (bdi: the password hash's algorithm and salt).
HIDDEN_ELEMENTS = {"script", "style", "template", "noscript", "textarea", "svg", "bdi"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}  # fmt: skip
# Django writes Python's True/False/None as the alt text of its yes/no icons (not a catalogue
# string, so no translation reaches it); fixing it takes code in the admin: left out here.
BOOLEAN_ICON = "/admin/img/icon-"


# Where a line of text ends: block boxes, the boxes of controls and buttons (the space between
# two buttons is a gap, not a space in a sentence), and elements styled as a unit of their own
# (a class: a badge, a title's meta line, one of several alternative labels). Inside a line,
# whitespace in the HTML, a line break too, is a space the reader sees (Chromium shows it
# between Chinese characters too).
LINE_BREAKS = {"address", "article", "aside", "blockquote", "br", "button", "caption", "dd",
               "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
               "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "img",
               "input", "li", "main", "nav", "ol", "option", "p", "pre", "section", "select",
               "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "title",
               "tr", "ul"}  # fmt: skip


class VisibleText(HTMLParser):
    """The lines of text a page shows (text joined across inline elements such as links and
    bold), button captions, and the attributes a browser shows (tooltips, placeholders) or
    reads out (labels, image descriptions)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces, self.line, self.open = [], [], []  # open: [(tag, hidden, ends a line)]

    @property
    def hidden(self):
        return bool(self.open) and self.open[-1][1]

    def end_line(self):
        text = " ".join("".join(self.line).split())
        if text:
            self.pieces.append(text)
        self.line = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        own_line = tag in LINE_BREAKS or bool(classes)
        if own_line:
            self.end_line()
        hidden = self.hidden or tag in HIDDEN_ELEMENTS or "hidden" in classes or "hidden" in attrs
        if not hidden:
            if not (tag == "img" and BOOLEAN_ICON in (attrs.get("src") or "")):
                self.pieces += [attrs[name] for name in SHOWN_ATTRIBUTES if attrs.get(name)]
            # Text inputs hold what people typed; a button's value is its caption.
            if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
                self.pieces.append(attrs.get("value") or "")
        if tag not in VOID_ELEMENTS:
            self.open.append((tag, hidden, own_line))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                if any(breaks for _, _, breaks in self.open[depth:]):
                    self.end_line()
                del self.open[depth:]
                return

    def handle_data(self, data):
        if not self.hidden:
            self.line.append(data)

    def close(self):
        super().close()
        self.end_line()


def visible_pieces(html, typed=()):
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    pieces = []
    for piece in parser.pieces:
        for value in typed:
            piece = piece.replace(value, "·")
        pieces.append(CODE.sub("·", piece))
    return pieces


def stray_english(pieces):
    return sorted({word for piece in pieces for word in LATIN_WORD.findall(piece)
                   if word not in ALLOWED})  # fmt: skip


def stray_spaces(pieces):
    return {match.group() for piece in pieces for match in SPACE_BETWEEN_CJK.finditer(piece)}


def findings(html, typed=()):
    pieces = visible_pieces(html, typed)
    return {"english": stray_english(pieces), "spaces": stray_spaces(pieces) - KNOWN_SPACES}


# Spaces no catalogue reaches, left to the code that writes them (none left).
KNOWN_SPACES = set()


def test_the_scan_finds_english_and_spaces_between_chinese_words():
    """The scan itself: what Django's catalogue wrote before locale/ corrected it is found; a
    script, a hidden row, what was typed, an address in a help text, the spaces around a number
    and the gap before a styled unit of its own (a meta line) are not; a line break in the HTML
    inside a line of text is."""
    html = (
        '<h1>增加 文章</h1><p title="Recent actions">最近</p><input type="submit" value="Save">'
        '<script>var english = "words";</script><div class="form-row hidden">Opened revision</div>'
        "<p>栏目 liumin 例如 /news/column/gzdt/ 与 PDF、10 MB</p>"
        '<p>共 <strong>3</strong> 篇<a href="/">查看\n  全部</a></p>'
        '<li><a href="/">会议通知</a> <span class="meta">待初审</span></li>'
    )
    assert findings(html, typed=["liumin"]) == {
        "english": ["Recent", "Save", "actions"],
        "spaces": {"加 文", "看 全"},
    }


@pytest.fixture
def site(now):
    """Staff by their names (刘敏 logs in as liumin), a column, an article online, one in review
    that was returned once, and the messages that brought."""
    people = {
        "editor": make_user("liumin", "撰稿人", first_name="刘敏", email="liumin@example.com"),
        "reviewer": make_user("wangqiang", "初审", first_name="王强", email="wq@example.com"),
        "site_admin": make_user("suntao", "站点管理员", first_name="孙涛"),
        "auditor": make_user("zhouhong", "审计员", first_name="周红"),
    }
    column = make_column(name="通知公告", slug="tzgg")
    online = make_article(column, by=people["editor"], title="关于冬季防火巡查的通知")
    review = make_article(column, status=Article.Status.DRAFT, by=people["editor"],
                          title="镇政府召开安全生产会议")  # fmt: skip
    services.article_submit(article=review, by=people["editor"])
    services.article_return(article=review, by=people["reviewer"], reason="请补充会议时间")
    services.article_save(article=review.working_copy(), by=people["editor"])
    services.article_submit(article=review, by=people["editor"])
    review.refresh_from_db()
    return {"people": people, "column": column, "online": online, "review": review}


# What people typed or chose, which may be Latin: login names, e-mail addresses, slugs (and the
# slug a help text gives as its example).
TYPED = [
    "liumin",
    "wangqiang",
    "wq@example.com",
    "suntao",
    "zhouhong",
    "@example.com",
    "tzgg",
    "gzdt",
]


def pages_of(role, site):
    people, review, online, column = (site[key] for key in ["people", "review", "online", "column"])
    message = Message.objects.of(people[role]).first()
    common = [
        reverse("admin:index"),
        reverse("admin:inbox_message_changelist"),
        *([reverse("admin:inbox_message_change", args=[message.pk])] if message else []),
        reverse("admin:password_change"),
    ]
    return common + {
        "editor": [
            ARTICLE_LIST_URL, ARTICLE_ADD_URL, change_url(review), change_url(online),
            reverse("admin:news_article_history", args=[review.pk]),
            reverse("admin:news_article_revision", args=[review.pk, 1]),
            reverse("admin:app_list", args=["news"]),
        ],
        "reviewer": [
            ARTICLE_LIST_URL, change_url(review),
            f"{step_url(review, 'approve')}?revision_id={review.current_revision_id}",
            step_url(review, "return"), reverse("admin:news_article_history", args=[review.pk]),
            reverse("admin:news_article_compare", args=[review.pk]),
        ],
        "site_admin": [
            ARTICLE_LIST_URL, change_url(online), step_url(online, "withdraw"),
            reverse("admin:news_article_history", args=[online.pk]),
            reverse("admin:accounts_user_changelist"), reverse("admin:accounts_user_add"),
            reverse("admin:accounts_user_change", args=[people["editor"].pk]),
            reverse("admin:news_column_changelist"), reverse("admin:news_column_add"),
            reverse("admin:news_column_change", args=[column.pk]),
            reverse("admin:news_sitesettings_change", args=[SiteSettings.load().pk]),
            reverse("admin:news_auditrecord_changelist"), reverse("admin:news_revision_changelist"),
            reverse("admin:readership_viewstatistics_changelist"),
        ],
        "auditor": [
            reverse("admin:accounts_securityevent_changelist"),
            reverse("admin:accounts_user_changelist"), reverse("admin:news_auditrecord_changelist"),
        ],
    }[role]  # fmt: skip


@pytest.mark.parametrize("role", ["editor", "reviewer", "site_admin", "auditor"])
def test_the_admin_each_role_works_in_has_no_stray_english_or_spaces(client, site, role):
    staff = as_user(client, site["people"][role])
    found = {}
    for url in pages_of(role, site):
        response = staff.get(url)
        assert response.status_code == 200, url
        result = findings(response.content.decode(), TYPED)
        if result["english"] or result["spaces"]:
            found[url] = result
    assert found == {}


def test_the_login_page_and_a_users_own_rejection_are_in_chinese(client, site):
    response = client.post(reverse("admin:login"), {"username": "liumin", "password": "wrong"})
    result = findings(response.content.decode(), TYPED)
    assert result == {"english": [], "spaces": set()}
    assert "请输入一个正确的用户名和密码。" in response.content.decode()
    assert "<title>错误 | 登录 | " in response.content.decode()


def test_a_column_delete_confirmation_reads_as_chinese(client, site):
    staff = as_user(client, site["people"]["site_admin"])
    empty = make_column(name="旧栏目", slug="jiu")
    response = staff.get(reverse("admin:news_column_delete", args=[empty.pk]))
    assert response.status_code == 200
    assert findings(response.content.decode(), [*TYPED, "jiu"]) == {"english": [], "spaces": set()}


def test_forms_sent_back_with_errors_read_as_chinese(client, site):
    """A form with errors says so in the page's title and above the fields."""
    editor = as_user(client, site["people"]["editor"])
    response = editor.post(ARTICLE_ADD_URL, {"title": ""})
    assert response.status_code == 200 and "<title>错误 | " in response.content.decode()
    assert findings(response.content.decode(), TYPED) == {"english": [], "spaces": set()}
    site_admin = as_user(client, site["people"]["site_admin"])
    response = site_admin.post(reverse("admin:news_column_add"), {"name": "", "slug": "tzgg"})
    assert response.status_code == 200 and "<title>错误 | " in response.content.decode()
    assert findings(response.content.decode(), TYPED) == {"english": [], "spaces": set()}
