"""AutosaveAdminMixin: a ModelAdmin whose add and change forms autosave. The form's page gets
the draft to offer back and the address to save to (templates/autosave/panel.html,
static/autosave/autosave.js); a save for real forgets the draft."""

import json

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from .models import Draft


def _refuse(message, status):
    return JsonResponse({"error": message}, status=status)


def _form_data(raw):
    """The posted snapshot: {field name: [values]}, strings only; None when it is not that."""
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        return None
    if not isinstance(data, dict) or not all(
        isinstance(name, str) and isinstance(values, list)
        and all(isinstance(value, str) for value in values)
        for name, values in data.items()
    ):  # fmt: skip
        return None
    return data


class AutosaveAdminMixin:
    def autosave_key(self, object_id):
        return f"{self.opts.app_label}.{self.opts.model_name}:{object_id or 'add'}"

    def autosave_url_name(self, object_id):
        opts = self.opts
        return f"{opts.app_label}_{opts.model_name}_autosave{'' if object_id else '_add'}"

    def get_urls(self):
        view = never_cache(csrf_protect(require_POST(self.autosave_view)))
        return [
            path("add/autosave/", view, {"object_id": None}, name=self.autosave_url_name(None)),
            path("<path:object_id>/autosave/", view, name=self.autosave_url_name(1)),
            *super().get_urls(),
        ]

    @property
    def media(self):
        return super().media + forms.Media(js=["autosave/autosave.js"])

    def autosave_view(self, request, object_id):
        """POST data (the form's fields as JSON) keeps them as the user's draft; discard=1
        forgets it. Answers JSON, also when the session has expired (401: the browser keeps
        its own copy and says so)."""
        if not self.admin_site.has_permission(request):
            return _refuse(_("登录已过期，请重新登录。"), 401)
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and obj is None:
            return _refuse(_("没有这篇文章。"), 404)
        allowed = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        if not allowed:
            return _refuse(_("您不能修改这篇文章，内容没有自动保存。"), 403)
        key = self.autosave_key(object_id)
        if request.POST.get("discard"):
            Draft.forget(request.user, key)
            return JsonResponse({"discarded": True})
        raw = request.POST.get("data", "")
        if len(raw.encode()) > settings.AUTOSAVE_MAX_BYTES:
            return _refuse(_("内容太长，没有自动保存；请手动保存。"), 413)
        data = _form_data(raw)
        if data is None:
            return _refuse(_("自动保存的内容格式不对。"), 400)
        draft = Draft.keep(request.user, key, data)
        return JsonResponse({"saved_at": draft.saved_at.timestamp() * 1000})

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):  # fmt: skip
        editable = self.has_change_permission(request, obj) if obj else add
        if editable:
            object_id = obj.pk if obj else None
            key = self.autosave_key(object_id)
            draft = Draft.objects.filter(user=request.user, form=key).first()
            args = [object_id] if object_id else []
            context["autosave"] = {
                "url": reverse(f"admin:{self.autosave_url_name(object_id)}", args=args),
                "form": key,
                "user": request.user.pk,
                "interval": settings.AUTOSAVE_INTERVAL_SECONDS,
                "now": timezone.now().timestamp() * 1000,
                "draft": draft.data if draft else None,
                "savedAt": draft.saved_at.timestamp() * 1000 if draft else 0,
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        Draft.forget(request.user, self.autosave_key(None))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        Draft.forget(request.user, self.autosave_key(obj.pk))
        return super().response_change(request, obj)
