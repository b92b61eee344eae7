"""Django's stock phrases on our admin pages, as staff read them (locale/zh_Hans django.po)."""

import pytest
from django.urls import reverse

from compliance.models import SensitiveTerm
from tests.factories import as_user, make_user

pytestmark = pytest.mark.django_db


def test_an_empty_recent_actions_box_says_no_actions_yet(client, people):
    html = as_user(client, people["site_admin"]).get(reverse("admin:index")).content.decode()
    assert "暂无操作" in html and "无可选的" not in html


def test_saving_and_continuing_says_it_can_be_changed_below(client, people):
    as_user(client, people["site_admin"])
    response = client.post(
        reverse("admin:compliance_sensitiveterm_add"),
        {"term": "截止目前", "suggestion": "截至目前", "note": "", "_continue": "1"},
        follow=True,
    )
    assert SensitiveTerm.objects.filter(term="截止目前").exists()
    html = response.content.decode()
    assert "可以在下面继续修改。" in html and "您可以在下面再次编辑它" not in html


def test_an_account_is_named_by_one_name_and_its_password_is_only_said_to_be_set(client):
    admin = make_user("root", is_superuser=True)
    staff = make_user("liumin", "撰稿人", first_name="刘敏")
    as_user(client, admin)
    html = client.get(reverse("admin:accounts_user_change", args=[staff.pk])).content.decode()
    assert "姓名" in html and "名字" not in html and "姓氏" not in html
    assert 'name="last_name"' not in html
    assert "已设置密码（加密保存" in html and "修改密码" in html
    for hasher_word in ("算法", "迭代", "盐", "哈希", "pbkdf2"):
        assert hasher_word not in html
    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "姓名" in listing and "姓氏" not in listing and "刘敏" in listing


def test_a_surname_typed_in_before_stays_editable(client):
    staff = make_user("liumin", "撰稿人", first_name="敏", last_name="刘")
    html = (
        as_user(client, make_user("root", is_superuser=True))
        .get(reverse("admin:accounts_user_change", args=[staff.pk]))
        .content.decode()
    )
    assert 'name="last_name" value="刘"' in html
