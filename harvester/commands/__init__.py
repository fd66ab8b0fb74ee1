"""Project commands for scrapy: extract (preview a saved page), demo (crawl the samples), addsite (new spider)."""
