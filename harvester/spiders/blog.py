"""The `blog` spider: any blog given on the command line (-a url=… [-a mode=…] [-a platform=…]); the start page
tells its platform (WordPress, Blogger or another CMS) and that platform's spider continues the crawl."""
from harvester.platforms.detect_spider import AutoBlogSpider


class BlogSpider(AutoBlogSpider):
    """scrapy crawl blog -a url=https://blog.example.org/ -O archive.jsonl"""

    name = "blog"
