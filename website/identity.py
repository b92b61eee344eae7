"""The site's identity as staff enter it in 站点设置 (news.SiteSettings): name, logo, 主办/承办,
address, phone, e-mail, 网站标识码, ICP and 公安 filing numbers, as the header and footer of
every page show it. The row comes from SiteSettings.current() (the shared cache, emptied
whenever the row changes)."""

import re
from dataclasses import dataclass

from news.models import SiteSettings

# The official lookup pages the filing numbers link to.
ICP_LOOKUP = "https://beian.miit.gov.cn/"
POLICE_LOOKUP = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"
SITE_CODE_LOOKUP = "https://zfwzzc.www.gov.cn/"


@dataclass(frozen=True)
class Identity:
    site_name: str
    logo_url: str
    host_organization: str
    organizer: str
    address: str
    postcode: str
    phone: str
    email: str
    site_code: str
    icp_number: str
    police_number: str
    error_report_url: str
    sponsor_mark_url: str
    police_icon_url: str
    sponsor_mark_link: str

    @property
    def police_lookup_url(self):
        digits = "".join(re.findall(r"\d", self.police_number))
        return POLICE_LOOKUP.format(code=digits)

    icp_lookup_url = ICP_LOOKUP
    site_code_lookup_url = SITE_CODE_LOOKUP


def site_identity():
    row = SiteSettings.current()
    return Identity(
        site_name=row.site_name,
        logo_url=row.logo.url if row.logo else "",
        sponsor_mark_url=row.sponsor_mark.url if row.sponsor_mark else "",
        police_icon_url=row.police_icon.url if row.police_icon else "",
        sponsor_mark_link=row.sponsor_mark_link,
        **{field: getattr(row, field) for field in (
            "host_organization", "organizer", "address", "postcode", "phone", "email",
            "site_code", "icp_number", "police_number", "error_report_url")},
    )  # fmt: skip
