"""Production settings plus the floor view's URL, for the benchmark only (bench/run.py)."""

import os

from caiqiao.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Each run's own keys in the shared cache: the database is made anew for every run, its article
# ids with it, and the view windows of an earlier run's readers (ten minutes) must not meet them.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "")  # noqa: F405
