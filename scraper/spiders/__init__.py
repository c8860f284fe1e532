"""One spider per site, plus `feed` for any site with an RSS/Atom feed or a sitemap.

Spiders only discover (see base.py); the archive pipeline stores and parses.
"""
