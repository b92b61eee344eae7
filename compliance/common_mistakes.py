"""A starting 错敏词 list: words Chinese official texts commonly get wrong, with the correct form.
Added by `manage.py add_common_mistakes` (and seed_demo); the site admin then adds, changes or
removes terms in 错敏词."""

COMMON_MISTAKES = [
    ("截止目前", "截至目前", "“截至”后接时间点；“截止”表示到期停止"),
    ("截止到", "截至", ""),
    ("布署", "部署", ""),
    ("按排", "安排", ""),
    ("做为", "作为", ""),
    ("其它", "其他", "公文中统一用“其他”"),
    ("帐号", "账号", ""),
    ("帐户", "账户", ""),
    ("签定", "签订", "签订合同、协议"),
    ("既使", "即使", ""),
    ("再接再励", "再接再厉", ""),
    ("迫不急待", "迫不及待", ""),
    ("一如继往", "一如既往", ""),
]


def add_common_mistakes():
    """Add the terms of COMMON_MISTAKES that are not in the list yet; returns how many."""
    from .models import SensitiveTerm

    added = 0
    for term, suggestion, note in COMMON_MISTAKES:
        _term, created = SensitiveTerm.objects.get_or_create(
            term=term, defaults={"suggestion": suggestion, "note": note}
        )
        added += created
    return added
