from django.conf import settings
from django.utils import translation


class ScriptMiddleware:
    """The script of a page comes from its address alone: /zh-hant/… is Traditional, anything
    else Simplified. (Django's LocaleMiddleware would also follow the browser's languages and
    a cookie, turning the admin English for an English browser.) Before CommonMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        language = language or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            return self.get_response(request)
        finally:
            translation.deactivate()
