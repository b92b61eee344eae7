"""The articles app's models, one module per concern: columns, articles (with their queryset and
the workflow mixin of workflow.py), revisions and review records, site settings."""

from .articles import LIST_ORDER, Article, ArticleQuerySet, default_source
from .columns import Column
from .revisions import AuditRecord, Revision
from .site_settings import SiteSettings
from .workflow import (
    REVIEW_LEVEL_NAMES,
    REVIEW_LEVELS,
    StaleRevision,
    WorkflowError,
    reviewer_levels,
)

__all__ = [
    "LIST_ORDER",
    "REVIEW_LEVELS",
    "REVIEW_LEVEL_NAMES",
    "Article",
    "ArticleQuerySet",
    "AuditRecord",
    "Column",
    "Revision",
    "SiteSettings",
    "StaleRevision",
    "WorkflowError",
    "default_source",
    "reviewer_levels",
]
