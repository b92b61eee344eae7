"""The editorial workflow (先审后发) through its one enforcing layer, news.services."""

import io
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction

from news import services
from news.models import Article, AuditRecord, SiteSettings, StaleRevision, WorkflowError
from tests.factories import (
    REVIEWERS,
    STATES,
    approve,
    approve_all,
    as_user,
    build,
    edited,
    local_minute,
    mailed_to,
    make_article,
    make_column,
    make_user,
)

pytestmark = pytest.mark.django_db

LIVE = {"scheduled", "published"}

# Who may do what, in which state: written out by hand, not derived from the code under test.
# Every (role, action, state) not listed must be refused.
ALLOWED = {
    "edit": {"author": set(STATES)},
    "submit": {"author": {"draft", "returned", "withdrawn"}},
    "approve": {"reviewer1": {"submitted_1"}, "reviewer2": {"submitted_2"},
                "reviewer3": {"submitted_3"}},
    "return": {"reviewer1": {"submitted_1"}, "reviewer2": {"submitted_2"},
               "reviewer3": {"submitted_3"}},
    "withdraw": {role: LIVE for role in [*REVIEWERS, "site_admin"]},
    "reschedule": {"site_admin": LIVE},
    # Reviewers see their queue, what is online and what they decided on; never drafts.
    "preview": {
        "author": set(STATES),
        "reviewer1": set(STATES) - {"draft"},
        "reviewer2": set(STATES) - {"draft", "submitted_1", "returned"},
        "reviewer3": {"submitted_3", "scheduled", "published", "withdrawn"},
        "site_admin": set(STATES),
        "auditor": set(STATES),
    },
}  # fmt: skip


def attempt(action, article, user, client, now):
    """Try one action as user; True if it went through, False if it was refused."""
    if action == "preview":
        return as_user(client, user).get(f"/news/{article.pk}/preview/").status_code == 200
    steps = {
        "edit": lambda: services.article_save(article=edited(article), by=user),
        "submit": lambda: services.article_submit(article=article, by=user),
        "approve": lambda: services.article_approve(
            article=article, by=user, revision_id=article.current_revision_id
        ),
        "return": lambda: services.article_return(article=article, by=user, reason="不合格"),
        "withdraw": lambda: services.article_withdraw(article=article, by=user, reason="有误"),
        "reschedule": lambda: services.article_reschedule(
            article=article, by=user, publish_at=now, reason="更正"
        ),
    }
    try:
        steps[action]()
    except WorkflowError:
        return False
    return True


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_permission_matrix(people, client, now, action, state):
    """Each role × each action × each state: allowed exactly where ALLOWED says."""
    article = build(state, people, now)
    outcome = {}
    for role, user in people.items():
        with transaction.atomic():
            before = Article.objects.get(pk=article.pk)
            outcome[role] = attempt(action, before, user, client, now)
            if not outcome[role] and action != "preview":
                after = Article.objects.get(pk=article.pk)
                assert (after.status, after.current_revision_id, after.live_revision_id) == (
                    before.status, before.current_revision_id, before.live_revision_id
                ), f"{role} was refused {action} but the article changed"  # fmt: skip
            transaction.set_rollback(True)
    expected = {role: state in ALLOWED[action].get(role, set()) for role in people}
    assert outcome == expected


def test_the_matrix_covers_every_status():
    statuses = {
        "draft": "draft",
        "submitted": "submitted",
        "scheduled": "approved",
        "published": "published",
        "returned": "returned",
        "withdrawn": "withdrawn",
    }
    assert set(statuses.values()) == set(Article.Status)
    assert {state.split("_")[0] for state in STATES} == set(statuses)


@pytest.mark.parametrize("state", STATES)
def test_only_approved_text_whose_time_has_come_is_public(people, client, now, state):
    article = build(state, people, now)
    public = state == "published"
    assert Article.objects.published().filter(pk=article.pk).exists() is public
    assert (client.get(article.get_absolute_url()).status_code == 200) is public


def test_three_levels_take_three_different_reviewers_and_then_the_article_is_online(people, now):
    article = build("submitted_1", people, now)
    for level, reviewer in enumerate(REVIEWERS, start=1):
        assert Article.objects.get(pk=article.pk).review_level == level
        approve(article, people[reviewer])
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_published()
    assert article.live_revision_id == article.current_revision_id
    approvals = article.audit_records.filter(action=AuditRecord.Action.APPROVE)
    assert sorted((r.review_level, r.actor.username) for r in approvals) == [
        (1, "reviewer1"), (2, "reviewer2"), (3, "reviewer3")]  # fmt: skip


@pytest.mark.parametrize("levels", [1, 2, 3])
def test_the_number_of_review_levels_is_a_site_setting(people, now, levels):
    SiteSettings.objects.update_or_create(pk=1, defaults={"review_levels": levels})
    article = build("submitted_1", people, now)
    for reviewer in REVIEWERS[: levels - 1]:
        approve(article, people[reviewer])
        assert not Article.objects.get(pk=article.pk).has_approved_text
    final_reviewer = make_user("final", ["初审", "复审", "终审"][levels - 1])
    approve(article, final_reviewer)
    assert Article.objects.get(pk=article.pk).is_published()


def test_nobody_approves_the_same_article_at_two_levels(people, now):
    both = make_user("both", "初审", "复审")
    article = build("submitted_1", people, now)
    approve(article, both)
    with pytest.raises(WorkflowError, match="各级审核须由不同的人"):
        approve(article, both)
    assert Article.objects.get(pk=article.pk).review_level == 2


def test_nobody_approves_an_article_they_wrote_even_with_every_role(people, now):
    boss = make_user("boss", "撰稿人", "初审", "复审", "终审", "站点管理员")
    article = make_article(status=Article.Status.DRAFT, by=boss)
    services.article_submit(article=article, by=boss)
    with pytest.raises(WorkflowError, match="不能审核自己"):
        approve(article, boss)


def test_a_superuser_is_bound_by_the_same_separation_of_duties(people, superuser, now):
    article = build("submitted_1", people, now)
    approve(article, superuser)
    with pytest.raises(WorkflowError):
        approve(article, superuser)


def test_an_approval_of_a_text_that_changed_after_it_was_opened_is_stale(people, now):
    article = build("submitted_1", people, now)
    opened = Article.objects.get(pk=article.pk).current_revision_id
    services.article_save(article=edited(article), by=people["author"])
    services.article_submit(article=article, by=people["author"])
    with pytest.raises(StaleRevision, match="又被修改过"):
        services.article_approve(article=article, by=people["reviewer1"], revision_id=opened)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.review_level) == (Article.Status.SUBMITTED, 1)
    assert not stored.audit_records.filter(action=AuditRecord.Action.APPROVE).exists()


def test_editing_during_review_sends_the_article_back_to_draft(people, now):
    article = build("submitted_2", people, now)
    services.article_save(article=edited(article), by=people["author"])
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.review_level) == (Article.Status.DRAFT, None)
    services.article_submit(article=stored, by=people["author"])
    assert Article.objects.get(pk=article.pk).review_level == 1


def test_editing_a_published_article_keeps_the_approved_text_online_until_approval(
    people, client, now
):
    article = build("published", people, now)
    original_title = article.title
    services.article_save(article=edited(article), by=people["author"])
    stored = Article.objects.get(pk=article.pk)
    assert stored.is_published() and stored.has_pending_changes
    assert stored.title == original_title
    assert original_title in client.get(article.get_absolute_url()).content.decode()
    services.article_submit(article=stored, by=people["author"])
    for reviewer in ["reviewer1", "reviewer2"]:
        approve(article, people[reviewer])
        assert Article.objects.get(pk=article.pk).title == original_title
    approve(article, people["reviewer3"])
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == original_title + "（修改）"
    assert stored.live_revision_id == stored.current_revision_id
    assert stored.publish_at == article.publish_at  # an edit does not move the publish time
    assert "（修改）" in client.get(article.get_absolute_url()).content.decode()


def test_a_publish_time_already_past_at_approval_becomes_the_approval_time(people, now):
    article = make_article(
        status=Article.Status.DRAFT, by=people["author"], publish_at=now - timedelta(days=30)
    )
    services.article_submit(article=article, by=people["author"])
    stored = approve_all(article, people)
    assert stored.publish_at >= now.replace(second=0, microsecond=0)
    assert stored.first_published_at == stored.publish_at


def test_moving_the_publish_time_of_a_live_article_needs_a_reason_and_is_recorded(people, now):
    article = build("published", people, now)
    with pytest.raises(WorkflowError, match="必须填写理由"):
        services.article_reschedule(
            article=article, by=people["site_admin"], publish_at=now, reason="  "
        )
    new_time = now - timedelta(days=3)
    services.article_reschedule(
        article=article, by=people["site_admin"], publish_at=new_time, reason="按原文件日期更正"
    )
    record = article.audit_records.get(action=AuditRecord.Action.RESCHEDULE)
    assert record.actor == people["site_admin"]
    assert "按原文件日期更正" in record.reason
    assert local_minute(new_time) in record.reason


@pytest.mark.parametrize("step", ["return", "withdraw"])
def test_return_and_withdraw_need_a_reason(people, now, step):
    article = build("submitted_1" if step == "return" else "published", people, now)
    service = {"return": services.article_return, "withdraw": services.article_withdraw}[step]
    user = people["reviewer1"] if step == "return" else people["site_admin"]
    with pytest.raises(WorkflowError, match="理由"):
        service(article=article, by=user, reason=" \n ")


def test_withdrawn_article_leaves_the_site_and_its_reason_is_kept(people, client, now):
    article = build("published", people, now)
    services.article_withdraw(article=article, by=people["reviewer2"], reason="数据有误")
    assert client.get(article.get_absolute_url()).status_code == 404
    record = article.audit_records.get(action=AuditRecord.Action.WITHDRAW)
    assert (record.from_status, record.to_status, record.reason) == (
        "published", "withdrawn", "数据有误")  # fmt: skip


def test_returned_edit_and_reason_are_kept_and_the_author_continues_from_it(people, now):
    article = build("draft", people, now)
    services.article_save(article=edited(article), by=people["author"])
    services.article_submit(article=article, by=people["author"])
    services.article_return(article=article, by=people["reviewer1"], reason="标题太长")
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == Article.Status.RETURNED
    assert stored.working_copy().title.endswith("（修改）")
    assert stored.audit_records.get(action=AuditRecord.Action.RETURN).reason == "标题太长"


def test_every_save_keeps_a_revision_and_unchanged_saves_add_none(people, now):
    article = build("draft", people, now)
    services.article_save(article=edited(article), by=people["author"])
    services.article_save(article=Article.objects.get(pk=article.pk), by=people["author"])
    titles = list(article.revisions.order_by("number").values_list("number", "title"))
    assert titles == [(1, article.title), (2, article.title + "（修改）")]


def test_an_old_revision_can_be_restored_as_a_new_draft(people, now):
    article = build("published", people, now)
    services.article_save(article=edited(article), by=people["author"])
    first = article.revisions.get(number=1)
    services.article_restore(article=Article.objects.get(pk=article.pk), by=people["author"],
                             revision=first)  # fmt: skip
    stored = Article.objects.get(pk=article.pk)
    latest = stored.current_revision
    assert (latest.number, latest.title, latest.note) == (3, first.title, "由第 1 版恢复")
    assert stored.status == Article.Status.DRAFT
    assert stored.audit_records.filter(action=AuditRecord.Action.RESTORE).exists()


def test_every_transition_is_recorded_with_who_when_from_to_level_and_reason(people, now):
    article = build("returned", people, now)
    records = list(article.audit_records.order_by("at", "id"))
    assert [(r.action, r.from_status, r.to_status, r.review_level, r.actor.username)
            for r in records] == [
        ("create", "", "draft", None, "author"),
        ("submit", "draft", "submitted", 1, "author"),
        ("return", "submitted", "returned", 1, "reviewer1"),
    ]  # fmt: skip
    assert records[-1].reason == "请补充时间"


def test_notifications_go_to_the_next_reviewers_and_to_the_author(
    people, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = build("submitted_1", people, now)
    assert [m.to for m in mail.outbox] == [["reviewer1@example.com"]]
    assert "待初审" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        approve(article, people["reviewer1"])
    assert mail.outbox[-1].to == ["reviewer2@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        services.article_return(article=article, by=people["reviewer2"], reason="请核实数据")
    assert mail.outbox[-1].to == ["author@example.com"]
    assert "请核实数据" in mail.outbox[-1].body
    services.article_submit(article=article, by=people["author"])
    with django_capture_on_commit_callbacks(execute=True):
        approve_all(article, people)
    assert mail.outbox[-1].to == ["author@example.com"]
    assert "已发布" in mail.outbox[-1].subject


def test_a_scheduled_article_appears_by_itself_when_its_time_comes(people, client, now):
    article = build("scheduled", people, now)
    column_url = article.column.get_absolute_url()
    neighbour = make_article(article.column, publish_at=now - timedelta(hours=2))
    with time_machine.travel(now + timedelta(hours=23), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert article.title not in client.get(column_url).content.decode()
        assert article.title not in client.get(neighbour.get_absolute_url()).content.decode()
        assert Article.objects.get(pk=article.pk).state_label() == "待发布"
    with time_machine.travel(now + timedelta(days=1, minutes=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert article.title in client.get(column_url).content.decode()
        assert article.title in client.get(neighbour.get_absolute_url()).content.decode()
        published = services.publish_due()
    assert [a.pk for a in published] == [article.pk]
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == Article.Status.PUBLISHED
    assert stored.audit_records.filter(action=AuditRecord.Action.PUBLISH, actor=None).exists()


def test_a_new_article_by_someone_without_rights_is_refused():
    nobody = make_user("nobody")
    with pytest.raises(WorkflowError):
        services.article_save(article=Article(column=make_column(), title="t", body="b"),
                              by=nobody)  # fmt: skip


def decide_at_once(article, decisions):
    """Run [(step, user)] in threads released together; each returns the step or "refused"."""
    revision_id = Article.objects.get(pk=article.pk).current_revision_id
    start = Barrier(len(decisions))
    steps = {
        "approve": lambda user: services.article_approve(
            article=article, by=user, revision_id=revision_id
        ),
        "return": lambda user: services.article_return(article=article, by=user, reason="否"),
    }

    def decide(step, user):
        start.wait(timeout=10)
        try:
            steps[step](user)
        except WorkflowError:
            return "refused"
        finally:
            connection.close()
        return step

    with ThreadPoolExecutor(max_workers=len(decisions)) as pool:
        return list(pool.map(decide, *zip(*decisions, strict=True)))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second_step", ["approve", "return"])
def test_two_reviewers_deciding_at_the_same_moment_exactly_one_wins(people, now, second_step):
    """Two 初审 reviewers, in separate threads with their own database connections, decide on
    the same article at once; the row lock lets exactly one decision through."""
    colleague = make_user("reviewer1b", "初审")
    for _ in range(5):
        article = build("submitted_1", people, now)
        results = decide_at_once(
            article, [("approve", people["reviewer1"]), (second_step, colleague)]
        )
        assert results.count("refused") == 1, results
        decisions = article.audit_records.filter(
            action__in=[AuditRecord.Action.APPROVE, AuditRecord.Action.RETURN]
        )
        assert decisions.count() == 1
        stored = Article.objects.get(pk=article.pk)
        if decisions.get().action == AuditRecord.Action.APPROVE:
            assert (stored.status, stored.review_level) == ("submitted", 2)
        else:
            assert (stored.status, stored.review_level) == ("returned", None)


def test_an_approval_that_passes_the_article_on_reads_as_level_to_level(people, now):
    article = build("submitted_2", people, now)
    record = article.audit_records.get(action=AuditRecord.Action.APPROVE)
    assert record.transition_label() == "待初审 → 待复审"
    assert article.audit_records.get(action="submit").transition_label() == "草稿 → 待初审"


def test_editing_an_online_article_is_recorded_as_the_edit_beside_the_online_text(people, now):
    """The approved text stays online while the edit waits: the record says so, not
    已发布 → 草稿 (which reads as taken off the site)."""
    article = build("published", people, now)
    services.article_save(article=edited(article), by=people["author"])
    record = article.audit_records.filter(action=AuditRecord.Action.EDIT).latest("id")
    assert record.transition_label() == "已发布 → 已发布，修改稿草稿"


def test_a_scheduled_article_with_an_edit_is_never_called_published(people, now):
    """Residents cannot read it yet (is_published() is False): 待发布, not 已发布."""
    article = build("scheduled", people, now)
    stored = services.article_save(article=edited(article), by=people["author"])
    assert not stored.is_published()
    assert stored.state_label() == "待发布，修改稿草稿"
    services.article_submit(article=stored, by=people["author"])
    assert Article.objects.get(pk=article.pk).state_label() == "待发布，修改稿待初审"


def test_a_scheduled_article_edited_before_it_goes_out_is_still_recorded_published(
    people, now, django_capture_on_commit_callbacks
):
    article = build("scheduled", people, now)
    services.article_save(article=edited(article), by=people["author"])  # pending edit
    published = services.publish_due(now=now + timedelta(days=1, minutes=1))
    assert [a.pk for a in published] == [article.pk]
    stored = Article.objects.get(pk=article.pk)
    assert stored.first_published_at == stored.publish_at
    assert stored.status == Article.Status.DRAFT  # the edit keeps waiting
    assert services.publish_due(now=now + timedelta(days=1, minutes=2)) == []


def test_notification_links_are_absolute(people, now, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://www.caiqiao.gov.cn"
    with django_capture_on_commit_callbacks(execute=True):
        build("submitted_1", people, now)
    assert "https://www.caiqiao.gov.cn/admin/news/article/" in mail.outbox[-1].body


def test_the_publish_due_command_records_scheduled_articles_that_came_out(people, now):
    article = build("scheduled", people, now)
    output = io.StringIO()
    with time_machine.travel(now + timedelta(days=1, minutes=1), tick=False):
        call_command("publish_due", stdout=output)
    assert f"已发布：{article.pk}" in output.getvalue()
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


# Holes found by breaking the code on purpose: each test below fails on the broken version.


def test_someone_who_saved_a_revision_of_anothers_article_cannot_approve_it(people, now):
    """A superuser (who may edit any article and holds every review level) edits the author's
    draft; the author submits it; the editor may not approve it, nor find it in their queue."""
    editor = make_user("editor-root", is_superuser=True)
    article = make_article(status=Article.Status.DRAFT, by=people["author"])
    services.article_save(article=edited(article, title="改过的标题"), by=editor)
    services.article_submit(article=article, by=people["author"])
    article.refresh_from_db()
    assert not Article.objects.awaiting_review_by(editor).filter(pk=article.pk).exists()
    assert "approve" not in article.allowed_actions(editor)
    with pytest.raises(WorkflowError, match="不能审核自己撰写或修改过的稿件"):
        approve(article, editor)
    assert approve(article, people["reviewer1"]).review_level == 2  # a stranger to the text may


@pytest.mark.django_db(transaction=True)
def test_each_step_reads_the_article_under_a_lock(people, now):
    """On PostgreSQL the step's read of the article is SELECT ... FOR UPDATE; on SQLite, where
    there are no row locks, the step's transaction begins IMMEDIATE, taking the write lock
    before it reads (the concurrency test above then holds on both)."""
    from django.test.utils import CaptureQueriesContext

    article = build("submitted_1", people, now)
    with CaptureQueriesContext(connection) as captured:
        approve(article, people["reviewer1"])
    statements = [q["sql"] for q in captured]
    reads = [i for i, sql in enumerate(statements)
             if sql.startswith('SELECT "news_article"."id"') and "FOR UPDATE" in sql]  # fmt: skip
    if connection.vendor == "postgresql":
        assert reads, statements
    else:
        follows_begin = [statements[i + 1] for i, sql in enumerate(statements[:-1])
                         if sql == "BEGIN IMMEDIATE"]  # fmt: skip
        assert any(sql.startswith('SELECT "news_article"."id"') for sql in follows_begin)


def test_no_mail_leaves_before_the_step_is_committed(
    people, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        build("submitted_1", people, now)
    assert mail.outbox == []  # decided, not yet committed: nothing sent
    for callback in waiting:
        callback()
    assert [m.to for m in mail.outbox] == [["reviewer1@example.com"]]


def test_a_step_rolled_back_sends_no_mail(people, now):
    article = make_article(status=Article.Status.DRAFT, by=people["author"])
    with pytest.raises(RuntimeError), transaction.atomic():
        services.article_submit(article=article, by=people["author"])
        raise RuntimeError("the request failed after the step")
    assert mail.outbox == []
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_an_approval_keeps_the_reviewers_comment_with_the_decision(people, now):
    article = build("submitted_1", people, now)
    read = article.current_revision_id
    services.article_approve(
        article=article, by=people["reviewer1"], revision_id=read, comment=" 同意发布。\n"
    )
    approve(article, people["reviewer2"])  # the comment is optional
    reasons = article.audit_records.filter(action=AuditRecord.Action.APPROVE).order_by("at", "id")
    assert [(r.actor, r.reason) for r in reasons] == [
        (people["reviewer1"], "同意发布。"),
        (people["reviewer2"], ""),
    ]


@pytest.mark.parametrize("level", [1, 2, 3])
def test_the_reviewers_of_a_level_are_the_ones_e_mailed_when_it_is_reached(
    people, now, level, django_capture_on_commit_callbacks
):
    """Article.level_reviewers is who the admin's messages name; the e-mail goes to them."""
    role = {1: "初审", 2: "复审", 3: "终审"}[level]
    make_user(f"second{level}", role, email=f"second{level}@example.com")
    people["author"].groups.add(*people[f"reviewer{level}"].groups.all())
    with django_capture_on_commit_callbacks(execute=True):
        article = build(f"submitted_{level}", people, now)
    named = list(article.level_reviewers(level))
    assert people["author"] not in named
    mailed = mailed_to(mail.outbox, f"待{role}：")
    assert mailed == sorted(user.email for user in named)
    assert mailed == [f"reviewer{level}@example.com", f"second{level}@example.com"]


@pytest.mark.parametrize("publish_in", [timedelta(hours=-2), timedelta(days=2)])
def test_the_final_approval_puts_the_text_online_when_goes_public_at_says(people, now,
                                                                          publish_in):  # fmt: skip
    """What the confirmation page announces (goes_public_at) is what approval does."""
    article = build("submitted_3", people, now)
    Article.objects.filter(pk=article.pk).update(publish_at=now + publish_in)
    with time_machine.travel(now, tick=False):
        announced = Article.objects.get(pk=article.pk).goes_public_at(now)
        approve(article, people["reviewer3"])
        stored = Article.objects.get(pk=article.pk)
        assert stored.publish_at == announced.replace(second=0, microsecond=0)
        assert stored.is_published() == (announced <= now)
