"""The layer rule of CONTRIBUTING.md, checked over the AST of puffle_widgets/ (`make lint`).

Each import of another package of puffle_widgets must
1. go down the layers (`ALLOWED`),
2. go through that package's root (`from puffle_widgets.client import Puffle`, never
   `puffle_widgets.client.sessions`), and
3. take only names the root exports: its `__all__`, or for a plain module (errors.py) its
   names without a leading underscore; the same holds for `render.x` after
   `from puffle_widgets import render`.
Inside one package, modules may import each other freely, but never a name with a leading
underscore (private to its module). Imports under `if TYPE_CHECKING:` and inside functions
count too. Prints one line per problem and exits 1 if there is any.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "puffle_widgets"
PACKAGE = "puffle_widgets"

# Which packages each package may import. The jupyter integration also starts the emulator.
ALLOWED: dict[str, frozenset[str]] = {
    "models": frozenset(),
    "errors": frozenset(),
    "client": frozenset({"models", "errors"}),
    "live": frozenset({"client", "models", "errors"}),
    "render": frozenset({"models"}),
    "widgets": frozenset({"live", "client", "models", "errors", "render"}),
    # The prompt lab sits beside widgets: it uses them (SessionWidget, in_kernel), not they it.
    "lab": frozenset({"widgets", "live", "client", "models", "errors", "render"}),
    "jupyter": frozenset(
        {"lab", "widgets", "render", "live", "client", "models", "errors", "emulator"}
    ),
    "emulator": frozenset({"models"}),
}

# Root modules every package may use.
SHARED = frozenset({"_version"})

# The documented exception (CONTRIBUTING.md): a `Session` renders itself, importing render
# inside these methods only, so importing models never loads render.
LAZY = {
    ("models", "render"): frozenset(
        {"to_markdown", "to_html", "examples_frame", "_repr_html_", "_repr_markdown_"}
    )
}


@dataclass(frozen=True)
class Import:
    """One imported name: `module` is absolute; `name` is None for `import module`."""

    module: str
    name: str | None
    line: int
    function: str | None  # the innermost function the import sits in, if any


def layer_of(path: Path) -> str:
    """The package (or root module) a file belongs to: `client`, `errors`, `_version`..."""
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else path.stem


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join((PACKAGE, *(parts[:-1] if parts[-1] == "__init__" else parts)))


def imports(path: Path, tree: ast.Module) -> Iterator[Import]:
    """Every import in `tree`, at any depth, with the function it sits in."""
    package = (
        module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    )

    def walk(node: ast.AST, function: str | None) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(alias.name, None, child.lineno, function)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.rsplit(".", child.level - 1)[0]
                    base = f"{anchor}.{base}" if base else anchor
                for alias in child.names:
                    yield Import(base, alias.name, child.lineno, function)
            inner = (
                child.name
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                else function
            )
            yield from walk(child, inner)

    yield from walk(tree, None)


def source_of(package: str) -> Path | None:
    """The file that defines a root package or module of puffle_widgets."""
    for candidate in (ROOT / package / "__init__.py", ROOT / f"{package}.py"):
        if candidate.is_file():
            return candidate
    return None


def top_level_names(tree: ast.Module) -> tuple[list[str] | None, set[str]]:
    """A module's `__all__` (None without one) and the names its top level binds."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                return list(ast.literal_eval(node.value)), names
            bound: list[ast.expr] = node.targets
        elif isinstance(node, ast.AnnAssign):
            bound = [node.target]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
            continue
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
            continue
        else:
            continue
        for target in bound:
            names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return None, names


def exported(package: str, cache: dict[str, frozenset[str]]) -> frozenset[str]:
    """The names `package` exports: its `__all__`, else its names without an underscore."""
    if package not in cache:
        path = source_of(package)
        tree = ast.parse(path.read_text(encoding="utf-8")) if path else ast.Module([], [])
        declared, names = top_level_names(tree)
        public = declared if declared is not None else [n for n in names if n[0] != "_"]
        cache[package] = frozenset(public)
    return cache[package]


def is_module(dotted: str) -> bool:
    """Whether `puffle_widgets.a.b` names a module or package (not a name inside one)."""
    path = ROOT.joinpath(*dotted.split(".")[1:])
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def problem(imp: Import, layer: str, cache: dict[str, frozenset[str]]) -> str | None:
    """What is wrong with one import of puffle_widgets by a module of `layer`, if anything."""
    parts = imp.module.split(".")
    if len(parts) == 1:  # `from puffle_widgets import x`: x must be a package or module
        if not is_module(f"{PACKAGE}.{imp.name}"):
            return f"takes {imp.name} from {PACKAGE}; import it from the package defining it"
        target, name = str(imp.name), None
    else:
        target, name = parts[1], imp.name
    if target == layer:
        private = name is not None and name.startswith("_")
        if private and not is_module(f"{imp.module}.{name}"):
            return f"imports {name}, private to {imp.module}"
        return None
    if target in SHARED:
        return None
    lazy = LAZY.get((layer, target), frozenset())
    if target not in ALLOWED.get(layer, frozenset()) and imp.function not in lazy:
        return f"{layer} may not import {target} (the layers: CONTRIBUTING.md)"
    if len(parts) > 2:
        return f"imports {imp.module}; import from {PACKAGE}.{target}, its root"
    if name is not None and name not in exported(target, cache):
        return f"{PACKAGE}.{target} does not export {name}"
    return None


def problems_in(path: Path, cache: dict[str, frozenset[str]]) -> Iterator[str]:
    """What breaks the rule in one file."""
    layer = layer_of(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(ROOT.parent)
    # Packages imported whole (`from puffle_widgets import render`): their uses are checked.
    whole: set[str] = set()
    for imp in imports(path, tree):
        if imp.module == PACKAGE or imp.module.startswith(PACKAGE + "."):
            if imp.module == PACKAGE and imp.name is not None:
                whole.add(imp.name)
            found = problem(imp, layer, cache)
            if found:
                yield f"{where}:{imp.line}: {found}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            target = node.value.id
            if target in whole and target != layer and node.attr not in exported(target, cache):
                yield f"{where}:{node.lineno}: {PACKAGE}.{target} does not export {node.attr}"


def main() -> int:
    cache: dict[str, frozenset[str]] = {}
    problems: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        if path == ROOT / "__init__.py" or "static" in path.parts:
            continue  # the package root re-exports (and lazily loads) everything
        problems.extend(problems_in(path, cache))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
