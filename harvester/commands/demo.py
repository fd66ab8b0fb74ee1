"""`scrapy demo`: serve the sample sites on 127.0.0.1, harvest each with `scrapy crawl blog`, import the sample exports.

Writes OUTPUT_DIR/demo-<site>.jsonl per sample site (through `scrapy crawl blog -a url=… -O`, the same code path
as any crawl) and OUTPUT_DIR/demo-exports.jsonl (samples/*.xml through `normalise import`), then prints a summary:
per site the platform detected, posts, pages, comments and replies. `-s OUTPUT_DIR=DIR` writes them elsewhere;
other -s settings are passed on to the crawls.
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
        return "Harvest the bundled sample sites on loopback and import the sample exports into OUTPUT_DIR"

    def long_desc(self) -> str:
        return ("Serve each site in samples/sites/ on 127.0.0.1, harvest it with the auto-detecting spider (scrapy "
                "crawl blog -a url=… -O OUTPUT_DIR/demo-<site>.jsonl), import samples/*.xml into "
                "OUTPUT_DIR/demo-exports.jsonl and print per site the platform detected and the posts, pages, "
                "comments and replies each file holds. -s settings are passed on to the crawls.")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("scrapy demo takes no arguments")
        self.exitcode = run(output_dir(self.settings), overrides=opts.set or [])
