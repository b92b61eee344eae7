from .pages import is_traditional, other_script


def script(request):
    """HTML_LANG for <html lang>, and other_script: the same page in the other script."""
    return {"HTML_LANG": "zh-Hant" if is_traditional() else "zh-Hans",
            "other_script": other_script(request)}  # fmt: skip
