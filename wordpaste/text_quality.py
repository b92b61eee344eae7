"""Text that came in garbled — from an old site's mirror, a wrong encoding, a broken 简繁
converter — repaired where the repair is certain, flagged where it is not.

One home for the rules, below the apps that use them (the layers of pyproject.toml): the
importer (imports) repairs and reports, the pre-publication check and inspect_site (compliance)
flag and never change the text. Here because this app already decides what text from outside
(a pasted Word document) the site keeps; it needs only traditional (OpenCC) below it.

- Half-width , . : ; ! ( ) between Chinese characters become full-width (repaired): only between
  two Chinese characters, so 3,000, 10:30, addresses and English runs stay; in text, never in
  tags or attributes.
- Mojibake: a run of rare characters (few of them among the 3,755 common characters of GB2312
  level 1). Repaired when its bytes, read the other way, give common characters: UTF-8 read as
  GBK (钄℃ˉ闀 → 蔡桥: run.encode("gbk").decode("utf-8")), or GBK read one byte off
  (re-encoded, one byte dropped). Where the garbling lost bytes (� or ?), the lost characters
  cannot come back: the repair marks the place with □, the mark of an illegible character in
  Chinese print, and it is flagged. A run no reading explains is flagged; so are Latin letters
  inside one or lower-case ones glued between characters (pinyin a converter left), � anywhere,
  □ and ? between Chinese characters
  (a character lost: 蔡?镇).
- Traditional characters left in a Simplified page (OpenCC t2s would change them): 著 after a
  verb (看著, 接著, 随著) becomes 着 (repaired; 著作, 显著, 著名 stay), the others are flagged.
"""

import functools
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from traditional.convert import to_simplified

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", ".": "。"}
_HALF_PUNCTUATION = re.compile(rf"(?<=[{_HAN}])\s*([,.:;!])\s*(?=[{_HAN}])")
_HALF_PARENTHESES = re.compile(rf"(?<=[{_HAN}，、；：])\(([^()<>]*[{_HAN}][^()<>]*)\)")
_QUESTION = re.compile(rf"(?<=[吗呢么吧啊])\?(?=[{_HAN}]|$)")
_EXCLAMATION = re.compile(rf"(?<=[{_HAN}])!(?=[{_HAN}]|$)")
_LOST = re.compile(rf"(?<=[{_HAN}])\?+(?=[{_HAN}])|\ufffd+")
_GLUED_LETTERS = re.compile(rf"(?<=[{_HAN}])[a-z]{{2,}}(?=[{_HAN}])")
_MISSING = re.compile(rf"(?<=[{_HAN}])□+|□+(?=[{_HAN}])")
# Punctuation ordinary Chinese text is full of; mojibake's symbols (ˉ ℃ ｆ ．) are rare ones.
_COMMON_PUNCTUATION = set("，。、；：？！“”‘’（）《》—…·　")
_TAG = re.compile(r"(<[^>]*>)")
# The verbs after which 著 is the aspect particle 着 (看著 → 看着); 著作, 显著, 著名 are 著, also
# after such a verb (向著名作家学习, 编写著作): 著 that begins one of those words is left alone.
_VERBS_BEFORE_ZHE = set(
    "看接随沿顺跟朝向拿带等穿戴听笑站坐躺想写望盯照靠守忙抱背提举唱跳走跑试记凭冲围挂藏"
    "留指握牵领揣怀憋忍跪蹲趴扶捧踩"
)
_ZHE = re.compile(r"(?<=[" + "".join(sorted(_VERBS_BEFORE_ZHE)) + "])著(?![名作称述录者书])")
SNIPPET = 12  # characters of context either side in a report


@dataclass(frozen=True)
class Change:
    what: str  # kind, in Chinese: 标点、乱码、繁体
    before: str  # a snippet as it was
    after: str  # as it is now


@dataclass(frozen=True)
class Flag:
    what: str  # what is wrong, in Chinese
    snippet: str  # where


def _is_common(char):
    """In GB2312 level 1 (lead byte 0xB0–0xD7): the characters ordinary text is made of."""
    try:
        lead = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xB0 <= lead <= 0xD7


def _is_rare(char):
    return not char.isascii() and char not in _COMMON_PUNCTUATION and not _is_common(char)


def _common_share(text):
    chars = [c for c in text if not c.isascii() and c not in _COMMON_PUNCTUATION]
    return sum(map(_is_common, chars)) / len(chars) if chars else 1.0


# A garbled run: rare characters, at most one common character, common punctuation mark or
# Latin word between two of them, at least three rare ones (two rare characters side by side
# happen in names). Found on a string of one letter per character.
_CLASS_RUN = re.compile(r"r(?:(?:c|t|p|a+|q+)?r){2,}")
# GBK read one byte off reads as ordinary characters until a pair is invalid (� or ?), where it
# falls back in step: the stretch from a rare character up to a lost mark at most 8 later, with
# another rare character in it (one alone before a lost mark is too little to go on).
_SHIFTED = re.compile(r"r[ct]{0,6}r[rct]{0,6}(?=q)")


@functools.cache
def _class_of(char):
    """One letter for char: q lost mark, a Latin letter, space other ASCII, p common
    punctuation, t Traditional, c common, r rare. Cached: a page has a few hundred distinct
    characters, and t2s per character is the slow part."""
    if char in "?\ufffd□":
        return "q"
    if char.isascii():
        return "a" if char.isalpha() else " "
    if char in _COMMON_PUNCTUATION:
        return "p"
    if to_simplified(char) != char:  # a Traditional character: flagged as that, not here
        return "t"
    return "c" if _is_common(char) else "r"


def _classes(text):
    return "".join(map(_class_of, text))


def _garbled_runs(text):
    """(start, end) of the mojibake runs in text."""
    return [m.span() for m in _CLASS_RUN.finditer(_classes(text))]


def _read_piece(piece):
    """piece's characters read the right way, or None: UTF-8 bytes that were read as GBK, or
    GBK read one byte off. A byte or two cut off at either end (where a lost character was) is
    allowed."""
    try:
        data = piece.encode("gbk")
    except UnicodeEncodeError:
        return None
    for encoding, trims in (("utf-8", range(4)), ("gbk", range(2))):
        for start in trims:
            for end in trims:
                try:
                    read = data[start : len(data) - end].decode(encoding)
                except UnicodeDecodeError:
                    continue
                if read and read != piece and _common_share(read) >= 0.8:
                    return read
    return None


def _realigned(stretch):
    """stretch (GBK read one byte off) read in step again: its bytes without the first, the
    last byte (half of the lost character) cut; None unless that gives common characters only."""
    try:
        data = stretch.encode("gbk")[1:]
    except UnicodeEncodeError:
        return None
    for end in (len(data), len(data) - 1):
        try:
            read = data[:end].decode("gbk")
        except UnicodeDecodeError:
            continue
        if read and all(map(_is_common, read)):
            return read
    return None


def _reread(run):
    """run (a mojibake run) read right, lost places as □; or None when some piece of it does
    not read as common text."""
    pieces = re.split(r"[?\ufffd]+", run)
    read = []
    for piece in pieces:
        if not piece:
            read.append("")
            continue
        fixed = _read_piece(piece)
        if fixed is None:
            return None
        read.append(fixed)
    return "□".join(read)


def _snippet(text, start, end):
    return text[max(0, start - SNIPPET) : end + SNIPPET]


def _around_first_difference(before, after):
    at = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), 0)
    return _snippet(before, at, at + 1), _snippet(after, at, at + 1)


def _stretch(text, start, end):
    """The run widened to the characters around it, up to ASCII or common punctuation: mojibake
    of UTF-8 covers the whole stretch, and its bytes only read right from the stretch's first
    byte."""

    def inside(char):
        return char == "?" or not (char.isascii() or char in _COMMON_PUNCTUATION)

    while start > 0 and inside(text[start - 1]):
        start -= 1
    while end < len(text) and inside(text[end]):
        end += 1
    return start, end


def _repair_text(text, changes):
    fixed = _HALF_PUNCTUATION.sub(lambda m: _FULL_WIDTH[m.group(1)], text)
    fixed = _HALF_PARENTHESES.sub(lambda m: f"（{m.group(1)}）", fixed)
    fixed = _QUESTION.sub("？", fixed)
    fixed = _EXCLAMATION.sub("！", fixed)
    if fixed != text:
        changes.append(Change(_("标点"), *_around_first_difference(text, fixed)))
        text = fixed
    for start, end in reversed(_garbled_runs(text)):
        for left, right in (_stretch(text, start, end), (start, end)):
            run = text[left:right]
            fixed = _reread(run)
            if fixed is not None:
                changes.append(Change(_("乱码"), run, fixed))
                text = text[:left] + fixed + text[right:]
                break
    for match in reversed(list(_SHIFTED.finditer(_classes(text)))):
        start, end = match.span()
        fixed = _realigned(text[start:end])
        if fixed is not None:
            # The character whose byte went and the one the lost mark stands for are lost.
            changes.append(Change(_("乱码"), text[start : end + 1], f"□{fixed}□"))
            text = text[:start] + f"□{fixed}□" + text[end + 1 :]
    fixed = _ZHE.sub("着", text)
    if fixed != text:
        changes.append(Change(_("繁体"), *_around_first_difference(text, fixed)))
        text = fixed
    return text


def repair_text(text):
    """(plain text repaired, [Change]): what is certain."""
    changes = []
    return _repair_text(text, changes), changes


def repair(html):
    """(html repaired, [Change]): what is certain, in the text between tags (tags and their
    attributes untouched). Whatever is left to flag, flags() finds."""
    changes = []
    parts = _TAG.split(html)
    for at in range(0, len(parts), 2):  # even parts are text, odd ones tags
        if parts[at]:
            parts[at] = _repair_text(parts[at], changes)
    return "".join(parts), changes


def flags(text):
    """[Flag] for plain text: what repair() cannot make right and a person must look at (one
    flag per kind of problem, with the first place it is found and how many)."""
    runs = _garbled_runs(text)
    found = [Flag(_("疑似乱码"), text[slice(*_stretch(text, *run))]) for run in runs]
    # Pinyin a converter left: letters inside a garbled run, or lower-case letters glued to
    # characters on both sides (蔡桥qiao镇; what Chinese text writes in Latin letters is
    # spaced or capitalised: APP, 3D, Wi-Fi).
    glued = [(m.start(), m.end()) for m in _GLUED_LETTERS.finditer(text)]
    glued += [(s, e) for s, e in runs if re.search(r"[a-zA-Z]{2,}", text[s:e])]
    if glued:
        start, end = min(glued)
        found.append(_counted(_("汉字间夹有拼音或字母"), len(glued), _snippet(text, start, end)))
    # A garbled run's characters are not Traditional leftovers, whatever t2s thinks of them.
    in_runs = {at for run in runs for at in range(*_stretch(text, *run))}
    for what, pattern in ((_("有字丢失（?或�）"), _LOST), (_("有字缺失（□）"), _MISSING)):
        places = list(pattern.finditer(text))
        if places:
            found.append(_counted(what, len(places), _snippet(text, *places[0].span())))
    simplified = to_simplified(text)
    if len(simplified) == len(text):  # t2s changed no phrase's length: compare by position
        left = [at for at, (old, new) in enumerate(zip(text, simplified, strict=True))
                if old != new and at not in in_runs]  # fmt: skip
        if left:
            chars = "".join(dict.fromkeys(text[at] for at in left))
            what = _("简体页面中有繁体字“%(chars)s”") % {"chars": chars}
            found.append(_counted(what, len(left), _snippet(text, left[0], left[0] + 1)))
    zhe = list(_ZHE.finditer(text))
    if zhe:
        what = _("“著”疑为“着”（看着、接着、随着）")
        found.append(_counted(what, len(zhe), _snippet(text, *zhe[0].span())))
    return found


def _counted(what, count, snippet):
    return Flag(what if count == 1 else _("%(what)s，共 %(count)s 处") % {"what": what,
                "count": count}, snippet)  # fmt: skip
