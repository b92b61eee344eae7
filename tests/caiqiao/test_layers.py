"""The apps' layers (pyproject.toml, import-linter; docs/developers/architecture.md): no app
imports an app above it or beside it, so no apps import each other in a cycle — and the
contract that says so fails when someone adds an upward import."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
APPS = CONFIG["root_packages"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def app_imports():
    """{app: {apps it imports}}, from every module of ours (migrations and tests' own
    imports aside: tests are not an app)."""
    graph = grimp.build_graph(*APPS, cache_dir=None)
    imports = {app: set() for app in APPS}
    for module in graph.modules:
        app = module.split(".")[0]
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")[0]
            if other != app:
                imports[app].add(other)
    return imports


def cycle_in(imports):
    """One cycle of apps importing each other ([a, b, a]), or None."""
    state = {}

    def visit(app, path):
        state[app] = "open"
        for other in sorted(imports[app]):
            if state.get(other) == "open":
                return [*path[path.index(other) :], other]
            if other not in state and (found := visit(other, [*path, other])):
                return found
        state[app] = "done"
        return None

    for app in sorted(imports):
        if app not in state and (found := visit(app, [app])):
            return found
    return None


def test_no_apps_import_each_other_in_a_cycle():
    imports = app_imports()
    print({app: sorted(others) for app, others in imports.items()})  # the table, with -s
    assert cycle_in(imports) is None


def test_news_imports_no_other_app_but_the_shared_base():
    assert app_imports()["news"] <= {"core"}
    assert app_imports()["core"] == set()


def test_the_cycle_finder_finds_a_cycle():
    """The check above can fail: a made-up graph with one."""
    assert cycle_in({"news": {"compliance"}, "compliance": {"links"}, "links": {"news"}}) == [
        "compliance", "links", "news", "compliance"
    ]  # fmt: skip


def lint_imports(tree):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A copy of our packages and their contract, to break on purpose."""
    copy = tmp_path_factory.mktemp("layers")
    for app in APPS:
        shutil.copytree(ROOT / app, copy / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_the_contract_holds_for_the_code_as_it_is(tree):
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_contract_fails_when_news_imports_a_feature(tree):
    articles = tree / "news" / "models" / "articles.py"
    original = articles.read_text()
    articles.write_text(original + "\nfrom compliance import content  # noqa: E402,F401\n")
    try:
        result = lint_imports(tree)
    finally:
        articles.write_text(original)
    assert result.returncode == 1
    assert "news.models.articles -> compliance.content" in result.stdout
