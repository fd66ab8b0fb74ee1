"""NCVO's blog (blogs.ncvo.org.uk): a WordPress blog on a Twenty Ten-style theme, British dates."""
from harvester.platforms.wordpress import WordPressSpider


class NcvoBlogsSpider(WordPressSpider):
    name = "ncvo_blogs"
    start_url = "https://blogs.ncvo.org.uk/"
    allowed_domains = ["blogs.ncvo.org.uk"]
    site_name = "NCVO blogs"
    site_timezone = "Europe/London"
    site_languages = ("en",)
    site_date_order = "DMY"
