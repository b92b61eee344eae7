"""Staff accounts in the admin (StaffUserAdmin): a site admin hands out roles, never superuser
rights or single permissions, and cannot touch a superuser's account."""

import pytest
from django.urls import reverse

from tests.factories import as_user

pytestmark = pytest.mark.django_db


def test_a_site_admin_gives_roles_but_cannot_make_a_superuser(client, people, superuser):
    client = as_user(client, people["site_admin"])
    author = people["author"]
    url = reverse("admin:auth_user_change", args=[author.pk])
    html = client.get(url).content.decode()
    assert 'name="groups"' in html
    assert 'name="is_superuser"' not in html and 'name="user_permissions"' not in html
    url = reverse("admin:auth_user_change", args=[superuser.pk])
    response = client.post(url, {"is_active": ""})
    assert response.status_code == 403
    assert type(superuser).objects.get(pk=superuser.pk).is_active
