"""Loopback mock sites for crawl tests: their own invented content, served on 127.0.0.1."""
