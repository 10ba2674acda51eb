"""The package layout: the product (``sinaarchive``) never imports the simulator (``sinasim``), and neither package
has an import cycle; and ``.ci/run`` runs the README's set-up and test commands as written.

Every ``import`` counts, also one under ``if TYPE_CHECKING:`` or inside a function: an annotation-only import is
still a dependency a reader has to follow both ways.
"""

from __future__ import annotations

import ast
from collections.abc import Collection
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PACKAGES = ("sinaarchive", "sinasim")


def module_files() -> dict[str, Path]:
    """Every module of the project's packages by dotted name (a package by its own name, for its ``__init__``)."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((PROJECT / package).rglob("*.py")):
            parts = path.relative_to(PROJECT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imported_modules(module: str, path: Path, modules: Collection[str]) -> set[str]:
    """The project modules that ``module`` imports: ``from X import Y`` loads ``X.Y`` when that is a module, else
    ``X``; ``import X.Y`` loads ``X.Y``. Names outside the project are dropped."""
    is_package = path.name == "__init__.py"
    loaded = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            loaded.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the importing module's package
                package = module.split(".") if is_package else module.split(".")[:-1]
                anchor = ".".join(package[: len(package) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            loaded.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names)
    return {name for name in loaded if name in modules and name != module}


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports."""
    modules = module_files()
    return {module: imported_modules(module, path, modules) for module, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as ``[a, b, …, a]``, or ``[]`` when there is none."""
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> list[str]:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return []
        path.append(module)
        for target in sorted(graph[module]):
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(module)
        return []

    for module in sorted(graph):
        cycle = visit(module)
        if cycle:
            return cycle
    return []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle(package):
    graph = {
        module: {t for t in targets if t.split(".")[0] == package}
        for module, targets in import_graph().items()
        if module.split(".")[0] == package
    }
    cycle = find_cycle(graph)
    assert not cycle, "import cycle: " + " → ".join(cycle)


def test_the_product_never_imports_the_simulator():
    imports = {
        module: sorted(t for t in targets if t.split(".")[0] == "sinasim")
        for module, targets in import_graph().items()
        if module.split(".")[0] == "sinaarchive"
    }
    assert {module: targets for module, targets in imports.items() if targets} == {}
    assert [module for module in module_files() if module.startswith("sinaarchive.simulator")] == []


def test_find_cycle_sees_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def readme_command(section: str) -> str:
    """The one command in the README's ``## <section>`` code block."""
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    (block,) = [part.split("\n", 1)[1] for part in body.split("```")[1::2]]
    (command,) = block.strip().splitlines()
    return command


@pytest.mark.parametrize("section", ["Set-up", "Tests"])
def test_ci_runs_exactly_the_readmes_set_up_and_test_commands(section):
    ci_lines = (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_command(section) in ci_lines
