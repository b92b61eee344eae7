"""The steps of a case, called by the public form and the admin: each locks the case's row,
lets the model's step check its guard and set its fields, and stores the result with its
CaseStep and its line in the security audit log, in one transaction; whom it concerns is told
through core.notify (消息 and e-mail, after the commit)."""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.notify import notify
from core.personal_data import personal_data
from core.times import format_minute
from news.models import REVIEW_LEVEL_NAMES, SiteSettings

from .models import Case, CaseAttachment, CaseError, CaseStep, Comment, Consultation


def handlers():
    """Who handles cases: the active staff with cases.handle_case (superusers by that role only)."""
    return (
        get_user_model()
        .objects.with_perm("cases.handle_case", include_superusers=False)
        .order_by("pk")
    )


def _admin_path(case):
    return reverse("admin:cases_case_change", args=[case.pk])


def _tell_resident(case, subject, text):
    """The writer, by e-mail if they gave an address (after the commit)."""
    if case.email:
        transaction.on_commit(
            lambda: send_mail(subject, text, None, [case.email], fail_silently=True)
        )


def case_receive(*, channel, fields, files=(), now=None):
    """A resident's submission: stored with its number, its secret code and its due date, and
    files: [(uploaded file, name, Kind)] as the form checked them. Returns (case, code): the
    code is shown to the resident once and kept only as a hash."""
    now = now or timezone.now()
    code = Case.new_code()
    with transaction.atomic():
        case = Case(channel=channel, received_at=now, **fields)
        case.due_on = case.deadline()
        case.set_code(code)
        case.number = f"new-{uuid.uuid4().hex[:16]}"  # unique until the row has its id
        case.save()
        case.number = case.number_for(case.pk)
        case.save(update_fields=["number"])
        for file, name, kind in files:
            attachment = CaseAttachment(case=case, original_name=name, kind=kind.code,
                                        size=file.size)  # fmt: skip
            attachment.file.save(name, file, save=False)
            attachment.save()
        CaseStep.objects.create(
            case=case, action=CaseStep.Action.RECEIVE, to_state=case.state, at=now
        )
        notify(
            handlers(),
            subject=_("新来信（%(channel)s）：%(title)s")
            % {"channel": channel, "title": case.title},
            text=_("%(channel)s收到来信《%(title)s》，编号 %(number)s，请于 %(due)s 前答复。")
            % {
                "channel": channel,
                "title": case.title,
                "number": case.number,
                "due": case.due_on.isoformat(),
            },  # fmt: skip
            link=_admin_path(case),
        )
        _tell_resident(
            case,
            _("来信已收到，编号 %(number)s") % {"number": case.number},
            _(
                "您写给%(channel)s的来信《%(title)s》已收到。\n编号：%(number)s\n查询码：%(code)s\n"
                "我们将在 %(due)s 前答复。凭编号和查询码可在 %(url)s 查看办理情况。"
            )
            % {
                "channel": channel,
                "title": case.title,
                "number": case.number,
                "code": code,
                "due": case.due_on.isoformat(),
                "url": settings.SITE_URL + reverse("cases:lookup"),
            },  # fmt: skip
        )
    return case, code


def _step(case, *, by, action, step, note="", tell=None):
    """Lock the row, let step(stored) change it (its guard raises CaseError), save it, write
    its CaseStep and audit line, and tell(stored) whom it concerns. Refusals are audited too."""
    try:
        with transaction.atomic():
            stored = Case.objects.select_for_update().get(pk=case.pk)
            before = stored.state
            step(stored)
            stored.save()
            record = CaseStep.objects.create(
                case=stored, action=action, from_state=before, to_state=stored.state, actor=by,
                note=(note or "").strip(),
            )  # fmt: skip
            audit.record(
                audit.Action.CASE, user=by, target=f"来信 {stored.number}",
                detail=f"{record.get_action_display()}：{stored.get_state_display()}",
            )  # fmt: skip
            if tell is not None:
                tell(stored)
            return stored
    except CaseError as error:
        audit.record(audit.Action.CASE, result=audit.Result.REFUSED, user=by,
                     target=f"来信 {case.number}", detail=str(error))  # fmt: skip
        raise


def case_accept(*, case, by):
    return _step(case, by=by, action=CaseStep.Action.ACCEPT, step=lambda c: c.accept(by=by))


def case_forward(*, case, by, to, note):
    def tell(stored):
        notify(
            [to],
            subject=_("转办来信：%(title)s") % {"title": stored.title},
            text=_(
                "%(who)s把来信《%(title)s》（编号 %(number)s）转给您办理：%(note)s\n"
                "请于 %(due)s 前答复。"
            )
            % {
                "who": by,
                "title": stored.title,
                "number": stored.number,
                "note": note.strip(),
                "due": stored.due_on.isoformat(),
            },  # fmt: skip
            link=_admin_path(stored),
        )

    return _step(case, by=by, action=CaseStep.Action.FORWARD, note=note,
                 step=lambda c: c.forward(by=by, to=to, note=note), tell=tell)  # fmt: skip


def reply_reviewers(case, level):
    """Who reviews the reply at `level`: news's reviewers of that level, less its writer."""
    people = (
        get_user_model()
        .objects.with_perm(f"news.review_level_{level}", include_superusers=False)
        .order_by("pk")
    )
    return people.exclude(pk=case.replied_by_id) if case.replied_by_id else people


def _tell_reviewers(stored):
    level = stored.reply_level
    notify(
        reply_reviewers(stored, level),
        subject=_("来信答复待%(level)s：%(title)s")
        % {"level": REVIEW_LEVEL_NAMES[level], "title": stored.title},
        text=_("来信《%(title)s》（编号 %(number)s）的答复等待%(level)s。")
        % {"title": stored.title, "number": stored.number, "level": REVIEW_LEVEL_NAMES[level]},
        link=_admin_path(stored),
    )


def case_submit_reply(*, case, by, reply, public_text="", outcome="", outcome_ground=""):
    """The reply goes to review (先审后发); nobody outside sees it before its final approval.
    An 依申请公开 reply carries its outcome (and its ground) for the 年报."""
    return _step(
        case,
        by=by,
        action=CaseStep.Action.SUBMIT_REPLY,
        tell=_tell_reviewers,
        step=lambda c: c.submit_reply(by=by, reply=reply, public_text=public_text,
                                      outcome=outcome, outcome_ground=outcome_ground),
    )  # fmt: skip


def case_extend(*, case, by, reason):
    """The period extended once (依申请公开: 20 more working days); the applicant is told."""
    today = timezone.localdate()

    def tell(stored):
        _tell_resident(
            stored,
            _("答复期限延长，编号 %(number)s") % {"number": stored.number},
            _("您的申请《%(title)s》的答复期限延长至 %(due)s。理由：%(reason)s")
            % {"title": stored.title, "due": stored.due_on.isoformat(), "reason": reason.strip()},
        )

    return _step(case, by=by, action=CaseStep.Action.EXTEND, note=reason, tell=tell,
                 step=lambda c: c.extend(by=by, reason=reason, today=today))  # fmt: skip


def publication_findings(case):
    """Personal data in what would be published (core.personal_data): the letter as published,
    its title and the reply. Asked before the row is locked."""
    if not case.publish_allowed:
        return []
    return personal_data(" ".join([case.title, case.public_text or case.text, case.reply]))


def case_approve_reply(*, case, by):
    levels = SiteSettings.load().review_levels
    now = timezone.now()
    findings = publication_findings(Case.objects.get(pk=case.pk))

    def tell(stored):
        if stored.reply_level is not None:
            _tell_reviewers(stored)
            return
        _tell_resident(
            stored,
            _("来信已答复，编号 %(number)s") % {"number": stored.number},
            _("您的来信《%(title)s》已于 %(time)s 答复。凭编号和查询码可在 %(url)s 查看答复。")
            % {
                "title": stored.title,
                "time": format_minute(now),
                "url": settings.SITE_URL + reverse("cases:lookup"),
            },  # fmt: skip
        )
        if stored.handler is not None:
            notify(
                [stored.handler],
                subject=_("来信答复已通过：%(title)s") % {"title": stored.title},
                text=_("来信《%(title)s》的答复已终审通过，来信人已能看到。")
                % {"title": stored.title},
                link=_admin_path(stored),
            )

    return _step(case, by=by, action=CaseStep.Action.APPROVE_REPLY, tell=tell,
                 step=lambda c: c.approve_reply(by=by, levels=levels, now=now,
                                                findings=findings))  # fmt: skip


def case_return_reply(*, case, by, reason):
    def tell(stored):
        if stored.replied_by is not None:
            notify([stored.replied_by],
                   subject=_("来信答复被退回：%(title)s") % {"title": stored.title},
                   text=_("来信《%(title)s》的答复被%(who)s退回。\n\n退回理由：%(reason)s")
                   % {"title": stored.title, "who": by, "reason": reason.strip()},
                   link=_admin_path(stored))  # fmt: skip

    return _step(case, by=by, action=CaseStep.Action.RETURN_REPLY, note=reason, tell=tell,
                 step=lambda c: c.return_reply(by=by, reason=reason))  # fmt: skip


def case_turn_down(*, case, by, reason):
    def tell(stored):
        _tell_resident(
            stored,
            _("来信不予受理，编号 %(number)s") % {"number": stored.number},
            _("您的来信《%(title)s》不予受理。理由：%(reason)s")
            % {"title": stored.title, "reason": stored.reason},
        )

    return _step(case, by=by, action=CaseStep.Action.TURN_DOWN, note=reason,
                 step=lambda c: c.turn_down(by=by, reason=reason), tell=tell)  # fmt: skip


def comment_receive(*, consultation, fields, now=None):
    """A resident's comment, stored for moderation (not public before it is approved)."""
    now = now or timezone.now()
    if not consultation.is_open(timezone.localdate(now)):
        raise CaseError(_("这次意见征集不在征集期内，不能再提交意见。"))
    return Comment.objects.create(consultation=consultation, submitted_at=now, **fields)


def comment_moderate(*, comment, by, approve):
    """Approve a comment (public, its writer masked) or keep it private; personal data in it
    stops the approval. Recorded in the security audit log."""
    with transaction.atomic():
        stored = Comment.objects.select_for_update().get(pk=comment.pk)
        stored.moderate(by=by, approve=approve, findings=personal_data(stored.text))
        stored.save()
        audit.record(audit.Action.CASE, user=by, target=f"意见 #{stored.pk}",
                     detail=f"{stored.consultation}：{stored.get_state_display()}")  # fmt: skip
        return stored


def consultation_publish_summary(*, consultation, by):
    with transaction.atomic():
        stored = Consultation.objects.select_for_update().get(pk=consultation.pk)
        stored.publish_summary(by=by, now=timezone.now())
        stored.save()
        audit.record(audit.Action.CASE, user=by, target=f"意见征集《{stored}》",
                     detail="公布采纳情况")  # fmt: skip
        return stored
