"""Spider conventions: file name = spider name, one platform base per spider, attributes only, all listed."""
from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import scrapy

import harvester.platforms
import harvester.spiders

ROOT = Path(__file__).resolve().parents[1]
SPIDERS_DIR = Path(harvester.spiders.__file__).parent
SPIDER_FILES = sorted(p for p in SPIDERS_DIR.glob("*.py") if p.name != "__init__.py")
# Statements a site spider's class body may hold: its docstring and attribute assignments.
ATTRIBUTE_STATEMENTS = (ast.Assign, ast.AnnAssign, ast.Pass)


def platform_bases() -> list[type]:
    """Every spider class defined in a harvester.platforms module (discovered, not listed here)."""
    bases = []
    for info in pkgutil.iter_modules(harvester.platforms.__path__):
        module = importlib.import_module(f"harvester.platforms.{info.name}")
        bases += [obj for obj in vars(module).values()
                  if inspect.isclass(obj) and issubclass(obj, scrapy.Spider) and obj.__module__ == module.__name__]
    return bases


def spider_classes(module: ModuleType) -> list[type]:
    """The spider classes a spider module defines itself (imported bases excluded)."""
    return [obj for obj in vars(module).values()
            if inspect.isclass(obj) and issubclass(obj, scrapy.Spider) and obj.__module__ == module.__name__]


def source_problems(path: Path) -> list[str]:
    """What keeps a spider file from being declarative: a docstring, imports and one class setting attributes."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    problems = []
    if not ast.get_docstring(tree):
        problems.append(f"{path.name}: no module docstring saying which site (or platform) it harvests")
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    if len(classes) != 1:
        problems.append(f"{path.name}: {len(classes)} classes; one spider class per file")
    for node in tree.body:
        if not isinstance(node, (ast.Import, ast.ImportFrom, ast.ClassDef, ast.Expr)):
            problems.append(f"{path.name}:{node.lineno}: module-level {type(node).__name__}; only imports, one class")
    for cls in classes:
        for i, node in enumerate(cls.body):
            docstring = i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            if not (docstring or isinstance(node, ATTRIBUTE_STATEMENTS)):
                kind = "method" if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else type(node).__name__
                problems.append(f"{path.name}:{node.lineno}: {cls.name} defines a {kind}; a site spider only sets "
                                f"attributes (put logic in its platform base spider)")
            elif any(isinstance(sub, ast.Lambda) for sub in ast.walk(node)):
                problems.append(f"{path.name}:{node.lineno}: {cls.name} sets a lambda; attributes are data")
    return problems


def class_problems(module: ModuleType, stem: str, bases: list[type]) -> list[str]:
    """What is wrong with the spider class an imported spider module defines."""
    classes = spider_classes(module)
    if len(classes) != 1:
        return [f"{stem}.py defines {len(classes)} spider classes; one per file"]
    cls = classes[0]
    problems = []
    if getattr(cls, "name", None) != stem:
        problems.append(f"{stem}.py: {cls.__name__}.name is {getattr(cls, 'name', None)!r}; file name = spider name")
    if cls in bases or not any(issubclass(cls, base) for base in bases):
        problems.append(f"{stem}.py: {cls.__name__} subclasses none of the platform base spiders "
                        f"({', '.join(b.__name__ for b in bases)})")
    return problems


def load_spider_file(path: Path) -> ModuleType:
    """Import a spider file from anywhere (e.g. one `scrapy addsite --spiders-dir` wrote) as a module."""
    spec = importlib.util.spec_from_file_location(f"spider_under_test_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_platform_bases_are_discovered():
    names = {base.__name__ for base in platform_bases()}
    assert {"WordPressSpider", "BloggerSpider"} <= names


@pytest.mark.parametrize("path", SPIDER_FILES, ids=[p.stem for p in SPIDER_FILES])
def test_spider_module_conventions(path):
    module = importlib.import_module(f"harvester.spiders.{path.stem}")
    assert class_problems(module, path.stem, platform_bases()) == []


@pytest.mark.parametrize("path", SPIDER_FILES, ids=[p.stem for p in SPIDER_FILES])
def test_spider_source_is_declarative(path):
    assert source_problems(path) == []


def test_source_check_catches_methods(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('"""x"""\nfrom harvester.platforms.wordpress import WordPressSpider\n\n\n'
                   'class Bad(WordPressSpider):\n    name = "bad"\n\n    def parse(self, response):\n        pass\n')
    assert any("defines a method" in p for p in source_problems(bad))


def test_scrapy_list_lists_every_spider():
    run = subprocess.run([str(Path(sys.executable).with_name("scrapy")), "list"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert sorted(run.stdout.split()) == sorted(p.stem for p in SPIDER_FILES)
