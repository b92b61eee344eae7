from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """政务公开: the JSON feed of the disclosure metadata of policy documents (索引号, 发布机构,
    文号, 成文日期, 发布日期, 主题分类, 有效性) for the county's disclosure platform. The fields
    themselves, the columns that require them and 索引号 by pattern are part of the article
    (news.models.disclosure, news.index_numbers): they are versioned and reviewed with it."""

    name = "opendata"
    verbose_name = _("政务公开")
