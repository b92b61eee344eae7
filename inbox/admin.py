"""消息 in the admin: each member of staff sees only their own, newest first, the unread in
bold; opening one marks it read and shows its text and link; 全部标为已读 marks them all.
Another user's message is a 404, as if it did not exist."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.admin import ReadOnlyAdmin

from .models import Message


class ReadFilter(admin.SimpleListFilter):
    title = gettext_lazy("状态")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", _("未读")), ("yes", _("已读"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.unread()
        if self.value() == "yes":
            return queryset.filter(read_at__isnull=False)
        return queryset


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["subject_shown", "created_at", "state"]
    list_display_links = ["subject_shown"]
    list_filter = [ReadFilter]
    list_per_page = 50
    search_fields = ["subject", "text"]
    actions = None
    show_full_result_count = False

    # Everyone on the staff has messages of their own; no role needs to grant that.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (
            obj is None or obj.recipient_id == request.user.pk
        )

    def get_queryset(self, request):
        return super().get_queryset(request).of(request.user)

    @admin.display(description=gettext_lazy("标题"), ordering="subject")
    def subject_shown(self, message):
        if message.is_read:
            return message.subject
        return format_html('<strong class="inbox-unread">{}</strong>', message.subject)

    @admin.display(description=gettext_lazy("状态"), ordering="read_at")
    def state(self, message):
        return _("已读") if message.is_read else _("未读")

    def get_urls(self):
        read_all = self.admin_site.admin_view(require_POST(self.read_all_view))
        return [path("read-all/", read_all, name="inbox_message_read_all"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        unread = self.get_queryset(request).unread().exists()
        context = {"title": _("消息"), "subtitle": None, "has_unread": unread}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """admin/inbox/message/message.html: the message (marked read on opening) and, as
        `opts`, the admin's usual context for the breadcrumbs."""
        message = self.get_object(request, object_id)
        if message is None:  # not there, or someone else's: the same answer
            raise Http404(_("没有这条消息。"))
        if not message.is_read:
            Message.objects.filter(pk=message.pk).mark_read()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": message.subject,
            "message": message,
            "changelist_url": reverse("admin:inbox_message_changelist"),
            **(extra_context or {}),
        }
        return render(request, "admin/inbox/message/message.html", context)

    def read_all_view(self, request):
        count = self.get_queryset(request).mark_read()
        if count:
            self.message_user(
                request, _("已将 %(count)s 条消息标为已读。") % {"count": count}, messages.SUCCESS
            )
        return HttpResponseRedirect(reverse("admin:inbox_message_changelist"))

    def history_view(self, request, object_id, extra_context=None):
        raise Http404
