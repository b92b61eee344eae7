"""The link checker: what a public article links to, and whether it opens.

Internal addresses (this site's own, SITE_URL and LINK_CHECK_OWN_HOSTS) are answered without any
request, over the network or in this process: an upload (/media/...) is looked up in the media
storage and a static file in what WhiteNoise serves, where the web server serves them from; any
other address is resolved against the URL configuration (django.urls.resolve, /zh-hant/… in
Traditional) and the rule of the page it names decides (PAGE_RULES): /news/<id>/ is there while
the article is published(), a column page while the column exists, /files/<id>/<name> by the
download's own rule (attachments.views.public_link), an address that does not resolve is a 404
(unless it does with a slash added: CommonMiddleware's redirect). External addresses are asked
with urllib: HEAD, then GET when HEAD is refused (405, 501); a time-out per request; at most
LINK_CHECK_MAX_PER_HOST requests to one host per run and a pause of LINK_CHECK_HOST_DELAY seconds
between two of them; redirects followed by hand and counted. Before each request (every
redirect hop too) the host is resolved and refused when any of its addresses is not a global one
(links.addresses: no requests into this server's own networks), and the request connects to the
addresses that were checked.
"""

import http.client
import logging
import os
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from itertools import zip_longest
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http.request import validate_host
from django.templatetags.static import static
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils._os import safe_join
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _

from attachments import views as attachments_views
from attachments.models import RevisionAttachment
from news import images
from news.models import Article, Column

from . import addresses
from .models import CheckedLink

CHECKED_SCHEMES = {"http", "https"}
REDIRECT_CODES = {301, 302, 303, 307, 308}
# HEAD is refused by some servers that answer GET: ask again with GET.
HEAD_REFUSED_CODES = {405, 501}
MAX_URL_LENGTH = CheckedLink._meta.get_field("url").max_length


def user_agent():
    """Names the site, so that a webmaster seeing our requests knows who asks (and "bot" keeps
    them out of our own view counts: readership.policy)."""
    return f"CaiqiaoLinkBot/1.0 (+{settings.SITE_URL}; link checker)"


@dataclass(frozen=True)
class Result:
    status_code: int | None = None
    error: str = ""
    final_url: str = ""

    @property
    def is_broken(self):
        """The one rule: no answer, or an answer of 400 or above (after redirects)."""
        return bool(self.error) or self.status_code is None or self.status_code >= 400


class SiteAddressError(Exception):
    """SITE_URL is not an address the site answers to: every internal link would look broken."""


class HostLimitReached(Exception):
    """This run has asked this host as often as it may: the link waits for the next run."""


# What is in an article.


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.found.append((attributes["href"], CheckedLink.Kind.LINK))
        elif tag == "img" and attributes.get("src"):
            self.found.append((attributes["src"], CheckedLink.Kind.IMAGE))


def site_hosts():
    """This site's host names (with the port when not the default), in lower case."""
    return {_host(settings.SITE_URL), *(h.lower() for h in settings.LINK_CHECK_OWN_HOSTS)}


def _host(url):
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    default_port = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port
    except ValueError:
        return host
    return host if port in (None, default_port) else f"{host}:{port}"


def is_internal(url):
    return _host(url) in site_hosts()


def _absolute(page, href):
    """href as the page's reader's browser opens it: absolute, without its #fragment, or None
    when it is no address this checker asks (another scheme, too long)."""
    url = iri_to_uri(urldefrag(urljoin(page, href.strip()))[0])
    checked = urlsplit(url).scheme in CHECKED_SCHEMES and len(url) <= MAX_URL_LENGTH
    return url if checked else None


def body_addresses(body, page):
    """[(href as written, absolute url, kind)] of the links and images of an article's body
    shown at page; a link to a place in the same page is not a link to check."""
    parser = _LinkParser()
    parser.feed(body or "")
    parser.close()
    found = []
    for href, kind in parser.found:
        url = None if href.strip().startswith("#") else _absolute(page, href)
        if url:
            found.append((href, url, kind))
    return found


def addresses_in(article):
    """[(absolute url, kind)] of what residents' browsers open from the public article page:
    the body's links and images, the cover picture and the attachments. Only http(s), without
    the #fragment; a link to a place in the same page is not a link to check."""
    page = settings.SITE_URL + article.get_absolute_url()
    found = [(url, kind) for _href, url, kind in body_addresses(article.body, page)]
    if article.cover_rendition:  # both sizes of the page's srcset (Article.cover_srcset)
        storage = article.cover_rendition.storage
        small = storage.url(images.small_rendition_name(article.cover_rendition.name))
        found += [
            (article.cover_rendition.url, CheckedLink.Kind.IMAGE),
            (small, CheckedLink.Kind.IMAGE),
        ]
    links = RevisionAttachment.objects.filter(revision_id=article.live_revision_id)
    found += [
        (link.get_absolute_url(), CheckedLink.Kind.LINK)
        for link in links.select_related("attachment")
    ]
    addresses = []
    for href, kind in found:
        url = _absolute(page, href)
        if url and (url, kind) not in addresses:
            addresses.append((url, kind))
    return addresses


# Checking one address.


# The site's own pages, without a request: an address resolves to a page, and the page's rule
# says whether a resident following the link gets it. Each rule answers (status code, Location
# or None), as the view would to an anonymous reader.
THERE = (200, None)
NOT_FOUND = (404, None)


def _article_page(match):
    """news:detail, in either script: the page of a public article (published(); a draft, a
    withdrawn or a scheduled article is not there, an online one with an edit in review is)."""
    public = Article.objects.published().filter(pk=match.kwargs["pk"]).exists()
    return THERE if public else NOT_FOUND


def _column_page(match):
    """news:column and news:column_feed: any column of that slug, also one that is not in
    the navigation (both views: get_object_or_404(Column, slug=...))."""
    exists = Column.objects.filter(slug=match.kwargs["slug"]).exists()
    return THERE if exists else NOT_FOUND


def _download(match):
    """attachments:download: the download's own rule (attachments.views.public_link), and the
    file in its storage (the view's 404 when it cannot open it)."""
    link = attachments_views.public_link(match.kwargs["attachment_id"])
    file = link and link.attachment.file
    return THERE if file and _has(file.storage.exists, file.name) else NOT_FOUND


def _favicon(match):
    """/favicon.ico (website.views.favicon) sends the browser to the site's icon, a static
    file."""
    return 301, static("website/favicon.png")


# The pages that are not there as soon as their address resolves, by view name. Every other
# page is: the home page, the lists, search, the site map, the feeds, robots.txt, /preferences/
# (it sends the reader back to a page of the site); and the admin (any address under /admin/,
# its catch-all too) and the editor's upload, which send an anonymous reader to the login page.
# The query is not asked: a page number beyond a list or not a number (?page=99, a 404 of
# ListView) counts as there, as a list's pages change with every publication.
PAGE_RULES = {
    "news:detail": _article_page,
    "news:preview": lambda match: NOT_FOUND,  # for the staff who may open the article
    "news:column": _column_page,
    "news:column_feed": _column_page,
    "attachments:download": _download,
    "wordpaste_clean": lambda match: (405, None),  # the editor's paste from Word: POST only
    # An address without a name: Django names it by its namespace and the view's dotted path.
    "website:website.views.favicon": _favicon,
}


def _page_answer(parts):
    """(status code, Location or None) of the page at the address parts (a urlsplit): resolved
    in the script of its address (/zh-hant/… is Traditional, as traditional.middleware has it
    for a request), then the page's rule (PAGE_RULES). An address that resolves only with a
    slash added is CommonMiddleware's redirect there (APPEND_SLASH)."""
    path = unquote(parts.path)
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            if not settings.APPEND_SLASH or path.endswith("/"):
                return NOT_FOUND
            try:
                match = resolve(path + "/")
            except Resolver404:
                return NOT_FOUND
            if not getattr(match.func, "should_append_slash", True):
                return NOT_FOUND
            return 301, parts.path + "/" + (f"?{parts.query}" if parts.query else "")
        rule = PAGE_RULES.get(match.view_name)
        return rule(match) if rule else THERE


def _has(exists, name):
    """exists(name) of a storage or finder; False for a name it refuses (out of its folder, a
    NUL character, too long for the file system)."""
    try:
        return bool(name) and bool(exists(name))
    except (SuspiciousFileOperation, ValueError, OSError):
        return False


def _static_file(name):
    """Whether WhiteNoise serves name under STATIC_URL: a file of STATIC_ROOT (collectstatic),
    or of the apps' when it looks through the finders (WHITENOISE_USE_FINDERS, by default with
    DEBUG). Files only, as it serves them: a folder is not."""
    use_finders = getattr(settings, "WHITENOISE_USE_FINDERS", settings.DEBUG)
    collected = settings.STATIC_ROOT and _is_file(partial(safe_join, settings.STATIC_ROOT), name)
    return bool(collected or (use_finders and _is_file(finders.find, name)))


def _is_file(find, name):
    try:
        path = find(name)
    except (SuspiciousFileOperation, ValueError, OSError):
        return False
    return bool(path) and os.path.isfile(path)


class InternalChecker:
    """The site's own addresses, answered without any request: an upload or a static file is
    looked up where the web server (WhiteNoise, for static files) serves it from; any other
    address is resolved and the rule of its page decides (PAGE_RULES). Redirects (a missing
    slash, /favicon.ico) are followed as a browser would, up to max_redirects."""

    def __init__(self, max_redirects):
        self.max_redirects = max_redirects

    def check(self, url):
        for _hop in range(self.max_redirects + 1):
            parts = urlsplit(url)
            if parts.path.startswith(settings.MEDIA_URL):
                name = unquote(parts.path[len(settings.MEDIA_URL) :])
                return Result(200 if _has(default_storage.exists, name) else 404, "", url)
            if parts.path.startswith(settings.STATIC_URL):
                name = unquote(parts.path[len(settings.STATIC_URL) :])
                return Result(200 if _static_file(name) else 404, "", url)
            if "\x00" in unquote(parts.path) or "\x00" in unquote(parts.query):
                return Result(400, "", url)  # refused before anything reads it (RefuseBadRequests)
            try:
                status_code, location = _page_answer(parts)
            except Exception as error:  # one failing page stops no run
                logging.getLogger(__name__).exception("checking %s", url)
                return Result(
                    None, _("本站页面出错（%(error)s）") % {"error": type(error).__name__}, url
                )
            if location is None:
                return Result(status_code, "", url)
            target = urljoin(url, location)
            if not is_internal(target):  # the site sends the reader elsewhere: not ours to ask
                return Result(status_code, "", target)
            url = target
        return Result(
            None, _("跳转超过 %(count)s 次（可能是循环跳转）") % {"count": self.max_redirects}, url
        )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers: ExternalChecker follows them itself, counting them."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _web_opener():
    """urllib for http and https only: no file:, ftp: or data: handler, so that not even a
    redirect can make the checker read a file of this server; connecting only to the addresses
    checked for the request (links.addresses); proxies from the environment (http_proxy,
    no_proxy), as a server behind one needs."""
    opener = urllib.request.OpenerDirector()
    handlers = [urllib.request.ProxyHandler(), urllib.request.UnknownHandler(),
                addresses.PinnedHTTPHandler(), addresses.PinnedHTTPSHandler(),
                urllib.request.HTTPDefaultErrorHandler(), _NoRedirects(),
                urllib.request.HTTPErrorProcessor()]  # fmt: skip
    for handler in handlers:
        opener.add_handler(handler)
    return opener


class ExternalChecker:
    """Other sites, asked politely: a bounded number of requests per host per run, a pause
    between two requests to one host, a time-out, our User-Agent."""

    def __init__(self, *, timeout, max_per_host, delay, max_redirects, clock=time.monotonic,
                 sleep=time.sleep):  # fmt: skip
        self.timeout, self.max_per_host, self.delay = timeout, max_per_host, delay
        self.max_redirects = max_redirects
        self.clock, self.sleep = clock, sleep
        self.requests_to = Counter()
        self.last_request_at = {}
        self.opener = _web_opener()

    def check(self, url):
        """The Result for url; raises HostLimitReached when its host's share of this run is
        spent (also part-way through its redirects)."""
        for _hop in range(self.max_redirects + 1):
            code, location = self._ask("HEAD", url)
            if code in HEAD_REFUSED_CODES:
                code, location = self._ask("GET", url)
            if isinstance(code, str):  # no answer
                return Result(None, code, url)
            if code not in REDIRECT_CODES or not location:
                return Result(code, "", url)
            target = urljoin(url, location)
            if urlsplit(target).scheme not in CHECKED_SCHEMES:
                return Result(code, _("跳转到的不是网页地址"), target)
            url = target
        return Result(
            None, _("跳转超过 %(count)s 次（可能是循环跳转）") % {"count": self.max_redirects}, url
        )

    def _ask(self, method, url):
        """(status code, Location) of one request, or (the reason in words, None). A host that
        resolves to a private address (links.addresses) is not asked."""
        host = _host(url)
        try:
            checked = addresses.checked_addresses(url)
        except addresses.NotPublic:
            return _("不检查内网地址"), None
        except (OSError, ValueError) as error:  # the name does not resolve, a bad port
            return _reason(error), None
        if self.requests_to[host] >= self.max_per_host:
            raise HostLimitReached(host)
        if host in self.last_request_at:
            wait = self.last_request_at[host] + self.delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self.requests_to[host] += 1
        request = urllib.request.Request(
            url, method=method, headers={"User-Agent": user_agent(), "Accept": "*/*"}
        )
        request.pinned_addresses = checked
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, None
        except urllib.error.HTTPError as answer:  # 4xx, 5xx and the redirects
            location = answer.headers.get("Location")
            answer.close()
            return answer.code, location
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
            return _reason(error), None
        finally:
            self.last_request_at[host] = self.clock()


def _reason(error):
    reason = getattr(error, "reason", error)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return _("超时（%(seconds)s 秒内没有应答）") % {"seconds": settings.LINK_CHECK_TIMEOUT}
    if isinstance(reason, socket.gaierror):
        return _("域名无法解析")
    if isinstance(reason, ssl.SSLError):
        return _("HTTPS 证书或加密连接有问题")
    if isinstance(reason, ConnectionError):
        return _("无法连接")
    cause = reason if isinstance(reason, BaseException) else error  # URLError("unknown url type")
    return _("无法打开（%(error)s）") % {"error": type(cause).__name__}


# A run.


@dataclass
class Report:
    """What a run did: articles checked, addresses asked (each once however many articles have
    it), the links broken after it, how many broke or were fixed in it, and per outside host the
    addresses left for the next run."""

    articles: int = 0
    internal: int = 0
    external: int = 0
    broken: list = field(default_factory=list)
    newly_broken: int = 0
    fixed: int = 0
    waiting: Counter = field(default_factory=Counter)


def check_site_hosts():
    """SiteAddressError when SITE_URL's host is not one the site answers to (ALLOWED_HOSTS)."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if not validate_host(host, settings.ALLOWED_HOSTS):
        raise SiteAddressError(f"SITE_URL ({settings.SITE_URL}) is not in ALLOWED_HOSTS")


def _round_robin(urls):
    """External addresses one host after another, so that the pause for one host is spent on
    the others."""
    by_host = defaultdict(list)
    for url in urls:
        by_host[_host(url)].append(url)
    return [url for group in zip_longest(*by_host.values()) for url in group if url]


def run(*, articles=None, external=True, now=None):
    """Check the links and images of the public articles (published(); of `articles`, a
    queryset, when given) and store the results; a Report. A link that works again, or is no
    longer in its article, gets fixed_at."""
    check_site_hosts()
    now = now or timezone.now()
    public = Article.objects.published(now=now)
    if articles is not None:
        public = public.filter(pk__in=articles.values("pk"))
    found = {}  # (article id, url, kind) -> internal
    report = Report()
    for article in public.only("id", "body", "cover_rendition", "live_revision_id").iterator():
        report.articles += 1
        for url, kind in addresses_in(article):
            found[(article.pk, url, kind)] = is_internal(url)
    internal_checker = InternalChecker(settings.LINK_CHECK_MAX_REDIRECTS)
    external_checker = ExternalChecker(
        timeout=settings.LINK_CHECK_TIMEOUT,
        max_per_host=settings.LINK_CHECK_MAX_PER_HOST,
        delay=settings.LINK_CHECK_HOST_DELAY,
        max_redirects=settings.LINK_CHECK_MAX_REDIRECTS,
    )
    internal_urls = sorted({url for (_a, url, _k), inside in found.items() if inside})
    external_urls = sorted({url for (_a, url, _k), inside in found.items() if not inside})
    results = {url: internal_checker.check(url) for url in internal_urls}
    report.internal = len(internal_urls)
    if external:
        for url in _round_robin(external_urls):
            try:
                results[url] = external_checker.check(url)
            except HostLimitReached as limit:
                report.waiting[limit.args[0]] += 1
        report.external = len(external_urls) - sum(report.waiting.values())
    on_page = CheckedLink.objects.filter(on_page=True)
    if articles is not None:
        on_page = on_page.filter(article__in=articles.values("pk"))
    gone = set(on_page.values_list("pk", flat=True))
    for (article_id, url, kind), inside in found.items():
        gone.discard(_record(article_id, url, kind, inside, results.get(url), now, report).pk)
    # No longer on the site (edited out, the article withdrawn): a broken one is fixed now.
    gone = CheckedLink.objects.filter(pk__in=gone)
    report.fixed += gone.filter(is_broken=True).update(on_page=False, fixed_at=now)
    gone.update(on_page=False)
    return report


def _record(article_id, url, kind, inside, result, now, report):
    """Store one link's result; result None: not checked this run, the last result kept."""
    link = CheckedLink.objects.filter(article_id=article_id, url=url, kind=kind).first()
    link = link or CheckedLink(article_id=article_id, url=url, kind=kind)
    # Taken out of the article earlier, it was counted as fixed then.
    was_broken = link.pk is not None and link.on_page and link.is_broken
    link.where = CheckedLink.Where.INTERNAL if inside else CheckedLink.Where.EXTERNAL
    link.on_page = True
    if result is not None:
        link.status_code, link.error = result.status_code, result.error
        link.final_url, link.checked_at = result.final_url, now
        link.is_broken = result.is_broken
        if link.is_broken and not was_broken:
            link.first_broken_at, link.fixed_at = now, None
            report.newly_broken += 1
        elif was_broken and not link.is_broken:
            link.fixed_at = now
            report.fixed += 1
    link.save()
    if link.is_broken:
        report.broken.append(link)
    return link
