"""Platform and site spiders; one file per spider, file name = spider name."""
