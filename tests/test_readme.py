"""README opens with exactly two commands; CI runs the second; the first (the demo) works."""
import json
import re
import shlex
from pathlib import Path

from normalise.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = text.split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", head, flags=re.S)


def test_readme_opens_with_exactly_two_commands():
    cmds = _commands()
    assert len(cmds) == 2 and all("\n" not in c for c in cmds)
    assert "pytest -rs" in cmds[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()


def test_demo_command_imports_samples_into_output(tmp_path):
    demo = _commands()[0].split("&&")[-1].strip()
    argv = shlex.split(demo)
    assert argv[0].endswith("normalise") and argv[1] == "import"
    out_index = argv.index("-o") + 1
    assert argv[out_index].startswith("output/")
    target = tmp_path / "demo.jsonl"
    argv[out_index] = str(target)
    inputs = [str(ROOT / a) for a in argv[2:out_index - 1]]
    assert main(["import", *inputs, *argv[out_index - 1:out_index], str(target), "-q"]) == 0
    posts = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(posts) >= 10
    assert any(p["duplicate_of"] for p in posts), "the sample cross-post should be linked"
    assert any(p["comments_removed"] for p in posts), "the sample comment posted twice should be removed"
    assert any(r["replies"] for p in posts for c in p["comments"] for r in c["replies"]), "threads 3 deep"
    assert main(["validate", str(target)]) == 0
