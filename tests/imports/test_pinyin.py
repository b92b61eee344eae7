"""The pinyin a broken converter left behind goes; parenthesised text that is not pinyin stays."""

import unicodedata

import pytest

from imports.pinyin import strip_pinyin

CASES = [
    # A tone-marked syllable in ASCII or full-width parentheses after a character: removed.
    ("蔡桥鎮(zhèn)人民政府", "蔡桥鎮人民政府"),
    ("活動時(shí)間", "活動時間"),
    ("彩（cǎi）虹課堂", "彩虹課堂"),
    ("镇(Zhèn)政府", "镇政府"),
    ("蔡桥( cài qiáo )镇", "蔡桥镇"),
    ("绿(lǜ)化", "绿化"),
    ("嗯(ňg)", "嗯"),
    # Real parenthesised text: kept as it was.
    ("（2026年）工作要点", "（2026年）工作要点"),
    ("(一)书法、(二)剪纸", "(一)书法、(二)剪纸"),
    ("各村（社区）党支部", "各村（社区）党支部"),
    ("无锡(Wuxi)", "无锡(Wuxi)"),
    ("附件下载(pdf)", "附件下载(pdf)"),
    ("咖啡(café)", "咖啡(café)"),  # a tone mark, but no syllable of Mandarin
    ("镇(zhen)", "镇(zhen)"),  # no tone mark: cannot be told from a word
    ("Caiqiao (zhèn)", "Caiqiao (zhèn)"),  # not right after a character
]


@pytest.mark.parametrize("text, expected", CASES)
def test_pinyin_annotations_go_and_real_parentheses_stay(text, expected):
    assert strip_pinyin(text) == expected


def test_a_tone_mark_typed_as_a_combining_accent_counts_too():
    decomposed = unicodedata.normalize("NFD", "鎮(zhèn)")
    assert decomposed != "鎮(zhèn)"
    assert strip_pinyin(decomposed) == "鎮"
