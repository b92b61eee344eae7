from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageQuerySet(models.QuerySet):
    def of(self, user):
        """A user's own messages: nobody else's are ever shown to them."""
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self, *, now=None):
        """Mark the unread ones among these read, in one UPDATE; how many were."""
        return self.unread().update(read_at=now or timezone.now())


class Message(models.Model):
    """One notification as one recipient received it: the e-mail's subject and text, and the
    address (a path on this site) of what it is about."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="inbox_messages",
        verbose_name=_("收件人"),
    )
    subject = models.CharField(_("标题"), max_length=300)
    text = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="inbox_recipient_newest_idx"),
            # The count in every admin page's header reads only this.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="inbox_unread_idx",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None
