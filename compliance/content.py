"""Pre-publication checks: what a reviewer must see before approving an article — personal
data (mainland ID-card numbers with a valid check digit, mobile numbers, bank-card numbers
that pass the Luhn check) in its text or its attachments' names, which blocks approval; and,
as warnings a reviewer may approve over with a recorded reason, 错敏词, near-misses of names
that must be exact, garbled text (乱码, lost characters, Traditional leftovers), pictures without
alt text, and links to pages of this site that do not
exist. Computed from the text under review whenever it is shown or decided on."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from core.personal_data import personal_data
from news.checks import Finding
from news.sanitize import images_without_alt, plain_text
from wordpaste.text_quality import flags as garbled_text

from .models import ExactName, SensitiveTerm

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")


def _masks(word):
    """word with each of its characters in turn replaced by a gap: 李建国 → ?建国, 李?国, 李建?."""
    return [word[:at] + "\0" + word[at + 1 :] for at in range(len(word))]


def near_misses(text, names):
    """(written, meant) for words of text that differ from a name of three or more characters
    in exactly one character (李建图 for 李建国); names themselves are not near-misses. One
    pass over the text per name length, each window looked up by its masks (not one pass
    per name)."""
    exact = set(names)
    by_length = {}
    for name in exact:
        if len(name) >= 3 and _CJK.match(name):
            masks = by_length.setdefault(len(name), {})
            for mask in _masks(name):
                masks.setdefault(mask, []).append(name)
    found = set()
    for length, masks in by_length.items():
        for start in range(len(text) - length + 1):
            word = text[start : start + length]
            if word in exact or not _CJK.match(word):
                continue
            for mask in _masks(word):
                found.update((word, name) for name in masks.get(mask, ()))
    return sorted(found)


def missing_pages(article):
    """The links and images of article's body (as written) that lead to a page or file of this
    site that is not there (a draft, a wrong address, a missing upload), before it is public:
    the link checker's rule for its own addresses (links.checker.InternalChecker), decided from
    the URL configuration, the database and the storages, without any request — the approval
    that asks it holds the article's row lock."""
    from links.checker import InternalChecker, body_addresses, is_internal

    page = settings.SITE_URL + (article.get_absolute_url() if article.pk else "/")
    checker = InternalChecker(settings.LINK_CHECK_MAX_REDIRECTS)
    return sorted({
        href for href, url, _kind in body_addresses(article.body, page)
        if is_internal(url) and checker.check(url).is_broken
    })  # fmt: skip


@dataclass(frozen=True)
class Lists:
    """The site admin's lists the checks read: 错敏词 (term, suggestion) and 规范名称."""

    terms: list
    names: list


def load_lists():
    return Lists(
        terms=list(SensitiveTerm.objects.values_list("term", "suggestion")),
        names=list(ExactName.objects.values_list("name", flat=True)),
    )


TEXT_KINDS = ("personal", "term", "name", "garbled")
BLOCKING_KINDS = ("personal",)  # what no reason lets a reviewer approve over
ALL_KINDS = (*TEXT_KINDS, "alt", "link")


def _attachment_names(revision):
    if revision is None:
        return []
    prefetched = getattr(revision, "_prefetched_objects_cache", {}).get("attachment_links")
    links = prefetched if prefetched is not None else (
        revision.attachment_links.select_related("attachment")
    )  # fmt: skip
    return [name for link in links for name in (link.title, link.attachment.original_name)]


def check(article, *, revision=None, lists=None, kinds=ALL_KINDS):
    """The findings for article as it stands (its latest text: what the reviewer reads), with
    the attachments of revision (default: its latest). lists: load_lists(), when many articles
    are checked at once; kinds: which checks to run."""
    findings = []
    attachment_names = _attachment_names(revision or article.current_revision)
    text = " ".join([article.title, article.summary, plain_text(article.body), *attachment_names])
    for item in personal_data(text) if "personal" in kinds else []:
        findings.append(Finding("personal", _("含有个人信息：%(item)s") % {"item": item}, True))
    if {"term", "name"} & set(kinds):
        lists = lists or load_lists()
    terms = lists.terms if "term" in kinds else []
    names = lists.names if "name" in kinds else []
    for term, suggestion in terms:
        if term in text:
            message = _("错敏词“%(term)s”") % {"term": term}
            if suggestion:
                message += _("，建议改为“%(suggestion)s”") % {"suggestion": suggestion}
            findings.append(Finding("term", message))
    for written, meant in near_misses(text, names):
        findings.append(Finding("name", _("“%(written)s”疑为“%(meant)s”之误")
                                % {"written": written, "meant": meant}))  # fmt: skip
    # Garbled text (mojibake, lost characters, Traditional leftovers: wordpaste.text_quality)
    # is only flagged here: what the reviewer approves is the text as written.
    for flag in (
        garbled_text(f"{article.title} {plain_text(article.body)}") if "garbled" in kinds else []
    ):
        findings.append(Finding("garbled", _("%(what)s：“%(where)s”")
                                % {"what": flag.what, "where": flag.snippet}))  # fmt: skip
    missing_alt = len(images_without_alt(article.body)) if "alt" in kinds else 0
    if missing_alt:
        findings.append(Finding("alt", _("%(count)s 张图片没有替换文本") % {"count": missing_alt}))
    for address in missing_pages(article) if "link" in kinds else []:
        findings.append(Finding("link", _("链接指向本站不存在的页面：%(address)s")
                                % {"address": address}))  # fmt: skip
    return findings


def pre_publication_check(article, *, revision=None, blocking_only=False):
    """check() as the workflow asks it (news.checks.pre_publication_checks, registered in
    compliance/apps.py): everything, or only what blocks approval."""
    return check(article, revision=revision, kinds=BLOCKING_KINDS if blocking_only else ALL_KINDS)
