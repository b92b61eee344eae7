"""Benchmark of the public pages against the floor of any Django page with a counter.

    .venv/bin/python bench/run.py                   # throughput table (1,000 articles)
    .venv/bin/python bench/run.py --scale 1000,100000   # plus latencies at each size

It makes a fresh PostgreSQL database (DATABASE_URL, default caiqiao_bench on 127.0.0.1), seeds
it, starts gunicorn with the production settings (DEBUG off, plain HTTP on 127.0.0.1) and the
shared cache (REDIS_URL, default the local Redis if one answers), and measures each page with
wrk at 32 and 128 connections next to two floors (bench/floor.py: one UPDATE ... view_count + 1
on the same row and a fixed page of the same size): bare, in a second gunicorn with no
middleware (bench/bare_settings.py), and inside the site's stack (bench/urls.py). Every detail
and floor request is a different reader (bench/readers.lua), so each one must count: afterwards
the stored count is compared with the 2xx responses in the access logs. Everything binds to
127.0.0.1 and stops by itself; results go to bench/results/.
"""

import argparse
import itertools
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
READERS = ROOT / "bench" / "readers.lua"
BROWSER = (
    "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)


def log(message):
    print(message, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(url):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class Site:
    """A database, its settings and (while running) a gunicorn serving them."""

    def __init__(self, database_url, redis_url, workdir, list_cache_seconds):
        self.database_url = database_url
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "LIST_CACHE_SECONDS": str(list_cache_seconds),
            "LOG_LEVEL": "WARNING",
            # wrk stands where nginx would: readers.lua names each reader's address.
            "TRUSTED_PROXIES": "127.0.0.1",
            "BENCH_CACHE_PREFIX": f"bench-{secrets.token_hex(4)}",
        }
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        self.workdir = workdir
        self.server = None

    def manage(self, *args, capture=False):
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
            capture_output=True, text=True,
        )  # fmt: skip
        return result.stdout if capture else None

    def reset(self):
        import psycopg2

        name = urlparse(self.database_url).path.lstrip("/")
        admin = psycopg2.connect(self.database_url.rsplit("/", 1)[0] + "/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
        self.manage("migrate", "--noinput")
        self.manage("seed_demo", "--force")

    def sql(self, query, *params):
        import psycopg2

        with psycopg2.connect(self.database_url) as connection, connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()

    def start(self, page_bytes=20000, workers=5, settings_module="bench.settings"):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.access_log = self.workdir / f"access-{self.port}.log"
        self.server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "caiqiao.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "--access-logfile", str(self.access_log),
             "--access-logformat", '%(U)s%(q)s %(s)s "%(a)s"', "--log-level", "warning"],
            cwd=ROOT, env={**self.env, "BENCH_PAGE_BYTES": str(page_bytes),
                           "DJANGO_SETTINGS_MODULE": settings_module},
        )  # fmt: skip
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/", timeout=2)
                return
            except urllib.error.HTTPError:  # an answer (the bare floor has no page at /)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        if self.server:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None

    def get(self, path, headers=None):
        request = urllib.request.Request(self.base + path, headers=headers or {})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def served(self, path, agent=""):
        """2xx responses for path in the access log (by User-Agent substring)."""
        pattern = re.compile(rf'^{re.escape(path)} 2\d\d ".*{re.escape(agent)}.*"$')
        return sum(1 for line in self.access_log.read_text().splitlines() if pattern.match(line))


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


_WRK_RUNS = itertools.count()


def wrk(url, connections, seconds, *, script=None, headers=(), gzip=False):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", str(script)]
    for header in headers:
        command += ["-H", header]
    if gzip and not script:
        command += ["-H", "Accept-Encoding: gzip, deflate, br"]
    # Read by readers.lua: gzip or not, and this run's number, which gives its readers addresses
    # no other run used (a reader already counted within the window would not count again).
    env = {**os.environ, "BENCH_GZIP": "1" if gzip else "0", "BENCH_RUN": str(next(_WRK_RUNS))}
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, env=env
    ).stdout

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)  # fmt: skip
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "bad": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": sum(map(int, errors.groups())) if errors else 0,
    }


def throughput(site, bare, seconds, connections_list):
    """The table the issue asks for: pages next to both floors, in one run. bare is a second
    gunicorn of the same kind serving the floor with no middleware (bench/bare_settings.py)."""
    article_id, = site.sql(
        "SELECT id FROM news_article WHERE live_revision_id IS NOT NULL "
        "ORDER BY length(body) DESC LIMIT 1"
    )[0]  # fmt: skip
    site.start()
    page_bytes = len(site.get(f"/news/{article_id}/", {"User-Agent": "bench-warmup-bot"}))
    site.stop()
    site.start(page_bytes=page_bytes)
    floor_path = f"/bench/floor/{article_id}/"
    bare.start(page_bytes=page_bytes, settings_module="bench.bare_settings")
    before = dict(site.sql("SELECT id, view_count FROM news_article WHERE id = %s", article_id))
    targets = [
        ("bare floor", floor_path, READERS),
        ("floor", floor_path, READERS),
        ("detail", f"/news/{article_id}/", READERS),
        ("detail 繁", f"/zh-hant/news/{article_id}/", READERS),
        # As browsers ask for it: compressed (core.compression).
        ("detail gzip", f"/news/{article_id}/", READERS),
        ("home", "/", None),
        ("list", "/news/", None),
        ("column", "/news/column/gzdt/", None),
    ]
    if os.environ.get("BENCH_ONLY"):  # while tuning: BENCH_ONLY=floor,detail
        targets = [t for t in targets if t[0] in os.environ["BENCH_ONLY"].split(",")]
    server = {name: bare if name == "bare floor" else site for name, _path, _script in targets}
    for name, path, _script in targets:  # warm the caches and the connections
        server[name].get(path, {"User-Agent": "bench-warmup-bot"})
    rows = []
    for connections in connections_list:
        for name, path, script in targets:
            result = wrk(
                server[name].base + path,
                connections,
                seconds,
                script=script,
                gzip=name.endswith("gzip"),
            )
            rows.append((name, connections, result))
            log(f"  {name:10} c={connections:<4} {result['rps']:8.0f} req/s  "
                f"p50 {result['p50']:6.2f} ms  p99 {result['p99']:7.2f} ms  "
                f"non-2xx {result['bad']}  errors {result['errors']}")  # fmt: skip
    weights = page_weights(site, [("article", f"/news/{article_id}/"), ("home", "/"),
                                  ("list", "/news/"), ("feed", "/feed/")])  # fmt: skip
    site.stop()
    bare.stop()
    after = dict(site.sql("SELECT id, view_count FROM news_article WHERE id = %s", article_id))
    days = site.sql("SELECT coalesce(sum(views), 0) FROM news_dailyviews WHERE article_id = %s",
                    article_id)[0][0]  # fmt: skip
    counted = after[article_id] - before[article_id]
    floor_served = site.served(floor_path) + bare.served(floor_path)
    pages = [f"/news/{article_id}/", f"/zh-hant/news/{article_id}/"]
    expected = sum(site.served(page, "Mobile Safari") for page in pages) + floor_served
    # The floor adds to the total only; the page adds to the total and the day together.
    return rows, {"counted": counted, "expected": expected, "days": days,
                  "total": after[article_id] - floor_served, "page_bytes": page_bytes,
                  "weights": weights}  # fmt: skip


def page_weights(site, pages):
    """[(page, bytes sent plainly, bytes sent gzipped)]: what the site itself sends."""
    weights = []
    for name, path in pages:
        plain = site.get(path, {"User-Agent": "bench-weight-bot"})
        request = urllib.request.Request(site.base + path, headers={
            "User-Agent": "bench-weight-bot", "Accept-Encoding": "gzip"})  # fmt: skip
        with urllib.request.urlopen(request, timeout=10) as response:
            compressed = response.read()
            encoding = response.headers.get("Content-Encoding", "")
        weights.append((name, len(plain), len(compressed) if encoding == "gzip" else None))
    return weights


def latencies(site, seconds, session_key):
    """p50/p99 of single pages at low concurrency, lists uncached: what size costs."""
    site.start()
    pages = [
        ("home", "/"),
        ("list", "/news/"),
        ("list-last", "/news/?page=last"),
        ("column", "/news/column/gzdt/"),
        ("column-last", "/news/column/gzdt/?page=last"),
        # Search (never cached): 3+ characters use the trigram indexes; 1 and 2 cannot.
        ("search 蔡桥镇", "/search/?q=" + quote("蔡桥镇")),
        ("search 蔡桥", "/search/?q=" + quote("蔡桥")),
        ("search 镇", "/search/?q=" + quote("镇")),
        ("search, no match", "/search/?q=" + quote("没有这个词组")),
        ("search 蔡桥 油菜", "/search/?q=" + quote("蔡桥 油菜")),
        ("search, 100 chars", "/search/?q=" + quote("蔡桥镇人民政府" * 14 + "蔡桥")),
    ]
    (article_id,) = site.sql("SELECT max(id) FROM news_article WHERE live_revision_id IS NOT NULL")[
        0
    ]
    pages.append(("detail", f"/news/{article_id}/"))
    results = {}
    for name, path in pages:
        results[name] = wrk(site.base + path, 4, seconds, headers=[f"User-Agent: {BROWSER}"])
    results["admin-list"] = wrk(site.base + "/admin/news/article/", 4, seconds,
                                headers=[f"Cookie: sessionid={session_key}"])  # fmt: skip
    site.stop()
    return results


def admin_session(site):
    code = (
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "user = get_user_model().objects.get(username='admin')\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(user.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "import time; s['accounts_login_at'] = s['accounts_valid_at'] = time.time()\n"
        "s.create()\n"
        "print(s.session_key)"
    )
    return site.manage("shell", "-c", code, capture=True).strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", default="32,128", help="wrk connections, e.g. 32")
    parser.add_argument("--scale", default="", help="comma-separated sizes, e.g. 1000,100000")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/caiqiao_bench"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
    )
    args = parser.parse_args()
    redis_url = args.redis_url if redis_answers(args.redis_url) else ""
    log(f"cache: {'Redis ' + redis_url if redis_url else 'local memory (no Redis answered)'}")
    lines = [f"# Benchmark {datetime.now():%Y-%m-%d %H:%M}", "",
             f"Machine: {os.cpu_count()} cores, {platform_line()}; PostgreSQL "
             f"{server_version(args.database_url)}; gunicorn 5 sync workers; cache "
             f"{'Redis' if redis_url else 'local memory'}.", ""]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="caiqiao-bench-") as workdir:
        site = Site(args.database_url, redis_url, Path(workdir), list_cache_seconds=5)
        bare = Site(args.database_url, redis_url, Path(workdir), list_cache_seconds=5)
        try:
            log(f"seeding {args.articles} articles ...")
            site.reset()
            site.manage("seed_bulk", "--articles", str(max(args.articles - 36, 0)), "--force")
            site.manage("collectstatic", "--noinput")
            log("throughput (wrk, readers.lua for floor and detail):")
            connections = [int(c) for c in args.connections.split(",")]
            rows, counts = throughput(site, bare, args.seconds, connections)
            lines += throughput_table(rows, counts)
            if args.scale:
                sizes = [int(size) for size in args.scale.split(",")]
                lines += scale_section(args, redis_url, Path(workdir), sizes)
        finally:
            site.stop()
            bare.stop()
    report = "\n".join(lines) + "\n"
    print(report)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"{datetime.now():%Y-%m-%d-%H%M}.md").write_text(report)


def throughput_table(rows, counts):
    """Each page against both floors: the bare one (no middleware) and ours (the site's stack)."""
    floors = {(name, c): r["rps"] for name, c, r in rows if name in ("bare floor", "floor")}

    def ratio(name, connections, rps):
        floor = floors.get((name, connections))
        return f"{rps / floor:.2f}" if floor else "–"

    lines = ["| page | connections | req/s | × bare floor | × floor | p50 ms | p99 ms | non-2xx "
             "| errors |", "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for name, c, r in rows:
        lines.append(
            f"| {name} | {c} | {r['rps']:.0f} | {ratio('bare floor', c, r['rps'])} "
            f"| {ratio('floor', c, r['rps'])} | {r['p50']:.2f} | {r['p99']:.2f} | {r['bad']} "
            f"| {r['errors']} |"
        )
    exact = counts["counted"] == counts["expected"] and counts["days"] == counts["total"]
    verdict = "exact" if exact else "MISMATCH"
    lines += [
        "",
        f"Counts: {counts['counted']} views stored for {counts['expected']} counted 2xx "
        f"responses (detail + floor); the article's days add up to {counts['days']}, its total "
        f"less the floor's increments is {counts['total']}: {verdict}. Page size "
        f"{counts['page_bytes']} bytes.",
        "",
        "| page | bytes | gzip bytes |",
        "|---|---|---|",
        *(f"| {name} | {plain:,} | {f'{packed:,}' if packed else 'not compressed'} |"
          for name, plain, packed in counts["weights"]),
        "",
    ]  # fmt: skip
    log("\n".join(lines))
    return lines


def scale_section(args, redis_url, workdir, sizes):
    columns = {}
    for size in sizes:
        site = Site(args.database_url, redis_url, workdir, list_cache_seconds=0)
        log(f"scale: seeding {size} articles ...")
        started = time.monotonic()
        site.reset()
        site.manage("seed_bulk", "--articles", str(max(size - 36, 0)), "--force",
                    "--batch", "5000")  # fmt: skip
        log(f"  seeded in {time.monotonic() - started:.0f} s")
        site.manage("collectstatic", "--noinput")
        columns[size] = latencies(site, max(args.seconds // 2, 3), admin_session(site))
        site.stop()
    lines = ["Latency at low concurrency (wrk -c4; list caches off, so the database works "
             "every time), p50 / p99 in ms:", "",
             "| page | " + " | ".join(f"{size:,} articles" for size in sizes) + " |",
             "|---|" + "---|" * len(sizes)]  # fmt: skip
    for page in next(iter(columns.values())):
        cells = [f"{columns[s][page]['p50']:.1f} / {columns[s][page]['p99']:.1f}" for s in sizes]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    log("\n".join(lines))
    return [*lines, ""]


def platform_line():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return model or "unknown CPU"


def server_version(url):
    import psycopg2

    with psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres") as connection:
        return connection.server_version // 10000


if __name__ == "__main__":
    main()
