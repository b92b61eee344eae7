"""先审后发 in real browsers: an author writes, three reviewers approve, a resident reads.

Every person has a browser context of their own (own cookies, own session), as on their own
computers; the reviewers log in through the admin login form.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from news.models import Article, AuditRecord
from tests.factories import image_file, make_column, make_user

from . import admin_steps as steps

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def approve_as(reviewer, level_name, *, article, live_server, staff_desk, screenshot=None):
    """A reviewer at a desk: logs in, finds the article in 待我审核, opens it and clicks 通过."""
    page = staff_desk(reviewer)

    queue = page.locator("#editorial-summary li").filter(has_text="待我审核")
    expect(queue.locator(".count")).to_have_text("1")
    queue.get_by_role("link", name="待我审核").click()
    expect(page).to_have_url(re.compile(r"/admin/news/article/\?queue=review$"))
    page.locator("#result_list").get_by_role("link", name=article.title).click()
    change_page = steps.change_page(live_server, article)
    expect(page).to_have_url(change_page)

    panel = page.locator("#workflow")
    expect(panel.locator(".workflow-state strong")).to_have_text(f"待{level_name}")
    approve = panel.get_by_role("button", name="通过")
    expect(approve).to_be_visible()
    expect(approve).to_have_attribute("name", "revision_id")
    expect(approve).to_have_attribute("value", str(article.current_revision_id))
    expect(panel.get_by_role("link", name="退回")).to_be_visible()
    # Reviewers read; they cannot change the text or submit it.
    expect(page.locator("input[name=_submit_for_review]")).to_have_count(0)
    expect(page.locator("iframe.cke_wysiwyg_frame")).to_have_count(0)
    if screenshot:
        steps.keep_screenshot(page, screenshot)

    approve.click()
    expect(page).to_have_url(change_page)
    success = page.locator("ul.messagelist li.success")
    expect(success).to_have_text(f"“{article.title}”：审核通过完成。")
    expect(page.locator("ul.messagelist li.error")).to_have_count(0)
    # Decided: the button is gone for this reviewer, and the trail names them.
    expect(panel.get_by_role("button", name="通过")).to_have_count(0)
    trail = page.locator("#audit-trail tbody tr").filter(has_text="审核通过")
    expect(trail.filter(has_text=reviewer.username).filter(has_text=level_name)).to_have_count(1)


def test_author_writes_three_reviewers_approve_and_a_resident_sees_it_counted(
    live_server, staff_desk, author, resident, neighbour, tmp_path
):
    reviewers = [
        (make_user("chushen", "初审"), "初审"),
        (make_user("fushen", "复审"), "复审"),
        (make_user("zhongshen", "终审"), "终审"),
    ]
    column = make_column(name="工作动态", slug="gzdt")
    title = "蔡桥镇举办2025年油菜花节"

    # The author writes in CKEditor, with a bold part and an uploaded image, and submits.
    desk = staff_desk(author)
    steps.open_add_article(desk, live_server, title=title, column=column)
    steps.type_with_bold(desk, "3月22日，", "蔡桥镇第三届油菜花节", "在万亩花海开幕。")
    desk.keyboard.press("Enter")
    picture = image_file("油菜花节.png", size=(800, 450), colour=(240, 200, 50))
    src = steps.upload_image(desk, picture)
    article = steps.save_and_submit_for_review(desk, title)
    assert (article.status, article.review_level) == (Article.Status.SUBMITTED, 1)
    drafted_publish_at = article.publish_at

    for level, (reviewer, level_name) in enumerate(reviewers, start=1):
        # Until the last approval, residents get a 404.
        steps.expect_not_public(resident, live_server, article)
        article.refresh_from_db()
        assert (article.status, article.review_level) == (Article.Status.SUBMITTED, level)
        last = level == len(reviewers)
        approve_as(
            reviewer,
            level_name,
            article=article,
            live_server=live_server,
            staff_desk=staff_desk,
            screenshot=tmp_path / "reviewer-change-page.png" if last else None,
        )

    # In the database: online, approved by three different people, one per level.
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_published()
    assert article.live_revision_id == article.current_revision_id
    approvals = article.audit_records.filter(action=AuditRecord.Action.APPROVE).order_by("at")
    assert [(record.review_level, record.actor.username) for record in approvals] == [
        (1, "chushen"),
        (2, "fushen"),
        (3, "zhongshen"),
    ]
    assert len({record.actor_id for record in approvals}) == 3
    # The draft's time had passed, so the article went online at the final approval.
    final = approvals.last()
    approval_minute = final.at.replace(second=0, microsecond=0)
    assert drafted_publish_at <= article.publish_at <= final.at
    assert article.publish_at in {approval_minute, approval_minute - timedelta(minutes=1)}
    assert article.first_published_at == article.publish_at

    # The resident, on a phone, finds it on the home page and opens it.
    resident.goto(live_server.url + "/")
    link = resident.get_by_role("link", name=title).first
    expect(link).to_be_visible()
    link.click()
    expect(resident).to_have_url(live_server.url + article.get_absolute_url())
    expect(resident.get_by_role("heading", level=1)).to_have_text(title)
    meta = resident.locator(".article__meta").first
    expect(meta).to_contain_text("浏览次数：1")
    resident.reload()  # the same reader again within ten minutes: not counted twice
    expect(meta).to_contain_text("浏览次数：1")
    neighbour.goto(live_server.url + article.get_absolute_url())
    expect(neighbour.locator(".article__meta").first).to_contain_text("浏览次数：2")
    article.refresh_from_db()
    assert article.view_count == 2

    body = resident.locator(".article__body")
    expect(body.locator("strong")).to_have_text("蔡桥镇第三届油菜花节")
    image = body.locator("img")
    expect(image).to_have_count(1)
    expect(image).to_have_attribute("src", steps.UPLOADED_IMAGE)
    assert image.get_attribute("src") == src
    width, height = re.search(r"_(\d+)x(\d+)\.png$", src).groups()
    expect(image).to_have_attribute("width", width)
    expect(image).to_have_attribute("height", height)
    # Really shown: the browser loaded and decoded it.
    expect(image).to_be_visible()
    # On a 375-px phone the browser takes the 480-px rendition, not the 800-px upload, when
    # the reader scrolls to it (loading="lazy").
    image.scroll_into_view_if_needed()
    steps.wait_until(
        resident,
        "img => img.complete && img.naturalWidth > 0 && img.currentSrc.endsWith('_480w.png')",
        image.element_handle(),
    )
    expect(image).to_have_attribute("loading", "lazy")
    stored = Path(settings.MEDIA_ROOT) / src.removeprefix(settings.MEDIA_URL)
    assert stored.is_file(), f"{stored} is missing"

    reviewer_size = (tmp_path / "reviewer-change-page.png").stat().st_size
    assert reviewer_size > 0
    width, _ = steps.keep_screenshot(resident, tmp_path / "resident-article-375px.png")
    assert width == 375
