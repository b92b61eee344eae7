from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("新闻内容")

    def ready(self):
        from PIL import Image

        # Pillow refuses (DecompressionBombError) images over twice this many pixels before
        # decoding them; news.images refuses anything over the limit itself, with a message.
        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
