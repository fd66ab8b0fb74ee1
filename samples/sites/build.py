"""Render the demo sites: each samples/sites/<site>/content.json -> static pages in samples/sites/<site>/public/.

    python samples/sites/build.py            # (re)write every site's public/ folder and routes.json
    python samples/sites/build.py --check    # exit 1 when a committed file differs from what this script renders

Run it after editing a content description and commit both. The pages hold absolute URLs under the
site's 'home' (as the platform writes them); `scrapy demo` serves public/ on 127.0.0.1 and rewrites that
origin to the address it listens on. URLs whose query string chooses the page (Blogger's feeds, Drupal's
?page=N) are mapped to files by routes.json. A site family is one renderer in families/ (RENDERERS), keyed by
content.json's 'platform'.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROUTES = "routes.json"


def _families():
    """The families/ package, loaded under a private name (this script runs from any folder, and is imported by
    the tests by path)."""
    name = "samples_sites_families"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "families" / "__init__.py",
                                                      submodule_search_locations=[str(HERE / "families")])
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def site_folders() -> list[Path]:
    return sorted(p.parent for p in HERE.glob("*/content.json"))


def render(folder: Path) -> dict[str, bytes]:
    """Relative path under the site folder ('public/…', 'routes.json') -> bytes, for folder/content.json."""
    site = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    renderer = _families().RENDERERS[site["platform"]](site)
    files = {f"public/{path}": data for path, data in renderer.render().items()}
    routes = renderer.routes() if hasattr(renderer, "routes") else []
    if routes:
        files[ROUTES] = (json.dumps(routes, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def committed(folder: Path) -> dict[str, bytes]:
    """The files of the site folder that render() writes, as committed."""
    public = folder / "public"
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(public.rglob("*")) if p.is_file()}
    if (folder / ROUTES).is_file():
        files[ROUTES] = (folder / ROUTES).read_bytes()
    return files


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for folder in site_folders():
        files = render(folder)
        if check:
            if committed(folder) != files:
                stale.append(folder.name)
            continue
        for old in committed(folder):
            if old not in files:
                (folder / old).unlink()
        for rel, data in files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        print(f"{folder.name}: {len(files)} files in {folder.relative_to(HERE.parent.parent)}")
    if stale:
        print(f"out of date (run python samples/sites/build.py): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
