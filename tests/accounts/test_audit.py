"""The security audit log (安全审计): what is recorded, by whom and from where; that nobody changes
or deletes it through the application; 审计员 reads, filters and exports it; retention."""

import csv
import io
import json
import logging
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.checks import audit_retention
from accounts.models import ImmutableRecord, SecurityEvent
from core import audit
from news import services
from news.models import SiteSettings
from tests.factories import (
    ARTICLE_ADD_URL,
    approve,
    article_form_data,
    as_user,
    build,
    events,
    log_in,
    make_column,
    site_settings_form_data,
    step_form_data,
    step_url,
    user_form_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.shared_people]

LIST_URL = "/admin/accounts/securityevent/"


@pytest.fixture
def event(db):
    return audit.record(audit.Action.LOGIN_FAILED, result=audit.Result.FAILED, username="x")


class TestWhatIsRecorded:
    def test_every_workflow_step_is_recorded_with_who_and_from_where(self, client, people, now):
        article = build("submitted_1", people, now)
        reviewer = as_user(client, people["reviewer1"])
        response = reviewer.post(step_url(article, "approve"), step_form_data("approve", article),
                                 REMOTE_ADDR="203.0.113.5")  # fmt: skip
        assert response.status_code == 302
        last = events(SecurityEvent.Action.WORKFLOW)[-1]
        assert (last.user, last.address, last.result) == (
            people["reviewer1"], "203.0.113.5", "success")  # fmt: skip
        assert f"#{article.pk}" in last.target and "审核通过" in last.detail
        assert "初审" in last.detail

    def test_a_stale_approval_is_recorded_as_refused(self, client, people, now):
        article = build("submitted_1", people, now)
        stale = step_form_data("approve", article, revision_id=article.current_revision_id + 99)
        as_user(client, people["reviewer1"]).post(step_url(article, "approve"), stale)
        refused = events(SecurityEvent.Action.WORKFLOW, result="refused")
        assert len(refused) == 1 and "修改过" in refused[0].detail
        assert refused[0].user == people["reviewer1"]

    def test_an_approval_without_the_right_level_is_recorded_as_refused(self, people, now):
        article = build("submitted_1", people, now)
        with pytest.raises(services.WorkflowError):
            approve(article, people["reviewer3"])
        refused = events(SecurityEvent.Action.WORKFLOW, result="refused")
        assert [event.user for event in refused] == [people["reviewer3"]]
        assert "初审" in refused[0].detail

    def test_a_forged_field_in_the_article_form_is_recorded(self, client, people, now):
        author = as_user(client, people["author"])
        data = article_form_data(column=make_column(), status="published", view_count="999")
        assert author.post(ARTICLE_ADD_URL, data).status_code == 302
        forged = events(SecurityEvent.Action.WORKFLOW, result="refused")
        assert len(forged) == 1 and "status" in forged[0].detail
        assert "view_count" in forged[0].detail

    def test_a_site_settings_change_is_recorded_with_before_and_after(self, client, people):
        settings_row = SiteSettings.load()
        admin = as_user(client, people["site_admin"])
        url = f"/admin/news/sitesettings/{settings_row.pk}/change/"
        assert admin.post(url, site_settings_form_data(review_levels="2")).status_code == 302
        change = events(SecurityEvent.Action.SITE_SETTINGS)[-1]
        assert change.user == people["site_admin"] and "3 → 2" in change.detail

    def test_an_account_created_and_given_a_role_is_recorded_and_mailed_to_auditors(
        self, client, people, mailoutbox, django_capture_on_commit_callbacks
    ):
        admin = as_user(client, people["site_admin"])
        response = admin.post("/admin/accounts/user/add/", {
            "username": "newclerk", "password1": "new-clerk-pass-27",
            "password2": "new-clerk-pass-27", "usable_password": "true"})  # fmt: skip
        assert response.status_code == 302
        new = type(people["author"]).objects.get(username="newclerk")
        author_role = Group.objects.get(name="终审")
        data = user_form_data(new, groups=[author_role.pk])
        with django_capture_on_commit_callbacks(execute=True):
            assert admin.post(f"/admin/accounts/user/{new.pk}/change/", data).status_code == 302
        assert events(SecurityEvent.Action.ACCOUNT_CREATE)[-1].target.endswith("《newclerk》")
        grant = events(SecurityEvent.Action.ROLE_CHANGE)[-1]
        assert grant.user == people["site_admin"] and "增加：终审" in grant.detail
        assert [mail.to for mail in mailoutbox] == [["auditor@example.com"]]
        assert "终审" in mailoutbox[0].body

    def test_each_event_goes_out_as_one_json_line_after_the_commit(
        self, caplog, django_capture_on_commit_callbacks
    ):
        with (
            caplog.at_level(logging.INFO, logger="caiqiao.audit"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            log_in("someone", "wrong-password-1")
        lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "caiqiao.audit"]
        assert lines[-1]["event"] == "login_failed" and lines[-1]["user"] == "someone"
        assert lines[-1]["address"] == "203.0.113.10" and lines[-1]["result"] == "failed"


class TestNobodyChangesIt:
    def test_a_superuser_cannot_change_or_delete_an_event_in_the_admin(self, client, superuser,
                                                                        event):  # fmt: skip
        admin = as_user(client, superuser)
        change = f"{LIST_URL}{event.pk}/change/"
        assert admin.post(change, {"username": "y", "detail": "改过"}).status_code == 403
        assert admin.post(f"{LIST_URL}{event.pk}/delete/", {"post": "yes"}).status_code == 403
        bulk = {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
        admin.post(LIST_URL, bulk)
        assert SecurityEvent.objects.get(pk=event.pk).username == "x"

    def test_the_model_refuses_changes_and_deletion(self, event):
        event.detail = "改过"
        with pytest.raises(ImmutableRecord):
            event.save()
        with pytest.raises(ImmutableRecord):
            event.delete()
        with pytest.raises(ImmutableRecord):
            SecurityEvent.objects.filter(pk=event.pk).update(detail="改过")
        with pytest.raises(ImmutableRecord):
            SecurityEvent.objects.filter(pk=event.pk).delete()
        assert SecurityEvent.objects.get(pk=event.pk).detail == ""


class TestReadingIt:
    def test_the_auditor_filters_and_exports_csv(self, client, people, event):
        log_in("outsider-zz", "wrong-password-2", REMOTE_ADDR="203.0.113.88")
        auditor = as_user(client, people["auditor"])
        page = auditor.get(LIST_URL, {"address": "203.0.113.88"})
        assert page.status_code == 200
        listed = auditor.get(LIST_URL, {"action__exact": "login_failed", "q": "outsider-zz"})
        assert "203.0.113.88" in listed.content.decode()
        exported = auditor.get(LIST_URL, {"q": "outsider-zz", "export": "csv"})
        assert exported["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert rows[0][:3] == ["时间", "事件", "结果"]
        assert [row[3] for row in rows[1:]] == ["outsider-zz"]
        assert rows[1][1:3] == ["登录失败", "失败"]

    def test_the_site_admin_cannot_read_it(self, client, people):
        assert as_user(client, people["site_admin"]).get(LIST_URL).status_code == 403

    def test_a_search_of_hundreds_of_words_is_bounded(self, client, people):
        auditor = as_user(Client(), people["auditor"])
        response = auditor.get(LIST_URL, {"q": " ".join(["词"] * 700)})
        assert response.status_code == 200


class TestRetention:
    def test_prune_audit_removes_only_what_is_older_than_the_retention(self, now):
        ages = {"old": timedelta(days=181), "edge": timedelta(days=180) - timedelta(minutes=1),
                "young": timedelta(days=179)}  # fmt: skip
        for name, age in ages.items():
            SecurityEvent.objects.create(at=now - age, action="login", result="success",
                                         username=name)  # fmt: skip
        out = io.StringIO()
        call_command("prune_audit", stdout=out)
        left = SecurityEvent.objects.filter(username__in=ages).values_list("username", flat=True)
        assert sorted(left) == ["edge", "young"]
        assert "删除了 1 条" in out.getvalue()

    def test_a_retention_below_180_days_is_refused_and_never_used(self, settings, now):
        settings.AUDIT_RETENTION_DAYS = 30
        assert [error.id for error in audit_retention(None)] == ["accounts.E001"]
        SecurityEvent.objects.create(at=now - timedelta(days=100), action="login",
                                     result="success", username="kept")  # fmt: skip
        call_command("prune_audit", stdout=io.StringIO())
        assert SecurityEvent.objects.filter(username="kept").exists()


def test_an_events_own_page_shows_every_field_in_beijing_time(client, people):
    event = audit.record(audit.Action.LOGIN_FAILED, result=audit.Result.FAILED, username="x")
    page = as_user(client, people["auditor"]).get(f"{LIST_URL}{event.pk}/change/")
    html = page.content.decode()
    beijing = timezone.localtime(event.at)
    assert f"{beijing:%Y-%m-%d %H:%M:%S}" in html  # the title, from str(event)
    for label in ["时间", "事件", "结果", "用户名", "来源地址", "对象", "详情"]:
        assert f">{label}" in html or f"{label}:" in html, label
