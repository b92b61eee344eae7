"""No requests into this server's own networks (links.addresses): a link, or an outside page's
redirect, to a private, loopback, link-local, multicast or reserved address is recorded as
broken and not asked, unless its host is in LINK_CHECK_ALLOWED_PRIVATE_HOSTS; the request goes
to the address that was checked, not to a second lookup of the name."""

import socket
import threading

import pytest

from links import addresses, checker
from links.models import CheckedLink

REFUSED = "不检查内网地址"


@pytest.fixture
def connections(monkeypatch):
    """Every address the checker connects to, in order (the test's own connections too)."""
    made = []
    real = socket.create_connection

    def record(address, *args, **kwargs):
        made.append(address[0])
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", record)
    return made


@pytest.fixture
def dns(monkeypatch):
    """dns.names[name] = [answer, ...]: the addresses (a list) of each lookup of name in turn,
    the last one repeated; an empty list does not resolve. Other names: the system's answer.
    dns.lookups: the names looked up."""
    real = socket.getaddrinfo

    class FakeDNS:
        names, lookups = {}, []

        def getaddrinfo(self, host, port, *args, **kwargs):
            self.lookups.append(host)
            answers = self.names.get(host)
            if answers is None:
                return real(host, port, *args, **kwargs)
            found = answers.pop(0) if len(answers) > 1 else answers[0]
            if not found:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return [result for ip in found for result in real(ip, port, *args, **kwargs)]

    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


def result(url):
    return CheckedLink.objects.get(url=url)


@pytest.mark.parametrize(
    "address",
    [
        "http://169.254.169.254/latest/meta-data/",  # a cloud's metadata
        "http://10.0.0.5/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://[::1]:{port}/ok",
        "http://[::ffff:127.0.0.1]:{port}/ok",  # IPv4-mapped: 127.0.0.1
        "http://0.0.0.0:{port}/ok",  # on Linux, this host itself
        "http://2130706433:{port}/ok",  # 127.0.0.1 as one number
        "http://127.0.0.2:{port}/ok",  # loopback, not the allowed 127.0.0.1
        "http://localhost:{port}/ok",  # a name that resolves to 127.0.0.1
        "http://intranet.example:{port}/ok",  # (dns) 127.0.0.1
        "http://mixed.example:{port}/ok",  # (dns) a public address and 127.0.0.1: refused too
        "https://intranet.example:{port}/ok",
    ],
)
def test_a_link_to_a_private_address_is_broken_and_not_asked(
    outside_site, article_linking, connections, dns, address
):
    dns.names["intranet.example"] = [["127.0.0.1"]]
    dns.names["mixed.example"] = [["93.184.216.34", "127.0.0.1"]]
    url = address.format(port=outside_site.port)
    article_linking(url)
    checker.run()
    link = result(url)
    assert (link.is_broken, link.status_code, link.error) == (True, None, REFUSED)
    assert outside_site.requests == [] and connections == []


@pytest.mark.parametrize(
    "target",
    [
        "http://localhost:{port}/ok",
        "http://127.0.0.2:{port}/ok",
        "http://[::ffff:127.0.0.1]:{port}/ok",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/",
    ],
)
def test_a_redirect_to_a_private_address_is_refused_at_the_hop(
    outside_site, article_linking, connections, target
):
    target = target.format(port=outside_site.port)
    outside_site.redirects["/to-private"] = target
    article_linking(outside_site.url("/to-private"))
    checker.run()
    link = result(outside_site.url("/to-private"))
    assert (link.is_broken, link.error, link.final_url) == (True, REFUSED, target)
    assert outside_site.paths() == ["/to-private"]  # the hop is not asked
    assert connections == ["127.0.0.1"]  # the first request only


def test_an_allowed_private_host_is_asked_at_the_address_that_was_checked(
    outside_site, article_linking, connections, dns, settings
):
    """A second lookup of the name would find nothing (DNS rebinding would find another
    address): the request connects to the address the check found, with the link's Host."""
    settings.LINK_CHECK_ALLOWED_PRIVATE_HOSTS = ["Intranet.Example"]
    dns.names["intranet.example"] = [["127.0.0.1"], []]
    url = f"http://intranet.example:{outside_site.port}/ok"
    article_linking(url)
    checker.run()
    link = result(url)
    assert (link.is_broken, link.status_code, link.error) == (False, 200, "")
    assert outside_site.hosts == [f"intranet.example:{outside_site.port}"]
    assert connections == ["127.0.0.1"] and dns.lookups.count("intranet.example") == 1


def test_allowing_an_address_allows_it_as_written_only(outside_site, article_linking):
    """127.0.0.1 is allowed (conftest): the outside site answers there, not as localhost."""
    ok, via_name = outside_site.url("/ok"), f"http://localhost:{outside_site.port}/ok"
    article_linking(ok, via_name)
    checker.run()
    assert (result(ok).status_code, result(via_name).error) == (200, REFUSED)
    assert outside_site.paths() == ["/ok"]


def test_a_refused_address_is_not_counted_against_its_host(outside_site, article_linking, settings):
    settings.LINK_CHECK_MAX_PER_HOST = 1
    refused = [f"http://10.0.0.5/{n}" for n in range(3)]
    article_linking(*refused)
    report = checker.run()
    assert not report.waiting
    assert [result(url).error for url in refused] == [REFUSED] * 3


@pytest.mark.parametrize(
    "address, public",
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.31.255.255", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),  # shared address space (carrier NAT)
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("239.255.255.250", False),
        ("233.1.1.1", False),  # multicast, though "global"
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::1", False),
        ("::", False),
        ("fc00::1", False),
        ("fd12:3456::1", False),
        ("fe80::1", False),
        ("ff02::1", False),
        ("ff0e::1", False),  # global-scope multicast
        ("::ffff:10.0.0.5", False),
        ("::ffff:8.8.8.8", True),
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("64:ff9b::a00:5", False),  # NAT64 of 10.0.0.5
    ],
)
def test_which_addresses_are_public(address, public):
    assert addresses.is_public(address) is public


def test_an_allowed_https_host_is_asked_at_the_checked_address_with_its_own_name(
    article_linking, connections, dns, settings
):
    """The TLS handshake goes to the checked address and names the link's host (SNI), which the
    certificate is then checked against: a listener that records the ClientHello and hangs up."""
    listener = socket.create_server(("127.0.0.1", 0))
    received = []

    def accept():
        conn, _address = listener.accept()
        with conn:
            received.append(conn.recv(4096))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.LINK_CHECK_ALLOWED_PRIVATE_HOSTS = ["intranet.example"]
    dns.names["intranet.example"] = [["127.0.0.1"], []]
    url = f"https://intranet.example:{listener.getsockname()[1]}/ok"
    article_linking(url)
    try:
        checker.run()
    finally:
        thread.join(timeout=5)
        listener.close()
    assert result(url).error == "HTTPS 证书或加密连接有问题"  # no certificate: still checked
    assert b"intranet.example" in received[0]  # the ClientHello's server name
    assert connections == ["127.0.0.1"] and dns.lookups.count("intranet.example") == 1
