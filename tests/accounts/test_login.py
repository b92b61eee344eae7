"""The admin login: lockout per account and per address (forged X-Forwarded-For changes nothing,
an outsider cannot lock the owner's own browser out), one answer for unknown users and wrong
passwords, and the demo password only on a demonstration site (DEMO_SITE)."""

import re
import statistics
import time

import pytest
import time_machine
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client

from accounts.demo import DEMO_PASSWORD
from accounts.lockout import DEVICE_COOKIE
from accounts.models import SecurityEvent
from tests.factories import events, log_in, logged_in, make_user

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-1"
INVALID_LOGIN = "请输入一个正确的"
LOCKED = "登录失败次数过多"


@pytest.fixture
def clerk():
    return make_user("clerk", "撰稿人", password="clerk-password-2026")


def fail(times, username, **headers):
    for _ in range(times):
        response = log_in(username, WRONG, **headers)
        assert not logged_in(response)
    return response


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(clerk):
    response = fail(4, "clerk")
    assert INVALID_LOGIN in response.content.decode()
    assert logged_in(log_in("clerk", clerk.raw_password, REMOTE_ADDR="203.0.113.99"))
    fail(5, "clerk")
    response = log_in("clerk", clerk.raw_password)
    assert not logged_in(response)
    assert LOCKED in response.content.decode()
    assert events(SecurityEvent.Action.LOCKED_OUT)[-1].username == "clerk"


def later(minutes):
    """The clock moved on by that many minutes (inside the test's fixed clock)."""
    return time_machine.travel(time.time() + minutes * 60, tick=True)


def test_the_lock_lifts_after_the_lockout_window(clerk, settings):
    fail(5, "clerk")
    assert not logged_in(log_in("clerk", clerk.raw_password))
    with later(settings.LOGIN_LOCKOUT_MINUTES + 1):
        assert logged_in(log_in("clerk", clerk.raw_password))


def test_five_failures_within_30_minutes_lock_for_30_minutes_from_the_last(clerk):
    """等级保护 2.0's defaults: 5 failures, locked for at least 30 minutes. The lock runs from
    the failure that reached the limit, not from the first one counted."""
    fail(4, "clerk")
    with later(20):
        fail(1, "clerk")
        assert LOCKED in log_in("clerk", clerk.raw_password).content.decode()
        with later(29):
            assert LOCKED in log_in("clerk", clerk.raw_password).content.decode()
        with later(31):
            assert logged_in(log_in("clerk", clerk.raw_password))


def test_the_limit_and_the_lock_time_are_settings(clerk, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 10
    fail(2, "clerk")
    assert logged_in(log_in("clerk", clerk.raw_password, REMOTE_ADDR="203.0.113.99"))
    fail(3, "clerk")
    assert LOCKED in log_in("clerk", clerk.raw_password).content.decode()
    with later(11):
        assert logged_in(log_in("clerk", clerk.raw_password))


def test_a_forged_x_forwarded_for_does_not_get_around_the_lock(clerk):
    for n in range(5):
        log_in("clerk", WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = log_in("clerk", clerk.raw_password, HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert LOCKED in response.content.decode()
    assert {event.address for event in events(SecurityEvent.Action.LOGIN_FAILED)} == {
        "203.0.113.10"
    }


def test_one_address_trying_many_accounts_is_locked_out_of_all(clerk, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 12
    for n in range(12):
        log_in(f"guess{n}", WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert LOCKED in log_in("clerk", clerk.raw_password).content.decode()
    # Someone else, at another address, is not affected.
    assert logged_in(log_in("clerk", clerk.raw_password, REMOTE_ADDR="203.0.113.77"))


def test_behind_our_proxy_each_reader_address_is_its_own(clerk, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    for _ in range(5):
        log_in("nobody", WRONG, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    locked = log_in("clerk", clerk.raw_password, REMOTE_ADDR="10.0.0.2",
                    HTTP_X_FORWARDED_FOR="198.51.100.1")  # fmt: skip
    assert LOCKED in locked.content.decode()
    other = log_in("clerk", clerk.raw_password, REMOTE_ADDR="10.0.0.2",
                   HTTP_X_FORWARDED_FOR="198.51.100.2")  # fmt: skip
    assert logged_in(other)


def test_an_outsider_cannot_lock_the_owner_out_of_their_own_browser(clerk):
    """The owner's browser got a device cookie at its last login; the outsider's failures lock
    the account only for browsers without one."""
    owner = Client(REMOTE_ADDR="203.0.113.50")
    assert logged_in(log_in("clerk", clerk.raw_password, client=owner))
    assert owner.cookies[DEVICE_COOKIE].value
    owner.post("/admin/logout/")

    fail(15, "clerk", REMOTE_ADDR="198.51.100.66")  # the outsider, somewhere on the internet
    stranger = log_in("clerk", clerk.raw_password, REMOTE_ADDR="203.0.113.51")
    assert LOCKED in stranger.content.decode()
    assert logged_in(log_in("clerk", clerk.raw_password, client=owner))


def test_a_browser_trusted_for_one_account_is_a_stranger_to_every_other(clerk):
    """The device cookie is bound to the account it was earned on: logging into another
    account from that browser, its failures are a stranger's and the other account's lock
    holds for it. Without that, an attacker who once logged into an account of their own
    would try every other account without ever being locked."""
    make_user("editor", "撰稿人", password="editor-password-2026")
    owner = Client(REMOTE_ADDR="203.0.113.50")
    assert logged_in(log_in("clerk", clerk.raw_password, client=owner))
    owner.post("/admin/logout/")

    # Locked by others, the other account is locked for this browser too.
    fail(5, "editor", REMOTE_ADDR="198.51.100.66")
    assert LOCKED in log_in("editor", "editor-password-2026", client=owner).content.decode()
    # Its own failures on a third account lock that account for strangers as well.
    make_user("writer", "撰稿人", password="writer-password-2026")
    for _ in range(5):
        log_in("writer", WRONG, client=owner)
    stranger = log_in("writer", "writer-password-2026", REMOTE_ADDR="203.0.113.51")
    assert LOCKED in stranger.content.decode()
    # For the account it was earned on, the browser is still the owner's.
    fail(5, "clerk", REMOTE_ADDR="198.51.100.66")
    assert logged_in(log_in("clerk", clerk.raw_password, client=owner))


def test_the_owners_own_failures_still_lock_their_browser(clerk):
    owner = Client(REMOTE_ADDR="203.0.113.50")
    assert logged_in(log_in("clerk", clerk.raw_password, client=owner))
    owner.post("/admin/logout/")
    for _ in range(5):
        log_in("clerk", WRONG, client=owner)
    assert LOCKED in log_in("clerk", clerk.raw_password, client=owner).content.decode()


def test_a_forged_device_cookie_counts_as_none(clerk):
    fail(5, "clerk")
    forged = Client(REMOTE_ADDR="203.0.113.52")
    forged.cookies[DEVICE_COOKIE] = '{"u": "clerk", "d": "x"}'
    assert LOCKED in log_in("clerk", clerk.raw_password, client=forged).content.decode()


def test_a_site_admin_can_unlock_an_account(clerk, people):
    fail(5, "clerk")
    admin = Client()
    admin.force_login(people["site_admin"])
    response = admin.post(
        "/admin/accounts/user/", {"action": "unlock_selected", "_selected_action": [clerk.pk]}
    )
    assert response.status_code == 302
    assert logged_in(log_in("clerk", clerk.raw_password))


def test_unknown_users_and_wrong_passwords_get_the_same_answer(clerk):
    def page(username):
        html = log_in(username, WRONG).content.decode().replace(username, "<name>")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    unknown, known = page("no-such-user"), page("clerk")
    assert INVALID_LOGIN in unknown
    assert unknown == known


class TimedHasher(PBKDF2PasswordHasher):
    """Slow enough that a skipped hash shows in the time a login takes."""

    iterations = 150_000


def test_unknown_users_wrong_passwords_and_locked_accounts_take_the_same_time(settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_login.TimedHasher"]
    make_user("timed", password="timed-password-2026")
    make_user("locked", password="locked-password-2026")
    fail(5, "locked", REMOTE_ADDR="203.0.113.70")

    def seconds(username, **headers):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            log_in(username, WRONG, **headers)
            runs.append(time.perf_counter() - started)
        return statistics.median(runs)

    wrong = seconds("timed")
    unknown = seconds("nobody-at-all")
    locked = seconds("locked", REMOTE_ADDR="203.0.113.71")
    for other in (unknown, locked):
        assert 0.5 < other / wrong < 2, (wrong, unknown, locked)


def test_the_demo_password_works_only_on_a_demonstration_site(settings):
    make_user("demo-user", "撰稿人", password=DEMO_PASSWORD)
    settings.DEMO_SITE = False
    assert not logged_in(log_in("demo-user", DEMO_PASSWORD))
    settings.DEMO_SITE = True
    assert logged_in(log_in("demo-user", DEMO_PASSWORD))


def test_logins_failures_and_logouts_are_in_the_audit_log(clerk):
    log_in("clerk", WRONG)
    log_in("ghost", WRONG)
    client = Client(REMOTE_ADDR="203.0.113.33")
    log_in("clerk", clerk.raw_password, client=client)
    client.post("/admin/logout/")
    rows = [(e.action, e.result, e.username, e.address) for e in events()
            if e.action in ("login", "login_failed", "logout")]  # fmt: skip
    assert rows == [
        ("login_failed", "failed", "clerk", "203.0.113.10"),
        ("login_failed", "failed", "ghost", "203.0.113.10"),
        ("login", "success", "clerk", "203.0.113.33"),
        ("logout", "success", "clerk", "203.0.113.33"),
    ]


def test_the_last_attempts_are_counted_down_and_the_fifth_says_locked(clerk):
    pages = [log_in("clerk", WRONG).content.decode() for _ in range(5)]
    assert "再输错" not in pages[0]
    assert "再输错 3 次将暂时锁定" in pages[1] and "再输错 1 次将暂时锁定" in pages[3]
    assert LOCKED in pages[4]
    # Unknown names are counted the same way, so the countdown tells nothing about accounts.
    unknown = [log_in("nobody-here", WRONG, REMOTE_ADDR="203.0.113.44").content.decode()
               for _ in range(2)]  # fmt: skip
    assert "再输错 3 次将暂时锁定" in unknown[1]
