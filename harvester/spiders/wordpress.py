"""The `wordpress` spider: any WordPress blog given on the command line (-a url=… [-a mode=auto|rest|html])."""
from harvester.platforms.wordpress import WordPressSpider


class WordPressBlogSpider(WordPressSpider):
    """scrapy crawl wordpress -a url=https://blog.example.org/ -O archive.jsonl"""

    name = "wordpress"
