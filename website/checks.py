"""Deployment checks (manage.py check --deploy) for what the counting and caching rely on."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "The default cache is each process's memory.",
                hint="Set REDIS_URL: with several gunicorn workers or app servers, the view "
                "windows of browsers and the navigation cache must be shared.",
                id="website.W001",
            )
        ]
    return []
