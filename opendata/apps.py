from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """政务公开: the disclosure metadata of policy documents (索引号, 发布机构, 文号, 成文日期,
    发布日期, 主题分类, 有效性), the columns that require it, 索引号 by pattern, and the JSON feed
    for the county's disclosure platform."""

    name = "opendata"
    verbose_name = _("政务公开")
