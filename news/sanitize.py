"""Server-side cleaning of rich text. CKEditor's filter runs only in the browser, so a crafted
POST could store anything: every body passes through clean_body() before it is stored."""

import html
import re

import nh3
from django.utils.html import strip_tags

from core.hooks import Hook

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "pre", "code", "a", "img", "figure", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}

# No "style": nh3 filters CSS property names only, so values like expression(...) would survive.
# Layout is a few classes instead: the centred title and right-aligned 落款 of an official
# notice (the editor's 居中/右对齐 buttons, Word's alignment), and captioned or aligned pictures
# (CKEditor's image2: figure.image holds an image and its figcaption).
ALIGN_CLASSES = {"text-center", "text-right"}
IMAGE_ALIGN_CLASSES = {"image-left", "image-center", "image-right"}
ALLOWED_CLASSES = {
    **{tag: ALIGN_CLASSES for tag in ("p", "h2", "h3", "h4", "td", "th")},
    "figure": {"image", *IMAGE_ALIGN_CLASSES},
    "img": IMAGE_ALIGN_CLASSES - {"image-center"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
SETTLING_PASSES = 3

# What a body means before it is allow-listed: normalise(html) -> html. The wordpaste app
# registers how Word's and WPS's markup is read (its styles, lists, alignment); without any,
# bodies are only allow-listed.
normalisers = Hook("body normalisers")


def normalise(html):
    for normaliser in normalisers:
        html = normaliser(html)
    return html


def clean_body(html):
    """Return html with only the tags, attributes, classes and URL schemes above, after the
    normalisers have read it (wordpaste: what a document pasted from Word or WPS means);
    never raises."""
    if not html:
        return ""
    body = allow_listed(normalise(html)).strip()
    # Broken HTML is repaired by lxml (wordpaste) and html5ever (nh3) in different ways; passes
    # over html5ever's well-formed result settle it (cleaning a clean body changes nothing).
    for _ in range(SETTLING_PASSES):
        settled = allow_listed(normalise(body)).strip()
        if settled == body:
            break
        body = settled
    return body


def allow_listed(html):
    """html with only the tags, attributes, classes and URL schemes above."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|td|th|blockquote|figcaption|pre)>|<br\s*/?>", re.I)
_SPACE = re.compile(r"\s+")


def plain_text(body):
    """The words of a cleaned body, without its HTML: what search looks in and what search
    snippets show. Block ends become spaces, so words of two paragraphs do not run together."""
    text = strip_tags(_BLOCK_END.sub(" ", body or ""))
    return _SPACE.sub(" ", html.unescape(text)).strip()


# Mainland phone numbers as articles write them: mobiles (138 0000 0000, 13800000000) and
# landlines with their area code (0739-1234567, 0739－1234567, (0739)1234567).
_PHONE = re.compile(
    r"""(?<![0-9A-Za-z])                     # not the end of a longer number or word
        (?: 1[3-9]\d[ -]?\d{4}[ -]?\d{4}       # a mobile
          | (?:0\d{2,3}|[(（]0\d{2,3}[)）]) [-－ ]? \d{7,8} )  # a landline with area code
        (?![0-9A-Za-z])""",
    re.VERBOSE,
)
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")


def tel_href(number):
    """The tel: address of a phone number as written (digits only, the area code's 0 kept)."""
    return "tel:" + "".join(re.findall(r"\d", number))


def link_phone_numbers(body):
    """Phone numbers in a cleaned body made tap-to-call links (not inside an existing link)."""
    parts, in_link = _TAG.split(body or ""), 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            found = _TAG_NAME.match(part)
            if found and found.group(2).lower() == "a":
                in_link += -1 if found.group(1) else 1
        elif not in_link and part:
            parts[index] = _PHONE.sub(
                lambda found: f'<a href="{tel_href(found.group())}">{found.group()}</a>', part
            )
    return "".join(parts)


_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r'\salt\s*=\s*(["\'])(.*?)\1', re.I | re.S)


def images_without_alt(body):
    """The <img> tags of a body whose alt text is missing or blank."""
    missing = []
    for tag in _IMAGE.findall(body or ""):
        alt = _ALT.search(tag)
        if not alt or not alt.group(2).strip():
            missing.append(tag)
    return missing
