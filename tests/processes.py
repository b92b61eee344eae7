"""The other processes tests start, beside the test's own, and the servers they need: a fresh
Python (what depends on the environment is read once per process), manage.py, gunicorn with the
production settings, a PostgreSQL cluster of the test's own, and the Redis of the shared-cache
tests. The data those processes are given come from factories.py."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# Other processes: settings are read once per process, so what depends on the environment runs
# in a fresh Python.


def fresh_python(*args, without=(), **env):
    """`python *args` in a new process at the project's root, with this environment less the
    variables named in `without`, plus env."""
    inherited = {name: value for name, value in os.environ.items() if name not in without}
    return subprocess.run(
        [sys.executable, *args],
        env={**inherited, "DJANGO_SETTINGS_MODULE": "caiqiao.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def in_another_process(code, without=(), **env):
    """Run code after django.setup() in a fresh Python (another app server); its last line."""
    result = fresh_python("-c", "import django; django.setup()\n" + code, without=without, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def deploy_check(*args, without=(), **env):
    """`manage.py check --deploy` as production runs it (without what the browser tests set for
    themselves: it fails the deploy check); stdout and stderr together, and the exit code."""
    result = fresh_python(
        "manage.py", "check", "--deploy", *args,
        without={"DJANGO_ALLOW_ASYNC_UNSAFE", *without}, **env,
    )  # fmt: skip
    return result.stdout + result.stderr, result.returncode


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def _redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


needs_redis = pytest.mark.skipif(
    not _redis_answers(), reason="no Redis on 127.0.0.1:6379: the shared-cache tests need one"
)


# The site as production runs it: gunicorn with the production settings (DEBUG off, plain HTTP on
# 127.0.0.1), in a process of its own, against a database of the test's own.


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(database_url, static_root, **extra):
    """The environment of a production process of the site (docs/operators/production.md)."""
    left_out = {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "DATABASE_URL"}
    inherited = {name: value for name, value in os.environ.items() if name not in left_out}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "caiqiao.settings",
        "DEBUG": "0",
        "SECRET_KEY": "production-test-secret-key-not-used-anywhere-else-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env, *args):
    """`manage.py *args` in a process with env; its output."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class AppServer:
    """gunicorn serving the site on a free port of 127.0.0.1; stopped by stop() (or with)."""

    def __init__(self, env, workers=2, log_path=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path or os.devnull, "wb")  # noqa: SIM115  (closed by stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "caiqiao.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "--timeout", "30", "--graceful-timeout", "5"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, f"gunicorn exited with {self.process.returncode}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start in 60 s"
                time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


POSTGRES_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


class ThrowawayPostgres:
    """A PostgreSQL cluster of the test's own (initdb in a temporary folder, its own port), to
    stop and start at will; not the shared server. Run as the postgres user when we are root
    (initdb refuses root). Removed by destroy()."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="caiqiao-pg-", dir="/tmp"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_postgres = []
        if os.geteuid() == 0:
            import pwd

            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", self.data, "--auth=trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C.UTF-8")  # fmt: skip
        self.start()

    def _run(self, tool, *args):
        result = subprocess.run([*self.as_postgres, str(POSTGRES_BIN / tool), *map(str, args)],
                                capture_output=True, text=True, timeout=120)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w",
                  "start")  # fmt: skip

    def stop(self):
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def create_database(self, name):
        self._run("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", name)
        return self.url(name)

    def destroy(self):
        with contextlib.suppress(AssertionError):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
