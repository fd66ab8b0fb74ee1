"""Package-wide conventions: normalise never imports Scrapy; every module says what it is for."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(p for pkg in ("normalise", "harvester") for p in (ROOT / pkg).rglob("*.py"))


def test_normalise_never_imports_scrapy():
    code = ("import pkgutil, importlib, sys, normalise\n"
            "for m in pkgutil.walk_packages(normalise.__path__, 'normalise.'):\n"
            "    if m.name != 'normalise.__main__': importlib.import_module(m.name)\n"
            "print(sorted(k for k in sys.modules if k.split('.')[0] in ('scrapy', 'twisted')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_has_one_line_docstring(path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc, f"{path} has no module docstring"
    assert len(doc.splitlines()[0]) <= 120


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_is_short(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, f"{path} is a god module: split it"


def test_scrapy_project_loads():
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
