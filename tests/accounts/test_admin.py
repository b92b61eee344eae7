"""Staff accounts in the admin (StaffUserAdmin), 三权分立: a site admin hands out the editorial
roles, never superuser rights, single permissions or the guarded roles; it cannot change its own
roles, nor the accounts of auditors, other site admins or superusers."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from inbox.models import Message
from tests.factories import as_user, make_user, user_form_data

pytestmark = pytest.mark.django_db


def test_a_site_admin_gives_roles_but_cannot_make_a_superuser(client, people, superuser):
    client = as_user(client, people["site_admin"])
    author = people["author"]
    url = reverse("admin:accounts_user_change", args=[author.pk])
    html = client.get(url).content.decode()
    assert 'name="groups"' in html
    assert 'name="is_superuser"' not in html and 'name="user_permissions"' not in html
    url = reverse("admin:accounts_user_change", args=[superuser.pk])
    response = client.post(url, {"is_active": ""})
    assert response.status_code == 403
    assert type(superuser).objects.get(pk=superuser.pk).is_active


def group(name):
    return Group.objects.get(name=name)


def test_a_site_admin_cannot_change_its_own_roles_or_rights(client, people):
    site_admin = people["site_admin"]
    admin = as_user(client, site_admin)
    url = reverse("admin:accounts_user_change", args=[site_admin.pk])
    html = admin.get(url).content.decode()
    assert 'name="groups"' not in html and 'name="is_active"' not in html
    data = user_form_data(
        site_admin, first_name="孙涛", groups=[group("终审").pk, group("初审").pk]
    )
    assert admin.post(url, data).status_code == 302
    site_admin.refresh_from_db()
    assert site_admin.first_name == "孙涛"  # its own name it may change
    assert list(site_admin.groups.values_list("name", flat=True)) == ["站点管理员"]


@pytest.mark.parametrize("holder", ["auditor", "other_site_admin"])
def test_a_site_admin_cannot_change_or_reset_an_auditor_or_another_site_admin(
    client, people, holder
):
    target = people["auditor"] if holder == "auditor" else make_user("guanli2", "站点管理员")
    admin = as_user(client, people["site_admin"])
    change = reverse("admin:accounts_user_change", args=[target.pk])
    # UserAdmin names its password page so whatever the user model is.
    password = reverse("admin:auth_user_password_change", args=[target.pk])
    assert admin.post(change, user_form_data(target, is_active="")).status_code == 403
    reset = {"password1": "taken-over-pass-27", "password2": "taken-over-pass-27",
             "set_usable_password": "true"}  # fmt: skip
    assert admin.post(password, reset).status_code == 403
    target.refresh_from_db()
    assert target.is_active and target.check_password(target.raw_password)


def test_a_site_admin_cannot_make_anyone_a_site_admin_or_an_auditor(client, people):
    author = people["author"]
    admin = as_user(client, people["site_admin"])
    url = reverse("admin:accounts_user_change", args=[author.pk])
    html = admin.get(url).content.decode()
    assert f'value="{group("终审").pk}"' in html
    assert f'value="{group("站点管理员").pk}"' not in html
    assert f'value="{group("审计员").pk}"' not in html
    response = admin.post(url, user_form_data(author, groups=[group("站点管理员").pk]))
    assert response.status_code == 200  # the form refuses the choice
    assert list(author.groups.values_list("name", flat=True)) == ["撰稿人"]


def test_a_superuser_does_what_a_site_admin_may_not(client, people, superuser):
    auditor = people["auditor"]
    admin = as_user(client, superuser)
    url = reverse("admin:accounts_user_change", args=[auditor.pk])
    data = user_form_data(auditor, groups=[group("审计员").pk, group("站点管理员").pk])
    assert admin.post(url, data).status_code == 302
    assert set(auditor.groups.values_list("name", flat=True)) == {"审计员", "站点管理员"}


def test_the_admin_speaks_chinese_where_django_has_no_translation(client, superuser):
    """Django 5.2's Chinese catalogues miss the role picker's and the index's newer strings;
    locale/ has them."""
    admin = as_user(client, superuser)
    catalogue = admin.get(reverse("admin:jsi18n")).content.decode()
    assert "\\u9009\\u62e9\\u5168\\u90e8%s" in catalogue or "选择全部%s" in catalogue
    index = admin.get(reverse("admin:index")).content.decode()
    assert "模型名称" in index and "Model name" not in index


def test_the_auditors_are_told_of_a_role_change_by_name_in_their_messages_and_mail(
    client, people, django_capture_on_commit_callbacks
):
    site_admin, auditor = people["site_admin"], people["auditor"]
    site_admin.first_name = "孙涛"
    site_admin.save()
    author = people["author"]
    url = reverse("admin:accounts_user_change", args=[author.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, site_admin).post(
            url, user_form_data(author, groups=[group("撰稿人").pk, group("初审").pk])
        )
    assert response.status_code == 302
    (message,) = Message.objects.filter(recipient=auditor)
    assert message.text.startswith("孙涛于 ") and "增加：初审" in message.text
    (email,) = [sent for sent in mail.outbox if sent.to == [auditor.email]]
    assert email.body.startswith("孙涛于 ") and "site_admin" not in email.body
