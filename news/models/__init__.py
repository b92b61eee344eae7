"""The articles app's models, one module per concern: columns, articles (with their queryset and
the workflow mixin of workflow.py, the 政务公开 fields of disclosure.py), revisions and review
records, site settings."""

from .articles import LIST_ORDER, NEWEST_FIRST, Article, ArticleQuerySet, default_source
from .columns import KIND_PERIOD_DAYS, Column, ColumnKind, DisclosureSection
from .disclosure import DISCLOSURE_FIELDS, TOPICS, Validity
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
    "DISCLOSURE_FIELDS",
    "DisclosureSection",
    "KIND_PERIOD_DAYS",
    "LIST_ORDER",
    "NEWEST_FIRST",
    "TOPICS",
    "REVIEW_LEVELS",
    "REVIEW_LEVEL_NAMES",
    "Article",
    "ArticleQuerySet",
    "AuditRecord",
    "Column",
    "ColumnKind",
    "Revision",
    "SiteSettings",
    "StaleRevision",
    "Validity",
    "WorkflowError",
    "default_source",
    "reviewer_levels",
]
