"""What staff upload (editor images and covers): stored re-encoded from the pixels (no EXIF, no
GPS, nothing appended, orientation applied) under random names, refused with a Chinese message
the editor shows, recorded in the audit log, never half-stored on a failing disk, and never
served back as HTML."""

import json
import re
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image

from accounts.models import SecurityEvent
from news.models import Article
from tests.factories import (
    APPENDED,
    ARTICLE_ADD_URL,
    UPLOAD_URL,
    article_form_data,
    as_user,
    image_file,
    make_article,
    make_column,
    make_user,
    phone_photo,
    site_settings_form_data,
    stored_files,
)

pytestmark = pytest.mark.django_db

STORED_UPLOAD = re.compile(r"/media/uploads/[0-9a-f]{32}_(\d+)x(\d+)\.(jpg|png|gif|webp)")


@pytest.fixture
def author(client):
    user = make_user("upload-author", "撰稿人")
    as_user(client, user)
    return user


@pytest.fixture
def full_disk(settings):
    full = {"BACKEND": "tests.factories.FullDiskStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": full}


def upload(client, file, path=UPLOAD_URL):
    response = client.post(path, {"upload": file})
    return response, json.loads(response.content)


def stored_image(settings, url):
    data = (settings.MEDIA_ROOT / url.removeprefix("/media/")).read_bytes()
    return data, Image.open(BytesIO(data))


def assert_clean_photo(data, image):
    """What a phone photo must become: upright (300×400 from a 400×300 taken on its side,
    red on top), without any EXIF or the bytes that were appended to it."""
    assert image.format == "JPEG"
    assert image.size == (300, 400)
    assert image.getpixel((150, 20))[0] > 150  # the red half is now at the top
    assert not image.getexif()
    assert b"Exif" not in data and b"CaiqiaoPhone" not in data
    assert APPENDED not in data and b"<script" not in data


def test_the_photo_is_the_one_that_would_need_cleaning():
    """The fixture itself carries what must go: GPS, camera model, orientation, appended HTML."""
    photo = phone_photo().read()
    exif = Image.open(BytesIO(photo)).getexif()
    assert exif[0x0112] == 6 and exif.get_ifd(0x8825)[2] == (27.0, 12.0, 36.0)
    assert photo.endswith(APPENDED)


def test_an_editor_upload_is_stored_re_encoded_without_gps_upright_and_under_a_random_name(
    client, author, settings
):
    response, answer = upload(client, phone_photo(name="../../村委会照片.html"))
    assert response.status_code == 200 and answer["uploaded"] == 1
    assert STORED_UPLOAD.fullmatch(answer["url"]), answer["url"]
    assert answer["url"].endswith(".jpg")  # the real format, not the name's .html
    assert_clean_photo(*stored_image(settings, answer["url"]))


def test_a_png_keeps_its_pixels_and_transparency_but_not_its_text_chunks(client, author, settings):
    from PIL import PngImagePlugin

    image = Image.new("RGBA", (40, 30), (0, 128, 0, 0))
    image.putpixel((5, 5), (255, 0, 0, 255))
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "住址：蔡桥镇某村 13800000000")
    output = BytesIO()
    image.save(output, format="PNG", pnginfo=text)
    _response, answer = upload(client, ContentFile(output.getvalue(), name="a.png"))
    data, stored = stored_image(settings, answer["url"])
    assert b"13800000000" not in data and b"Comment" not in data
    assert stored.convert("RGBA").getpixel((5, 5)) == (255, 0, 0, 255)
    assert stored.convert("RGBA").getpixel((0, 0))[3] == 0


def test_a_cover_is_stored_re_encoded_and_so_is_its_rendition(client, author, settings):
    column = make_column()
    data = article_form_data(column=column, title="封面去掉定位信息", cover=phone_photo(),
                             cover_alt="村委会门前")  # fmt: skip
    response = client.post(ARTICLE_ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title="封面去掉定位信息")
    assert re.fullmatch(r"covers/originals/[0-9a-f]{32}\.jpg", article.cover.name)
    original = article.cover.read()
    assert_clean_photo(original, Image.open(BytesIO(original)))
    with Image.open(article.cover_rendition.path) as rendition:
        assert rendition.size == (960, 540) and not rendition.getexif()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (ContentFile(b"<html><script>alert(1)</script>", name="a.jpg"), "无法识别这个文件"),
        (ContentFile(b'<svg onload="alert(1)"/>', name="a.svg"), "无法识别这个文件"),
        (image_file(name="a.bmp", image_format="BMP"), "不支持 BMP 格式"),
        (ContentFile(phone_photo().read()[:600], name="cut.jpg"), "无法识别这个文件"),
    ],
    ids=["html-named-jpg", "svg", "bmp", "truncated-jpeg"],
)
def test_what_is_not_an_accepted_image_is_refused_in_chinese_in_the_editor(
    client, author, settings, file, message
):
    """CKEditor shows error.message only from a 200 answer."""
    response, answer = upload(client, file)
    assert response.status_code == 200 and answer["uploaded"] == 0
    assert message in answer["error"]["message"]
    assert stored_files(settings.MEDIA_ROOT) == []
    refused = SecurityEvent.objects.get(action=SecurityEvent.Action.UPLOAD)
    assert (refused.result, refused.user) == (SecurityEvent.Result.REFUSED, author)


def test_a_decompression_bomb_is_refused_before_decoding(client, author, settings):
    settings.MAX_IMAGE_PIXELS = 50 * 50
    _response, answer = upload(client, image_file(size=(400, 400)))
    assert answer["uploaded"] == 0 and "尺寸过大" in answer["error"]["message"]


def test_the_answer_echoes_nothing_of_the_request(client, author):
    """django-ckeditor's view wrote CKEditorFuncNum into a <script> as sent."""
    attack = "1);alert(document.domain);//"
    response = client.post(f"{UPLOAD_URL}?CKEditorFuncNum={attack}", {"upload": image_file()})
    assert response["Content-Type"] == "application/json"
    assert "alert" not in response.content.decode() and "<script" not in response.content.decode()
    assert json.loads(response.content)["uploaded"] == 1


def test_an_upload_is_recorded_with_who_and_from_where(client, author):
    _response, answer = upload(client, phone_photo(name="会场.jpg"))
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.UPLOAD)
    assert (event.user, event.result, event.address) == (author, "success", "127.0.0.1")
    assert event.target == answer["url"].removeprefix("/media/")
    assert "会场.jpg" in event.detail


def test_a_full_disk_gives_a_chinese_message_and_leaves_no_partial_file(
    client, author, settings, full_disk
):
    response, answer = upload(client, phone_photo())
    assert response.status_code == 200 and answer["uploaded"] == 0
    assert "存储空间不足" in answer["error"]["message"]
    assert stored_files(settings.MEDIA_ROOT) == []
    failed = SecurityEvent.objects.get(action=SecurityEvent.Action.UPLOAD)
    assert failed.result == SecurityEvent.Result.FAILED


def test_a_cover_on_a_full_disk_is_a_form_error_that_keeps_what_was_typed(
    client, author, settings, full_disk
):
    data = article_form_data(column=make_column(), title="磁盘满时保存", cover=phone_photo(),
                             cover_alt="照片")  # fmt: skip
    response = client.post(ARTICLE_ADD_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "存储空间不足" in html
    assert 'value="磁盘满时保存"' in html
    assert not Article.objects.filter(title="磁盘满时保存").exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_a_reviewer_cannot_upload_and_anonymous_is_sent_to_login(client, settings):
    reviewer = as_user(Client(), make_user("upload-reviewer", "初审"))
    _response, answer = upload(reviewer, image_file())
    assert answer["uploaded"] == 0 and "权限" in answer["error"]["message"]
    assert client.post(UPLOAD_URL, {"upload": image_file()}).status_code == 302
    assert stored_files(settings.MEDIA_ROOT) == []


def test_every_address_under_the_upload_url_needs_the_csrf_token_and_goes_through_the_checks(
    author, settings
):
    strict = as_user(Client(enforce_csrf_checks=True), author)
    for path in ["/ckeditor/upload/", "/ckeditor/upload/x", "/ckeditor/upload/?CKEditorFuncNum=1"]:
        assert strict.post(path, {"upload": image_file()}).status_code == 403, path
    settings.MAX_IMAGE_PIXELS = 50 * 50
    _response, answer = upload(
        as_user(Client(), author), image_file(size=(400, 400)), "/ckeditor/upload/x"
    )
    assert answer["uploaded"] == 0
    assert stored_files(settings.MEDIA_ROOT) == []


def test_the_browse_view_of_every_uploader_is_not_served(author):
    client = as_user(Client(), author)
    assert client.get("/ckeditor/browse/").status_code == 404


class TestServedMedia:
    """SERVE_MEDIA: what Django serves from MEDIA_ROOT itself (the nginx snippet does the same)."""

    @pytest.fixture(autouse=True)
    def _serve(self, settings):
        settings.SERVE_MEDIA = True
        (settings.MEDIA_ROOT / "uploads").mkdir(parents=True)
        (settings.MEDIA_ROOT / "uploads/a.png").write_bytes(image_file(size=(10, 10)).read())
        (settings.MEDIA_ROOT / "uploads/x.html").write_bytes(b"<script>alert(1)</script>")

    def test_an_image_is_shown_inline_and_never_sniffed(self, client):
        response = client.get("/media/uploads/a.png")
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline")

    def test_anything_else_is_a_download_that_runs_nothing(self, client):
        response = client.get("/media/uploads/x.html")
        assert response["Content-Disposition"] == "attachment"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]

    def test_a_randomly_named_upload_is_kept_a_year_any_other_file_a_day(self, client, author):
        """Uploads have random names (a changed picture is a new address); the site's logo
        keeps its own name and may be replaced under it."""
        _response, answer = upload(client, image_file())
        path = answer["url"]
        assert client.get(path)["Cache-Control"] == "public, max-age=31536000, immutable"
        for other in ["/media/uploads/a.png", "/media/uploads/x.html"]:
            assert client.get(other)["Cache-Control"] == "public, max-age=86400", other

    def test_without_serve_media_django_serves_no_upload(self, client, settings):
        settings.SERVE_MEDIA = False
        assert client.get("/media/uploads/a.png").status_code == 404


def test_a_large_editor_image_is_stored_at_most_1600_wide_with_narrower_renditions(
    client, author, settings
):
    _response, answer = upload(
        client, image_file("大图.jpg", size=(3200, 1600), image_format="JPEG")
    )
    assert re.fullmatch(r"/media/uploads/[0-9a-f]{32}_1600x800\.jpg", answer["url"])
    stem = answer["url"].removeprefix("/media/").removesuffix(".jpg")
    for width in (480, 960):
        with Image.open(settings.MEDIA_ROOT / f"{stem}_{width}w.jpg") as rendition:
            assert rendition.size == (width, width // 2)
    assert len(stored_files(settings.MEDIA_ROOT)) == 3


def test_a_gif_keeps_its_frames_and_gets_no_renditions(client, author, settings):
    frames = [Image.new("RGB", (1200, 600), colour) for colour in ((200, 0, 0), (0, 200, 0),
                                                                   (0, 0, 200))]  # fmt: skip
    output = BytesIO()
    frames[0].save(output, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    _response, answer = upload(client, ContentFile(output.getvalue(), name="动图.gif"))
    assert answer["uploaded"] == 1
    assert stored_files(settings.MEDIA_ROOT) == [answer["url"].removeprefix("/media/")]
    data, stored = stored_image(settings, answer["url"])
    assert stored.n_frames == 3


def test_pages_give_our_images_their_size_renditions_and_lazy_loading(client, author, settings):
    from news.images import responsive_images

    _response, answer = upload(client, image_file("图.png", size=(2000, 1000)))
    html = responsive_images(f'<p><img alt="图" src="{answer["url"]}"></p>'
                             '<p><img alt="外" src="https://example.com/a.jpg"></p>')  # fmt: skip
    ours = re.search(r'<img alt="图"[^>]*>', html).group()
    stem = answer["url"].removesuffix(".png")
    assert 'width="1600" height="800"' in ours and 'loading="lazy"' in ours
    assert f'srcset="{stem}_480w.png 480w, {stem}_960w.png 960w, {answer["url"]} 1600w"' in ours
    assert '<img alt="外" src="https://example.com/a.jpg">' in html  # not ours: left alone


def test_a_cover_has_a_narrow_rendition_for_lists(client, author, settings):
    column = make_column()
    data = article_form_data(column=column, title="有封面", cover=image_file(size=(1600, 900)),
                             cover_alt="镇政府大楼")  # fmt: skip
    assert client.post(ARTICLE_ADD_URL, data).status_code == 302
    article = Article.objects.get(title="有封面")
    small = article.cover_rendition.path.replace(".jpg", "-480.jpg")
    with Image.open(small) as rendition:
        assert rendition.size == (480, 270)
    small_url = article.cover_rendition.url.replace(".jpg", "-480.jpg")
    assert article.cover_srcset == f"{small_url} 480w, {article.cover_rendition.url} 960w"
    public = make_article(column, cover=image_file(), cover_alt="图")
    card = Client(HTTP_USER_AGENT="Mozilla/5.0 Mobile").get(column.get_absolute_url())
    assert f'srcset="{public.cover_srcset}"' in card.content.decode()


def test_every_image_needs_its_description(client, author):
    column = make_column()
    body = '<p>正文</p><p><img src="/media/uploads/a.png"></p>'
    no_alt = article_form_data(column=column, title="缺图片说明", body=body)
    response = client.post(ARTICLE_ADD_URL, no_alt)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 张图片没有填写“替换文本”" in html and 'value="缺图片说明"' in html
    cover_without_alt = article_form_data(column=column, title="封面缺说明", cover=image_file())
    response = client.post(ARTICLE_ADD_URL, cover_without_alt)
    assert "有封面图片时，请用一句话说明图片内容。" in response.content.decode()
    assert not Article.objects.exists()


def test_a_cover_in_a_form_refused_for_another_field_leaves_no_file(client, author, settings):
    """Files are stored when the article is saved, not while its form is checked: a form
    that fails (here: the picture without its 说明) keeps nothing of the upload."""
    data = article_form_data(column=make_column(), title="缺说明的封面", cover=phone_photo(),
                             cover_alt="")  # fmt: skip
    response = client.post(ARTICLE_ADD_URL, data)
    assert response.status_code == 200
    assert "有封面图片时，请用一句话说明图片内容" in response.content.decode()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_a_logo_in_a_refused_settings_form_leaves_no_file(client, settings, people):
    data = site_settings_form_data(logo=image_file("徽标.png"), email="不是邮箱")
    response = as_user(client, people["site_admin"]).post(
        "/admin/news/sitesettings/1/change/", data
    )
    assert response.status_code == 200 and "有效的 Email 地址" in response.content.decode()
    assert stored_files(settings.MEDIA_ROOT) == []
    data["email"] = "zfb@caiqiao.gov.cn"
    data["logo"] = image_file("徽标.png")
    assert (
        as_user(client, people["site_admin"])
        .post("/admin/news/sitesettings/1/change/", data)
        .status_code
        == 302
    )
    assert [name for name in stored_files(settings.MEDIA_ROOT) if name.startswith("site/")]
