"""Pre-publication checks, run on the text under review: personal data blocks approval; 错敏词,
near-misses of exact names, pictures without alt text and links to missing pages of this site
are shown to the reviewer, who may approve over them with a reason in the 审核意见."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from attachments.forms import store_attachment
from compliance.content import check, near_misses
from compliance.models import ExactName, SensitiveTerm
from core.personal_data import is_id_card_number, passes_luhn, personal_data
from news import services
from news.models import Article, WorkflowError
from tests.factories import (
    as_user,
    change_url,
    id_card_number,
    make_article,
    make_column,
    step_url,
)

pytestmark = pytest.mark.django_db

VALID_ID = id_card_number()
BANK_CARD = "6222021234567890128"  # passes the Luhn check


def submitted(people, body, **fields):
    article = make_article(status=Article.Status.DRAFT, by=people["author"], body=body, **fields)
    return services.article_submit(article=article, by=people["author"])


def approve(article, reviewer, comment=""):
    return services.article_approve(
        article=article, by=reviewer, revision_id=article.current_revision_id, comment=comment
    )


def test_id_card_numbers_are_recognised_by_their_check_digit_and_birth_date():
    assert is_id_card_number(VALID_ID)
    wrong_digit = VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")
    assert not is_id_card_number(wrong_digit)
    assert not is_id_card_number(id_card_number("43052319801301001"))  # month 13
    assert passes_luhn(BANK_CARD) and not passes_luhn(BANK_CARD[:-1] + "9")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"申请人身份证号{VALID_ID}。", "身份证号码 430"),
        ("联系人手机：138 0739 1234", "手机号码 138****1234"),
        (f"请汇入账户{BANK_CARD}", "银行卡号 622"),
    ],
)
def test_personal_data_is_found_and_masked(text, found):
    (item,) = personal_data(text)
    assert item.startswith(found)
    assert "07391234" not in item and VALID_ID not in item


@pytest.mark.parametrize(
    "text",
    ["值班电话：0739-1234567", "2026年11月20日", "文号：蔡政发〔2026〕12号", "12119",
     "2024-01-04 2024-01-18", "2024-01-04 2024-01-18 2024-02-01", "20240104 20240118"],
)  # fmt: skip
def test_office_numbers_and_dates_are_not_personal_data(text):
    assert personal_data(text) == []


@pytest.mark.parametrize(
    "text",
    [f"张三 {VALID_ID} 1500", f"ID{VALID_ID}", f"{VALID_ID}，",
     f"户主：张三；{VALID_ID} 2024-01-04"],
)  # fmt: skip
def test_an_id_number_is_found_beside_other_numbers(text):
    assert [item[:7] for item in personal_data(text)] == ["身份证号码 4"]


def test_a_bank_card_is_found_written_in_groups():
    assert personal_data("6222 0212 3456 7890 128")[0].startswith("银行卡号 622")


def test_an_id_card_number_blocks_approval_even_with_a_reason(people):
    article = submitted(people, f"<p>经核实，户主张某（身份证号{VALID_ID}）符合条件。</p>")
    with pytest.raises(WorkflowError, match="含有个人信息，不能通过"):
        approve(article, people["reviewer1"], comment="已核实")
    assert Article.objects.get(pk=article.pk).review_level == 1


def test_personal_data_in_an_attachments_name_blocks_too(people):
    article = make_article(status=Article.Status.DRAFT, by=people["author"])
    named = store_attachment(ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"{VALID_ID}申请表.pdf"),
                             people["author"])  # fmt: skip
    article = services.article_save(
        article=Article.objects.get(pk=article.pk).working_copy(), by=people["author"],
        parts={"attachments": [(named, "申请表")]},
    )  # fmt: skip
    services.article_submit(article=article, by=people["author"])
    assert [finding.blocking for finding in check(article)] == [True]
    with pytest.raises(WorkflowError):
        approve(Article.objects.get(pk=article.pk), people["reviewer1"], comment="附件已核")


def test_a_sensitive_term_needs_a_reason_to_approve_and_the_reason_is_kept(people):
    SensitiveTerm.objects.create(term="截止目前", suggestion="截至目前")
    article = submitted(people, "<p>截止目前，全镇已完成造林2000亩。</p>")
    (finding,) = check(article)
    assert finding.text == "错敏词“截止目前”，建议改为“截至目前”" and not finding.blocking
    with pytest.raises(WorkflowError, match="请在审核意见里写明理由"):
        approve(article, people["reviewer1"])
    approve(article, people["reviewer1"], comment="引用原文件标题，保留")
    record = Article.objects.get(pk=article.pk).audit_records.get(action="approve")
    assert record.reason == "引用原文件标题，保留"


def test_garbled_text_needs_a_reason_to_approve_and_is_not_changed(people):
    garbled = "蔡桥镇召开会议".encode().decode("gbk", errors="replace")  # 钄℃ˉ闀囧彫寮�浼氳��
    body = f"<p>{garbled}，镇干部看著地图。</p>"
    article = submitted(people, body)
    found = check(article)
    assert {f.kind for f in found} == {"garbled"} and not any(f.blocking for f in found)
    assert [f.text.split("：")[0] for f in found] == [
        "疑似乱码", "有字丢失（?或�），共 2 处", "“著”疑为“着”（看着、接着、随着）"
    ]  # fmt: skip
    with pytest.raises(WorkflowError, match="请在审核意见里写明理由"):
        approve(article, people["reviewer1"])
    approve(article, people["reviewer1"], comment="原文如此，已与原件核对")
    assert Article.objects.get(pk=article.pk).body == body  # flagged, never repaired here


def test_near_misses_of_exact_names_are_flagged_and_the_names_themselves_are_not():
    names = ["李建国", "白水溪村", "王芳"]
    assert near_misses("镇长李建图、李建国出席，白水溪村和白水汐村", names) == [
        ("李建图", "李建国"),
        ("白水汐村", "白水溪村"),
    ]
    assert near_misses("王方同志", names) == []  # two characters: too many ordinary words


def test_a_misspelt_leaders_name_is_shown_to_the_reviewer(client, people):
    ExactName.objects.create(name="李建国", note="镇长")
    article = submitted(people, "<p>镇长李建图主持会议。</p>")
    html = as_user(client, people["reviewer1"]).get(change_url(article)).content.decode()
    assert "“李建图”疑为“李建国”之误" in html and 'id="compliance-findings"' in html


def test_links_to_pages_of_this_site_that_do_not_exist_are_flagged(people):
    live = make_article(title="已发布的文章")
    draft = make_article(status=Article.Status.DRAFT, title="未发布的文章")
    live_url, draft_url = live.get_absolute_url(), draft.get_absolute_url()
    body = (f'<p><a href="{live_url}">有</a><a href="/news/999999/">无</a>'
            f'<a href="{draft_url}">草稿</a><a href="/zh-hant{live_url}">繁</a>'
            '<a href="/no/such/page/">错</a><a href="https://www.gov.cn/">外</a></p>')  # fmt: skip
    article = submitted(people, body)
    flagged = sorted(f.text.split("：")[1] for f in check(article) if f.kind == "link")
    assert flagged == sorted(["/news/999999/", draft.get_absolute_url(), "/no/such/page/"])


def test_the_reviewer_sees_no_approve_button_when_personal_data_blocks(client, people):
    article = submitted(people, f"<p>身份证号{VALID_ID}</p>")
    html = as_user(client, people["reviewer1"]).get(change_url(article)).content.decode()
    assert "含有个人信息：身份证号码" in html
    assert step_url(article, "approve") not in html
    assert step_url(article, "return") in html


def test_the_confirmation_page_lists_the_findings_and_asks_for_a_reason(client, people):
    SensitiveTerm.objects.create(term="截止目前", suggestion="截至目前")
    article = submitted(people, "<p>截止目前</p>")
    reviewer = as_user(client, people["reviewer1"])
    url = step_url(article, "approve") + f"?revision_id={article.current_revision_id}"
    assert "错敏词“截止目前”" in reviewer.get(url).content.decode()
    response = reviewer.post(url, {"revision_id": article.current_revision_id, "comment": ""})
    assert response.status_code == 200  # the form again, saying what is missing
    assert "检查发现问题，如仍要通过，请在审核意见里写明理由。" in response.content.decode()
    assert Article.objects.get(pk=article.pk).review_level == 1


def test_the_author_is_told_at_submission(client, people):
    article = make_article(make_column(), status=Article.Status.DRAFT, by=people["author"],
                           body=f"<p>身份证号{VALID_ID}</p>")  # fmt: skip
    response = as_user(client, people["author"]).post(step_url(article, "submit"), follow=True)
    html = response.content.decode()
    assert "发布前检查发现：含有个人信息：身份证号码" in html
    assert "含有个人信息的稿件不能通过审核" in html


def test_the_common_mistakes_are_added_once_and_the_site_admins_changes_are_kept():
    out = StringIO()
    call_command("add_common_mistakes", stdout=out)
    assert "新增 13 个" in out.getvalue()
    SensitiveTerm.objects.filter(term="其它").update(suggestion="其他（本镇规定）")
    SensitiveTerm.objects.filter(term="布署").delete()
    call_command("add_common_mistakes", stdout=StringIO())
    assert SensitiveTerm.objects.get(term="其它").suggestion == "其他（本镇规定）"
    assert SensitiveTerm.objects.count() == 13  # a deleted one comes back only by this command


def test_reviewers_not_asked_see_no_findings_of_an_unsubmitted_edit(client, people):
    ExactName.objects.create(name="李建国")
    article = make_article(by=people["author"], body="<p>镇长李建国出席。</p>")  # online
    edited = Article.objects.get(pk=article.pk).working_copy()
    edited.body = "<p>镇长李建图出席。</p>"
    services.article_save(article=edited, by=people["author"])  # not submitted
    html = as_user(client, people["reviewer1"]).get(change_url(article)).content.decode()
    assert "李建图" not in html and 'id="compliance-findings"' not in html
    author_sees = as_user(client, people["author"]).get(change_url(article)).content.decode()
    assert "“李建图”疑为“李建国”之误" in author_sees


def test_a_link_out_of_the_media_folder_is_a_missing_page_not_an_error(client, people):
    article = submitted(people, '<p><a href="/media/../../etc/passwd">x</a></p>')
    (finding,) = check(article)
    assert finding.text == "链接指向本站不存在的页面：/media/../../etc/passwd"
    assert as_user(client, people["reviewer1"]).get(change_url(article)).status_code == 200


def test_offering_the_approve_button_checks_only_what_blocks(client, people):
    """The change page's buttons ask whether 通过 may be offered: a 错敏词 does not hide it
    (it needs a reason when deciding), and the links of the text are not fetched for it."""
    SensitiveTerm.objects.create(term="截止目前", suggestion="截至目前")
    article = submitted(people, '<p>截止目前<a href="/no/such/page/">链接</a></p>')
    assert "approve" in article.allowed_actions(people["reviewer1"])
    assert [f.kind for f in check(article, kinds=("personal",))] == []
    assert sorted(f.kind for f in check(article)) == ["link", "term"]
