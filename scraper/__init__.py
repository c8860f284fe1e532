"""Crawling (spiders, settings, the archive pipeline) and the pure extraction rules (parsers)."""
