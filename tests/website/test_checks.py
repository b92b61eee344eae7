"""The deploy check of website: without a shared cache, several app servers would each keep
their own view windows and navigation (website.W001)."""

import secrets

from tests.processes import deploy_check


def test_deploy_check_warns_when_the_cache_is_not_shared():
    output, _code = deploy_check(
        "--tag", "caches", without={"REDIS_URL"}, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50)
    )
    assert "website.W001" in output
