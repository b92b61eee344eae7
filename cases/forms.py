"""The residents' forms: writing a letter, and looking one up by its number and secret code."""

import re

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from attachments.forms import MultipleFileField, checked_upload
from attachments.kinds import ALLOWED_TEXT

from .models import Case, Comment

_PHONE = re.compile(r"^[0-9０-９ ()（）+\-－]{7,20}$")


def captcha_field():
    return CaptchaField(
        label=_("验证码"),
        help_text=_("请算出图中两个数相加的结果，填写数字。看不清可以刷新页面换一个。"),
        error_messages={"invalid": _("验证码不对，请重新计算图中的算式（已换了一道新题）。")},
    )


class AttachedFilesField(MultipleFileField):
    """Up to CASES_MAX_ATTACHMENTS files, each checked as the articles' attachments are
    (attachments.forms.checked_upload: the allow-list by content, CASES_ATTACHMENT_MAX_BYTES).
    Nothing is stored while the form is checked: the case stores them when it is saved."""

    def clean(self, data, initial=None):
        files = super().clean(data, initial)
        if len(files) > settings.CASES_MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("最多上传 %(n)s 个附件。") % {"n": settings.CASES_MAX_ATTACHMENTS},
                code="too_many",
            )
        return [
            (file, *checked_upload(file, settings.CASES_ATTACHMENT_MAX_BYTES)) for file in files
        ]


def attached_files_field():
    return AttachedFilesField(
        label=_("附件"),
        required=False,
        help_text=_("可不传。照片或材料：%(types)s，最多 %(n)s 个，每个不超过 %(mb)s MB。不公开。")
        % {
            "types": ALLOWED_TEXT,
            "n": settings.CASES_MAX_ATTACHMENTS,
            "mb": settings.CASES_ATTACHMENT_MAX_BYTES // 1024 // 1024,
        },  # fmt: skip
    )


# How a resident's name and phone are asked in every form (the phone's keypad, the browser's
# address book).
CONTACT_WIDGETS = {
    "name": forms.TextInput(attrs={"autocomplete": "name", "maxlength": 50}),
    "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "maxlength": 30}),
}


class LetterForm(forms.ModelForm):
    """What a resident writes. Big, plain fields; nothing needs JavaScript."""

    files = attached_files_field()
    captcha = captcha_field()

    class Meta:
        model = Case
        fields = ["name", "phone", "email", "address", "title", "text", "publish_allowed"]
        labels = {
            "publish_allowed": _("同意在网站上公开我的来信和答复（隐去姓名，不公开联系方式）")
        }
        help_texts = {
            "name": _("网站上公开时隐去姓名。"),
            "phone": _("便于办理人员联系您。不会公开。"),
            "email": _("可不填。填写后，收到来信和答复时会发邮件告诉您。"),
            "title": _("一句话说明来信的事由，例如“反映新塘村路灯损坏”。"),
            "text": _("写清楚时间、地点、事情经过和您的诉求，最多 5000 字。"),
        }
        widgets = {
            **CONTACT_WIDGETS,
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "title": forms.TextInput(attrs={"maxlength": 100}),
            "text": forms.Textarea(attrs={"rows": 10, "maxlength": 5000}),
        }

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not _PHONE.match(phone):
            raise forms.ValidationError(
                _("请填写正确的电话号码，例如 13800000000 或 0739-1234567。")
            )
        return phone

    def fields_for_case(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DisclosureRequestForm(LetterForm):
    """政府信息公开申请表, as the 条例 (art. 29) asks: the applicant and how to reach them, the
    information sought (its name, a description), and how it is to be delivered; the purpose
    may be given. Never published."""

    class Meta(LetterForm.Meta):
        fields = ["applicant_kind", "name", "id_document", "phone", "email", "address", "title",
                  "text", "purpose", "delivery"]  # fmt: skip
        labels = {"name": _("姓名或名称"), "title": _("所需政府信息的名称"),
                  "text": _("所需政府信息的内容描述"), "purpose": _("用途（可不填）")}  # fmt: skip
        help_texts = {
            **LetterForm.Meta.help_texts,
            "name": _("公民填姓名，法人或其他组织填单位名称。不公开。"),
            "title": _("例如“2025 年蔡桥镇城乡低保资金发放情况”。"),
            "text": _("尽量写清文件名称、文号或便于查找的其他特征，以及时间范围。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("applicant_kind", "delivery"):
            self.fields[name].required = True

    def fields_for_case(self):
        return {**super().fields_for_case(), "publish_allowed": False}


class LookupForm(forms.Form):
    number = forms.CharField(label=_("来信编号"), max_length=20)
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        help_text=_("提交来信后页面上显示的 8 位查询码。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean(self):
        cleaned = super().clean()
        number, code = cleaned.get("number", "").strip(), cleaned.get("code", "")
        case = Case.objects.select_related("channel").filter(number=number).first()
        # One message for a wrong number and a wrong code: neither says which cases exist.
        if case is None or not case.has_code(code):
            raise forms.ValidationError(_("编号或查询码不对，请核对后再试。"), code="not_found")
        cleaned["case"] = case
        return cleaned


class CommentForm(forms.ModelForm):
    """A resident's comment on a consultation: name and phone (never public), the comment."""

    captcha = captcha_field()

    class Meta:
        model = Comment
        fields = ["name", "phone", "text"]
        help_texts = {
            "name": _("公开时隐去姓名。"),
            "phone": _("便于核实意见，不会公开。"),
            "text": _("最多 3000 字。意见经审核后公开。"),
        }
        widgets = {
            **CONTACT_WIDGETS,
            "text": forms.Textarea(attrs={"rows": 8, "maxlength": 3000}),
        }

    clean_phone = LetterForm.clean_phone

    def fields_for_comment(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
