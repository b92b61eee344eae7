"""The backup drill: `manage.py backup` of a site with content, uploads and audit rows, then
`manage.py restore` into an empty database and an empty MEDIA_ROOT; every count and checksum
comes back the same. A damaged backup, or a database that already holds a site, is refused
before anything is written. On the suite's database kind (PostgreSQL: pg_dump/pg_restore)."""

import json
import os
import subprocess
import sys

import psycopg2
import pytest

from backups.archive import COUNTED, sha256
from tests.processes import ROOT, manage, production_env

POSTGRES = "postgres" in os.environ.get("DATABASE_URL", "")
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
COUNT_ROWS = """
import json, django; django.setup()
from backups.archive import row_counts
print(json.dumps(row_counts()))
"""


def counts(env):
    result = subprocess.run([sys.executable, "-c", COUNT_ROWS], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def refused(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode != 0
    return result.stderr


@pytest.fixture
def databases(tmp_path):
    """A source and an empty target database, of the kind the suite runs on."""
    if not POSTGRES:
        yield (
            f"sqlite:///{tmp_path / 'source.sqlite3'}",
            f"sqlite:///{tmp_path / 'target.sqlite3'}",
        )
        return
    names = [f"caiqiao_backup_{role}_{os.getpid()}" for role in ("source", "target")]
    admin = psycopg2.connect(ADMIN_URL)
    admin.autocommit = True
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    yield tuple(f"postgres://postgres@127.0.0.1:5432/{name}" for name in names)
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def sites(databases, tmp_path):
    """The environments of the demo site (migrated and seeded) and of an empty one."""
    source_url, target_url = databases
    source = production_env(source_url, tmp_path / "static", MEDIA_ROOT=str(tmp_path / "media1"),
                            ATTACHMENTS_ROOT=str(tmp_path / "attachments1"))  # fmt: skip
    target = production_env(target_url, tmp_path / "static", MEDIA_ROOT=str(tmp_path / "media2"),
                            ATTACHMENTS_ROOT=str(tmp_path / "attachments2"))  # fmt: skip
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "seed_demo", "--force", "-v0")
    return source, target


def test_the_backup_drill_restores_every_row_and_file(sites, tmp_path):
    source, target = sites
    before = counts(source)
    assert before["news.Article"] > 30 and before["accounts.SecurityEvent"] > 0
    assert (
        before["news.Revision"] and before["news.AuditRecord"] and before["readership.DailyViews"]
    )

    folder = tmp_path / "backup"
    output = manage(source, "backup", str(folder))
    assert "备份完成" in output
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["rows"] == before and set(manifest["rows"]) == set(COUNTED)
    media = [name for name in manifest["files"] if name.startswith("media/covers/")]
    assert len(media) >= 12  # the demo's covers and their renditions
    attachments = [name for name in manifest["files"] if name.startswith("attachments/")]
    assert len(attachments) == before["attachments.Attachment"] == 1  # the demo notice's PDF

    output = manage(target, "restore", str(folder))
    assert "恢复完成" in output
    assert counts(target) == before
    for name in media + attachments:
        part, _, rest = name.partition("/")
        restored = tmp_path / {"media": "media2", "attachments": "attachments2"}[part] / rest
        assert sha256(restored) == manifest["files"][name]["sha256"], name
    print(f"\nbackup drill ({'PostgreSQL' if POSTGRES else 'SQLite'}): "
          f"{len(manifest['files'])} files, rows {before} restored the same")  # fmt: skip

    # Restoring again over the restored site is refused.
    assert "already holds the site" in refused(target, "restore", str(folder))


def test_a_damaged_backup_is_refused_before_anything_is_written(sites, tmp_path):
    source, target = sites
    folder = tmp_path / "backup"
    manage(source, "backup", str(folder))
    cover = next((folder / "media" / "covers" / "originals").iterdir())
    cover.write_bytes(cover.read_bytes()[:-1] + b"\x00")

    assert "changed since the backup" in refused(target, "restore", str(folder))
    assert not (tmp_path / "media2").exists()
    assert "[X]" not in manage(target, "showmigrations", "news")  # the target is still empty
