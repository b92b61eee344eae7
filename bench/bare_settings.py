"""The bare floor (bench/run.py): the same settings and database, no middleware at all, and a
URLconf of the floor view alone. What a Django page with a counter costs before anything of
ours (or Django's contrib) runs around it."""

from caiqiao.settings import *  # noqa: F403

MIDDLEWARE = []
ROOT_URLCONF = "bench.bare_urls"
