"""Files are stored when an object is saved, never while its form is checked (a form that
fails later would leave them behind). Storing can still fail (a full disk, a failing object
store): the admin then shows the form again, with the error on the file's field and
everything that was typed, as if validation had refused it — nothing of the failed save is
kept, since the admin's save runs in one transaction that the refusal rolls back."""

from django.core.exceptions import ValidationError


class SaveRefused(Exception):
    def __init__(self, field, error):
        super().__init__(field, error)
        self.field, self.error = field, error


def storing(field, store):
    """store() stores the file of field; its ValidationError becomes SaveRefused(field)."""
    try:
        return store()
    except ValidationError as error:
        raise SaveRefused(field, error) from None


class SaveRefusalAdminMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_save_refusal", None)
        if refusal is not None:
            form = type(form.__name__, (form,), {"save_refusal": refusal})
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SaveRefused as refusal:
            # The save was rolled back; the same POST again, refused by its form this time
            # (news.admin.forms.SaveRefusedMixin).
            request._save_refusal = (refusal.field, refusal.error)
            return super().changeform_view(request, object_id, form_url, extra_context)
