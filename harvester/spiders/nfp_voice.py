"""nfpVoice (nfpvoice.blogspot.com): a UK charity-sector commentary blog on Blogger, British dates."""
from harvester.platforms.blogger import BloggerSpider


class NfpVoiceSpider(BloggerSpider):
    name = "nfp_voice"
    start_url = "https://nfpvoice.blogspot.com/"
    site_timezone = "Europe/London"
    site_languages = ("en",)
    site_date_order = "DMY"
