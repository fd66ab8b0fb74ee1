"""Extraction scorecard: ours, trafilatura and htmldate scored on ../shared/fixtures against its gold labels.

usage: python bench/eval.py [--family F] [--pages GLOB] [--json OUT] [--tools ours,trafilatura,htmldate]
                            [--repeats N] [--misses]

Prints one table: rows = the gold fields (title, published day, authors, body snippets present,
boilerplate snippets absent, comment count, comment author F1, reply parent, top level), columns =
ours / trafilatura / htmldate per family and overall ('-' where a tool does not produce a field), then
CPU ms per page (median, mean) of each tool and of lxml parsing alone, measured in the same run.
Scores use the reference scorer's own functions (../shared/tools/score.py), so our column equals what
`score.py --extract "scrapy extract"` prints. How each comparator is mapped onto the gold fields, and
why some of its cells are dashes: bench/eval/tools.py. The comparators are not dependencies of the
project: `pip install -e '.[bench]'` installs the versions measured; without them our column still prints.
The code lives in the package bench/eval/ (scoring, tools, runner, table, cli); this file is its entry point.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.eval.cli import main  # noqa: E402  (the package bench/eval/, found before this file)

if __name__ == "__main__":
    sys.exit(main())
