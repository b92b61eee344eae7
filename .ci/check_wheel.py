"""`pip install .` on a server, checked: build the wheel, install it into a throwaway virtualenv
outside the checkout, and serve the site from it with the production settings.

Run by `make wheel-check`. Needs only python3 with venv, git and PyPI (or pip's cache). Everything
happens in one temporary directory, removed at the end; any failure exits non-zero.
"""

import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def fail(message):
    sys.exit(f"wheel-check FAILED: {message}")


def run(*args, **kwargs):
    print("+", " ".join(str(arg) for arg in args), flush=True)
    return subprocess.run([str(arg) for arg in args], check=True, **kwargs)


def copy_sources(target):
    """The files git would commit, as they are in the work tree. Building from a copy keeps
    leftovers of the checkout (build/, *.egg-info, media/) out of the wheel and leaves nothing
    behind in the checkout; a new app not yet committed is included, as `pip install .` would."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=CHECKOUT, check=True, capture_output=True,
    ).stdout  # fmt: skip
    for name in filter(None, listed.split(b"\0")):
        source = CHECKOUT / os.fsdecode(name)
        if source.is_file():  # a tracked file deleted in the work tree is not listed as gone
            (target / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / os.fsdecode(name))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path):
    """One request as our TLS proxy forwards it (docs/operators/production.md): the HTTPS-only
    stay on, as on the server. No redirect is followed: one is a failure here."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def serve_and_fetch(venv, workdir, env, static_root):
    """Start gunicorn from the installed package, fetch the home page and its stylesheet, stop."""
    port = free_port()
    log_path = workdir / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [venv / "bin/gunicorn", "caiqiao.wsgi", "--bind", f"127.0.0.1:{port}"],
            cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                fail(f"gunicorn exited with {server.returncode}:\n{log_path.read_text()}")
            try:
                status, _, body = get(port, "/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    fail(f"gunicorn did not answer in 60 s:\n{log_path.read_text()}")
                time.sleep(0.2)
        page = body.decode("utf-8", "replace")
        if status != 200:
            fail(f"the home page answered {status}:\n{page[:2000]}\n{log_path.read_text()}")
        if "蔡桥镇" not in page:
            fail(f"the home page does not name 蔡桥镇:\n{page[:2000]}")
        print(f"home page: {status}, {len(body)} bytes, names 蔡桥镇")

        # The manifest storage links the hashed name; WhiteNoise serves it from STATIC_ROOT.
        match = re.search(r'href="(/static/news/css/site\.[0-9a-f]+\.css)"', page)
        if not match:
            fail("the home page links no hashed news/css/site.css")
        status, content_type, css = get(port, match[1])
        if status != 200 or not content_type.startswith("text/css"):
            fail(f"{match[1]} answered {status} {content_type!r}")
        if css != (static_root / "news/css/site.css").read_bytes():
            fail(f"{match[1]} is not the collected news/css/site.css")
        print(f"stylesheet: {match[1]}, {status} {content_type}, {len(css)} bytes")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main():
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="caiqiao-wheel-check-") as tmp:
        tmp = Path(tmp).resolve()
        if CHECKOUT in tmp.parents:
            fail(f"the temporary directory {tmp} is inside the checkout")
        source, dist, venv, site = tmp / "src", tmp / "dist", tmp / "venv", tmp / "site"
        for directory in (source, dist, site):
            directory.mkdir()

        copy_sources(source)
        run(sys.executable, "-m", "venv", venv)
        pip = [venv / "bin/python", "-m", "pip", "--disable-pip-version-check"]
        # pip's cache is left on, so dependencies already downloaded are not fetched again.
        run(*pip, "wheel", "--quiet", "--no-deps", "--wheel-dir", dist, source)
        (wheel,) = dist.glob("caiqiao-*.whl")
        run(*pip, "install", "--quiet", wheel)

        # Production settings (docs/operators/production.md), in a place of their own: none of the
        # checkout on sys.path, nothing inherited from the caller's Python or Django settings.
        static_root = site / "static"
        env = {
            "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOME": str(site),
            "LANG": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": "caiqiao.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{site / 'db.sqlite3'}",
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(site / "media"),
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
            "SECURE_HSTS_PRELOAD": "1",
        }

        def django_admin(*args, **extra_env):
            run(venv / "bin/django-admin", *args, cwd=site, env={**env, **extra_env})

        # Several workers need the shared cache, so the deploy check asks for REDIS_URL (it only
        # reads it); the one gunicorn worker below does without (docs/operators/production.md).
        django_admin(
            "check", "--deploy", "--fail-level", "WARNING", "--settings", "caiqiao.settings",
            REDIS_URL="redis://127.0.0.1:6379/0",
        )  # fmt: skip

        # The templates must come from the wheel, not from a checkout found by accident.
        where = subprocess.run(
            [venv / "bin/python", "-c", "import caiqiao, django; django.setup(); "
             "from django.template.loader import get_template; "
             "print(caiqiao.__file__); print(get_template('base.html').origin.name)"],
            cwd=site, env=env, check=True, capture_output=True, text=True,
        ).stdout.splitlines()  # fmt: skip
        for path in where:
            if not Path(path).is_relative_to(venv):
                fail(f"{path} is not in the temporary virtualenv {venv}")
        print("installed package and templates:", *where, sep="\n  ")

        django_admin("migrate", "--noinput", "--verbosity", "0")
        django_admin("collectstatic", "--noinput", "--verbosity", "0")
        if not (static_root / "news/css/site.css").is_file():
            fail("collectstatic did not collect news/css/site.css")
        serve_and_fetch(venv, site, env, static_root)

    print(f"wheel-check passed in {time.monotonic() - started:.0f} s ({wheel.name})")


if __name__ == "__main__":
    main()
