"""The `blogger` spider: any Blogger blog given on the command line (-a url=… [-a mode=auto|feed|html])."""
from harvester.platforms.blogger import BloggerSpider


class BloggerBlogSpider(BloggerSpider):
    """scrapy crawl blogger -a url=https://example.blogspot.com/ -O archive.jsonl"""

    name = "blogger"
