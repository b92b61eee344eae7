"""Which outside addresses the link checker may ask: none in this server's own networks.

An article's link (or an outside page's redirect) to 127.0.0.1, 10.x, 192.168.x, 169.254.169.254
(a cloud's metadata), ::1, fc00::/7 and the like would otherwise be requested from the server,
and the 失效链接 admin would show what answered: a scan of the internal network. So before each
request (the first and every redirect hop) the host is resolved and refused when ANY of its
addresses is not a global one, unless the host is in LINK_CHECK_ALLOWED_PRIVATE_HOSTS. The request
then connects to the addresses that were checked (PinnedHTTPHandler, PinnedHTTPSHandler), not to
a second lookup of the name, which a DNS server could answer differently (DNS rebinding); the
Host header, and for https the SNI name and the certificate check, stay the link's host name.
"""

import http.client
import ipaddress
import socket
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_PORTS = {"http": 80, "https": 443}
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class NotPublic(Exception):
    """The host resolves (also) to an address of a private, loopback, link-local, multicast,
    reserved or unspecified network: it is not asked."""


def is_public(address):
    """True for a global unicast address; an IPv6 address with an IPv4 one inside (IPv4-mapped,
    6to4, NAT64) is judged by that one."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        if ip.ipv4_mapped or ip.sixtofour:
            return is_public(ip.ipv4_mapped or ip.sixtofour)
        if ip in NAT64:
            return is_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    flags = (ip.is_private, ip.is_loopback, ip.is_link_local, ip.is_multicast, ip.is_reserved,
             ip.is_unspecified)  # fmt: skip
    return ip.is_global and not any(flags)


def _name(host):
    """A host as compared with LINK_CHECK_ALLOWED_PRIVATE_HOSTS: lower case, no brackets or
    trailing dot, an IP address in its usual spelling."""
    host = host.strip().strip("[]").rstrip(".").lower()
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


def is_allowed_private(host):
    """A host (as written in the link: a name, or an IP address) that may be asked although it is
    private, e.g. the county's intranet platform. Only as written: allowing "127.0.0.1" does not
    allow "localhost"."""
    return _name(host) in {_name(h) for h in settings.LINK_CHECK_ALLOWED_PRIVATE_HOSTS}


def resolve(host, port):
    """The addresses the host name resolves to (an IP address: itself), in the order the system
    gives them; socket.gaierror when it resolves to none."""
    found = []
    for *_rest, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        if sockaddr[0] not in found:
            found.append(sockaddr[0])
    return found


def checked_addresses(url):
    """The addresses to connect to for url: all of them public, or its host allowed; NotPublic
    otherwise, socket.gaierror when the name does not resolve, ValueError for no host or a bad
    port. Not http(s): none (the opener has no handler for it; nothing may connect)."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS:
        return []
    host = parts.hostname
    if not host:
        raise ValueError("no host")
    found = resolve(host, parts.port or DEFAULT_PORTS[parts.scheme])
    if is_allowed_private(host):
        return found
    for address in found:
        try:
            public = is_public(address)
        except ValueError:  # not an address ipaddress knows: not one to ask
            public = False
        if not public:
            raise NotPublic(host, address)
    return found


def _pinned(connection_class):
    class Pinned(connection_class):
        """Connects to the addresses checked for the request (`pinned`), on the link's port; the
        host name stays the link's (Host header; for https, SNI and the certificate)."""

        def __init__(self, host, *args, pinned, **kwargs):
            super().__init__(host, *args, **kwargs)
            self.pinned = pinned
            self._create_connection = self._connect_to_pinned

        def _connect_to_pinned(self, address, timeout, source_address=None):
            if self.pinned is None:  # through a proxy: the proxy's address, as configured
                return socket.create_connection(address, timeout, source_address)
            if not self.pinned:
                raise ConnectionRefusedError("the address was not checked")
            error = None
            for ip in self.pinned:
                try:
                    return socket.create_connection((ip, address[1]), timeout, source_address)
                except OSError as failed:
                    error = failed
            raise error

    Pinned.__name__ = f"Pinned{connection_class.__name__}"
    return Pinned


PinnedHTTPConnection = _pinned(http.client.HTTPConnection)
PinnedHTTPSConnection = _pinned(http.client.HTTPSConnection)


def _pins(request):
    """The checked addresses set on the request (request.pinned_addresses; none: the request
    may not connect), or None when it goes through a proxy from the environment."""
    if request.has_proxy() or request._tunnel_host:
        return None
    return list(getattr(request, "pinned_addresses", None) or [])


class PinnedHTTPHandler(urllib.request.HTTPHandler):
    def do_open(self, http_class, req, **kwargs):
        return super().do_open(PinnedHTTPConnection, req, pinned=_pins(req), **kwargs)


class PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def do_open(self, http_class, req, **kwargs):
        return super().do_open(PinnedHTTPSConnection, req, pinned=_pins(req), **kwargs)
