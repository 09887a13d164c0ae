"""newsarchive: a crawler and SQLite archive for online news and analysis sites."""

__version__ = "0.1.0"
