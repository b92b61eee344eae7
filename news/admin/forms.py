"""The admin's forms: the article form, and one form per workflow step whose cleaned data are
that step's arguments (news.services)."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext_lazy as _

from core.times import format_minute

from .. import images, sanitize, services
from ..index_numbers import taken_by_another
from ..models import Article, Revision, SiteSettings


class MinuteSplitDateTime(AdminSplitDateTime):
    """Publish times are kept to the minute, so the time box shows no seconds."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[1].format = "%H:%M"


class SaveRefusedMixin:
    """A form whose save was refused after it was valid (its files could not be stored,
    news.admin.saving): shown again with that error on its field and everything typed."""

    save_refusal = None  # (field, ValidationError), set by SaveRefusalAdminMixin.get_form

    def clean(self):
        cleaned = super().clean()
        if self.save_refusal is not None:
            self.add_error(*self.save_refusal)
        return cleaned


class ArticleAdminForm(SaveRefusedMixin, forms.ModelForm):
    # The revision the editor opened. Saving over a newer one would silently undo someone
    # else's work, so that is refused (clean()).
    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    current_user = None  # set by ArticleAdmin.get_form: who is saving

    class Meta:
        model = Article
        fields = [*Article.CONTENT_FIELDS, "publish_at"]
        widgets = {
            "publish_at": MinuteSplitDateTime,
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The parts of the new revision kept by other apps (news.parts), as their form parts
        # read them from what was posted: {"attachments": [...]}.
        self.revision_parts = {}
        if self.instance.pk:
            self.initial["opened_revision"] = self.instance.current_revision_id

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cover") and not (cleaned.get("cover_alt") or "").strip():
            self.add_error("cover_alt", _("有封面图片时，请用一句话说明图片内容。"))
        if self.instance.pk is not None:
            self._check_opened_revision_is_latest(cleaned.get("opened_revision"))
        return cleaned

    def clean_index_number(self):
        """A 索引号 another article holds, online or in an edit waiting for review, is refused
        here, not at approval (news.index_numbers)."""
        number = (self.cleaned_data.get("index_number") or "").strip()
        if number and taken_by_another(number, self.instance):
            raise forms.ValidationError(_("这个索引号已被另一篇文章使用。"), code="taken")
        return number

    def _check_opened_revision_is_latest(self, opened):
        """Optimistic check: the latest revision must still be the one the form was opened on.
        The admin runs the whole POST in one transaction, and the row stays locked from this
        check to the save, so of two forms saved at the same moment the second is refused."""
        latest = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("current_revision", flat=True)
            .first()
        )
        if latest is not None and opened != latest:
            newer = Revision.objects.select_related("created_by").get(pk=latest)
            raise forms.ValidationError(
                _(
                    "您打开这篇稿件之后，%(who)s于 %(time)s 保存了新的版本（%(revision)s）。"
                    "为免覆盖别人的修改，这次没有保存。请先复制您改动的内容，"
                    "重新打开稿件，在最新版本上再修改。"
                )
                % {
                    "who": newer.created_by or _("系统"),
                    "time": format_minute(newer.created_at),
                    "revision": newer,
                },
                code="stale",
            )

    def clean_body(self):
        """Every picture in the body says what it shows (its 替换文本 in the image dialog):
        readers who cannot see it hear that instead (GB/T 37668). Checked on the body as it
        will be stored (a picture pasted from Word that could not come along is not in it)."""
        body = sanitize.clean_body(self.cleaned_data.get("body") or "")
        missing = sanitize.images_without_alt(body)
        if missing:
            raise forms.ValidationError(
                _(
                    "正文中有 %(n)s 张图片没有填写“替换文本”（图片说明）：请双击图片，"
                    "在“图像属性”里用一句话说明图片内容。"
                )
                % {"n": len(missing)},  # fmt: skip
                code="image_alt",
            )
        return body

    def clean_cover(self):
        """A new cover is decoded while the form is checked (a broken image is an error on
        the field); it is stored only when the article is saved (Article.commit_cover)."""
        cover = self.cleaned_data.get("cover")
        if cover and not getattr(cover, "_committed", False):
            images.reencoded(cover)
        return cover


class SiteSettingsForm(SaveRefusedMixin, forms.ModelForm):
    # An address typed without its scheme is https (Django 6's default, chosen now).
    error_report_url = SiteSettings._meta.get_field("error_report_url").formfield(
        assume_scheme="https"
    )
    sponsor_mark_link = SiteSettings._meta.get_field("sponsor_mark_link").formfield(
        assume_scheme="https"
    )

    class Meta:
        model = SiteSettings
        fields = [
            "review_levels", "site_name", "logo", "host_organization", "organizer", "address",
            "postcode", "phone", "email", "site_code", "icp_number", "police_number",
            "error_report_url", "police_icon", "sponsor_mark", "sponsor_mark_link",
            "organization_code",
            "index_number_pattern",
        ]  # fmt: skip

    def _decoded(self, name):
        """A new picture is decoded while the form is checked; it is re-encoded and stored like
        every upload (news.images) when the settings are saved (SiteSettingsAdmin)."""
        image = self.cleaned_data.get(name)
        if image and not getattr(image, "_committed", False):
            images.reencoded(image)
        return image

    def clean_logo(self):
        return self._decoded("logo")

    def clean_sponsor_mark(self):
        return self._decoded("sponsor_mark")

    def clean_police_icon(self):
        return self._decoded("police_icon")


class StepForm(forms.Form):
    """A workflow step: ``service`` is called with the article, the user and cleaned_data.
    A form without visible fields is a button on the change page; the others get a page."""

    service = None
    title = ""
    # What its page's button says (the title, unless it says more).
    submit_label = ""
    # A refused step goes back to the change page (whose text may have changed), instead of
    # showing the form again with what was typed.
    back_on_refusal = False

    @classmethod
    def initial_from(cls, query):
        """The initial values a link to the step's page carries in its query string."""
        return {}

    def check(self, article, user):
        """Before the page is shown: raise WorkflowError if the step cannot be taken."""

    def revision_read(self, article):
        return None

    def run(self, *, article, by, findings=None):
        """findings: the pre-publication checks' findings the page showed (approval's)."""
        return self.service(article=article, by=by, **self.cleaned_data)


class SubmitForm(StepForm):
    service = staticmethod(services.article_submit)
    title = _("提交审核")


class ApproveForm(StepForm):
    """The confirmation of 通过: the 通过 link of the change page carries the revision the
    reviewer read there (?revision_id=), and this form posts it on, so that approval is bound
    to it (a stale one is refused, WorkflowMixin.check_approve)."""

    service = staticmethod(services.article_approve)
    title = _("审核通过")
    submit_label = _("确认通过")
    back_on_refusal = True
    revision_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("可不填。会记在审核记录中，撰稿人和后面的审核人都能看到。"),
    )

    @classmethod
    def initial_from(cls, query):
        value = query.get("revision_id", "")
        return {"revision_id": int(value) if value.isdigit() else None}

    def check(self, article, user):
        article.check_approve(user, self.initial.get("revision_id"))

    def require_reason(self):
        """The pre-publication checks found something: approving over it needs a reason."""
        comment = self.fields["comment"]
        comment.required = True
        comment.help_text = _(
            "发布前检查发现了问题。如确认无误仍要通过，请写明理由，会记在审核记录中。"
        )
        comment.error_messages["required"] = _("检查发现问题，如仍要通过，请在审核意见里写明理由。")

    def revision_read(self, article):
        return article.revisions.filter(pk=self.initial.get("revision_id")).first()

    def run(self, *, article, by, findings=None):
        # The findings the reviewer was shown are the ones decided on: not computed again.
        return self.service(article=article, by=by, findings=findings, **self.cleaned_data)


class ReasonForm(StepForm):
    reason = forms.CharField(
        label=_("理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("会记录在审核记录中，并告知撰稿人。"),
    )


class ReturnForm(ReasonForm):
    service = staticmethod(services.article_return)
    title = _("退回稿件")


class WithdrawForm(ReasonForm):
    service = staticmethod(services.article_withdraw)
    title = _("从网站撤回")


class RescheduleForm(ReasonForm):
    service = staticmethod(services.article_reschedule)
    title = _("修改发布时间")
    publish_at = forms.SplitDateTimeField(label=_("新的发布时间"), widget=MinuteSplitDateTime)

    field_order = ["publish_at", "reason"]


STEP_FORMS = {
    "submit": SubmitForm,
    "approve": ApproveForm,
    "return": ReturnForm,
    "withdraw": WithdrawForm,
    "reschedule": RescheduleForm,
}
