"""The Scrapy project that harvests blogs into raw records (see normalise.raw for the contract)."""
