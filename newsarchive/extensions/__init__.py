"""Scrapy extensions of newsarchive (enabled through `EXTENSIONS` in settings)."""
