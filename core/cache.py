"""Small values read on every page (the navigation, the site's settings), kept in the shared
cache until the model they come from changes: the model's save() and delete(), and its
queryset's update() and delete(), forget them (ForgetfulQuerySet), so no way of changing the
rows leaves a stale copy behind."""

from django.core.cache import cache
from django.db import models, transaction


class Cached:
    def __init__(self, key, read, timeout=3600):
        self.key, self.read, self.timeout = key, read, timeout

    def get(self):
        return cache.get_or_set(self.key, self.read, self.timeout)

    def forget(self):
        """Now, and again after the commit: a page rendered meanwhile from the rows as they were
        before the commit must not keep its copy."""
        cache.delete(self.key)
        transaction.on_commit(lambda: cache.delete(self.key))


class ForgetfulQuerySet(models.QuerySet):
    """A queryset of a model with a ``cached`` (a Cached): changing rows in bulk forgets it."""

    def update(self, **kwargs):
        changed = super().update(**kwargs)
        self.model.cached.forget()
        return changed

    def delete(self):
        deleted = super().delete()
        self.model.cached.forget()
        return deleted


class ForgetfulModel(models.Model):
    """Saving or deleting one row forgets the model's ``cached``."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        type(self).cached.forget()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        type(self).cached.forget()
        return deleted
