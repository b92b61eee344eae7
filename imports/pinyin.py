"""Pinyin annotations that broken converters left behind: 時(shí), 鎮(zhèn), 彩（cǎi）.

An annotation is one or more pinyin syllables, at least one with a tone mark, in ASCII or
full-width parentheses right after a CJK character. Each word inside must be a syllable of
Mandarin (initial + final), so 咖啡(café), (Wuxi), (pdf), （2026年） and (一) stay: a tone mark
alone would take café, and letters alone would take (Wuxi).
"""

import re
import unicodedata

# Tone-marked (and ü) letters, and the plain letter each stands for (ü as v).
_TONED = {
    **dict.fromkeys("āáǎà", "a"),
    **dict.fromkeys("ēéěè", "e"),
    **dict.fromkeys("īíǐì", "i"),
    **dict.fromkeys("ōóǒò", "o"),
    **dict.fromkeys("ūúǔù", "u"),
    **dict.fromkeys("ǖǘǚǜ", "v"),
    **dict.fromkeys("ńňǹ", "n"),
    "ḿ": "m",
}
_PLAIN = str.maketrans({**_TONED, "ü": "v"})
_SYLLABLE = re.compile(
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|ong|er|i|ia|ie|iao|iu|ian|in|iang|ing|iong"
    r"|u|ua|uo|uai|ui|uan|un|uang|v|ve|ue|van|vn)"
    r"|m|n|ng|hm|hng"
)
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f〇"
_LETTERS = "a-zA-Zü" + "".join(_TONED)
_ANNOTATION = re.compile(rf"(?<=[{_CJK}])[(（]\s*([{_LETTERS}]+(?:\s+[{_LETTERS}]+)*)\s*[)）]")


def _is_pinyin(words):
    words = words.lower().split()
    return any(ch in _TONED for word in words for ch in word) and all(
        _SYLLABLE.fullmatch(word.translate(_PLAIN)) for word in words
    )


def strip_pinyin(text):
    """text (normalised to NFC, so that a tone mark typed as a combining accent counts) without
    the pinyin annotations after its characters; everything else unchanged."""
    text = unicodedata.normalize("NFC", text)
    return _ANNOTATION.sub(lambda m: "" if _is_pinyin(m.group(1)) else m.group(0), text)
