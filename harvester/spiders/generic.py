"""The `generic` spider: a blog or news section on any other CMS given on the command line (-a url=…)."""
from harvester.platforms.generic import GenericSpider


class GenericBlogSpider(GenericSpider):
    """scrapy crawl generic -a url=https://org.example/blog/ -O archive.jsonl"""

    name = "generic"
