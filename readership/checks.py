"""System checks for what the counter relies on."""

from django.core.checks import Error, register
from django.db import connections

from .counter import counting_statements


@register()
def counting_statement(app_configs, **kwargs):
    """The counting statement is compiled from published() when the site starts (manage.py
    check, migrate, runserver), so a published() the counter cannot use stops the deployment
    instead of turning every article page into an error."""
    errors = []
    for alias in connections:
        try:
            counting_statements(alias)
        except Exception as error:  # any failure to build it is the same problem
            errors.append(
                Error(
                    f"The view counter cannot be built from Article.objects.published() on "
                    f"database '{alias}': {error}",
                    hint="Change published() or readership/counter.py so that the counting "
                    "statement can select the public article by id and time.",
                    id="readership.E001",
                )
            )
    return errors
