"""Scrapy commands of this project (COMMANDS_MODULE): `crawl`, with up-front checks."""
