"""`scrapy demo`: serve the bundled sample blogs on 127.0.0.1, crawl them with the real spiders, import the exports.

Writes OUTPUT_DIR/demo-<site>.jsonl per sample site (through `scrapy crawl … -O`, the same code path as any
crawl) and OUTPUT_DIR/demo-exports.jsonl (samples/*.xml through `normalise import`), then prints what they
hold. `-s OUTPUT_DIR=DIR` writes them elsewhere; other -s settings are passed on to the crawls.
"""
from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from ..demo.run import run
from ..feeds import output_dir


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[-s OUTPUT_DIR=DIR]"

    def short_desc(self) -> str:
        return "Crawl the bundled sample blogs on loopback and import the sample exports into OUTPUT_DIR"

    def long_desc(self) -> str:
        return ("Serve each site in samples/sites/ on 127.0.0.1, crawl it with its spider (scrapy crawl … -O "
                "OUTPUT_DIR/demo-<site>.jsonl), import samples/*.xml into OUTPUT_DIR/demo-exports.jsonl and print "
                "the posts and comments each file holds. -s settings are passed on to the crawls.")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("scrapy demo takes no arguments")
        self.exitcode = run(output_dir(self.settings), overrides=opts.set or [])
