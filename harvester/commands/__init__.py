"""Project commands for scrapy: extract (preview one saved page)."""
