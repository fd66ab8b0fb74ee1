"""Turn raw blog records into the published, documented post schema (never imports Scrapy)."""
__version__ = "0.1.0"
