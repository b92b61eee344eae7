"""A resident on a phone opens a policy document: the 政务公开 metadata table comes first, then the
text, then its attachment as 标题.pdf（PDF，大小）, which downloads."""

import datetime

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from attachments.forms import store_attachment
from news import services
from news.models import Article, SiteSettings
from tests.factories import make_column, make_user

from . import admin_steps as steps
from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n" + b"0" * 250_000 + b"\n%%EOF\n"


def test_a_policy_document_shows_its_metadata_and_attachment_to_a_resident(
    live_server, resident, tmp_path
):
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"host_organization": "蔡桥镇人民政府", "organization_code": "43052300"}
    )
    author = make_user("liumin", "撰稿人", first_name="刘敏")
    policies = make_column(name="政策文件", slug="zcwj", requires_disclosure=True)
    article = services.article_save(
        article=Article(
            column=policies, title="关于印发《蔡桥镇冬季森林防火工作方案》的通知",
            body="<p>各村（社区）、镇直各单位：现将《蔡桥镇冬季森林防火工作方案》印发给你们，请认真贯彻执行。</p>",
            document_number="蔡政发〔2026〕12号", written_on=datetime.date(2026, 11, 20),
            topic="农业、林业、水利", validity="valid",
        ),
        by=author,
    )  # fmt: skip
    plan = store_attachment(ContentFile(PDF, name="冬季森林防火工作方案.pdf"), author)
    article = services.article_save(
        article=Article.objects.get(pk=article.pk).working_copy(),
        by=author,
        parts={"attachments": [(plan, "蔡桥镇冬季森林防火工作方案")]},
    )
    services.article_submit(article=article, by=author)
    steps.publish(article)

    resident.goto(live_server.url + article.get_absolute_url())
    table = resident.locator("table.disclosure")
    for value in ["43052300/2026-00001", "蔡桥镇人民政府", "蔡政发〔2026〕12号", "2026-11-20",
                  "农业、林业、水利", "有效"]:  # fmt: skip
        expect(table).to_contain_text(value)
    expect(resident.locator(".attachments li")).to_have_text(
        "蔡桥镇冬季森林防火工作方案.pdf（PDF，244 KB）"
    )
    assert resident.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    steps.keep_screenshot(resident, tmp_path / "policy-page-375.png")
