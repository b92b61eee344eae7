"""The articles app's admin, one module per concern: forms, filters, articles (the change page
and list), workflow (step pages and actions), history (revisions, audit trail), columns and site
settings."""

from . import articles, columns, history, site_settings  # noqa: F401  (register the admins)
