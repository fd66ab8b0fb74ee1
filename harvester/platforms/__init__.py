"""Platform base spiders: all crawl logic for one blogging platform, configured by site spiders' attributes."""
