"""Production settings plus the floor view's URL, for the benchmark only (bench/run.py)."""

from caiqiao.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
