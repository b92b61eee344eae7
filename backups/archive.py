"""A backup of the site: the database (pg_dump's custom format, or an SQLite copy made with
SQLite's online backup), the uploads in MEDIA_ROOT and the attachments (ATTACHMENTS_ROOT), in one
folder with manifest.json: the SHA-256 and size of every file, and the number of rows of what
must never be lost (articles, revisions, review records, the security audit log, accounts,
attachments).

restore() checks every checksum before it touches anything, refuses a database that already
holds the site, and compares the restored rows with the manifest afterwards.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# What the manifest counts, as app_label.Model: the records a restore must bring back whole.
COUNTED = [
    "news.Article", "news.Revision", "news.AuditRecord", "news.Column",
    "accounts.SecurityEvent", "accounts.User", "readership.DailyViews", "attachments.Attachment",
    "attachments.RevisionAttachment",
]  # fmt: skip

# Models counted under another name by older backups: the accounts were Django's auth.User
# before they were accounts.User (the same table).
RENAMED = {"auth.User": "accounts.User"}


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why (shown to the operator)."""


def _file_trees():
    """The folders of files a backup holds, by their name in it: the uploads (MEDIA_ROOT) and
    the attachments (ATTACHMENTS_ROOT, not served)."""
    return {"media": Path(settings.MEDIA_ROOT), "attachments": Path(settings.ATTACHMENTS_ROOT)}


def row_counts():
    from django.apps import apps

    return {name: apps.get_model(name).objects.count() for name in COUNTED}


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder):
    return sorted(path for path in Path(folder).rglob("*") if path.is_file())


def _pg_environment():
    database = settings.DATABASES["default"]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    arguments = ["--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments += [flag, str(database[key])]
    return env, arguments


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_database(target):
    vendor = connection.vendor
    if vendor == "postgresql":
        env, arguments = _pg_environment()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *arguments,
              "--file", str(target), settings.DATABASES["default"]["NAME"]], env)  # fmt: skip
    elif vendor == "sqlite":
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)  # consistent while the site keeps writing
        copy.close()
        source.close()
    else:
        raise BackupError(f"no backup for the {vendor} database")


def backup(folder):
    """Write a backup into folder (created; must not exist). Returns the manifest."""
    folder = Path(folder)
    if folder.exists():
        raise BackupError(f"{folder} exists already: a backup goes into a new folder")
    folder.mkdir(parents=True)
    database_file = folder / DATABASE_FILES.get(connection.vendor, "database")
    counts = row_counts()  # before the dump: rows written meanwhile are in the dump too
    _dump_database(database_file)
    for part, root in _file_trees().items():
        if root.is_dir():
            shutil.copytree(root, folder / part)
    files = {
        str(path.relative_to(folder)): {"sha256": sha256(path), "bytes": path.stat().st_size}
        for path in _files(folder)
    }
    manifest = {
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "rows": counts,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def read_manifest(folder):
    """The manifest of a backup whose every file is present and unchanged."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} has no readable {MANIFEST}: {error}") from None
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file() or sha256(path) != expected["sha256"]:
            raise BackupError(f"{name} is missing or changed since the backup: not restoring")
    listed = {str(path.relative_to(folder)) for path in _files(folder)} - {MANIFEST}
    if extra := listed - set(manifest["files"]):
        raise BackupError(f"files not in the manifest: {', '.join(sorted(extra))}")
    return manifest


def _database_is_empty():
    return "news_article" not in connection.introspection.table_names()


def _restore_database(source, vendor):
    if vendor != connection.vendor:
        raise BackupError(f"the backup is of a {vendor} database, this site uses "
                          f"{connection.vendor}")  # fmt: skip
    if vendor == "postgresql":
        env, arguments = _pg_environment()
        name = settings.DATABASES["default"]["NAME"]
        connection.close()
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", *arguments, "--dbname", name, str(source)], env)  # fmt: skip
    else:
        name = settings.DATABASES["default"]["NAME"]
        connection.close()
        backup_copy = sqlite3.connect(source)
        target = sqlite3.connect(name)
        with target:
            backup_copy.backup(target)
        target.close()
        backup_copy.close()


def restore(folder):
    """Restore the backup in folder into this site's empty database and MEDIA_ROOT; returns
    (manifest, restored row counts)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if not _database_is_empty():
        raise BackupError("the database already holds the site: restore only into an empty one")
    trees = _file_trees()
    for root in trees.values():
        if root.is_dir() and any(root.iterdir()):
            raise BackupError(f"{root} is not empty: restore into empty folders")
    vendor = manifest["database"]
    _restore_database(folder / DATABASE_FILES[vendor], vendor)
    for part, root in trees.items():
        if (folder / part).is_dir():
            shutil.copytree(folder / part, root, dirs_exist_ok=True)
    restored = row_counts()
    expected = {RENAMED.get(name, name): count for name, count in manifest["rows"].items()}
    if restored != expected:
        raise BackupError(f"restored rows {restored} differ from the backup's {expected}")
    for name, expected in manifest["files"].items():
        part, _, rest = name.partition("/")
        if part in trees and sha256(trees[part] / rest) != expected["sha256"]:
            raise BackupError(f"{name} differs after the restore")
    return manifest, restored
