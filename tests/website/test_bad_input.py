"""Bad input never gets a 500: malformed paths, query strings, headers, cookies and form fields on
every public URL, the admin login and the admin's own list pages. A property-based test
(hypothesis) throws generated input at every URL pattern; the explicit cases below are the
ones people have tried.

The test client raises any exception a view lets through, so a 500 fails the test with its
traceback."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PHONE_BROWSER, as_user, make_article

pytestmark = [pytest.mark.django_db, pytest.mark.shared_people]

EXAMPLES = 150  # per property (three times that for the admin lists)

# Every public URL pattern, with a hole for the part a visitor can type.
PUBLIC_PATTERNS = [
    "/{}",
    "/news/{}",
    "/news/column/{}/",
    "/news/{}/",
    "/news/{}/preview/",
    "/media/{}",
    "/healthz{}",
    "/ckeditor/upload/{}",
    "/admin/login/{}",
]
# The admin's own list pages, with the parameters their filters, drill-downs and searches read.
ADMIN_LISTS = [
    "/admin/news/article/",
    "/admin/news/column/",
    "/admin/news/auditrecord/",
    "/admin/news/revision/",
    "/admin/accounts/user/",
    "/admin/auth/group/",
    "/admin/accounts/securityevent/",
    "/admin/readership/viewstatistics/",
]
ADMIN_PARAMETERS = [
    "q", "p", "o", "e", "status", "status__exact", "column__id__exact", "review_level",
    "review_level__exact", "at__year", "at__month", "at__day", "at__gte", "at__lt",
    "publish_at__gte", "publish_at__lt", "created_at__year", "queue", "on_site", "action",
    "action__exact", "result__exact", "is_staff__exact", "groups__id__exact", "period", "start",
    "end", "csv", "export", "_popup", "_to_field",
]  # fmt: skip
PUBLIC_PARAMETERS = ["page", "q", "next", "preview", "csv"]

# What people type, paste and forge: digits of every size, NUL, broken UTF-8, wildcards,
# very long text, other scripts.
nasty_text = st.one_of(
    st.text(max_size=40),
    st.builds(lambda a, b: f"{a}\x00{b}", st.text(max_size=5), st.text(max_size=5)),
    st.sampled_from(
        [
            "0",
            "-1",
            "1e30",
            "9" * 30,
            "00000000000000000001",
            "%00",
            "\x00",
            "%ff%fe",
            "%c0%af",
            "..%2f..%2fetc%2fpasswd",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "%",
            "_",
            "\\",
            "%%%%",
            "NaN",
            "true",
            "[]",
            "{}",
            "2026-13-45",
            "99999999999",
            "词 " * 700,
            "x" * 10_000,
            "蔡桥镇",
            "\ud7ff",
            "\u202e",
            "1.5",
            " 1",
            "1 ",
            "+1",
            "0x10",
        ]
    ),  # fmt: skip
)
path_part = st.one_of(nasty_text.map(quote), nasty_text.map(lambda t: quote(t, safe="%/")))
query = st.dictionaries(st.sampled_from(PUBLIC_PARAMETERS + ADMIN_PARAMETERS), nasty_text,
                        max_size=4)  # fmt: skip
# A header arrives as bytes; WSGI hands them over decoded as Latin-1, as the test client must.
header_values = st.one_of(nasty_text, st.just("")).map(lambda t: t.encode().decode("latin-1"))
cookies = st.fixed_dictionaries(
    {},
    optional={"cq_seen": header_values, "sessionid": header_values, "csrftoken": header_values,
              "cq_device": header_values},
)  # fmt: skip
headers = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_USER_AGENT": header_values, "HTTP_X_FORWARDED_FOR": header_values,
        "HTTP_ACCEPT_LANGUAGE": header_values, "HTTP_REFERER": header_values,
        "HTTP_X_FORWARDED_PROTO": header_values, "HTTP_SEC_PURPOSE": header_values,
    },
)  # fmt: skip

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same inputs on every run, on SQLite and PostgreSQL,
    database=None,  # and nothing replayed from an earlier run's findings
)


@pytest.fixture
def site(settings, people):
    settings.SERVE_MEDIA = True
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # forwarded addresses are believed, and parsed
    article = make_article(by=people["author"])
    return {"article": article, "people": people}


def browser(cookie_values, header_values):
    client = Client(raise_request_exception=True, **{"HTTP_USER_AGENT": PHONE_BROWSER,
                                                     **header_values})  # fmt: skip
    for name, value in cookie_values.items():
        try:
            client.cookies[name] = value
        except Exception:  # a value the cookie jar itself refuses never reaches the site
            continue
    return client


def assert_answered(response):
    assert response.status_code < 500, response.status_code


@FUZZ
@given(pattern=st.sampled_from(PUBLIC_PATTERNS), part=path_part, params=query, cookie=cookies,
       header=headers, method=st.sampled_from(["get", "head", "post", "put", "delete", "trace",
                                              "options"]))  # fmt: skip
def test_no_public_address_answers_a_500(site, pattern, part, params, cookie, header, method):
    client = browser(cookie, header)
    path = pattern.format(part)
    if method in ("get", "head"):
        response = getattr(client, method)(path, params)
    elif method == "trace":
        response = client.generic("TRACE", path)
    else:
        response = getattr(client, method)(path, params)
    assert_answered(response)


@settings(FUZZ, max_examples=3 * EXAMPLES)
@given(page=st.sampled_from(ADMIN_LISTS), name=st.sampled_from(ADMIN_PARAMETERS),
       value=nasty_text, params=query, cookie=cookies)  # fmt: skip
def test_no_admin_list_answers_a_500_to_its_filters_and_searches(site, page, name, value, params,
                                                                 cookie):  # fmt: skip
    # Logged in: the test client's own login reads the session cookie, so that one is the
    # login's; the other cookies are as generated.
    cookie = {key: value for key, value in cookie.items() if key != "sessionid"}
    for user in (site["people"]["auditor"], site["people"]["site_admin"]):
        client = as_user(browser(cookie, {}), user)
        assert_answered(client.get(page, {**params, name: value}))


@FUZZ
@given(username=nasty_text, password=nasty_text, cookie=cookies, header=headers)
def test_the_admin_login_answers_any_credentials(site, username, password, cookie, header):
    client = browser(cookie, header)
    response = client.post(reverse("admin:login"), {"username": username, "password": password})
    assert response.status_code == 200  # the form again, with its message


@FUZZ
@given(title=nasty_text, summary=nasty_text, body=nasty_text, column=nasty_text)
def test_the_article_form_answers_any_fields(site, title, summary, body, column):
    client = as_user(Client(raise_request_exception=True), site["people"]["author"])
    data = {"title": title, "summary": summary, "body": body, "column": column,
            "publish_at_0": "2026-11-20", "publish_at_1": "09:30"}  # fmt: skip
    assert_answered(client.post(reverse("admin:news_article_add"), data))


# Explicit cases.


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/news/abc/", 404),
        ("/news/-1/", 404),
        ("/news/" + "9" * 30 + "/", 404),
        ("/news/" + "9" * 30 + "/preview/", 404),
        ("/news/?page=0", 404),
        ("/news/?page=-1", 404),
        ("/news/?page=1e30", 404),
        ("/news/?page=" + "9" * 30, 404),
        ("/news/%ff%fe/", 404),
        ("/news/column/%ff/", 404),
        ("/news/column/%00/", 400),  # NUL anywhere: the 400 page
        ("/media/uploads/%00.png", 400),
        ("/media/" + "x" * 10_000, 404),  # longer than a file name may be
        ("/news/?q=%00", 400),
        ("/?q=" + "x" * 10_000, 200),
        (
            "/?" + "a=1&" * 2500,
            400,
        ),  # more fields than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS)
    ],
)
def test_malformed_public_addresses(site, path, status):
    assert Client(HTTP_USER_AGENT=PHONE_BROWSER).get(path).status_code == status


@pytest.mark.parametrize(
    ("page", "params", "status"),
    [
        ("/admin/news/article/", {"status": "\x00"}, 400),
        ("/admin/news/auditrecord/", {"at__year": "99999999999"}, 400),
        ("/admin/accounts/securityevent/", {"at__month": "-1"}, 400),
        ("/admin/news/auditrecord/", {"at__year": "2026"}, 200),
        ("/admin/news/article/", {"publish_at__gte": "99999-01-01"}, 302),
        ("/admin/news/auditrecord/", {"q": " ".join(["审核"] * 700)}, 200),
        ("/admin/accounts/securityevent/", {"q": "%_\\" * 100}, 200),
    ],
)
def test_malformed_admin_list_parameters(site, page, params, status):
    client = as_user(Client(), site["people"]["auditor"])
    assert client.get(page, params).status_code == status


def test_a_bad_host_header_is_a_400(site):
    assert Client(HTTP_HOST="evil.example").get("/").status_code == 400


@pytest.mark.parametrize(
    "cookie",
    ["garbage", "1.2-3", "9" * 200, "1.1-" * 500, "\x00", "-1.-1", "1.99999999999999999"],
)
def test_a_corrupt_or_hostile_view_cookie_is_a_new_reader(site, cookie):
    client = Client(HTTP_USER_AGENT=PHONE_BROWSER)
    client.cookies["cq_seen"] = cookie
    assert client.get(site["article"].get_absolute_url()).status_code == 200


def test_nul_bytes_and_huge_titles_in_the_article_form_are_form_errors(site):
    client = as_user(Client(), site["people"]["author"])
    for title in ["标题\x00", "长" * 10_000]:
        data = {"title": title, "column": site["article"].column_id, "body": "<p>x</p>",
                "publish_at_0": "2026-11-20", "publish_at_1": "09:30"}  # fmt: skip
        response = client.post(reverse("admin:news_article_add"), data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["title"]


@FUZZ
@given(action=nasty_text, selected=st.lists(nasty_text, max_size=3), index=nasty_text)
def test_admin_list_actions_answer_any_selection(site, action, selected, index):
    client = as_user(Client(raise_request_exception=True), site["people"]["site_admin"])
    for page in ["/admin/news/article/", "/admin/accounts/user/", "/admin/news/column/"]:
        data = {"action": action, "_selected_action": selected, "index": index}
        assert_answered(client.post(page, data))
