"""Layer rules: which project modules may import which, read statically with `ast` (no project code is imported)."""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.paths import REPO_ROOT

# layer -> the other layers its modules may import (a module may always import its own layer).
ALLOWED_IMPORTS: dict[str, frozenset[str]] = {
    "vocabulary": frozenset(),
    "users": frozenset(),  # credentials and roles: nothing of the project
    "db": frozenset({"queries"}),
    "queries": frozenset(),
    "exports": frozenset({"vocabulary"}),
    "audit": frozenset({"users", "queries"}),  # who wrote what: the audit log rows
    "ingest": frozenset({"vocabulary", "db", "queries", "users", "audit"}),
    "review": frozenset({"vocabulary", "db", "queries", "users", "audit"}),
    "ladders": frozenset({"vocabulary"}),
    "pay": frozenset({"vocabulary"}),
    "workforce": frozenset({"vocabulary", "pay", "costs"}),
    "workforce.store": frozenset({"vocabulary", "pay", "costs", "workforce", "db", "queries"}),
    "costs": frozenset({"vocabulary", "pay"}),
    "costs.store": frozenset({"vocabulary", "pay", "costs", "db", "queries"}),
    # Building the demo database runs the ingest loaders and the grade rules (pay), so it sits above both.
    "demo": frozenset({"vocabulary", "db", "queries", "ingest", "pay", "users", "audit"}),
    "cli": frozenset({"vocabulary", "db", "queries", "exports", "ingest", "ladders", "pay", "workforce", "costs",
                      "costs.store", "workforce.store", "demo", "users", "audit", "review", "analytics"}),
    "analytics": frozenset(),
    "app": frozenset({"vocabulary", "db", "queries", "exports", "ingest", "ladders", "pay", "workforce", "costs",
                      "costs.store", "workforce.store", "demo", "users", "audit", "review", "analytics"}),
}

# (module prefix, layer), most specific first: a module belongs to the first prefix it equals or sits under.
LAYER_PREFIXES: tuple[tuple[str, str], ...] = (
    ("analytics.vocabulary", "vocabulary"),
    ("analytics.users", "users"),
    ("analytics.audit", "audit"),
    ("analytics.review", "review"),
    ("analytics.db", "db"),
    ("queries", "queries"),
    ("analytics.exports", "exports"),
    ("analytics.demo", "demo"),
    ("analytics.ingest.__main__", "cli"),
    ("analytics.__main__", "cli"),
    ("analytics.cli", "cli"),
    ("analytics.ingest", "ingest"),
    ("analytics.ladders", "ladders"),
    ("analytics.pay", "pay"),
    ("analytics.workforce.store", "workforce.store"),
    ("analytics.workforce", "workforce"),
    ("analytics.costs.store", "costs.store"),
    ("analytics.costs", "costs"),
    ("app_pages", "app"),
    ("app", "app"),
)
PACKAGE_LAYERS = {"analytics": "analytics"}  # packages whose __init__ alone is a layer (not their submodules)
SOURCE_DIRS = ("analytics", "app_pages", "queries")




def under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def layer_of(module: str) -> str | None:
    if module in PACKAGE_LAYERS:
        return PACKAGE_LAYERS[module]
    return next((layer for prefix, layer in LAYER_PREFIXES if under(module, prefix)), None)


def project_modules(root: Path) -> dict[str, Path]:
    """Map each project module's dotted name to its file."""
    files = [root / "app.py"] if (root / "app.py").is_file() else []
    files += sorted(f for d in SOURCE_DIRS for f in (root / d).rglob("*.py"))
    modules = {}
    for file in files:
        parts = file.relative_to(root).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = file
    return modules


def resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest project module that `name` is or sits under, or None for a non-project name."""
    parts = name.split(".")
    return next((m for i in range(len(parts), 0, -1) if (m := ".".join(parts[:i])) in modules), None)


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def module_violations(module: str, file: Path, modules: dict[str, Path]) -> Iterator[tuple[int, str]]:
    layer = layer_of(module)
    if layer not in ALLOWED_IMPORTS:
        yield 1, f"{module} belongs to no layer"
        return
    try:
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    except SyntaxError as error:
        yield error.lineno or 1, f"cannot be parsed: {error.msg}"
        return
    package = module.split(".")[: None if file.name == "__init__.py" else -1]
    bound: dict[str, str] = {}  # local name -> the dotted name it is bound to (checked against `modules` on use)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            statements: list[tuple[str, list[str]]] = [(a.name, []) for a in node.names]
            bound |= {a.asname or a.name.partition(".")[0]: a.name if a.asname else a.name.partition(".")[0]
                      for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            name = node.module or ""
            if node.level:
                name = ".".join([*package[: len(package) - node.level + 1], *filter(None, [node.module])])
            statements = [(name, [a.name for a in node.names])]
            bound |= {a.asname or a.name: f"{name}.{a.name}" for a in node.names}
        else:
            continue
        for name, taken in statements:
            if under(module, "analytics") and under(name, "streamlit"):
                yield node.lineno, f"{layer} imports streamlit ({name})"
            if (source := resolve(name, modules)) is None:
                continue
            seen: set[str | None] = set()
            for target in [t for y in taken if (t := f"{source}.{y}") in modules and source == name] + [source]:
                target_layer = layer_of(target)
                if target_layer in seen or under(module, target):  # itself and its own parent packages are free
                    continue
                seen.add(target_layer)
                if target_layer == "app" and layer != "app":
                    yield node.lineno, f"{layer} imports the app ({target})"
                elif target_layer != layer and target_layer not in ALLOWED_IMPORTS[layer]:
                    yield node.lineno, f"{layer} imports {target_layer} ({target})"
            for y in taken:
                if is_private(y) and source == name != module:
                    yield node.lineno, f"imports private name {y} from {source}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            chain: list[str] = []
            value: ast.expr = node.value
            while isinstance(value, ast.Attribute):
                chain.insert(0, value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in bound:
                owner = ".".join([bound[value.id], *chain])
                if owner in modules and owner != module:
                    yield node.lineno, f"uses private name {node.attr} of {owner}"


def violations(root: Path) -> list[str]:
    """One line per broken layer rule in the project under `root`, e.g. `path:12: pay imports ingest (module)`."""
    modules = project_modules(root)
    found: list[str] = []
    for module, file in modules.items():
        path = file.relative_to(root).as_posix()
        lines = sorted(set(module_violations(module, file, modules)))
        found += [f"{path}:{line}: {message}" for line, message in lines]
    return found


def test_the_project_keeps_its_layers() -> None:
    found = violations(REPO_ROOT)
    assert found == [], "layer violations:\n" + "\n".join(found)


def test_every_project_module_has_a_layer() -> None:
    unclassified = [m for m in project_modules(REPO_ROOT) if layer_of(m) not in ALLOWED_IMPORTS]
    assert unclassified == []
    assert all(allowed <= ALLOWED_IMPORTS.keys() for allowed in ALLOWED_IMPORTS.values())


FAKE_TREE = {
    "app.py": "",
    "analytics/__init__.py": "",
    "analytics/vocabulary.py": "TERMS = 1\n_HIDDEN = 2\n__version__ = '1'\n",
    "analytics/pay/__init__.py": "",
    "analytics/ingest/__init__.py": "",
    "analytics/ingest/load.py": "ROWS = 1\n",
    "analytics/cli/__init__.py": "",
    "app_pages/__init__.py": "",
    "app_pages/page.py": "SHOW = 1\n",
}


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        ("analytics/pay/x.py", "from analytics.ingest.load import ROWS", ["pay imports ingest (analytics.ingest.load)"]),
        ("analytics/pay/x.py", "from ..ingest import load", ["pay imports ingest (analytics.ingest.load)"]),
        ("analytics/pay/x.py", "import analytics.ingest.load as ld", ["pay imports ingest (analytics.ingest.load)"]),
        ("analytics/vocabulary.py", "from analytics.pay import x", ["vocabulary imports pay (analytics.pay)"]),
        ("analytics/pay/x.py", "import streamlit as st", ["pay imports streamlit (streamlit)"]),
        ("analytics/pay/x.py", "from streamlit.runtime import state", ["pay imports streamlit (streamlit.runtime)"]),
        ("analytics/pay/x.py", "from app_pages.page import SHOW", ["pay imports the app (app_pages.page)"]),
        ("app_pages/other.py", "from analytics.cli import main", ["app imports cli (analytics.cli)"]),
        ("analytics/pay/x.py", "from analytics.vocabulary import _HIDDEN",
         ["imports private name _HIDDEN from analytics.vocabulary"]),
        ("analytics/pay/x.py", "from analytics import vocabulary\nvocabulary._HIDDEN",
         ["uses private name _HIDDEN of analytics.vocabulary"]),
        ("analytics/pay/x.py", "import analytics.vocabulary\nanalytics.vocabulary._HIDDEN",
         ["uses private name _HIDDEN of analytics.vocabulary"]),
        ("analytics/pay/x.py", "import app", ["pay imports the app (app)"]),
        ("analytics/pay/x.py", "import analytics\nfrom analytics import pay", []),  # its own parent packages
        ("analytics/misc.py", "", ["analytics.misc belongs to no layer"]),
        ("analytics/pay/x.py", "from analytics.vocabulary import TERMS, __version__\nfrom analytics import vocabulary", []),
        ("analytics/pay/x.py", "import polars as pl\nfrom . import y\nfrom analytics.pay.y import _own_layer_but_private",
         ["imports private name _own_layer_but_private from analytics.pay.y"]),
        ("app_pages/other.py", "import streamlit\nfrom analytics.ingest.load import ROWS\nfrom app_pages import page", []),
    ],
)
def test_the_check_reports_deliberate_violations(tmp_path: Path, path: str, source: str, expected: list[str]) -> None:
    for name, text in {**FAKE_TREE, "analytics/pay/y.py": "", path: source + "\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = [line.split(": ", 1)[1] for line in violations(tmp_path) if line.startswith(path + ":")]
    assert found == expected
    others = [line for line in violations(tmp_path) if not line.startswith(path + ":")]
    assert others == [], "the rest of the fake tree is clean"
