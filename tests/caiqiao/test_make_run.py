"""A newcomer's first minutes: `make run PORT=…` migrates, seeds, prints the demo accounts and
nothing else, and serves the site on that port as residents get it (the Chinese error pages),
with links that follow the port and demo accounts that open."""

import http.cookiejar
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from accounts.demo import DEMO_PASSWORD
from tests.processes import ROOT, free_port

pytestmark = [
    pytest.mark.skipif(
        not (ROOT / ".venv" / "bin" / "python").exists(), reason="make run serves from .venv"
    ),
    # The login's cookie jar (http.cookiejar) ages the session cookie on this process's clock;
    # the server runs on the wall clock.
    pytest.mark.real_clock,
]


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("make-run")
    port = free_port()
    left_out = {
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "REDIS_URL",
        "DJANGO_SETTINGS_MODULE",
        "DEBUG",
        "MAKELEVEL",
        "MAKEFLAGS",
        "MFLAGS",
    }  # as a newcomer types it, not from make test
    env = {name: value for name, value in os.environ.items() if name not in left_out}
    env.update(
        DATABASE_URL=f"sqlite:///{root}/db.sqlite3", MEDIA_ROOT=str(root / "media"),
        STATIC_ROOT=str(root / "static"), ATTACHMENTS_ROOT=str(root / "attachments"),
    )  # fmt: skip
    out, err = open(root / "out", "w+"), open(root / "err", "w+")  # noqa: SIM115
    process = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=ROOT, env=env,
                               stdout=out, stderr=err, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 180
    try:
        while True:
            assert process.poll() is None, (root / "out").read_text() + (root / "err").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "make run did not serve in 180 s"
                time.sleep(0.2)
        yield port, root
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)
        out.close(), err.close()


def test_it_prints_the_demo_accounts_and_nothing_else(make_run):
    port, root = make_run
    printed = (root / "out").read_text().split("Performing system checks")[0].splitlines()
    assert printed[0].startswith("演示数据就绪：5 个栏目")
    assert (
        printed[1] == f"演示账号（密码都是 {DEMO_PASSWORD}，后台 http://127.0.0.1:{port}/admin/）："
    )
    assert [line.split()[-1] for line in printed[2:]] == [
        "admin", "zhuangao", "chushen", "fushen", "zhongshen", "guanli", "shenji"]  # fmt: skip
    errors = (root / "err").read_text()
    assert '"event"' not in errors and "Subject:" not in errors  # no audit lines, no e-mail


def test_the_site_answers_on_that_port_with_its_own_links(make_run):
    port, _root = make_run
    home = urllib.request.urlopen(f"http://127.0.0.1:{port}/").read().decode()
    assert f'<link rel="canonical" href="http://127.0.0.1:{port}/">' in home


def test_a_missing_page_is_the_chinese_404(make_run):
    port, _root = make_run
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/")
    page = missing.value.read().decode()
    assert missing.value.code == 404 and "<title>页面不存在" in page
    assert "Page not found" not in page and "URLconf" not in page  # not Django's debug page


def test_the_demo_accounts_log_in(make_run):
    port, _root = make_run
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    login = f"http://127.0.0.1:{port}/admin/login/"
    form = browser.open(login).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = {"csrfmiddlewaretoken": token, "username": "zhuangao", "password": DEMO_PASSWORD,
            "next": "/admin/"}  # fmt: skip
    request = urllib.request.Request(login, urllib.parse.urlencode(data).encode(),
                                     headers={"Referer": login})  # fmt: skip
    page = browser.open(request)
    assert page.url == f"http://127.0.0.1:{port}/admin/"  # logged in: the admin's index
    assert 'action="/admin/logout/"' in page.read().decode()


def test_make_manage_runs_a_command_with_the_settings_of_make_run(tmp_path):
    """`python manage.py check` alone stops on the missing SECRET_KEY (DEBUG off); make manage
    gives it make run's settings."""
    left_out = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY",
                "MAKELEVEL", "MAKEFLAGS", "MFLAGS"}  # fmt: skip
    env = {name: value for name, value in os.environ.items() if name not in left_out}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/db.sqlite3"
    done = subprocess.run(["make", "manage", "ARGS=check --fail-level ERROR"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
