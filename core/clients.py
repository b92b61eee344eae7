"""Who is on the other end of a request: the client's network address.

One rule for everything that needs it (the view counter's cookieless readers, the login
lockout, the security audit log): X-Forwarded-For is believed only when the request comes from
one of our own reverse proxies (settings.TRUSTED_PROXIES), and then only up to the first
address that is not one of ours; anything a client writes in front of that is ignored.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address as text, or "" when there is none (a Unix socket). A forwarded
    hop that is not an IP address ends the trust: the last proxy's address is used."""
    address = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    if address in trusted:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
            if not _is_address(hop):
                break
            if hop not in trusted:
                return hop
            address = hop
    return address if _is_address(address) else ""


def _is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
