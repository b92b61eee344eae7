"""How often one address and one contact may write (abuse): past the limit a submission is
refused with a Chinese message, the form comes back with everything typed, and nothing stored
before is touched. Counted in the shared cache (core.counting), whatever the outcome, so that a
script that keeps sending stays refused for the rest of the window."""

import hashlib
import re

from django.conf import settings
from django.utils.translation import gettext as _

from core.clients import client_address
from core.counting import count_in_window, window_key

HOUR, DAY = 3600, 24 * 3600


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def submission_refusal(request, phone):
    """Why this submission is refused for how often its address or contact has written, or
    None. Counts it either way."""
    address = client_address(request)
    contact = "".join(re.findall(r"\d", phone or "")) or (phone or "")
    over = False
    if address and settings.CASES_MAX_PER_ADDRESS_HOUR > 0:
        count = count_in_window(window_key("cases:address", _digest(address), HOUR), HOUR)
        over |= count > settings.CASES_MAX_PER_ADDRESS_HOUR
    if contact and settings.CASES_MAX_PER_CONTACT_DAY > 0:
        count = count_in_window(window_key("cases:contact", _digest(contact), DAY), DAY)
        over |= count > settings.CASES_MAX_PER_CONTACT_DAY
    if over:
        return _(
            "提交得太频繁了：同一网络每小时最多提交 %(hour)s 件，同一联系电话每天最多 %(day)s 件。"
            "您写的内容还在下面，请稍后再提交；急事请直接拨打政府值班电话。"
        ) % {"hour": settings.CASES_MAX_PER_ADDRESS_HOUR, "day": settings.CASES_MAX_PER_CONTACT_DAY}
    return None
