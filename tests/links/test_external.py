"""Outside links, asked of a real HTTP server on 127.0.0.1 (conftest.OutsideSite): what counts as
broken, redirects, time-outs, and the politeness rules."""

import time

import pytest

from links import checker
from links.models import CheckedLink


def result(url):
    return CheckedLink.objects.get(url=url)


def test_a_working_outside_link_is_stored_as_working(outside_site, article_linking):
    article = article_linking(outside_site.url("/ok"))
    checker.run()
    link = result(outside_site.url("/ok"))
    assert (link.article, link.status_code, link.is_broken) == (article, 200, False)
    assert (link.kind, link.where, link.error) == ("link", "external", "")
    assert link.checked_at is not None and link.first_broken_at is None


@pytest.mark.parametrize("path, status", [("/missing", 404), ("/error", 500)])
def test_an_answer_of_400_or_above_is_broken(outside_site, article_linking, path, status):
    article_linking(outside_site.url(path))
    checker.run()
    link = result(outside_site.url(path))
    assert (link.status_code, link.is_broken) == (status, True)
    assert link.first_broken_at == link.checked_at


def test_a_redirect_is_followed_to_the_page_it_ends_on(outside_site, article_linking):
    article_linking(outside_site.url("/moved"))
    checker.run()
    link = result(outside_site.url("/moved"))
    assert (link.status_code, link.is_broken, link.final_url) == (
        200,
        False,
        outside_site.url("/ok"),
    )


def test_a_redirect_loop_is_broken_after_the_allowed_number_of_redirects(
    outside_site, article_linking, settings
):
    settings.LINK_CHECK_MAX_REDIRECTS = 3
    article_linking(outside_site.url("/loop"))
    checker.run()
    link = result(outside_site.url("/loop"))
    assert link.is_broken and "循环" in link.error
    assert outside_site.paths() == ["/loop"] * 4  # the first request and 3 redirects, no more


@pytest.mark.parametrize(
    "path, target",
    [("/to-mail", "mailto:office@example.com"), ("/to-file", "file:///etc/hostname")],
)
def test_a_redirect_to_something_other_than_a_web_page_is_broken(
    outside_site, article_linking, path, target
):
    """Not followed: a file: address would have the checker read a file of this server."""
    article_linking(outside_site.url(path))
    checker.run()
    link = result(outside_site.url(path))
    assert (link.is_broken, link.error, link.final_url) == (True, "跳转到的不是网页地址", target)


def test_a_server_that_does_not_answer_in_time_is_broken(outside_site, article_linking):
    article_linking(outside_site.url("/slow"))
    started = time.monotonic()
    checker.run()
    assert time.monotonic() - started < outside_site.slow_seconds - 1
    link = result(outside_site.url("/slow"))
    assert link.is_broken and link.status_code is None and "超时" in link.error


def test_a_refused_head_is_asked_again_with_get(outside_site, article_linking):
    article_linking(outside_site.url("/no-head"))
    checker.run()
    assert (
        result(outside_site.url("/no-head")).status_code,
        result(outside_site.url("/no-head")).is_broken,
    ) == (200, False)
    assert [method for method, *_rest in outside_site.requests] == ["HEAD", "GET"]


def test_a_working_link_is_asked_with_head_only(outside_site, article_linking):
    """Nothing is downloaded from a page that answers HEAD."""
    article_linking(outside_site.url("/ok"))
    checker.run()
    assert [method for method, *_rest in outside_site.requests] == ["HEAD"]


def test_requests_name_the_site_in_their_user_agent(outside_site, article_linking, settings):
    article_linking(outside_site.url("/ok"))
    checker.run()
    ((_method, _path, agent, _at),) = outside_site.requests
    assert settings.SITE_URL in agent and "bot" in agent.lower()


def test_an_outside_host_is_asked_at_most_the_limit_per_run(
    outside_site, article_linking, settings
):
    settings.LINK_CHECK_MAX_PER_HOST = 2
    article_linking(*(outside_site.url(f"/page-{n}") for n in range(4)))
    report = checker.run()
    assert len(outside_site.requests) == 2
    assert dict(report.waiting) == {f"127.0.0.1:{outside_site.server_address[1]}": 2}
    unchecked = CheckedLink.objects.filter(checked_at__isnull=True)
    assert unchecked.count() == 2 and not unchecked.filter(is_broken=True).exists()
    checker.run()  # the next run has a share of its own
    assert len(outside_site.requests) == 4


def test_requests_to_one_host_are_spaced_by_the_pause(outside_site, article_linking, settings):
    settings.LINK_CHECK_HOST_DELAY = 0.3
    article_linking(*(outside_site.url(f"/page-{n}") for n in range(3)))
    checker.run()
    times = [at for *_rest, at in outside_site.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.29 for earlier, later in zip(times, times[1:], strict=False))


def test_an_address_in_several_articles_is_asked_once_per_run(outside_site, article_linking):
    first, second = (
        article_linking(outside_site.url("/ok")),
        article_linking(outside_site.url("/ok")),
    )
    checker.run()
    assert len(outside_site.requests) == 1
    assert {link.article for link in CheckedLink.objects.all()} == {first, second}


def test_only_http_and_https_addresses_are_checked(outside_site, article_linking):
    article_linking("mailto:office@example.com", "tel:07395551234", "ftp://127.0.0.1/file.txt",
                    outside_site.url("/ok"))  # fmt: skip
    checker.run()
    assert list(CheckedLink.objects.values_list("url", flat=True)) == [outside_site.url("/ok")]


def test_a_link_to_a_place_in_the_same_page_is_not_checked(article_linking):
    article_linking("#第二部分")
    checker.run()
    assert not CheckedLink.objects.exists()


def test_the_outside_checker_opens_nothing_but_web_addresses(settings, tmp_path):
    """A second guard behind the redirect rule: urllib's file: handler is not there at all."""
    local_file = tmp_path / "secret.txt"
    local_file.write_text("not for the checker")
    outside = checker.ExternalChecker(timeout=1, max_per_host=10, delay=0, max_redirects=1)
    found = outside.check(local_file.as_uri())
    assert found.is_broken and found.status_code is None and "URLError" in found.error
