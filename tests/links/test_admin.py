"""失效链接 in the admin: who sees it, what it lists, its filters."""

import pytest
from django.urls import reverse

from links import checker
from tests.factories import as_user, change_url

LIST_URL = reverse("admin:links_checkedlink_changelist")


@pytest.fixture
def checked(outside_site, article_linking):
    """Three public articles checked: one with a broken link and a broken image, one with a
    broken link, one whose only link works."""
    broken = article_linking(outside_site.url("/missing"), images=[outside_site.url("/gone.png")],
                             title="有失效链接的文章")  # fmt: skip
    also_broken = article_linking(outside_site.url("/error"), title="另一篇")
    working = article_linking(outside_site.url("/ok"), title="链接都正常的文章")
    checker.run()
    return broken, also_broken, working


@pytest.mark.parametrize(
    "role, status",
    [("site_admin", 200), ("auditor", 200), ("author", 403), ("reviewer3", 403)],
)
def test_site_admins_and_auditors_see_the_broken_links(client, people, checked, role, status):
    response = as_user(client, people[role]).get(LIST_URL)
    assert response.status_code == status


def test_the_list_shows_the_broken_links_with_the_way_to_their_article(
    client, people, checked, outside_site
):
    broken, _also_broken, _working = checked
    html = as_user(client, people["site_admin"]).get(LIST_URL).content.decode()
    assert "失效链接（按文章）" in html
    assert outside_site.url("/missing") in html and outside_site.url("/gone.png") in html
    assert "HTTP 404" in html
    assert f'href="{change_url(broken)}"' in html
    assert outside_site.url("/ok") not in html and "链接都正常的文章" not in html


def test_the_list_filters_by_article_and_kind(client, people, checked, outside_site):
    broken, also_broken, working = checked
    staff = as_user(client, people["auditor"])
    choices = staff.get(LIST_URL).content.decode()
    assert f"?article__id__exact={broken.pk}" in choices
    assert f"?article__id__exact={also_broken.pk}" in choices
    assert f"?article__id__exact={working.pk}" not in choices  # only articles with broken links
    assert "?kind__exact=image" in choices
    images = staff.get(LIST_URL, {"kind__exact": "image"}).content.decode()
    assert outside_site.url("/gone.png") in images
    assert outside_site.url("/missing") not in images and outside_site.url("/error") not in images
    of_article = staff.get(LIST_URL, {"article__id__exact": also_broken.pk}).content.decode()
    assert outside_site.url("/error") in of_article
    assert outside_site.url("/missing") not in of_article


def test_nobody_adds_or_changes_results_in_the_admin(client, superuser, checked):
    link = checker.CheckedLink.objects.filter(is_broken=True).first()
    staff = as_user(client, superuser)
    assert staff.get(reverse("admin:links_checkedlink_add")).status_code == 403
    change = reverse("admin:links_checkedlink_change", args=[link.pk])
    assert staff.post(change, {"url": "http://example.com/"}).status_code == 403
