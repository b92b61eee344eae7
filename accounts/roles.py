"""The editorial roles (Django groups) and the permissions each holds: the one definition.

After every `migrate` (and the flush of a test database) a post_migrate handler
(accounts.apps) makes the groups exactly as defined here; `manage.py sync_roles` does the same
on demand, after an accidental change in the admin.
"""

AUTHOR = [
    "news.add_article",
    "news.change_article",
    "news.view_article",
    "news.submit_article",
    "news.view_column",
]
# Reviewers review the replies to residents' letters at their level too (cases).
REVIEWER = ["news.view_article", "news.view_column", "news.withdraw_article", "cases.view_case"]
STATISTICS = ["readership.view_viewstatistics"]
# The link checker's results (links/): the broken links per article.
LINK_RESULTS = ["links.view_checkedlink"]

SITE_ADMIN = "站点管理员"
AUDITOR = "审计员"
# The pre-publication checks' lists (错敏词, 规范名称): the site admin keeps them.
CHECK_LISTS = [f"compliance.{action}_{model}" for model in ("sensitiveterm", "exactname")
               for action in ("add", "change", "delete", "view")]  # fmt: skip
# The inspection report (网站检查报告): both who run the site and who audit it read it.
INSPECTION = ["compliance.view_inspectionrun"]
# 立即检查 on that page (a run of inspect_site): the site admin's, not the auditor's.
RUN_INSPECTION = ["compliance.add_inspectionrun"]

# 政府信息公开工作年度报告 (compliance): written and published by 站点管理员.
ANNUAL_DISCLOSURE = ["compliance.add_disclosureannualreport",
                     "compliance.change_disclosureannualreport",
                     "compliance.view_disclosureannualreport"]  # fmt: skip

# 节假日安排: the days of a year the calendar package does not know yet (workdays).
WORKING_DAYS = ["workdays.add_calendarday", "workdays.change_calendarday",
                "workdays.delete_calendarday", "workdays.view_calendarday"]  # fmt: skip

# 来信办理: who handles residents' letters (cases); 站点管理员 sets up the channels.
CASE_HANDLER = ["cases.handle_case", "cases.view_case", "cases.view_channel"]
CHANNELS = ["cases.add_channel", "cases.change_channel", "cases.view_channel",
            "cases.add_consultation", "cases.change_consultation", "cases.view_consultation",
            "cases.change_comment", "cases.view_comment"]  # fmt: skip

# Accounts in these roles are a superuser's to create, change and reset (三权分立).
GUARDED_ROLES = (SITE_ADMIN, AUDITOR)

ROLES = {
    "撰稿人": AUTHOR,
    "初审": [*REVIEWER, "news.review_level_1"],
    "复审": [*REVIEWER, "news.review_level_2"],
    "终审": [*REVIEWER, "news.review_level_3", *STATISTICS],
    "来信办理": CASE_HANDLER,
    SITE_ADMIN: [
        "news.add_column", "news.change_column", "news.delete_column", "news.view_column",
        "news.view_article", "news.view_all_articles", "news.withdraw_article",
        "news.reschedule_article", "news.trash_article",
        "news.change_sitesettings", "news.view_sitesettings",
        "news.view_auditrecord", "news.view_revision",
        "accounts.add_user", "accounts.change_user", "accounts.view_user", "auth.view_group",
        *STATISTICS, *LINK_RESULTS, *CHECK_LISTS, *INSPECTION, *RUN_INSPECTION,
        *WORKING_DAYS,
        *CHANNELS, "cases.view_case", *ANNUAL_DISCLOSURE,
    ],
    AUDITOR: [
        "news.view_article", "news.view_all_articles", "news.view_column",
        "accounts.view_securityevent",
        "news.view_auditrecord", "news.view_revision", "news.view_sitesettings",
        "accounts.view_user", "auth.view_group", *STATISTICS, *LINK_RESULTS,
        "compliance.view_sensitiveterm", "compliance.view_exactname", *INSPECTION,
    ],
}  # fmt: skip


def sync_roles(using="default"):
    """Create the groups and set exactly their permissions; returns the permissions that do not
    exist (a migration run stopped part-way has not created them all yet)."""
    from django.contrib.auth.models import Group, Permission

    missing = []
    for name, qualified_names in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        permissions = []
        for qualified_name in qualified_names:
            app_label, codename = qualified_name.split(".")
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if permission is None:
                missing.append(qualified_name)
            else:
                permissions.append(permission)
        group.permissions.set(permissions)
    return missing
