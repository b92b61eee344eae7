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

    # After each approval the message says what comes next, and who is to do it.
    outcomes = [
        f"已通过初审，等待复审（{reviewers[1][0]}）。",
        f"已通过复审，等待终审（{reviewers[2][0]}）。",
        "已终审通过，文章已在网站发布。",
    ]
    for level, (reviewer, level_name) in enumerate(reviewers, start=1):
        # Until the last approval, residents get a 404.
        steps.expect_not_public(resident, live_server, article)
        article.refresh_from_db()
        assert (article.status, article.review_level) == (Article.Status.SUBMITTED, level)
        last = level == len(reviewers)
        steps.approve_as(
            reviewer,
            level_name,
            article=article,
            live_server=live_server,
            staff_desk=staff_desk,
            outcome=outcomes[level - 1],
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
