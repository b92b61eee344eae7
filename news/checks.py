"""Pre-publication checks: what a reviewer must see before approving an article.

The workflow asks them (WorkflowMixin.check_approve) and the admin shows them; the compliance
app fills them in (compliance/apps.py registers compliance.content: personal data, 错敏词,
name near-misses, pictures without alt text, links to missing pages of this site). The rule
of what findings mean for approval is the workflow's and is here: personal data (a blocking
finding) refuses approval whatever the reviewer writes; any other finding needs a reason in
the 审核意见.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.hooks import Hook


@dataclass(frozen=True)
class Finding:
    kind: str  # what kind of check found it: personal, term, name, garbled, alt, link
    text: str  # what was found, in plain Chinese
    blocking: bool = False  # no reason lets a reviewer approve over it


# check(article, *, revision, blocking_only) -> [Finding]: the findings for article as it stands
# (its latest text) with the attachments of revision (None: its latest). blocking_only asks
# only the checks whose findings block (enough to know whether 通过 may be offered).
pre_publication_checks = Hook("pre-publication checks")


def findings(article, *, revision=None, blocking_only=False):
    """Every registered check's findings for article, in the order the checks registered."""
    return [
        finding
        for check in pre_publication_checks
        for finding in check(article, revision=revision, blocking_only=blocking_only)
    ]


def approval_refusal(found, comment):
    """Why approval is refused given these findings and the reviewer's 审核意见, or None:
    a blocking finding refuses; other findings need a reason in the 审核意见."""
    if any(finding.blocking for finding in found):
        return _("稿件含有个人信息，不能通过。请退回撰稿人删除或打码后重新提交。")
    if found and not (comment or "").strip():
        return _("检查发现 %(count)s 条问题。如确认无误仍要通过，请在审核意见里写明理由。") % {
            "count": len(found)
        }
    return None
