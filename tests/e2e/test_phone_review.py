"""Reviewing as reviewers do it, in real browsers: from the e-mail's link on a 375-px phone in
three taps; a notice with its PDF through three reviewers until residents can download it; a
policy document that lacks its 文号 refused at submission.

Every person has a browser context of their own (own cookies, own session); the link in the
e-mail is the one django.core.mail collected, pointing at the live server (SITE_URL).
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from playwright.sync_api import expect

from attachments.forms import store_attachment
from news import images, services
from news.models import Article, AuditRecord
from tests.factories import (
    approve,
    change_url,
    image_file,
    local_minute,
    make_column,
    make_user,
)

from . import admin_steps as steps

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375
NOTICE = "关于开展冬季森林防火检查的通知"
PDF = b"%PDF-1.4\n" + b"0" * 4000 + b"\n%%EOF\n"


def reviewers_by_level():
    """One reviewer per level, with their names and e-mail addresses, as the site has them."""
    people = [("zhangsan", "初审", "张三"), ("lisi", "复审", "李四"), ("liumin", "终审", "刘敏")]
    return {
        level: make_user(login, role, first_name=name, email=f"{login}@example.com")
        for level, (login, role, name) in enumerate(people, start=1)
    }


def notice_body():
    """A notice as staff write it: paragraphs, a picture 1200 px wide and a table of eight
    columns with telephone numbers (both wider than a phone), and a long address."""
    picture = images.store_image(image_file("检查现场.png", size=(1200, 675)), "uploads")
    cells = "".join(f"<td>第{n}检查组 0739-81234{n:02d}</td>" for n in range(1, 9))
    return (
        "<p>各村（社区）、镇直各单位：为做好今冬明春森林防火工作，镇政府决定于12月开展"
        "森林防火专项检查，现将有关事项通知如下。</p>"
        f'<figure class="image"><img src="{default_storage.url(picture)}" alt="护林员在林区巡查">'
        "<figcaption>护林员在白水河林区巡查</figcaption></figure>"
        f"<table><tbody><tr>{cells}</tr></tbody></table>"
        "<p>报名表下载：https://www.caiqiao.gov.cn/files/2026/forest-fire-prevention-checklist-"
        "form-for-villages.pdf</p>"
    )


def submitted_notice(author, reviewers, column, *, title=NOTICE, publish_at):
    """A notice with its PDF, submitted by author and approved at levels 1 and 2 (services)."""
    attachment = store_attachment(ContentFile(PDF, name=f"{title}.pdf"), author)
    article = services.article_save(
        article=Article(column=column, title=title, body=notice_body(), publish_at=publish_at),
        by=author,
        parts={"attachments": [(attachment, title)]},
    )
    services.article_submit(article=article, by=author)
    approve(article, reviewers[1])
    approve(article, reviewers[2])
    return Article.objects.get(pk=article.pk)


def assert_tappable_and_apart(first, second):
    for button in (first, second):
        assert button.bounding_box()["height"] >= steps.TAP_HEIGHT, button.inner_text()
    assert steps.gap_between(first, second) >= steps.TAP_GAP


def test_a_reviewer_approves_on_a_phone_from_the_e_mail_link_in_three_taps(
    live_server, new_page, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    author = make_user("wangfang", "撰稿人", first_name="王芳", email="wangfang@example.com")
    reviewers = reviewers_by_level()
    final = reviewers[3]
    nine = timezone.localtime(timezone.now() + timedelta(days=3)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    column = make_column(name="通知公告", slug="tzgg")
    article = submitted_notice(author, reviewers, column, publish_at=nine)
    # Another notice waits for her too: 待我审核 on the index still lists one afterwards.
    other = submitted_notice(author, reviewers, column, title="关于做好冬季用电安全的通知",
                             publish_at=nine)  # fmt: skip
    (message,) = [m for m in mail.outbox if m.to == [final.email] and NOTICE in m.subject]
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link == live_server.url + change_url(article)
    read = article.current_revision_id

    phone = new_page()  # 375 × 800, an Android phone's browser
    taps = 0
    # Tap 1: the link in the e-mail. Not logged in on this phone yet: the login page keeps
    # where she was going.
    phone.goto(link)
    taps += 1
    expect(phone).to_have_url(
        re.compile(re.escape(f"/admin/login/?next={quote(change_url(article))}"))
    )
    phone.locator("input[name=username]").fill(final.username)
    phone.locator("input[name=password]").fill(final.raw_password)
    phone.get_by_role("button", name="登录").click()
    expect(phone).to_have_url(steps.change_page(live_server, article))

    # The change page: the text as residents will see it, its attachment, and 通过 / 退回
    # within the first screen, big enough and well apart.
    assert steps.scroll_width(phone) <= PHONE_WIDTH
    assert steps.beyond_the_screen(phone) == []
    body = phone.locator(".field-body_rendered .revision-body")
    expect(body).to_contain_text("森林防火专项检查")
    picture = body.get_by_role("img", name="护林员在林区巡查")
    expect(picture).to_be_visible()
    assert 300 <= picture.bounding_box()["width"] <= PHONE_WIDTH  # the screen's width, no more
    # The wide table scrolls by itself; its telephone numbers stay whole.
    assert steps.lines_of(body.locator("td").first) <= 2
    expect(
        phone.locator(".field-attachments_list").get_by_role("link", name=NOTICE)
    ).to_be_visible()
    panel = phone.locator("#workflow")
    expect(panel.locator(".workflow-state strong")).to_have_text("待终审")
    approve_link = panel.get_by_role("link", name="通过", exact=True)
    return_link = panel.get_by_role("link", name="退回", exact=True)
    assert_tappable_and_apart(approve_link, return_link)
    assert approve_link.bounding_box()["y"] + approve_link.bounding_box()["height"] <= 800
    assert approve_link.bounding_box()["width"] > return_link.bounding_box()["width"]
    # 版本记录 and 审核记录 read one record after another, each time on one line.
    for history in ("#revisions", "#audit-trail"):
        for cell in phone.locator(f"{history} tbody td:first-child").all():
            assert steps.lines_of(cell) == 1, (history, cell.inner_text())
    steps.keep_screenshot(phone, tmp_path / "phone-review-change.png")
    steps.keep_screenshot(phone, tmp_path / "phone-review-change-first-screen.png",
                          full_page=False)  # fmt: skip

    # Tap 2: 通过. The confirmation says when the article goes public, and carries the
    # revision she read.
    approve_link.click()
    taps += 1
    expect(phone).to_have_url(re.compile(rf"/workflow/approve/\?revision_id={read}$"))
    expect(phone.locator("#workflow-statement")).to_have_text(
        f"这是最后一级审核（终审）。确认通过后，文章将于 {local_minute(nine)} 在网站发布，"
        "在此之前公众看不到。"
    )
    expect(phone.get_by_label("审核意见")).to_be_visible()  # optional: she leaves it empty
    confirm = phone.get_by_role("button", name="确认通过")
    assert_tappable_and_apart(confirm, phone.get_by_role("link", name="取消"))
    assert steps.scroll_width(phone) <= PHONE_WIDTH
    assert steps.beyond_the_screen(phone) == []
    steps.keep_screenshot(phone, tmp_path / "phone-review-confirm.png")

    # Tap 3: 确认通过. Done, and told when it goes out.
    confirm.click()
    taps += 1
    expect(phone).to_have_url(steps.change_page(live_server, article))
    expect(phone.locator("ul.messagelist li.success")).to_have_text(
        f"已终审通过，将于 {local_minute(nine)} 在网站发布。"
    )
    assert taps == 3
    assert steps.scroll_width(phone) <= PHONE_WIDTH
    steps.keep_screenshot(phone, tmp_path / "phone-review-approved.png")
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.live_revision_id, stored.publish_at) == (
        Article.Status.APPROVED, read, nine)  # fmt: skip
    decision = stored.audit_records.get(action=AuditRecord.Action.APPROVE, review_level=3)
    assert (decision.actor, decision.revision_id) == (final, read)

    # The admin index on the phone: 待我审核 lists what is still waiting, by title.
    phone.goto(live_server.url + "/admin/")
    queue = phone.locator("#editorial-summary > ul > li").filter(has_text="待我审核")
    expect(queue.locator(".count")).to_have_text("1")
    waiting = phone.locator("#review-queue").get_by_role("link")
    expect(waiting).to_have_text([other.title])
    assert waiting.bounding_box()["height"] >= 32
    assert steps.scroll_width(phone) <= PHONE_WIDTH
    assert steps.beyond_the_screen(phone) == []
    steps.keep_screenshot(phone, tmp_path / "phone-review-index.png")


def test_a_notice_with_a_pdf_goes_through_three_reviewers_before_residents_can_download_it(
    live_server, staff_desk, author, resident, tmp_path
):
    reviewers = reviewers_by_level()
    names = {level: str(user) for level, user in reviewers.items()}
    column = make_column(name="通知公告", slug="tzgg")

    # The author writes the notice and attaches the PDF in the browser, and submits it.
    desk = staff_desk(author)
    steps.open_add_article(desk, live_server, title=NOTICE, column=column)
    desk.keyboard.type("各村（社区）：镇政府决定于12月开展森林防火专项检查，详见附件。")
    desk.locator("#id_new_attachments").set_input_files(
        {"name": f"{NOTICE}.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    article = steps.save_and_submit_for_review(desk, NOTICE)
    expect(
        desk.locator("ul.messagelist li.success").filter(has_text="稿件已提交审核")
    ).to_have_text(f"稿件已提交审核。等待初审（{names[1]}）。")
    link = article.current_revision.attachment_links.get()
    public_file = live_server.url + link.get_absolute_url()
    assert link.get_absolute_url() == f"/files/{link.attachment_id}/{quote(NOTICE)}.pdf"

    outcomes = {
        1: f"已通过初审，等待复审（{names[2]}）。",
        2: f"已通过复审，等待终审（{names[3]}）。",
        3: "已终审通过，文章已在网站发布。",
    }
    for level, level_name in [(1, "初审"), (2, "复审"), (3, "终审")]:
        # Not public yet: neither the article nor its attachment.
        assert resident.request.get(public_file).status == 404
        steps.expect_not_public(resident, live_server, article)
        page = steps.approve_as(
            reviewers[level], level_name, article=article, live_server=live_server,
            staff_desk=staff_desk, outcome=outcomes[level],
            comment="附件与正文一致，同意。" if level == 2 else "",
        )  # fmt: skip
    steps.keep_screenshot(page, tmp_path / "phone-review-desk-trail.png")
    stored = Article.objects.get(pk=article.pk)
    assert stored.is_published()
    assert (
        stored.audit_records.get(review_level=2, action="approve").reason
        == "附件与正文一致，同意。"
    )

    # The resident downloads it from the article page, with its Chinese name.
    resident.goto(live_server.url + article.get_absolute_url())
    listed = resident.locator(".attachments").get_by_role("link", name=NOTICE)
    expect(listed).to_be_visible()
    with resident.expect_download() as download:
        listed.click()
    assert download.value.suggested_filename == f"{NOTICE}.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
    answer = resident.request.get(public_file)
    assert answer.status == 200
    assert answer.headers["content-disposition"] == (
        f"attachment; filename*=utf-8''{quote(NOTICE)}.pdf"
    )


def test_a_policy_document_without_its_document_number_cannot_be_submitted(
    live_server, staff_desk, author
):
    column = make_column(name="政策文件", slug="zcwj", requires_disclosure=True)
    title = "蔡桥镇2026年春耕生产扶持办法"
    desk = staff_desk(author)
    steps.open_add_article(desk, live_server, title=title, column=column)
    desk.keyboard.type("第一条　为稳定粮食生产，支持春耕备耕，制定本办法。")
    # Everything 政务公开 asks for but the 文号.
    desk.locator("#id_written_on").fill("2026-11-20")
    desk.locator("#id_topic").select_option("农业、林业、水利")
    desk.locator("#id_validity").select_option("valid")
    desk.locator("input[type=submit][name=_submit_for_review]").click()

    refusal = desk.locator("ul.messagelist li.error")
    expect(refusal).to_have_text("“政策文件”栏目的文章须填写政务公开信息，还缺：文号。")
    # Refused, and nothing typed is lost: it is saved as a draft.
    stored = Article.objects.get(title=title)
    assert stored.status == Article.Status.DRAFT
    assert "为稳定粮食生产" in stored.current_revision.body
    assert (stored.current_revision.topic, str(stored.written_on)) == ("农业、林业、水利",
                                                                      "2026-11-20")  # fmt: skip
    desk.goto(live_server.url + change_url(stored))
    steps.wait_until(desk, steps.CKEDITOR_READY)
    expect(steps.editor_body(desk)).to_contain_text("为稳定粮食生产")

    # With its 文号 it goes to review.
    desk.locator("#id_document_number").fill("蔡政发〔2026〕12号")
    desk.locator("input[type=submit][name=_submit_for_review]").click()
    expect(
        desk.locator("ul.messagelist li.success").filter(has_text="稿件已提交审核")
    ).to_be_visible()
    expect(desk.locator("ul.messagelist li.error")).to_have_count(0)
    assert Article.objects.get(pk=stored.pk).status == Article.Status.SUBMITTED
