"""The link checker's test pieces: an outside web site on 127.0.0.1 (a real HTTP server in a
thread, on a port the system picks, stopped at the end of the test) and the checker's settings
for tests (no pause, a short time-out, this site on a port nothing listens on: an internal link
that went over the network would fail)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.signals import request_started

from tests.factories import make_article
from tests.processes import free_port

SLOW_SECONDS = 3


class OutsideSite(ThreadingHTTPServer):
    """Answers by path: /ok 200, /missing 404, /error 500, /moved 301 to /ok, /loop 301 to
    itself, /slow after SLOW_SECONDS, /no-head 405 to HEAD and 200 to GET, /to-mail and
    /to-file 302 to a mailto: and a file: address; any path in `answers` with the status set
    there, any path in `redirects` 302 to the address set there. Records every request as
    (method, path, User-Agent, monotonic time), and its Host header in `hosts`."""

    slow_seconds = SLOW_SECONDS
    daemon_threads = True  # a /slow answer still sleeping does not hold up the end of the test

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests = []
        self.hosts = []
        self.answers = {}
        self.redirects = {}

    @property
    def port(self):
        return self.server_address[1]

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self):
        return [path for _method, path, _agent, _at in self.requests]


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def _answer(self, body):
        site = self.server
        site.requests.append((self.command, self.path, self.headers.get("User-Agent"),
                              time.monotonic()))  # fmt: skip
        site.hosts.append(self.headers.get("Host"))
        status, location = site.answers.get(self.path, 404), None
        if self.path in site.redirects:
            status, location = 302, site.redirects[self.path]
        if self.path == "/ok":
            status = 200
        elif self.path == "/error":
            status = 500
        elif self.path == "/moved":
            status, location = 301, "/ok"
        elif self.path == "/loop":
            status, location = 301, "/loop"
        elif self.path == "/to-mail":
            status, location = 302, "mailto:office@example.com"
        elif self.path == "/to-file":
            status, location = 302, "file:///etc/hostname"
        elif self.path == "/no-head":
            status = 405 if self.command == "HEAD" else 200
        elif self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            status = 200
        content = b"<p>outside</p>"
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)

    def log_message(self, *args):
        pass


@pytest.fixture
def outside_site():
    site = OutsideSite()
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield site
    site.shutdown()
    site.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _checker_settings(settings):
    # The test's outside site listens on 127.0.0.1, a private address the checker refuses
    # unless allowed (links.addresses): allowed as written, so "localhost" is still refused.
    settings.LINK_CHECK_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.SITE_URL = f"http://127.0.0.1:{free_port()}"
    settings.LINK_CHECK_HOST_DELAY = 0
    settings.LINK_CHECK_TIMEOUT = 0.5
    settings.LINK_CHECK_MAX_PER_HOST = 100
    settings.LINK_CHECK_MAX_REDIRECTS = 5
    settings.LINK_CHECK_OWN_HOSTS = []


@pytest.fixture
def article_linking(db):
    """make(*hrefs, images=(), **fields): a public article whose body links to hrefs and shows
    the images."""

    def make(*hrefs, images=(), **fields):
        links = "".join(f'<p><a href="{href}">链接{n}</a></p>' for n, href in enumerate(hrefs))
        pictures = "".join(f'<p><img src="{src}" alt="图{n}"></p>' for n, src in enumerate(images))
        return make_article(body=f"<p>正文。</p>{links}{pictures}", **fields)

    return make


@pytest.fixture
def requests_handled():
    """The paths of the requests this process handles during the test: request_started fires
    for each one, the test Client's too (the link checker is to make none of its own)."""
    paths = []

    def record(sender, environ, **kwargs):
        paths.append(environ["PATH_INFO"])

    request_started.connect(record)
    yield paths
    request_started.disconnect(record)
