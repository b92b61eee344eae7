"""wordpaste.text_quality on text built the way it garbles: a paragraph's UTF-8 bytes read as
GBK (with ? or � where bytes were lost), half-width punctuation, pinyin glued into a garbled
run, a lost character, Traditional leftovers. Repairs are what is certain; the rest is flagged."""

import pytest

from wordpaste.text_quality import flags, repair

PARAGRAPH = "镇党委书记主持会议并讲话"


def utf8_read_as_gbk(text, lost="\ufffd"):
    return text.encode("utf-8").decode("gbk", errors="replace").replace("\ufffd", lost)


def whats(found):
    return [flag.what for flag in found]


@pytest.mark.parametrize(
    ("written", "repaired"),
    [
        ("<p>蔡桥镇,召开会议:主题;安全!</p>", "<p>蔡桥镇，召开会议：主题；安全！</p>"),
        ("<p>参加.会议于3.5时</p>", "<p>参加。会议于3.5时</p>"),
        ("<p>各村(社区)负责人</p>", "<p>各村（社区）负责人</p>"),
        ("<p>是吗?好</p>", "<p>是吗？好</p>"),
        ("<p>共3,000人,10:30开始</p>", "<p>共3,000人,10:30开始</p>"),  # numbers, not between 字
        ("<p>见 Hello, world: ok</p>", "<p>见 Hello, world: ok</p>"),
        ('<p><a href="http://x.cn/镇,村:a" title="镇,村">网址</a></p>',
         '<p><a href="http://x.cn/镇,村:a" title="镇,村">网址</a></p>'),  # attributes
        ("<p>他看著地图,接著出发</p>", "<p>他看着地图，接着出发</p>"),
        ("<p>《林业著作》显著、著名</p>", "<p>《林业著作》显著、著名</p>"),
        ("<p>我们向著名作家学习，他编写著作三部</p>", "<p>我们向著名作家学习，他编写著作三部</p>"),
    ],
)  # fmt: skip
def test_what_is_certain_is_repaired_in_text_only(written, repaired):
    assert repair(written)[0] == repaired


def test_utf8_read_as_gbk_is_read_back():
    garbled = utf8_read_as_gbk("蔡桥镇召开会议")  # 钄℃ˉ闀囧彫寮�浼氳��
    html, (change,) = repair(f"<p>{garbled}</p>")
    assert html == "<p>蔡桥镇召□会□</p>"  # where the bytes were lost: □, flagged
    assert (change.what, change.before, change.after) == ("乱码", garbled, "蔡桥镇召□会□")
    assert whats(flags("蔡桥镇召□会□")) == ["有字缺失（□），共 2 处"]


def test_utf8_read_as_gbk_without_loss_reads_back_whole():
    garbled = "蔡桥镇召开".encode().decode("gbk", errors="replace")[:-1]  # 钄℃ˉ闀囧彫
    assert repair(f"<p>{garbled}</p>")[0] == "<p>蔡桥镇召</p>"


def test_gbk_read_one_byte_off_is_realigned():
    data = "会议要求各村加强巡查".encode("gbk")
    shifted = data[1:].decode("gbk", errors="replace")  # 嵋橐�求各村加强巡查
    html, (change,) = repair(f"<p>{shifted}</p>")
    assert html == "<p>□议□求各村加强巡查</p>"
    assert (change.before, change.after) == ("嵋橐\ufffd", "□议□")


def test_mojibake_that_reads_no_way_is_flagged_not_changed():
    garbled = "钄℃ˉ闀囧彫寮鐏浼"[::-1]  # rare characters no reading explains
    assert repair(garbled) == (garbled, [])
    assert whats(flags(garbled)) == ["疑似乱码"]


def test_pinyin_inside_a_garbled_run_is_flagged():
    garbled = "钄℃ˉqiao闀囧彫寮"
    assert "汉字间夹有拼音或字母" in whats(flags(garbled))


def test_a_lost_character_is_flagged():
    assert whats(flags("蔡?镇召开会议")) == ["有字丢失（?或�）"]
    assert flags("会议于10:30开始? 是") == []  # ? not between two characters


def test_traditional_leftovers_are_flagged_and_zhe_only_after_verbs():
    assert whats(flags("這個片區裡")) == ["简体页面中有繁体字“這個區裡”，共 4 处"]
    assert whats(flags("他看著地图")) == ["“著”疑为“着”（看着、接着、随着）"]
    assert flags("《林业著作》显著提升，著名学者") == []
    assert flags("我们向著名作家学习，他编写著作三部，跟著名专家交流") == []


def test_ordinary_text_is_neither_changed_nor_flagged():
    text = "5月6日，蔡桥镇召开安全生产工作会议，传达学习上级有关文件精神。邵阳县委书记出席。"
    assert repair(f"<p>{text}</p>") == (f"<p>{text}</p>", [])
    assert flags(text) == []


def test_pinyin_glued_between_characters_is_flagged_and_spaced_latin_is_not():
    assert whats(flags("蔡桥qiao镇召开会议")) == ["汉字间夹有拼音或字母"]
    assert flags("扫码下载APP，或用 Wi-Fi 登录") == []
