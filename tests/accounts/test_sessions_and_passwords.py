"""Staff sessions (30 minutes idle, 12 hours at most; logout, a password change and deactivation
end every session of the account) and the password rules (10 characters, not common, not like
the user name; character classes and a maximum age as settings, off by default)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import AccountState, SecurityEvent, User
from tests.factories import (
    events,
    log_in,
    logged_in,
    make_user,
    password_change_data,
    user_form_data,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


@pytest.fixture
def clerk():
    return make_user("clerk", "撰稿人", password="clerk-password-2026")


def signed_in(user, **headers):
    """A browser of user's, logged in through the login form."""
    client = Client(**{"REMOTE_ADDR": "203.0.113.20", **headers})
    assert logged_in(log_in(user.username, user.raw_password, client=client))
    return client


def as_admin(user):
    client = Client()
    client.force_login(user)
    return client


def is_in(client):
    return client.get(ADMIN).status_code == 200


class TestSessions:
    def test_thirty_idle_minutes_end_the_session_and_activity_keeps_it(self, clerk, settings):
        start = timezone.now()
        with time_machine.travel(start, tick=False) as clock:
            client = signed_in(clerk)
            clock.shift(timedelta(minutes=29))
            assert is_in(client)
            clock.shift(timedelta(minutes=29))  # 58 minutes after login, 29 after the last page
            assert is_in(client)
            clock.shift(timedelta(minutes=31))
            assert not is_in(client)

    def test_twelve_hours_end_the_session_however_busy(self, clerk):
        start = timezone.now()
        with time_machine.travel(start, tick=False) as clock:
            client = signed_in(clerk)
            for _ in range(12 * 3):  # a page every 20 minutes for 12 hours
                clock.shift(timedelta(minutes=20))
                assert is_in(client)
            clock.shift(timedelta(minutes=20))
            response = client.get(ADMIN)
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert events(SecurityEvent.Action.SESSION_ENDED)[-1].user == clerk

    def test_the_limits_come_from_the_settings(self, clerk, settings):
        settings.ADMIN_SESSION_MAX_SECONDS = 3600
        start = timezone.now()
        with time_machine.travel(start, tick=False) as clock:
            client = signed_in(clerk)
            for _ in range(2):
                clock.shift(timedelta(minutes=29))
                assert is_in(client)
            clock.shift(timedelta(minutes=3))  # 61 minutes after login
            assert not is_in(client)

    def test_logging_out_ends_every_session_of_the_account(self, clerk):
        office, home = signed_in(clerk), signed_in(clerk, REMOTE_ADDR="203.0.113.21")
        other = signed_in(make_user("colleague", "撰稿人"))
        office.post("/admin/logout/")
        assert not is_in(home)
        assert is_in(other)
        assert is_in(signed_in(clerk))  # a new login works

    def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(self, clerk):
        office, home = signed_in(clerk), signed_in(clerk, REMOTE_ADDR="203.0.113.21")
        response = office.post(
            "/admin/password_change/", password_change_data(clerk.raw_password, "a-new-pass-27")
        )
        assert response.status_code == 302
        assert is_in(office)
        assert not is_in(home)
        assert events(SecurityEvent.Action.PASSWORD_CHANGE)[-1].user == clerk

    def test_deactivating_an_account_ends_its_sessions(self, clerk, people):
        home = signed_in(clerk)
        admin = Client()
        admin.force_login(people["site_admin"])
        data = user_form_data(clerk, is_active="")
        response = admin.post(f"/admin/accounts/user/{clerk.pk}/change/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
        clerk.refresh_from_db()
        assert not clerk.is_active
        assert not is_in(home)
        assert AccountState.objects.get(user=clerk).sessions_valid_after is not None


NAME_TWICE = "zuozhe2zuozhe2"  # the user name written twice: 67 % like it, Django let it pass
NAME_IN_IT = "My-ZUOZHE2-pass"  # the name, capitalised, inside a longer password


class TestPasswordsContainingTheUserName:
    """Refused wherever a password is set: the admin's 增加用户, a site admin setting another
    user's password, one's own 修改密码, Django's validate_password (which createsuperuser and
    changepassword call)."""

    @pytest.fixture
    def zuozhe2(self):
        return make_user("zuozhe2", "撰稿人", password="zuozhe2-own-pass-27")

    @pytest.fixture
    def site_admin(self, people):
        return as_admin(people["site_admin"])

    @pytest.mark.parametrize("password", [NAME_TWICE, NAME_IN_IT])
    def test_validate_password_refuses_it(self, zuozhe2, password):
        with pytest.raises(ValidationError) as refused:
            validate_password(password, zuozhe2)
        assert "密码不能包含用户名" in " ".join(refused.value.messages)

    def test_a_name_of_two_letters_is_left_to_the_likeness_measure(self):
        validate_password("the-li-family-27", make_user("li"))

    @pytest.mark.parametrize("password", ["zuozhe3zuozhe3", "My-ZUOZHE3-pass", "password123"])
    def test_the_admins_add_user_form_refuses_it(self, site_admin, password):
        response = site_admin.post("/admin/accounts/user/add/", {
            "username": "zuozhe3", "password1": password, "password2": password,
            "usable_password": "true"})  # fmt: skip
        assert response.status_code == 200
        assert not User.objects.filter(username="zuozhe3").exists()
        assert re.search("密码不能包含用户名|这个密码太常见了", response.content.decode())

    @pytest.mark.parametrize("password", [NAME_TWICE, NAME_IN_IT, "password123"])
    def test_a_site_admin_setting_another_users_password_is_refused_it(
        self, zuozhe2, site_admin, password
    ):
        response = site_admin.post(f"/admin/accounts/user/{zuozhe2.pk}/password/", {
            "password1": password, "password2": password,
            "set_usable_password": "true"})  # fmt: skip
        assert response.status_code == 200
        assert re.search("密码不能包含用户名|这个密码太常见了", response.content.decode())
        zuozhe2.refresh_from_db()
        assert zuozhe2.check_password("zuozhe2-own-pass-27")

    def test_ones_own_password_change_refuses_it(self, zuozhe2):
        client = signed_in(zuozhe2)
        response = client.post(
            "/admin/password_change/", password_change_data(zuozhe2.raw_password, NAME_TWICE)
        )
        assert response.status_code == 200
        assert "密码不能包含用户名" in response.content.decode()
        zuozhe2.refresh_from_db()
        assert zuozhe2.check_password("zuozhe2-own-pass-27")


class TestPasswordRules:
    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("short-pw1", "至少需要 10 个字符"),
            ("password123", "太常见"),
            ("zhangwei2026", "太相似"),
            ("2026061512345", "只包含数字"),
        ],
    )
    def test_weak_passwords_are_refused_in_chinese(self, clerk, password, message):
        clerk.first_name = "zhangwei"
        with pytest.raises(ValidationError) as refused:
            validate_password(password, clerk)
        assert message in " ".join(refused.value.messages), refused.value.messages

    def test_every_refusal_and_every_rule_is_in_chinese(self, clerk, settings):
        settings.PASSWORD_MIN_CHARACTER_CLASSES = 4
        settings.PASSWORD_MAX_AGE_DAYS = 90
        with pytest.raises(ValidationError) as refused:
            validate_password("clerk", clerk)
        texts = refused.value.messages + password_validators_help_texts()
        assert len(refused.value.messages) >= 3
        for text in texts:
            assert not re.search(r"[A-Za-z]{4,}", text), text

    def test_character_classes_are_off_by_default_and_counted_when_on(self, clerk, settings):
        validate_password("lowercase-only-words", clerk)
        settings.PASSWORD_MIN_CHARACTER_CLASSES = 3
        with pytest.raises(ValidationError, match="至少 3 类"):
            validate_password("lowercase-only-words", clerk)
        validate_password("Mixed-case-2026", clerk)

    def test_the_admin_password_form_shows_the_rules_and_refuses_in_chinese(self, clerk):
        client = signed_in(clerk)
        response = client.post(
            "/admin/password_change/", password_change_data(clerk.raw_password, "short")
        )
        assert response.status_code == 200
        assert "至少需要 10 个字符" in response.content.decode()

    def test_an_old_password_is_fine_while_the_maximum_age_is_off(self, clerk):
        AccountState.objects.filter(user=clerk).update(
            password_changed_at=timezone.now() - timedelta(days=3650)
        )
        assert is_in(signed_in(clerk))

    def test_with_a_maximum_age_an_old_password_must_be_changed_first(self, clerk, settings):
        settings.PASSWORD_MAX_AGE_DAYS = 90
        AccountState.objects.filter(user=clerk).update(
            password_changed_at=timezone.now() - timedelta(days=91)
        )
        client = signed_in(clerk)
        response = client.get("/admin/news/article/")
        assert response.status_code == 302 and response["Location"] == "/admin/password_change/"
        client.post(
            "/admin/password_change/", password_change_data(clerk.raw_password, "renewed-pass-27")
        )
        assert client.get("/admin/news/article/").status_code == 200

    def test_with_a_maximum_age_a_password_someone_else_set_is_changed_at_first_login(
        self, clerk, people, settings
    ):
        settings.PASSWORD_MAX_AGE_DAYS = 90
        admin = Client()
        admin.force_login(people["site_admin"])
        response = admin.post(
            f"/admin/accounts/user/{clerk.pk}/password/",
            {"password1": "given-by-admin-27", "password2": "given-by-admin-27",
             "set_usable_password": "true"},
        )  # fmt: skip
        assert response.status_code == 302
        clerk.raw_password = "given-by-admin-27"
        client = signed_in(clerk)
        assert client.get("/admin/")["Location"] == "/admin/password_change/"
        reset = events(SecurityEvent.Action.PASSWORD_CHANGE)[-1]
        assert (reset.user, reset.target) == (people["site_admin"], f"用户 #{clerk.pk}《clerk》")
