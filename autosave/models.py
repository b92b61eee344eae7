from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """The latest autosave of one user in one form ("news.article:12", "news.article:add"),
    or, with no data, the time that form was last saved for real: a copy kept in the browser
    from before then is not offered back."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    form = models.CharField(_("表单"), max_length=100)
    data = models.JSONField(_("内容"), null=True)
    saved_at = models.DateTimeField(_("保存时间"))

    class Meta:
        verbose_name = _("自动保存的内容")
        verbose_name_plural = _("自动保存的内容")
        constraints = [
            models.UniqueConstraint(fields=["user", "form"], name="autosave_one_per_user_form")
        ]

    def __str__(self):
        return f"{self.user} · {self.form}"

    @classmethod
    def keep(cls, user, form, data):
        return cls.objects.update_or_create(
            user=user, form=form, defaults={"data": data, "saved_at": timezone.now()}
        )[0]

    @classmethod
    def forget(cls, user, form):
        """The form was saved (or its draft discarded): nothing to offer back from before now."""
        return cls.keep(user, form, None)
